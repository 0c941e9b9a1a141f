// A C program that loads the c-shared Go library of ../golib at run time, as plugins and
// language bindings do. `prog LIB keep` makes its C code keep a Go pointer.
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  void (*keep)(void) = (void (*)(void))dlsym(lib, "KeepGoPointer");
  int (*use)(void) = (int (*)(void))dlsym(lib, "UseGoPointer");
  if (argc > 2 && strcmp(argv[2], "keep") == 0)
    keep();
  printf("use: %d\n", use());
  printf("done\n");
  return 0;
}

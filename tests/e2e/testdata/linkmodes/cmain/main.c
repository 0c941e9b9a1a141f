// A C program using the Go library of ../golib, linked with it (c-archive or c-shared).
// `prog keep` makes the Go library's C code keep a Go pointer; `prog` alone is clean.
#include <stdio.h>
#include <string.h>

#include "libgo.h"

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "keep") == 0)
    KeepGoPointer();
  printf("use: %d\n", (int)UseGoPointer());
  printf("done\n");
  return 0;
}

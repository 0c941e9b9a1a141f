// Every block that holds a Go pointer goes back to the allocator before the call returns.
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "free.h"

// Sized delete is declared by <new> only with -fsized-deallocation (clang 19 turns it on by
// default); libstdc++ defines it either way.
void operator delete(void *, std::size_t) noexcept;

namespace {
struct Holder {
  char *p;
  int n;
};
struct alignas(64) Aligned {
  char *p;
};
// Kept in a global so that the stores below are not optimized away with the blocks.
Holder *volatile last_holder;
} // namespace

extern "C" int use_and_free(char *p, int n) {
  Holder *h = new Holder{p, n};
  last_holder = h;
  int r = h->n;
  delete h;
  last_holder = nullptr;

  Holder *arr = new Holder[4];
  for (int i = 0; i < 4; i++)
    arr[i].p = p + i;
  delete[] arr;

  ::operator delete (new Holder{p, n}, sizeof(Holder));

  Aligned *a = new Aligned{p};
  delete a;

  std::vector<char *> ptrs;
  for (int i = 0; i < 32; i++)
    ptrs.push_back(p + i); // grows: every old buffer is given back
  r = (int)(ptrs[n / 2] - p) * 0 + r;

  std::allocator<char *> alloc;
  char **block = alloc.allocate(8);
  block[0] = p;
  alloc.deallocate(block, 8);

  char **aa = static_cast<char **>(aligned_alloc(64, 64));
  aa[0] = p;
  free(aa);

  void *pm = nullptr;
  if (posix_memalign(&pm, 32, 64) == 0) {
    static_cast<char **>(pm)[0] = p;
    free(pm);
  }

  char **grown = static_cast<char **>(malloc(sizeof(char *)));
  grown[0] = p;
  grown = static_cast<char **>(realloc(grown, 4096 * sizeof(char *)));
  grown[1] = p;
  grown = static_cast<char **>(reallocarray(grown, 8192, sizeof(char *)));
  free(grown);
  return r;
}

// A local vector of Go pointers (the string's bytes and a lent buffer), used only during the call.
extern "C" int count_strings(_GoString_ s, const char *q) {
  std::vector<const char *> v;
  v.push_back(s.p);
  v.push_back(q);
  int c = 0;
  for (const char *x : v)
    c += x != nullptr;
  return c;
}

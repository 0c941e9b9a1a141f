// The twin of clean_cxx_freed: the blocks holding the Go pointers are not given back.
#include <vector>

#include "keep.h"

namespace {
struct Holder {
  char *p;
};
Holder *holder;
std::vector<char *> *kept;
} // namespace

extern "C" void keep_in_new(char *p) {
  holder = new Holder;
  holder->p = p; // want retained-go-pointer
}

extern "C" void keep_in_vector(char *p) {
  kept = new std::vector<char *>(4);
  (*kept)[0] = p; // want retained-go-pointer
}

// A C++ file of a cgo package: compiled with CXX=cgosan-c++, instrumented like C.
#include <vector>

#include "keep.h"

namespace {
struct Registry {
  std::vector<int> sizes;
  int *last = nullptr;
};
Registry registry;
} // namespace

extern "C" void cxx_keep(int *p) {
  registry.sizes.push_back(*p);
  registry.last = p; // want retained-go-pointer
}

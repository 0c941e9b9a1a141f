// Two user lines reach the same push_back: each is its own report, at its own line.
#include <vector>

#include "keep.h"

namespace {
std::vector<const char *> seen;
} // namespace

extern "C" void remember(const char *p) {
  seen.push_back(p); // want retained-go-pointer
}

extern "C" void remember_twice(const char *p) {
  seen.reserve(seen.size() + 2);
  seen.push_back(p); // want retained-go-pointer
}

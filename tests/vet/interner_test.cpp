// The interner's tables (vet/abstract_values.h): what LocAt, NameAt and the others return stays
// where it is while more is interned, as the analysis relies on (a summary's substitution holds a
// place while interning the places it reaches; go-sqlite3's rtree code crashed cgosan vet when
// the tables were vectors).
#include "abstract_values.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using cgosan::vet::Interner;
using cgosan::vet::Loc;

TEST(Interner, ReferencesStayValidWhileMoreIsInterned) {
  Interner in;
  Loc first;
  first.root = Loc::Global;
  first.global = 1;
  first.path = ".first";
  uint32_t id = in.LocId(first);
  const Loc *held = &in.LocAt(id);
  uint32_t name = in.Name("first");
  const std::string *held_name = &in.NameAt(name);
  for (int i = 0; i < 100000; i++) {
    Loc l;
    l.root = Loc::Global;
    l.global = 1;
    l.path = "[" + std::to_string(i) + "]";
    in.LocId(l);
    in.Name("n" + std::to_string(i));
  }
  EXPECT_EQ(held, &in.LocAt(id));
  EXPECT_EQ(held->path, ".first");
  EXPECT_EQ(held_name, &in.NameAt(name));
  EXPECT_EQ(*held_name, "first");
}

} // namespace

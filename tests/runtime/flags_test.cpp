// CGOSAN_OPTIONS and CGOSAN parsing (runtime/flags.cpp).
#include "flags.h"

#include <gtest/gtest.h>

#include <string>

using namespace cgosan;

namespace {
struct Parsed {
  Flags f;
  bool ok;
  std::string err;
  char storage[256];
};

void Parse(const char *opts, Parsed *p) {
  SetDefaultFlags(&p->f);
  char err[256] = "";
  p->ok = ParseFlags(opts, &p->f, p->storage, sizeof(p->storage), err, sizeof(err));
  p->err = err;
}
} // namespace

TEST(Flags, Defaults) {
  Flags f;
  SetDefaultFlags(&f);
  EXPECT_TRUE(f.halt_on_error);
  EXPECT_EQ(f.exitcode, 66);
  EXPECT_STREQ(f.log_path, "");
}

TEST(Flags, ParsesColonSeparatedPairs) {
  Parsed p;
  Parse("halt_on_error=0:exitcode=3:log_path=/tmp/x", &p);
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_FALSE(p.f.halt_on_error);
  EXPECT_EQ(p.f.exitcode, 3);
  EXPECT_STREQ(p.f.log_path, "/tmp/x");
}

TEST(Flags, AcceptsSpacesAndBoolWords) {
  Parsed p;
  Parse(" halt_on_error=false exitcode=7 ", &p);
  ASSERT_TRUE(p.ok) << p.err;
  EXPECT_FALSE(p.f.halt_on_error);
  EXPECT_EQ(p.f.exitcode, 7);
}

TEST(Flags, RefusesUnknownKeyNamingIt) {
  Parsed p;
  Parse("exitcode=3:halt_on_eror=1", &p);
  EXPECT_FALSE(p.ok);
  EXPECT_NE(p.err.find("unknown option 'halt_on_eror'"), std::string::npos) << p.err;
}

TEST(Flags, RefusesBadValueNamingKeyAndValue) {
  Parsed p;
  Parse("halt_on_error=maybe", &p);
  EXPECT_FALSE(p.ok);
  EXPECT_NE(p.err.find("'maybe'"), std::string::npos) << p.err;
  EXPECT_NE(p.err.find("'halt_on_error'"), std::string::npos) << p.err;
  Parse("exitcode=12x", &p);
  EXPECT_FALSE(p.ok);
  EXPECT_NE(p.err.find("'exitcode'"), std::string::npos) << p.err;
}

TEST(Flags, RefusesKeyWithoutValue) {
  Parsed p;
  Parse("halt_on_error", &p);
  EXPECT_FALSE(p.ok);
  EXPECT_NE(p.err.find("'halt_on_error' has no value"), std::string::npos) << p.err;
}

TEST(Flags, EmptyAndNullAreDefaults) {
  Parsed p;
  Parse("", &p);
  EXPECT_TRUE(p.ok);
  Parse(nullptr, &p);
  EXPECT_TRUE(p.ok);
  EXPECT_EQ(p.f.exitcode, 66);
}

TEST(Level, ParsesZeroOneTwoAndRefusesTheRest) {
  EXPECT_EQ(ParseLevel(nullptr), 1);
  EXPECT_EQ(ParseLevel(""), 1);
  EXPECT_EQ(ParseLevel("0"), 0);
  EXPECT_EQ(ParseLevel("1"), 1);
  EXPECT_EQ(ParseLevel("2"), 2);
  EXPECT_EQ(ParseLevel("3"), -1);
  EXPECT_EQ(ParseLevel("on"), -1);
  EXPECT_EQ(ParseLevel("10"), -1);
}

TEST(Flags, FormatIsOneOfThree) {
  for (const char *v : {"text", "json", "sarif"}) {
    Parsed p;
    Parse((std::string("format=") + v + ":log_path=/tmp/r").c_str(), &p);
    ASSERT_TRUE(p.ok) << p.err;
    EXPECT_STREQ(p.f.format, v);
  }
  Parsed p;
  Parse("format=xml", &p);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.err, "bad value 'xml' for option 'format' (text, json or sarif expected)");
  Flags f;
  SetDefaultFlags(&f);
  EXPECT_STREQ(f.format, "text");
  EXPECT_TRUE(f.summary);
  EXPECT_STREQ(f.suppressions, "");
}

// An exit status outside 1..255 would wrap (256 exits 0: a green run) or mean success.
TEST(Flags, ExitcodeIsAnExitStatus) {
  Parsed p;
  for (const char *bad : {"exitcode=256", "exitcode=0", "exitcode=-1", "exitcode=1000"}) {
    Parse(bad, &p);
    EXPECT_FALSE(p.ok) << bad;
    EXPECT_NE(p.err.find("an exit status from 1 to 255 expected"), std::string::npos) << p.err;
  }
  Parse("exitcode=255", &p);
  EXPECT_TRUE(p.ok) << p.err;
  EXPECT_EQ(p.f.exitcode, 255);
  Parse("exitcode=1", &p);
  EXPECT_TRUE(p.ok) << p.err;
}

// Suppression files and pattern matching (runtime/suppressions.cpp).
#include "suppressions.h"

#include <gtest/gtest.h>

#include <stdio.h>
#include <string>

using namespace cgosan;

TEST(Suppressions, PatternsMatchAnywhereUnlessAnchored) {
  EXPECT_TRUE(PatternMatches("keep", "keep"));
  EXPECT_TRUE(PatternMatches("keep", "do_keep_it"));
  EXPECT_FALSE(PatternMatches("^keep", "do_keep"));
  EXPECT_TRUE(PatternMatches("^keep", "keeper"));
  EXPECT_FALSE(PatternMatches("keep$", "keeper"));
  EXPECT_TRUE(PatternMatches("^C.poke$", "C.poke"));
  EXPECT_FALSE(PatternMatches("^C.poke$", "C.poker"));
  EXPECT_TRUE(PatternMatches("third_party/*/x.c", "/src/third_party/zlib/x.c"));
  EXPECT_FALSE(PatternMatches("third_party/*/x.c", "/src/third_party/zlib/y.c"));
  EXPECT_TRUE(PatternMatches("a*b*c", "xxaYYbZZcxx"));
  EXPECT_FALSE(PatternMatches("a*b*c", "xxaYYcZZb"));
  EXPECT_FALSE(PatternMatches("keep", ""));
  EXPECT_FALSE(PatternMatches("keep", nullptr));
}

static std::string WriteTemp(const char *text) {
  char path[] = "/tmp/cgosan-supp-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

TEST(Suppressions, LoadsRulesAndPatternsAndMatchesPerRule) {
  std::string p =
      WriteTemp("# comment\n\n  retained-go-pointer : ^keep$  # trailing\n*:vendor.c\n");
  char err[256] = "";
  ASSERT_TRUE(LoadSuppressions(p.c_str(), err, sizeof(err))) << err;
  const char *keep[] = {"keep", "main.go"};
  const char *other[] = {"keeper", "main.go"};
  const char *vendored[] = {"f", "/x/vendor.c"};
  EXPECT_TRUE(IsSuppressed("retained-go-pointer", keep, 2));
  EXPECT_FALSE(IsSuppressed("use-after-return", keep, 2));
  EXPECT_FALSE(IsSuppressed("retained-go-pointer", other, 2));
  EXPECT_TRUE(IsSuppressed("use-after-return", vendored, 2));
  remove(p.c_str());
}

TEST(Suppressions, BadLinesAreRefusedWithTheirNumber) {
  struct {
    const char *text, *want;
  } cases[] = {
      {"retained-go-pointer:x\nbogus\n", "line 2: expected rule:pattern, got 'bogus'"},
      {"nosuchrule:x\n", "line 1: unknown rule 'nosuchrule'"},
      {"\n\nuse-after-return:\n", "line 3: empty pattern"},
  };
  for (auto &c : cases) {
    std::string p = WriteTemp(c.text);
    char err[256] = "";
    EXPECT_FALSE(LoadSuppressions(p.c_str(), err, sizeof(err)));
    EXPECT_NE(std::string(err).find(c.want), std::string::npos) << err;
    remove(p.c_str());
  }
  char err[256] = "";
  EXPECT_FALSE(LoadSuppressions("/nonexistent/s.txt", err, sizeof(err)));
  EXPECT_NE(std::string(err).find("cannot open"), std::string::npos) << err;
}

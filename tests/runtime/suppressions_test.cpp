// Suppression files and pattern matching (runtime/suppressions.cpp).
#include "suppressions.h"

#include <gtest/gtest.h>

#include <stdio.h>
#include <string>
#include <unistd.h>

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

// What an editor or a wrong path may hand cgosan is refused with a message, not taken silently.
TEST(Suppressions, FilesThatAreNotPlainTextAreRefused) {
  std::string longpattern = "retained-go-pointer:" + std::string(1100, 'x') + "\n";
  std::string nul = std::string("retained-go-pointer:keep\n") + '\0' + "use-after-return:poke\n";
  struct {
    std::string text;
    const char *want;
  } cases[] = {
      {"\xEF\xBB\xBFretained-go-pointer:keep\n", "starts with a UTF-8 byte order mark"},
      {nul, "line 2: contains a NUL byte"},
      {longpattern, "line 1: pattern longer than 1020 bytes"},
  };
  for (auto &c : cases) {
    char path[] = "/tmp/cgosan-supp-XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, c.text.data(), c.text.size()), (ssize_t)c.text.size());
    close(fd);
    char err[256] = "";
    EXPECT_FALSE(LoadSuppressions(path, err, sizeof(err)));
    EXPECT_NE(std::string(err).find(c.want), std::string::npos) << err;
    remove(path);
  }
  char err[256] = "";
  EXPECT_FALSE(LoadSuppressions("/tmp", err, sizeof(err)));
  EXPECT_NE(std::string(err).find("is not a regular file (it is a directory)"), std::string::npos)
      << err;
  // The longest pattern accepted still matches.
  char path[] = "/tmp/cgosan-supp-XXXXXX";
  int fd = mkstemp(path);
  std::string ok = "retained-go-pointer:" + std::string(1020, 'y') + "\n";
  ASSERT_EQ(write(fd, ok.data(), ok.size()), (ssize_t)ok.size());
  close(fd);
  ASSERT_TRUE(LoadSuppressions(path, err, sizeof(err))) << err;
  std::string name(1020, 'y');
  const char *names[] = {name.c_str()};
  EXPECT_TRUE(IsSuppressed("retained-go-pointer", names, 1));
  remove(path);
}

// `cgosan report` (src/report_*.cpp): reading and checking JSON-lines reports, merging the
// reports of many processes, the exit status, source-root relative paths, SARIF fingerprints and
// code flows, and the text, Markdown and JSON-lines outputs.
#include "report/command.h"
#include "report/fingerprint.h"
#include "report/input.h"
#include "report/jsonl.h"
#include "report/markdown.h"
#include "report/merge.h"
#include "report/paths.h"
#include "report/rules.h"
#include "report/sarif.h"
#include "report/text.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace cgosan;
using namespace cgosan::report;
namespace fs = std::filesystem;

namespace {

// One report line as the runtime writes it (docs/REPORT-FORMAT.md).
struct Line {
  std::string rule = "retained-go-pointer";
  std::string file = "/src/app/main.go";
  unsigned line = 8;
  std::string function = "keep";
  std::string call = "keep";
  std::string address = "0xc000010000";
  int pid = 100;
  bool suppressed = false;
  bool use = false; // a use-after-return with kept.location at line 8

  std::string str() const {
    Json j = Json::object();
    j["cgosan"] = 1;
    j["rule"] = rule;
    j["level"] = 1;
    j["message"] = "C kept Go pointer " + address + " after C." + call + " returned";
    j["location"] = {{"file", file}, {"line", line}, {"column", 3}, {"function", function}};
    j["stack"] = Json::array({{{"pc", "0x4a0403"},
                               {"function", function},
                               {"file", file},
                               {"line", line},
                               {"column", 3}},
                              {{"pc", "0x4a0500"},
                               {"function", ""},
                               {"file", ""},
                               {"line", 0},
                               {"column", 0},
                               {"module", "/tmp/app"},
                               {"offset", "0x500"}}});
    j["call"] = call;
    j["go_pointer"] = {{"address", address}, {"kind", "heap"}};
    j["lent"] = {{"call", "keep"}, {"argument", 1}};
    Json kept = {{"in", "C global 'saved' (0x5abf78)"}, {"address", "0x5abf78"}};
    kept["location"] = {
        {"file", file}, {"line", use ? 8 : line}, {"column", 8}, {"function", "keep"}};
    j["kept"] = kept;
    j["access"] = use ? Json({{"kind", "write"}, {"address", address}}) : Json(nullptr);
    j["exported_function"] = nullptr;
    if (suppressed)
      j["suppressed"] = true;
    j["pid"] = pid;
    j["thread"] = pid;
    j["program"] = "/tmp/app";
    return j.dump();
  }
};

Line Use(unsigned line, int pid) {
  Line l;
  l.rule = "use-after-return";
  l.line = line;
  l.function = "poke";
  l.call = "poke";
  l.use = true;
  l.pid = pid;
  return l;
}

class TempDir {
public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "cgosan-report-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string &name, const std::string &text) const {
    fs::create_directories(fs::path(path_ / name).parent_path());
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }
  std::string Read(const std::string &name) const {
    std::ifstream in(path_ / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string operator/(const std::string &name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

private:
  fs::path path_;
};

std::vector<Report> MustRead(const std::vector<std::string> &paths) {
  std::vector<Report> reports;
  std::string error;
  EXPECT_TRUE(ReadReports(paths, &reports, &error)) << error;
  return reports;
}

std::string ReadError(const std::vector<std::string> &paths) {
  std::vector<Report> reports;
  std::string error;
  EXPECT_FALSE(ReadReports(paths, &reports, &error));
  return error;
}

// RunReport with its standard error captured.
int RunCmd(const std::vector<std::string> &args, std::string *err = nullptr) {
  testing::internal::CaptureStderr();
  int status = RunReport(args);
  std::string e = testing::internal::GetCapturedStderr();
  if (err)
    *err = e;
  return status;
}

SarifOptions TestSarifOptions() {
  SarifOptions o;
  o.tool_version = "0.1.0";
  o.docs_uri = "https://example.org/cgosan/docs/rules/";
  o.information_uri = "https://example.org/cgosan/README.md";
  return o;
}

Json Sarif(const std::vector<std::string> &lines, const std::string &srcroot = "/src/app") {
  TempDir dir;
  std::string text;
  for (const std::string &l : lines)
    text += l + "\n";
  std::vector<Report> reports = MustRead({dir.Write("cgosan.1", text)});
  return BuildSarif(MergeReports(reports), SourceRoot(srcroot), TestSarifOptions());
}

std::string FingerprintOf(const Json &sarif, size_t result = 0) {
  return sarif["runs"][0]["results"][result]["partialFingerprints"][kFingerprintKey];
}

} // namespace

// --- reading and checking ---------------------------------------------------------------

TEST(ReportInput, ParsesTheDocumentedExample) {
  // docs/REPORT-FORMAT.md's example, on one line.
  std::string line =
      R"({"cgosan":1,"rule":"use-after-return","level":1,"message":"C wrote Go memory at 0x270a2ef14008 after C.keep returned","location":{"file":"/src/app/main.go","line":9,"column":33,"function":"poke"},"stack":[{"pc":"0x4a064f","function":"poke","file":"/src/app/main.go","line":9,"column":33}],"call":"poke","go_pointer":{"address":"0x270a2ef14008","kind":"heap"},"lent":{"call":"keep","argument":1},"kept":{"in":"C global 'saved'","address":"0x5b0018","location":{"file":"/src/app/main.go","line":8,"column":34,"function":"keep"}},"access":{"kind":"write","address":"0x270a2ef14008"},"exported_function":null,"pid":1880,"thread":1880,"program":"/tmp/app"})";
  Report r;
  std::string error;
  ASSERT_TRUE(ParseReport(line, &r, &error)) << error;
  EXPECT_EQ(r.rule, "use-after-return");
  EXPECT_EQ(r.location.file, "/src/app/main.go");
  EXPECT_EQ(r.location.line, 9u);
  EXPECT_EQ(r.location.column, 33u);
  EXPECT_EQ(r.location.function, "poke");
  EXPECT_EQ(r.call, "poke");
  EXPECT_FALSE(r.suppressed);
}

TEST(ReportInput, AcceptsFieldsAddedLaterAndNulls) {
  Report r;
  std::string error;
  EXPECT_TRUE(ParseReport(R"({"cgosan":1,"rule":"returned-go-pointer","message":"m",)"
                          R"("location":{"file":"","line":0,"column":0,"function":"f"},)"
                          R"("call":null,"lent":null,"kept":null,"new_field":[1,2]})",
                          &r, &error))
      << error;
  EXPECT_EQ(r.call, "");
}

TEST(ReportInput, RefusesBadLinesWithTheReason) {
  struct Case {
    const char *line, *want;
  } cases[] = {
      {"{not json", "parse error"},
      {"{\"cgosan\":1}", "missing field 'rule'"},
      {R"({"cgosan":2,"rule":"use-after-return"})", "report format version 2"},
      {R"({"cgosan":1,"rule":"retained-go-pointr","message":"m"})",
       "unknown rule 'retained-go-pointr'"},
      {R"({"cgosan":1,"rule":"use-after-return","message":"m"})", "missing field 'location'"},
      {R"({"cgosan":1,"rule":"use-after-return","message":"m","location":{"file":"f","line":"9","column":1,"function":"f"}})",
       "field 'location.line' must be a non-negative integer"},
      {R"({"cgosan":1,"rule":"use-after-return","message":"m","location":{"file":"f","line":9,"column":1,"function":"f"},"lent":{"argument":1}})",
       "missing field 'lent.call'"},
      {R"({"cgosan":1,"rule":"use-after-return","message":"m","location":{"file":"f","line":9,"column":1,"function":"f"},"call":7})",
       "field 'call' must be a string or null"},
      {R"({"cgosan":1,"rule":"use-after-return","message":"m","location":{"file":"f","line":9,"column":1,"function":"f"},"stack":[{"line":-1}]})",
       "field 'stack[0].line' must be a non-negative integer"},
  };
  for (const Case &c : cases) {
    Report r;
    std::string error;
    EXPECT_FALSE(ParseReport(c.line, &r, &error)) << c.line;
    EXPECT_NE(error.find(c.want), std::string::npos) << c.line << " -> " << error;
  }
}

TEST(ReportInput, SkipsLinesThatAreNotReportsAndNamesBadLines) {
  TempDir dir;
  std::string good = dir.Write("cgosan.100", "==100==cgosan: WARNING: something\n" + Line().str() +
                                                 "\n\nprogram output\n" + Use(9, 100).str() + "\n");
  EXPECT_EQ(MustRead({good}).size(), 2u);
  std::string bad =
      dir.Write("cgosan.101", "==101==cgosan: WARNING\n" + Line().str() + "\n{\"cgosan\":1,\n");
  std::string error = ReadError({good, bad});
  EXPECT_EQ(error.rfind(bad + ":3: not a cgosan report: parse error at line 1, column 13", 0), 0u)
      << error;
  std::string missing = dir / "nothing-here";
  EXPECT_EQ(ReadError({missing}), "cannot read '" + missing + "': No such file or directory");
}

TEST(ReportInput, ReadsReportFilesOfADirectoryAndSkipsOthers) {
  TempDir dir;
  dir.Write("logs/cgosan.100", Line().str() + "\n");
  dir.Write("logs/cgosan.200", Line().str() + "\n" + Use(9, 200).str() + "\n");
  dir.Write("logs/cgosan.200.sarif", "{\n  \"version\": \"2.1.0\",\n  \"runs\": []\n}\n");
  dir.Write("logs/compact.sarif", R"({"version":"2.1.0","runs":[]})"
                                  "\n");
  dir.Write("logs/test-output.txt", "=== RUN TestX\n--- PASS: TestX\n");
  dir.Write("logs/sub/cgosan.300", Line().str() + "\n"); // not read: directories are not walked
  // Named on its own and in the directory: read once.
  std::vector<Report> reports = MustRead({dir / "logs/cgosan.100", dir / "logs"});
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].origin, dir / "logs/cgosan.100" + ":1");
  EXPECT_EQ(reports[2].origin, dir / "logs/cgosan.200" + ":2");
  // A report file in a directory must still be valid throughout.
  dir.Write("logs/cgosan.400", Line().str() + "\n{\"cgosan\":1,\"rule\":\"nope\"}\n");
  EXPECT_EQ(ReadError({dir / "logs"}),
            dir / "logs/cgosan.400" + ":2: not a cgosan report: unknown rule 'nope'");
  // A file named on the command line must be all reports where it has '{' lines.
  EXPECT_NE(ReadError({dir / "logs/compact.sarif"}).find("compact.sarif:1: not a cgosan report"),
            std::string::npos);
}

// --- merging ------------------------------------------------------------------------------

TEST(ReportMerge, SameRuleAndPlaceIsOneFindingCountedAcrossProcesses) {
  TempDir dir;
  Line a; // pid 100
  Line b = a;
  b.pid = 200;
  b.address = "0xc000099000"; // another address: the same finding
  Line c = a;
  c.line = 12; // another line: another finding
  // Two processes writing to one file (format=json to one stream) still count as two.
  Line d = a;
  d.pid = 300;
  dir.Write("cgosan.100", a.str() + "\n" + c.str() + "\n");
  dir.Write("cgosan.200", b.str() + "\n" + Use(9, 200).str() + "\n" + d.str() + "\n");
  std::vector<Finding> f = MergeReports(MustRead({dir.str()}));
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].report.location.line, 8u);
  EXPECT_EQ(f[0].reports, 3u);
  EXPECT_EQ(f[0].processes.size(), 3u);
  EXPECT_EQ(f[0].report.json["pid"], 100); // the first report read represents it
  EXPECT_EQ(f[1].report.location.line, 12u);
  EXPECT_EQ(f[1].reports, 1u);
  EXPECT_EQ(f[2].report.rule, "use-after-return"); // rules in rules.inc's order
  std::vector<RuleTotal> totals = TotalsByRule(f);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].rule, "retained-go-pointer");
  EXPECT_EQ(totals[0].locations, 2u);
  EXPECT_EQ(totals[0].reports, 4u);
  EXPECT_EQ(totals[0].processes, 3u);
  EXPECT_TRUE(AnyUnsuppressed(f));
}

TEST(ReportMerge, SuppressedReportsAreCountedButDoNotCount) {
  TempDir dir;
  Line s;
  s.suppressed = true;
  Line s2 = s;
  s2.pid = 200;
  Line u = s; // the same finding, not suppressed in a third process
  u.suppressed = false;
  u.pid = 300;
  dir.Write("only-suppressed", s.str() + "\n" + s2.str() + "\n");
  std::vector<Finding> f = MergeReports(MustRead({dir / "only-suppressed"}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(f[0].IsSuppressed());
  EXPECT_EQ(f[0].Count(), 2u);
  EXPECT_EQ(f[0].ProcessCount(), 2u);
  EXPECT_FALSE(AnyUnsuppressed(f));
  dir.Write("mixed", s.str() + "\n" + u.str() + "\n");
  f = MergeReports(MustRead({dir / "mixed"}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_FALSE(f[0].IsSuppressed());
  EXPECT_EQ(f[0].reports, 1u);
  EXPECT_EQ(f[0].suppressed, 1u);
  EXPECT_FALSE(f[0].report.suppressed); // represented by the unsuppressed report
  EXPECT_TRUE(AnyUnsuppressed(f));
}

// --- exit status -------------------------------------------------------------------------

TEST(ReportCommand, ExitStatus) {
  TempDir dir;
  Line s;
  s.suppressed = true;
  std::string findings = dir.Write("findings/cgosan.1", Line().str() + "\n");
  std::string suppressed = dir.Write("suppressed/cgosan.1", s.str() + "\n");
  std::string clean = dir.Write("clean/cgosan.1", "==1==cgosan: WARNING: nothing\n");
  fs::create_directories(dir / "empty");
  std::string bad = dir.Write("bad/cgosan.1", "{\"cgosan\":1}\n");
  std::string out = dir / "out";
  EXPECT_EQ(RunCmd({findings, "-o", out}), 1);
  EXPECT_EQ(RunCmd({"--format", "sarif", "-o", out, dir / "findings"}), 1);
  EXPECT_EQ(RunCmd({"--format=json", "-o", out, suppressed}), 0);
  EXPECT_EQ(RunCmd({"--format", "markdown", "-o", out, clean, dir / "empty"}), 0);
  EXPECT_EQ(RunCmd({"-o", out, suppressed, findings}), 1);

  std::string err;
  EXPECT_EQ(RunCmd({"-o", out, findings, bad}, &err), 2);
  EXPECT_EQ(err, "cgosan report: " + bad + ":1: not a cgosan report: missing field 'rule'\n");
  EXPECT_EQ(RunCmd({"-o", out, dir / "no-such-dir"}, &err), 2);
  EXPECT_NE(err.find("cannot read '" + dir / "no-such-dir" + "'"), std::string::npos) << err;
  EXPECT_EQ(RunCmd({"--frmat", "sarif", findings}, &err), 2);
  EXPECT_NE(err.find("unknown option '--frmat'"), std::string::npos) << err;
  EXPECT_EQ(RunCmd({"--format", "xml", findings}, &err), 2);
  EXPECT_NE(err.find("unknown format 'xml'"), std::string::npos) << err;
  EXPECT_EQ(RunCmd({"--format", "sarif"}, &err), 2);
  EXPECT_NE(err.find("no report files or directories given"), std::string::npos) << err;
  EXPECT_EQ(RunCmd({findings, "-o"}, &err), 2);
  EXPECT_NE(err.find("option '-o' needs a value"), std::string::npos) << err;
  EXPECT_EQ(RunCmd({"-o", dir / "no-such-dir/out", findings}, &err), 2);
  EXPECT_NE(err.find("cannot write"), std::string::npos) << err;
}

TEST(ReportCommand, WritesNothingOnAnInputError) {
  TempDir dir;
  std::string bad = dir.Write("cgosan.1", Line().str() + "\n{oops\n");
  EXPECT_EQ(RunCmd({"--format", "sarif", "-o", dir / "out.sarif", bad}), 2);
  EXPECT_FALSE(fs::exists(dir / "out.sarif"));
}

// --- source root --------------------------------------------------------------------------

TEST(ReportPaths, RelativeUnderTheSourceRootOnly) {
  SourceRoot root("/src/app/");
  EXPECT_EQ(root.dir(), "/src/app");
  EXPECT_EQ(root.BaseUri(), "file:///src/app/");
  EXPECT_EQ(root.Relative("/src/app/main.go"), "main.go");
  EXPECT_EQ(root.Relative("/src/app/pkg/../lib/x.c"), "lib/x.c");
  EXPECT_EQ(root.Relative("/src/app2/main.go"), "");
  EXPECT_EQ(root.Relative("/src/app"), "");
  EXPECT_EQ(root.Relative("main.go"), "");
  EXPECT_EQ(root.Relative(""), "");
  EXPECT_EQ(root.Display("/src/app/a/b.c"), "a/b.c");
  EXPECT_EQ(root.Display("/usr/include/stdio.h"), "/usr/include/stdio.h");
  EXPECT_EQ(SourceRoot("/").Relative("/src/x.c"), "src/x.c");
  EXPECT_EQ(SourceRoot("/").BaseUri(), "file:///");
  // Relative to the current directory, as the default "." is.
  std::string cwd = fs::current_path().string();
  EXPECT_EQ(SourceRoot(".").dir(), NormalizePath(cwd));
  EXPECT_EQ(SourceRoot(".").Relative(cwd + "/x/y.go"), "x/y.go");
}

// go build -trimpath: the C compiler writes a module's directory as /_/MODULE_PATH.
TEST(ReportPaths, TrimmedPathsOfKnownModulesMapBackToTheirDirectories) {
  TempDir dir;
  dir.Write("go.mod", "// the app\nmodule example.com/app // trailing\n\ngo 1.22\n");
  dir.Write("tools/go.mod", "module \"example.com/app/tools\"\n");
  dir.Write("go.work", "go 1.22\n\nuse (\n\t.\n\t./tools // nested\n)\nuse ../elsewhere\n");
  SourceRoot root(dir.str());
  EXPECT_EQ(root.Relative("/_/example.com/app/main.go"), "main.go");
  EXPECT_EQ(root.Relative("/_/example.com/app/sub/x.c"), "sub/x.c");
  // The nested module wins over the module containing its path.
  EXPECT_EQ(root.Relative("/_/example.com/app/tools/t.c"), "tools/t.c");
  EXPECT_EQ(root.Display("/_/example.com/app/main.go"), "main.go");
  // Other modules (the module cache: MODULE@VERSION) and prefixes of a module path stay as
  // they are.
  EXPECT_EQ(root.Relative("/_/github.com/x/y@v1.2.3/y.c"), "");
  EXPECT_EQ(root.Display("/_/github.com/x/y@v1.2.3/y.c"), "/_/github.com/x/y@v1.2.3/y.c");
  EXPECT_EQ(root.Relative("/_/example.com/application/main.go"), "");
  // A root below the module's directory: paths are relative to the root.
  SourceRoot sub(dir / "sub");
  EXPECT_EQ(sub.Relative("/_/example.com/app/sub/x.c"), "x.c");
  EXPECT_EQ(sub.Relative("/_/example.com/app/main.go"), "");
}

TEST(ReportPaths, GoModAndGoWorkDirectives) {
  EXPECT_EQ(GoModModulePath("module m\n"), "m");
  EXPECT_EQ(GoModModulePath("  module   `a/b`  \r\n"), "a/b");
  EXPECT_EQ(GoModModulePath("modules x\ngo 1.21\n"), "");
  EXPECT_EQ(GoModModulePath(""), "");
  EXPECT_EQ(GoWorkUseDirs("use ./a\nuse(\n\"./b c\"\n\n)\nuser x\n"),
            (std::vector<std::string>{"./a", "./b c"}));
}

TEST(ReportPaths, UrisAreEncoded) {
  EXPECT_EQ(NormalizePath("/a//b/./c/../d/"), "/a/b/d");
  EXPECT_EQ(NormalizePath("/../a"), "/a");
  EXPECT_EQ(EncodeUriPath("dir with space/a:b#c%d.go"), "dir%20with%20space/a%3Ab%23c%25d.go");
  EXPECT_EQ(FileUri("/home/u/my proj/main.go"), "file:///home/u/my%20proj/main.go");
  EXPECT_EQ(EncodeUriPath("caf\xc3\xa9.c"), "caf%C3%A9.c");
}

TEST(ReportSarif, ArtifactUrisAreRelativeToSrcrootOrAbsolute) {
  Line outside;
  outside.file = "/usr/local/lib/vendor.c";
  outside.function = "vendor_keep";
  Json s = Sarif({Line().str(), outside.str()});
  const Json &run = s["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///src/app/");
  const Json &inside = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(inside["uri"], "main.go");
  EXPECT_EQ(inside["uriBaseId"], "%SRCROOT%");
  const Json &abs = run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(abs["uri"], "file:///usr/local/lib/vendor.c");
  EXPECT_FALSE(abs.contains("uriBaseId"));
  const Json &region = run["results"][0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"], 8);
  EXPECT_EQ(region["startColumn"], 3);
}

// --- SARIF -------------------------------------------------------------------------------

TEST(ReportSarif, FingerprintIgnoresLineAddressProcessAndCheckoutDirectory) {
  Line first;
  Line moved = first;
  moved.line = 40; // code above it changed
  moved.address = "0xc000123400";
  moved.pid = 9999;
  std::string fp = FingerprintOf(Sarif({first.str()}));
  EXPECT_EQ(FingerprintOf(Sarif({moved.str()})), fp);
  // Another machine checks the module out elsewhere: --srcroot follows it.
  Line elsewhere = first;
  elsewhere.file = "/home/runner/work/app/app/main.go";
  EXPECT_EQ(FingerprintOf(Sarif({elsewhere.str()}, "/home/runner/work/app/app")), fp);
  // What identifies a finding does change it.
  Line other_function = first;
  other_function.function = "keep2";
  Line other_call = first;
  other_call.call = "other";
  Line other_file = first;
  other_file.file = "/src/app/other.go";
  Line other_rule = first;
  other_rule.rule = "go-pointer-in-go-memory";
  for (const Line &l : {other_function, other_call, other_file, other_rule})
    EXPECT_NE(FingerprintOf(Sarif({l.str()})), fp) << l.str();
  EXPECT_EQ(fp.substr(fp.size() - 2), ":1");
  EXPECT_EQ(FindingHash("a", "b", "c", "d"), FindingHash("a", "b", "c", "d"));
  EXPECT_NE(FindingHash("ab", "c", "", ""), FindingHash("a", "bc", "", ""));
}

TEST(ReportSarif, SameFunctionTwiceGetsOrdinals) {
  Line a, b;
  b.line = 20;
  Json s = Sarif({b.str(), a.str()});
  std::string fa = FingerprintOf(s, 0), fb = FingerprintOf(s, 1);
  EXPECT_EQ(fa.substr(0, 16), fb.substr(0, 16));
  EXPECT_EQ(fa.substr(16), ":1"); // line 8
  EXPECT_EQ(fb.substr(16), ":2"); // line 20
}

TEST(ReportSarif, ToolRulesAndResults) {
  Line s;
  s.suppressed = true;
  s.line = 30;
  Json sarif = Sarif({Line().str(), Use(9, 100).str(), Use(9, 200).str(), s.str()});
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["$schema"], kSarifSchemaUri);
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const Json &run = sarif["runs"][0];
  const Json &driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "cgosan");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://example.org/cgosan/README.md");
  ASSERT_EQ(driver["rules"].size(), kRuleCount);
  ASSERT_EQ(kRuleCount, 6u); // rules.inc: five errors and long-cgo-call, a warning
  for (size_t i = 0; i < kRuleCount; i++) {
    const Json &rule = driver["rules"][i];
    EXPECT_EQ(rule["id"], kRules[i].id);
    EXPECT_EQ(rule["defaultConfiguration"]["level"],
              std::string(kRules[i].id) == "long-cgo-call" ? "warning" : "error");
    EXPECT_EQ(rule["helpUri"],
              std::string("https://example.org/cgosan/docs/rules/") + kRules[i].id + ".md");
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    EXPECT_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
  }
  // The suppressed finding is no result; the run counts it.
  const Json &results = run["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(run["properties"]["suppressedFindings"], 1);
  EXPECT_EQ(run["properties"]["suppressedReports"], 1);
  for (const Json &r : results) {
    EXPECT_EQ(driver["rules"][r["ruleIndex"].get<int>()]["id"], r["ruleId"]);
    EXPECT_EQ(r["level"], "error");
  }
  const Json &uar = results[1];
  EXPECT_EQ(uar["ruleId"], "use-after-return");
  EXPECT_EQ(uar["occurrenceCount"], 2);
  EXPECT_EQ(uar["properties"]["processes"], 2);
  EXPECT_EQ(uar["message"]["text"], "C kept Go pointer 0xc000010000 after C.poke returned");
  EXPECT_EQ(uar["locations"][0]["logicalLocations"][0]["name"], "poke");
  // lent at -> kept at -> used at.
  const Json &steps = uar["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0]["location"]["message"]["text"], "Go memory lent to C.keep as argument 1");
  EXPECT_FALSE(steps[0]["location"].contains("physicalLocation"));
  EXPECT_EQ(steps[1]["location"]["physicalLocation"]["region"]["startLine"], 8);
  EXPECT_EQ(steps[1]["location"]["message"]["text"],
            "C kept the Go pointer in C global 'saved' (0x5abf78)");
  EXPECT_EQ(steps[2]["location"]["physicalLocation"]["region"]["startLine"], 9);
  EXPECT_EQ(steps[2]["location"]["message"]["text"], "C wrote Go memory here");
  // Retention: the store is where it was kept, so lent at -> stored at.
  const Json &keep = results[0]["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(keep.size(), 2u);
  EXPECT_EQ(keep[1]["location"]["message"]["text"],
            "C stored the Go pointer here, in C global 'saved' (0x5abf78)");
  // The C stack, with the unsymbolized frame named by module and offset.
  const Json &frames = uar["stacks"][0]["frames"];
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0]["location"]["physicalLocation"]["artifactLocation"]["uri"], "main.go");
  EXPECT_EQ(frames[1]["location"]["message"]["text"], "/tmp/app+0x500");
  EXPECT_EQ(frames[1]["module"], "/tmp/app");
}

TEST(ReportSarif, NoFindingsIsAnEmptyRun) {
  Json s = BuildSarif({}, SourceRoot("/src"), TestSarifOptions());
  EXPECT_TRUE(s["runs"][0]["results"].is_array());
  EXPECT_TRUE(s["runs"][0]["results"].empty());
  EXPECT_EQ(s["runs"][0]["tool"]["driver"]["rules"].size(), kRuleCount);
}

// --- text, Markdown, JSON lines -----------------------------------------------------------

TEST(ReportText, OneBlockPerFindingThenTotalsPerRule) {
  TempDir dir;
  Line s;
  s.suppressed = true;
  s.line = 30;
  dir.Write("cgosan.100", Line().str() + "\n" + Use(9, 100).str() + "\n" + s.str() + "\n");
  dir.Write("cgosan.200", Use(9, 200).str() + "\n" + Use(9, 200).str() + "\n");
  std::ostringstream out;
  WriteText(out, MergeReports(MustRead({dir.str()})), SourceRoot("/src/app"));
  EXPECT_EQ(out.str(), "retained-go-pointer main.go:8 in keep (1 time in 1 process)\n"
                       "  C kept Go pointer 0xc000010000 after C.keep returned\n"
                       "use-after-return main.go:9 in poke (3 times in 2 processes)\n"
                       "  C kept Go pointer 0xc000010000 after C.poke returned\n"
                       "\n"
                       "cgosan: summary: retained-go-pointer: 1 location, 1 report in 1 process (1 "
                       "suppressed)\n"
                       "cgosan: summary: use-after-return: 1 location, 3 reports in 2 processes (0 "
                       "suppressed)\n");
  std::ostringstream none;
  WriteText(none, {}, SourceRoot("/src/app"));
  EXPECT_EQ(none.str(), "cgosan: no reports\n");
}

TEST(ReportMarkdown, TablesForACISummary) {
  TempDir dir;
  Line odd;
  odd.file = "/elsewhere/a|b.c";
  odd.function = "f<T>";
  dir.Write("cgosan.1", Line().str() + "\n" + odd.str() + "\n");
  std::vector<Finding> f = MergeReports(MustRead({dir.str()}));
  std::ostringstream out;
  WriteMarkdown(out, f, SourceRoot("/src/app"), "https://example.org/rules/");
  std::string md = out.str();
  EXPECT_EQ(md.substr(0, md.find('\n')), "### cgosan: 2 findings (2 reports)");
  EXPECT_NE(md.find("| [`retained-go-pointer`](https://example.org/rules/retained-go-pointer.md) "
                    "| `main.go:8` | `keep` | 1 | 1 | C kept Go pointer"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| `/elsewhere/a\\|b.c:8` | `f<T>` |"), std::string::npos) << md;
  EXPECT_NE(md.find("| rule | locations | reports | processes | suppressed |"), std::string::npos);
  // No links to file:// pages.
  std::ostringstream local;
  WriteMarkdown(local, f, SourceRoot("/src/app"), "file:///opt/cgosan/docs/rules/");
  EXPECT_EQ(local.str().find("file://"), std::string::npos);
  std::ostringstream none;
  WriteMarkdown(none, {}, SourceRoot("/src/app"), "");
  EXPECT_EQ(none.str(), "### cgosan: no findings\n\n");
}

TEST(ReportJsonLines, OneLinePerFindingWithCounts) {
  TempDir dir;
  dir.Write("cgosan.100", Line().str() + "\n" + Use(9, 100).str() + "\n");
  dir.Write("cgosan.200", Use(9, 200).str() + "\n");
  std::ostringstream out;
  WriteJsonLines(out, MergeReports(MustRead({dir.str()})));
  std::istringstream in(out.str());
  std::string line;
  std::vector<Json> lines;
  while (std::getline(in, line))
    lines.push_back(Json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["rule"], "use-after-return");
  EXPECT_EQ(lines[1]["count"], 2);
  EXPECT_EQ(lines[1]["processes"], 2);
  EXPECT_EQ(lines[0]["count"], 1);
  // Still a valid report line (extra fields are allowed).
  Report r;
  std::string error;
  EXPECT_TRUE(ParseReport(lines[1].dump(), &r, &error)) << error;
}

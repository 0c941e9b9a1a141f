// Building the SARIF 2.1.0 log of `cgosan report` (see sarif.h). Object members are
// written in the order the specification lists them, so the file reads top-down.
#include "report/sarif.h"

#include "report/fingerprint.h"
#include "report/rules.h"

#include <map>

namespace cgosan {
namespace report {

namespace {

constexpr char kSrcRoot[] = "%SRCROOT%";

Json Text(const std::string &text) {
  Json m = Json::object();
  m["text"] = text;
  return m;
}

// "retained-go-pointer" -> "RetainedGoPointer" (reportingDescriptor.name).
std::string PascalCase(const std::string &id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

Json Rules(const SarifOptions &options) {
  Json rules = Json::array();
  for (const RuleInfo &r : kRules) {
    std::string help_uri = options.docs_uri + r.id + ".md";
    Json rule = Json::object();
    rule["id"] = r.id;
    rule["name"] = PascalCase(r.id);
    rule["shortDescription"] = Text(r.short_description);
    rule["fullDescription"] = Text(r.full_description);
    rule["defaultConfiguration"] = {{"level", options.level.empty() ? r.severity : options.level}};
    rule["helpUri"] = help_uri;
    Json help = Text(std::string(r.full_description) + " See " + help_uri + ".");
    help["markdown"] =
        std::string(r.full_description) + " See [" + r.id + ".md](" + help_uri + ").";
    rule["help"] = help;
    rule["properties"] = {
        {"tags", {"cgo", "memory-safety"}}, {"precision", "high"}, {"cgosanLevel", r.level}};
    rules.push_back(rule);
  }
  return rules;
}

class ResultBuilder {
public:
  ResultBuilder(const SourceRoot &root, const std::string &level) : root_(root), level_(level) {}

  Json Result(const Finding &f) {
    const Report &r = f.report;
    const Json &j = r.json;
    Json res = Json::object();
    res["ruleId"] = r.rule;
    res["ruleIndex"] = RuleIndex(r.rule);
    res["level"] = !level_.empty()          ? level_
                   : RuleIndex(r.rule) >= 0 ? kRules[RuleIndex(r.rule)].severity
                                            : "error";
    res["message"] = Text(r.message);
    res["locations"] = Json::array({Location(j["location"], "")});
    // Findings arrive ordered by rule, file and line: the n-th finding of one hash in a file is
    // its n-th occurrence from the top, as code scanning's own line hashes count them.
    std::string hash = FindingHash(r.rule, UriPath(r.location.file), r.location.function, r.call);
    res["partialFingerprints"] = {{kFingerprintKey, hash + ":" + std::to_string(++seen_[hash])}};
    Json flow = CodeFlow(r);
    if (!flow.is_null())
      res["codeFlows"] = Json::array({flow});
    Json stack = Stack(j);
    if (!stack.is_null())
      res["stacks"] = Json::array({stack});
    res["occurrenceCount"] = f.Count();
    res["properties"] = {{"processes", f.ProcessCount()}};
    return res;
  }

private:
  // The file as the SARIF log names it: relative to the source root, else absolute.
  std::string UriPath(const std::string &file) const {
    std::string rel = root_.Relative(file);
    return rel.empty() ? file : rel;
  }

  Json ArtifactLocation(const std::string &file) const {
    Json a = Json::object();
    std::string rel = root_.Relative(file);
    if (!rel.empty()) {
      a["uri"] = EncodeUriPath(rel);
      a["uriBaseId"] = kSrcRoot;
    } else {
      a["uri"] = file[0] == '/' ? FileUri(NormalizePath(file)) : EncodeUriPath(file);
    }
    return a;
  }

  // A SARIF location from file, line, column and function (a report's `location`, a stack
  // frame): a physical location when the file is known, the function as a logical location.
  Json Location(const Json &loc, const std::string &message) const {
    Json out = Json::object();
    std::string file = loc.value("file", "");
    if (!file.empty()) {
      Json phys = Json::object();
      phys["artifactLocation"] = ArtifactLocation(file);
      unsigned line = loc.value("line", 0u), column = loc.value("column", 0u);
      if (line > 0) {
        Json region = {{"startLine", line}};
        if (column > 0)
          region["startColumn"] = column;
        phys["region"] = region;
      }
      out["physicalLocation"] = phys;
    }
    std::string function = loc.value("function", "");
    if (!function.empty())
      out["logicalLocations"] = Json::array({{{"name", function}, {"kind", "function"}}});
    if (!message.empty())
      out["message"] = Text(message);
    return out;
  }

  static std::string StringAt(const Json &obj, const char *key) {
    return obj.is_object() && obj.contains(key) && obj[key].is_string()
               ? obj[key].get<std::string>()
               : "";
  }

  static bool SamePlace(const Json &a, const Json &b) {
    return a.value("file", "") == b.value("file", "") && a.value("line", 0u) == b.value("line", 0u);
  }

  // What happened at the reported statement, for the last step of the code flow.
  static std::string UsedAtText(const Report &r, const std::string &kept_in) {
    std::string access = r.json.contains("access") ? StringAt(r.json["access"], "kind") : "";
    if (access == "write")
      return "C wrote Go memory here";
    if (access == "read")
      return "C read Go memory here";
    if (r.rule == "returned-go-pointer")
      return "C received the Go pointer here";
    return "C stored the Go pointer here" + (kept_in.empty() ? "" : ", in " + kept_in);
  }

  // lent at -> kept at -> used (or stored) at, from the report's `lent`, `kept.location` and
  // `location`; null when the report has neither a lending call nor a separate keeping store.
  Json CodeFlow(const Report &r) const {
    const Json &j = r.json;
    Json steps = Json::array();
    if (j.contains("lent") && j["lent"].is_object()) {
      const Json &lent = j["lent"];
      std::string text = "Go memory lent to C." + lent["call"].get<std::string>();
      if (lent.contains("argument") && lent["argument"].is_number())
        text += " as argument " + lent["argument"].dump();
      steps.push_back({{"location", {{"message", Text(text)}}}});
    }
    std::string kept_in;
    if (j.contains("kept") && j["kept"].is_object()) {
      const Json &kept = j["kept"];
      kept_in = StringAt(kept, "in");
      if (kept.contains("location") && kept["location"].is_object() &&
          !SamePlace(kept["location"], j["location"])) {
        steps.push_back({{"location", Location(kept["location"],
                                               "C kept the Go pointer" +
                                                   (kept_in.empty() ? "" : " in " + kept_in))}});
        kept_in.clear();
      }
    }
    if (steps.empty())
      return nullptr;
    steps.push_back({{"location", Location(j["location"], UsedAtText(r, kept_in))}});
    Json flow = Json::object();
    flow["threadFlows"] = Json::array({{{"locations", steps}}});
    return flow;
  }

  // The report's C stack, innermost frame first.
  Json Stack(const Json &j) const {
    if (!j.contains("stack") || !j["stack"].is_array() || j["stack"].empty())
      return nullptr;
    Json frames = Json::array();
    for (const Json &fr : j["stack"]) {
      std::string where;
      if (StringAt(fr, "file").empty() && StringAt(fr, "function").empty())
        where = StringAt(fr, "module").empty()
                    ? StringAt(fr, "pc")
                    : StringAt(fr, "module") + "+" + StringAt(fr, "offset");
      Json frame = Json::object();
      frame["location"] = Location(fr, where);
      if (!StringAt(fr, "module").empty())
        frame["module"] = StringAt(fr, "module");
      frames.push_back(frame);
    }
    Json stack = Json::object();
    stack["message"] = Text("C stack of the report");
    stack["frames"] = frames;
    return stack;
  }

  const SourceRoot &root_;
  std::string level_;
  std::map<std::string, unsigned> seen_; // findings per hash so far
};

} // namespace

Json BuildSarif(const std::vector<Finding> &findings, const SourceRoot &root,
                const SarifOptions &options) {
  Json driver = Json::object();
  driver["name"] = "cgosan";
  driver["version"] = options.tool_version;
  driver["semanticVersion"] = options.tool_version;
  driver["informationUri"] = options.information_uri;
  driver["rules"] = Rules(options);

  ResultBuilder builder(root, options.level);
  Json results = Json::array();
  size_t suppressed_findings = 0, suppressed_reports = 0;
  for (const Finding &f : findings) {
    suppressed_reports += f.suppressed;
    if (f.IsSuppressed())
      suppressed_findings++;
    else
      results.push_back(builder.Result(f));
  }

  Json run = Json::object();
  run["tool"] = {{"driver", driver}};
  run["originalUriBaseIds"] = {{kSrcRoot, {{"uri", root.BaseUri()}}}};
  run["results"] = results;
  run["properties"] = {{"suppressedFindings", suppressed_findings},
                       {"suppressedReports", suppressed_reports}};

  Json log = Json::object();
  log["$schema"] = kSarifSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({run});
  return log;
}

} // namespace report
} // namespace cgosan

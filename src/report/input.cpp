// Reading and checking JSON-lines reports for `cgosan report` (see input.h). The checks
// follow docs/REPORT-FORMAT.md: required fields must be there with their types, documented
// optional fields must have their types when present, and unknown fields are allowed (the format
// may add fields without changing its version).
#include "report/input.h"

#include "../runtime/cgosan_abi.h"

#include "report/rules.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sys/stat.h>
#include <system_error>

namespace cgosan {
namespace report {

namespace {

constexpr int kFormatVersion = CGOSAN_REPORT_FORMAT_VERSION; // runtime/cgosan_abi.h

enum class Want { String, Count, Integer, Bool, Object, Array };

const char *Describe(Want w) {
  switch (w) {
  case Want::String:
    return "a string";
  case Want::Count:
    return "a non-negative integer";
  case Want::Integer:
    return "an integer";
  case Want::Bool:
    return "true or false";
  case Want::Object:
    return "an object";
  case Want::Array:
    return "an array";
  }
  return "?";
}

bool Is(const Json &v, Want w) {
  switch (w) {
  case Want::String:
    return v.is_string();
  case Want::Count:
    return v.is_number_unsigned();
  case Want::Integer:
    return v.is_number_integer();
  case Want::Bool:
    return v.is_boolean();
  case Want::Object:
    return v.is_object();
  case Want::Array:
    return v.is_array();
  }
  return false;
}

enum class Presence { Required, Optional, Nullable };

// Checks obj[name] (named prefix + name in messages). Returns false with *error set when it is
// missing but required or has the wrong type.
bool CheckField(const Json &obj, const std::string &prefix, const char *name, Want want,
                Presence presence, std::string *error) {
  auto it = obj.find(name);
  if (it == obj.end()) {
    if (presence != Presence::Required)
      return true;
    *error = "missing field '" + prefix + name + "'";
    return false;
  }
  if (it->is_null() && presence == Presence::Nullable)
    return true;
  if (!Is(*it, want)) {
    *error = "field '" + prefix + name + "' must be " + Describe(want) +
             (presence == Presence::Nullable ? " or null" : "");
    return false;
  }
  return true;
}

// A `location` object: file, line, column, function.
bool CheckLocation(const Json &loc, const std::string &prefix, std::string *error) {
  return CheckField(loc, prefix, "file", Want::String, Presence::Required, error) &&
         CheckField(loc, prefix, "line", Want::Count, Presence::Required, error) &&
         CheckField(loc, prefix, "column", Want::Count, Presence::Required, error) &&
         CheckField(loc, prefix, "function", Want::String, Presence::Required, error);
}

bool CheckStack(const Json &stack, std::string *error) {
  for (size_t i = 0; i < stack.size(); i++) {
    const Json &frame = stack[i];
    std::string prefix = "stack[" + std::to_string(i) + "].";
    if (!frame.is_object()) {
      *error = "field 'stack[" + std::to_string(i) + "]' must be an object";
      return false;
    }
    if (!CheckField(frame, prefix, "pc", Want::String, Presence::Optional, error) ||
        !CheckField(frame, prefix, "function", Want::String, Presence::Optional, error) ||
        !CheckField(frame, prefix, "file", Want::String, Presence::Optional, error) ||
        !CheckField(frame, prefix, "line", Want::Count, Presence::Optional, error) ||
        !CheckField(frame, prefix, "column", Want::Count, Presence::Optional, error) ||
        !CheckField(frame, prefix, "module", Want::String, Presence::Optional, error) ||
        !CheckField(frame, prefix, "offset", Want::String, Presence::Optional, error))
      return false;
  }
  return true;
}

// Every documented field: the required ones and the types of the optional ones.
bool CheckReport(const Json &j, std::string *error) {
  if (!CheckField(j, "", "cgosan", Want::Integer, Presence::Required, error))
    return false;
  if (j["cgosan"].get<long long>() != kFormatVersion) {
    *error = "report format version " + j["cgosan"].dump() + " (this cgosan reads version " +
             std::to_string(kFormatVersion) + ")";
    return false;
  }
  if (!CheckField(j, "", "rule", Want::String, Presence::Required, error))
    return false;
  if (RuleIndex(j["rule"].get<std::string>()) < 0) {
    *error = "unknown rule '" + j["rule"].get<std::string>() + "'";
    return false;
  }
  if (!CheckField(j, "", "message", Want::String, Presence::Required, error) ||
      !CheckField(j, "", "location", Want::Object, Presence::Required, error) ||
      !CheckLocation(j["location"], "location.", error) ||
      !CheckField(j, "", "level", Want::Count, Presence::Optional, error) ||
      !CheckField(j, "", "stack", Want::Array, Presence::Optional, error) ||
      (j.contains("stack") && !CheckStack(j["stack"], error)) ||
      !CheckField(j, "", "call", Want::String, Presence::Nullable, error) ||
      !CheckField(j, "", "go_pointer", Want::Object, Presence::Nullable, error) ||
      !CheckField(j, "", "lent", Want::Object, Presence::Nullable, error) ||
      !CheckField(j, "", "kept", Want::Object, Presence::Nullable, error) ||
      !CheckField(j, "", "access", Want::Object, Presence::Nullable, error) ||
      !CheckField(j, "", "exported_function", Want::String, Presence::Nullable, error) ||
      !CheckField(j, "", "held_ms", Want::Count, Presence::Optional, error) ||
      !CheckField(j, "", "still_running", Want::Bool, Presence::Optional, error) ||
      !CheckField(j, "", "suppressed", Want::Bool, Presence::Optional, error) ||
      !CheckField(j, "", "pid", Want::Integer, Presence::Optional, error) ||
      !CheckField(j, "", "thread", Want::Integer, Presence::Optional, error) ||
      !CheckField(j, "", "program", Want::String, Presence::Optional, error))
    return false;
  auto object = [&](const char *name) { return j.contains(name) && j[name].is_object(); };
  if (object("go_pointer") && (!CheckField(j["go_pointer"], "go_pointer.", "address", Want::String,
                                           Presence::Optional, error) ||
                               !CheckField(j["go_pointer"], "go_pointer.", "kind", Want::String,
                                           Presence::Optional, error)))
    return false;
  if (object("lent") &&
      (!CheckField(j["lent"], "lent.", "call", Want::String, Presence::Required, error) ||
       !CheckField(j["lent"], "lent.", "argument", Want::Count, Presence::Nullable, error)))
    return false;
  if (object("kept")) {
    const Json &kept = j["kept"];
    if (!CheckField(kept, "kept.", "in", Want::String, Presence::Optional, error) ||
        !CheckField(kept, "kept.", "address", Want::String, Presence::Optional, error) ||
        !CheckField(kept, "kept.", "location", Want::Object, Presence::Nullable, error) ||
        (kept.contains("location") && kept["location"].is_object() &&
         !CheckLocation(kept["location"], "kept.location.", error)))
      return false;
  }
  if (object("access") &&
      (!CheckField(j["access"], "access.", "kind", Want::String, Presence::Optional, error) ||
       !CheckField(j["access"], "access.", "address", Want::String, Presence::Optional, error)))
    return false;
  return true;
}

// "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
std::string ParseErrorText(const std::string &what) {
  size_t close = what.find("] ");
  return what[0] == '[' && close != std::string::npos ? what.substr(close + 2) : what;
}

// Whether a line parses as a JSON object with the format's `cgosan` field: written by cgosan,
// valid or not. Used to tell report files from other files in a directory.
bool ClaimsToBeReport(const std::string &line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("cgosan");
}

class Reader {
public:
  Reader(std::vector<Report> *out, std::string *error) : out_(out), error_(error) {}

  bool Path(const std::string &path) {
    if (path == "-")
      return Stream(std::cin, "<stdin>", "<stdin>", false);
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
      return Fail("cannot read '" + path + "': " + std::strerror(errno));
    if (!S_ISDIR(st.st_mode))
      return File(path, false);
    std::error_code ec;
    std::vector<std::string> files;
    for (std::filesystem::directory_iterator it(path, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->is_regular_file(ec))
        files.push_back(it->path().string());
    }
    if (ec)
      return Fail("cannot read directory '" + path + "': " + ec.message());
    std::sort(files.begin(), files.end());
    for (const std::string &f : files)
      if (!File(f, true))
        return false;
    return true;
  }

private:
  bool Fail(const std::string &message) {
    *error_ = message;
    return false;
  }

  bool File(const std::string &path, bool in_directory) {
    std::error_code ec;
    std::string canonical = std::filesystem::canonical(path, ec).string();
    if (ec)
      canonical = path;
    if (!seen_.insert(canonical).second)
      return true;
    std::ifstream in(path);
    if (!in)
      return Fail("cannot read '" + path + "': " + std::strerror(errno));
    return Stream(in, path, canonical, in_directory);
  }

  // Reads the report lines of one file. In a directory, a file none of whose lines claims to be
  // a report is not a report file and is skipped.
  bool Stream(std::istream &in, const std::string &name, const std::string &identity,
              bool in_directory) {
    std::vector<std::pair<size_t, std::string>> lines;
    std::string line;
    for (size_t n = 1; std::getline(in, line); n++) {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      if (IsReportLine(line))
        lines.emplace_back(n, line);
    }
    if (in.bad())
      return Fail("cannot read '" + name + "': " + std::strerror(errno));
    if (in_directory) {
      bool any = false;
      for (const auto &l : lines)
        if ((any = ClaimsToBeReport(l.second)))
          break;
      if (!any)
        return true;
    }
    for (const auto &l : lines) {
      Report r;
      std::string why;
      std::string origin = name + ":" + std::to_string(l.first);
      if (!ParseReport(l.second, &r, &why))
        return Fail(origin + ": not a cgosan report: " + why);
      r.origin = origin;
      r.process = identity;
      if (r.json.contains("pid"))
        r.process += "#" + r.json["pid"].dump();
      out_->push_back(std::move(r));
    }
    return true;
  }

  std::vector<Report> *out_;
  std::string *error_;
  std::set<std::string> seen_;
};

} // namespace

bool IsReportLine(const std::string &line) { return !line.empty() && line[0] == '{'; }

bool ParseReport(const std::string &line, Report *out, std::string *error) {
  Json j;
  try {
    j = Json::parse(line);
  } catch (const Json::parse_error &e) {
    *error = ParseErrorText(e.what());
    return false;
  }
  if (!j.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  if (!CheckReport(j, error))
    return false;
  const Json &loc = j["location"];
  out->rule = j["rule"].get<std::string>();
  out->message = j["message"].get<std::string>();
  out->location.file = loc["file"].get<std::string>();
  out->location.line = loc["line"].get<unsigned>();
  out->location.column = loc["column"].get<unsigned>();
  out->location.function = loc["function"].get<std::string>();
  out->call = j.contains("call") && j["call"].is_string() ? j["call"].get<std::string>() : "";
  out->suppressed = j.value("suppressed", false);
  out->json = std::move(j);
  return true;
}

bool ReadReports(const std::vector<std::string> &paths, std::vector<Report> *out,
                 std::string *error) {
  Reader reader(out, error);
  for (const std::string &p : paths)
    if (!reader.Path(p))
      return false;
  return true;
}

} // namespace report
} // namespace cgosan

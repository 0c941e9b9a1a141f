// Reading cgosan-vet-go's JSON (see go_side.h).
#include "go_side.h"

#include <nlohmann/json.hpp>

namespace cgosan {
namespace vet {

namespace {

GoValue Value(const nlohmann::json &j) {
  GoValue v;
  v.cls = j.value("class", "unknown");
  v.why = j.value("why", "");
  if (j.contains("cfuncs") && j["cfuncs"].is_array())
    for (const auto &f : j["cfuncs"])
      if (f.is_string())
        v.cfuncs.push_back(f.get<std::string>());
  v.object = j.value("object", "");
  return v;
}

} // namespace

bool ParseGoSide(const std::string &text, GoSide *out, std::string *error) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "the Go reader's output is not JSON";
    return false;
  }
  try {
    for (const auto &c : j.value("calls", nlohmann::json::array())) {
      GoCall call;
      call.name = c.at("name").get<std::string>();
      call.file = c.value("file", "");
      call.line = c.value("line", 0u);
      call.column = c.value("col", 0u);
      for (const auto &a : c.value("args", nlohmann::json::array()))
        call.args.push_back(Value(a));
      call.export_fn = c.value("export", "");
      out->calls.push_back(call);
    }
    for (const auto &e : j.value("exports", nlohmann::json::array())) {
      GoExport ex;
      ex.name = e.at("name").get<std::string>();
      ex.file = e.value("file", "");
      ex.line = e.value("line", 0u);
      ex.result = Value(e.value("result", nlohmann::json::object()));
      ex.used_in_go = e.value("used_in_go", false);
      out->exports.push_back(ex);
    }
    for (const auto &t : j.value("type_errors", nlohmann::json::array()))
      out->type_errors.push_back(t.get<std::string>());
  } catch (const nlohmann::json::exception &ex) {
    *error = std::string("unexpected output of the Go reader: ") + ex.what();
    return false;
  }
  return true;
}

} // namespace vet
} // namespace cgosan

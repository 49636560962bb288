#include "searcher/render/names_renderer.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "searcher/render/renderer.h"

namespace newsdex::search {
namespace {

using Json = nlohmann::ordered_json;
constexpr auto kReplace = Json::error_handler_t::replace;
constexpr std::size_t kAliasesShown = 6;

std::string Day(const std::optional<std::int64_t>& when) { return IsoDate(when).substr(0, 10); }

std::string Span(const NameInfo& name) {
  if (!name.first_seen && !name.last_seen) return "";
  return Day(name.first_seen) + " .. " + Day(name.last_seen);
}

std::string Aliases(const NameInfo& name) {
  std::string out;
  for (std::size_t i = 0; i < name.aliases.size() && i < kAliasesShown; ++i) {
    if (!out.empty()) out += ", ";
    out += name.aliases[i].first + " (" + std::to_string(name.aliases[i].second) + ")";
  }
  if (name.aliases.size() > kAliasesShown) out += ", ...";
  return out;
}

Json NameJson(const NameInfo& name) {
  Json aliases = Json::array();
  for (const auto& [written, count] : name.aliases) {
    aliases.push_back({{"written", written}, {"count", count}});
  }
  Json out = {{"type", "name"},      {"kind", name.kind},         {"key", name.key},
              {"name", name.name},   {"articles", name.articles}, {"mentions", name.mentions},
              {"aliases", aliases}};
  out["first_seen"] = name.first_seen ? Json(IsoDate(name.first_seen)) : Json(nullptr);
  out["last_seen"] = name.last_seen ? Json(IsoDate(name.last_seen)) : Json(nullptr);
  return out;
}

void PrintName(std::size_t rank, const NameInfo& name, std::ostream& out) {
  char head[64];
  std::snprintf(head, sizeof head, "%3zu. ", rank);
  out << head << name.name << "  [" << name.kind << "]  " << name.articles
      << (name.articles == 1 ? " article" : " articles");
  if (const std::string span = Span(name); !span.empty()) out << "  " << span;
  out << "\n";
  if (!name.aliases.empty()) out << "     written: " << Aliases(name) << "\n";
  out << "     search:  " << name.kind << ":\"" << name.key << "\"\n";
}

}  // namespace

void RenderNamesText(const std::vector<NameInfo>& names, std::ostream& out) {
  if (names.empty()) {
    out << "No names found.\n";
    return;
  }
  for (std::size_t i = 0; i < names.size(); ++i) PrintName(i + 1, names[i], out);
}

void RenderNamesJson(const std::vector<NameInfo>& names, std::ostream& out) {
  for (const NameInfo& name : names) out << NameJson(name).dump(-1, ' ', false, kReplace) << "\n";
  Json summary = {{"type", "summary"}, {"format", kJsonOutputFormat}, {"returned", names.size()}};
  out << summary.dump(-1, ' ', false, kReplace) << "\n";
}

void RenderCooccurrenceText(const CooccurrenceResults& results, std::ostream& out) {
  out << results.matches << (results.matches == 1 ? " article" : " articles") << " match";
  for (std::size_t i = 0; i < results.query_names.size(); ++i) {
    out << (i == 0 ? " (" : ", ") << results.query_names[i].name;
    if (i + 1 == results.query_names.size()) out << ")";
  }
  out << ". Names most associated with them (G² against the whole archive):\n";
  if (results.names.empty()) out << "  none\n";
  for (std::size_t i = 0; i < results.names.size(); ++i) {
    const AssociatedName& a = results.names[i];
    char line[96];
    std::snprintf(line, sizeof line, "%3zu. %8.1f  %5llu together  ", i + 1, a.score,
                  static_cast<unsigned long long>(a.together));
    out << line << a.name.name << "  [" << a.name.kind << "]\n";
  }
}

void RenderCooccurrenceJson(const CooccurrenceRequest& request, const CooccurrenceResults& results,
                            std::ostream& out) {
  for (const AssociatedName& a : results.names) {
    Json line = NameJson(a.name);
    line["together"] = a.together;
    line["score"] = a.score;
    out << line.dump(-1, ' ', false, kReplace) << "\n";
  }
  Json query_names = Json::array();
  for (const NameInfo& name : results.query_names) query_names.push_back(NameJson(name));
  Json summary = {{"type", "summary"},         {"format", kJsonOutputFormat},
                  {"query", request.query},    {"matches", results.matches},
                  {"query_names", query_names}, {"returned", results.names.size()}};
  out << summary.dump(-1, ' ', false, kReplace) << "\n";
}

}  // namespace newsdex::search

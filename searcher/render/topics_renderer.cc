#include "searcher/render/topics_renderer.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/text/publication_date.h"

namespace newsdex::search {
namespace {

std::string Day(const std::optional<std::int64_t>& t) {
  return t ? text::FormatIso8601(*t).substr(0, 10) : std::string("-");
}

nlohmann::json DayJson(const std::optional<std::int64_t>& t) {
  return t ? nlohmann::json(text::FormatIso8601(*t).substr(0, 10)) : nlohmann::json(nullptr);
}

}  // namespace

void RenderTopicsText(const std::vector<TopicInfo>& topics, std::ostream& out) {
  if (topics.empty()) {
    out << "No topics: the archive's articles have none given, and no rule or model tagged any.\n";
    return;
  }
  std::size_t width = 5;
  for (const TopicInfo& t : topics) width = std::max(width, t.topic.size());
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %8s  %8s  %8s  %9s  %-10s  %-10s\n", static_cast<int>(width),
                "topic", "articles", "given", "rule", "predicted", "first", "last");
  out << line;
  for (const TopicInfo& t : topics) {
    std::snprintf(line, sizeof line, "%-*s  %8llu  %8llu  %8llu  %9llu  %-10s  %-10s\n",
                  static_cast<int>(width), t.topic.c_str(),
                  static_cast<unsigned long long>(t.articles), static_cast<unsigned long long>(t.given),
                  static_cast<unsigned long long>(t.rule), static_cast<unsigned long long>(t.predicted),
                  Day(t.first).c_str(), Day(t.last).c_str());
    out << line;
  }
  out << topics.size() << (topics.size() == 1 ? " topic\n" : " topics\n");
}

void RenderTopicsJson(const std::vector<TopicInfo>& topics, std::ostream& out) {
  for (const TopicInfo& t : topics) {
    const nlohmann::json row = {{"type", "topic"},       {"topic", t.topic},   {"articles", t.articles},
                                {"given", t.given},      {"rule", t.rule},     {"predicted", t.predicted},
                                {"first", DayJson(t.first)}, {"last", DayJson(t.last)}};
    out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  out << nlohmann::json{{"type", "summary"}, {"format", 1}, {"topics", topics.size()}}.dump() << "\n";
}

}  // namespace newsdex::search

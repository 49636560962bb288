#include "common/topics/topic_rules.h"

#include <set>

#include <toml++/toml.h>

namespace newsdex::topics {
namespace {

Status RuleError(int line, std::string_view message) {
  return Status::InvalidArgument("topics file, line " + std::to_string(line) + ": " +
                                 std::string(message));
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

Result<TopicRule> ReadRule(const toml::node& node) {
  const int line = static_cast<int>(node.source().begin.line);
  const toml::table* table = node.as_table();
  if (table == nullptr) return RuleError(line, "[[rule]] must be a table");
  for (const auto& [key, value] : *table) {
    if (key != "topic" && key != "query" && key != "description") {
      return RuleError(static_cast<int>(value.source().begin.line),
                       "unknown key '" + std::string(key.str()) + "' (topic, query, description)");
    }
    if (!value.is_string()) {
      return RuleError(static_cast<int>(value.source().begin.line),
                       std::string(key.str()) + " must be a string");
    }
  }
  TopicRule rule;
  rule.line = line;
  rule.topic = (*table)["topic"].value_or(std::string());
  rule.query = (*table)["query"].value_or(std::string());
  rule.description = (*table)["description"].value_or(std::string());
  if (IsBlank(rule.topic)) return RuleError(line, "[[rule]] needs a topic");
  if (IsBlank(rule.query)) return RuleError(line, "rule '" + rule.topic + "' needs a query");
  return rule;
}

}  // namespace

Result<TopicRules> TopicRules::FromToml(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return RuleError(static_cast<int>(e.source().begin.line), e.description());
  }
  TopicRules table;
  for (const auto& [key, value] : root) {
    if (key != "rule") {
      return RuleError(static_cast<int>(value.source().begin.line),
                       "unknown table '" + std::string(key.str()) + "' (only [[rule]])");
    }
  }
  const toml::array* rules = root["rule"].as_array();
  if (rules == nullptr) return table;
  std::set<std::string> topics;
  for (const toml::node& node : *rules) {
    Result<TopicRule> rule = ReadRule(node);
    if (!rule.ok()) return rule.status();
    if (!topics.insert(rule->topic).second) {
      return RuleError(rule->line, "topic '" + rule->topic +
                                       "' has a rule already; join the queries with OR");
    }
    table.rules_.push_back(std::move(rule).value());
  }
  return table;
}

}  // namespace newsdex::topics

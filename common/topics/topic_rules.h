// TopicRules: the archive owner's topic rules (schemas/topics.toml): a topic is given to
// every article that a query in newsdex's own language matches.
//
//   auto rules = newsdex::topics::TopicRules::FromToml(
//       "[[rule]]\ntopic = \"energy\"\nquery = \"oil OR gas OR org:opec\"\n");
//   for (const auto& rule : rules->rules()) parser.Parse(rule.query, ...);
//
// An immutable value after FromToml(): safe to share between threads.
#ifndef NEWSDEX_COMMON_TOPICS_TOPIC_RULES_H_
#define NEWSDEX_COMMON_TOPICS_TOPIC_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "newsdex/status.h"

namespace newsdex::topics {

struct TopicRule {
  std::string topic;        // as written; the writer folds it like any topic label
  std::string query;        // newsdex query language (README "Query language")
  std::string description;  // optional, for people reading the table
  int line = 0;             // where the rule starts in the file, for messages
};

class TopicRules {
 public:
  // Reads a table of [[rule]] entries, each with `topic` and `query` strings and an
  // optional `description`. An empty text is an empty table. Returns InvalidArgument
  // naming the line for a TOML error, a rule without topic or query, an unknown key,
  // or a topic given twice (write one query with OR instead).
  static Result<TopicRules> FromToml(std::string_view toml_text);

  const std::vector<TopicRule>& rules() const { return rules_; }
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<TopicRule> rules_;
};

}  // namespace newsdex::topics

#endif  // NEWSDEX_COMMON_TOPICS_TOPIC_RULES_H_

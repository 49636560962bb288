// TopicTagger: gives built articles their derived topics, from the archive's learned
// topic model (common/topics/topic_classifier.h) and its topic rules
// (common/topics/topic_rules.h), both kept in the archive's store.
//
//   TopicTagger tagger(schema);
//   Status s = tagger.Load(store);
//   std::vector<TopicTag> predicted = tagger.Predict(doc, report.given_topics);
//   tagger.TagByRules(store, languages, {&doc1, &doc2}, &rule_tags);
//
// Predictions are made only for articles without given topics, so a prediction never
// overrides what the source said. Rules are evaluated by matching their queries against
// the articles of a commit in an in-memory Xapian database, so a rule means exactly
// what the same query means to newsdex-search.
//
// Not thread-safe: the writer's thread drives it.
#ifndef NEWSDEX_INDEXER_TOPIC_TAGGER_H_
#define NEWSDEX_INDEXER_TOPIC_TAGGER_H_

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/store/document_store.h"
#include "common/text/analyzer.h"
#include "common/topics/topic_classifier.h"
#include "common/topics/topic_rules.h"
#include "newsdex/document.h"

namespace newsdex::indexer {

// State keys of the store that hold the archive's topic table (TOML text, "" when none),
// its model (TopicModel::Serialize(); absent when none was trained) and the confidence a
// prediction needs (a decimal number).
inline constexpr std::string_view kStateTopicRules = "topic_rules_toml";
inline constexpr std::string_view kStateTopicModel = "topic_model";
inline constexpr std::string_view kStateTopicMinConfidence = "topic_min_confidence";
// Confidence a predicted topic needs when the archive's owner chose none.
inline constexpr double kDefaultMinConfidence = 0.5;

class TopicTagger {
 public:
  // `schema` must outlive the tagger.
  explicit TopicTagger(const Schema& schema);
  ~TopicTagger();

  // Reads the rules, model and threshold from `store`. Corruption when they are damaged.
  Status Load(const DocumentStore& store);

  // The predicted topics of a built article: none when it has given topics or no model
  // was trained, else the model's topics whose confidence reaches min_confidence().
  std::vector<TopicTag> Predict(const Xapian::Document& doc,
                                const std::vector<std::string>& given_topics) const;

  // For each of `docs`, the topics of the rules whose queries match it (appended to
  // (*tags)[i], which is resized to docs.size()). `store` resolves names in the queries;
  // `languages` are the archive's (default first). InvalidArgument naming the rule when
  // a query does not parse.
  Status TagByRules(const DocumentStore& store, const std::vector<std::string>& languages,
                    const std::vector<const Xapian::Document*>& docs,
                    std::vector<std::vector<TopicTag>>* tags);

  // Parses every query of `rules`; InvalidArgument naming the rule's line and the column
  // of the first one that does not parse.
  Status CheckRules(const topics::TopicRules& rules, const DocumentStore& store,
                    const std::vector<std::string>& languages);
  // The query of one rule, parsed for this archive; `rule` must come from rules().
  Result<Xapian::Query> RuleQuery(const topics::TopicRule& rule, const DocumentStore& store,
                                  const std::vector<std::string>& languages);

  // The folded topic label of a rule.
  std::string RuleTopic(const topics::TopicRule& rule);

  void set_rules(topics::TopicRules rules) { rules_ = std::move(rules); }
  void set_model(std::unique_ptr<topics::TopicModel> model) { model_ = std::move(model); }
  void set_min_confidence(double c) { min_confidence_ = c; }
  const topics::TopicRules& rules() const { return rules_; }
  const topics::TopicModel* model() const { return model_.get(); }
  double min_confidence() const { return min_confidence_; }

 private:
  const Schema& schema_;
  topics::TopicRules rules_;
  std::unique_ptr<topics::TopicModel> model_;
  double min_confidence_ = kDefaultMinConfidence;
  text::Analyzer analyzer_;  // for rule queries and topic labels
};

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_TOPIC_TAGGER_H_

#include "indexer/topic_tagger.h"

#include <cstdlib>
#include <unordered_map>

#include "common/query/entity_resolver.h"
#include "common/query/query_parser.h"
#include "common/status/xapian_status.h"

namespace newsdex::indexer {

TopicTagger::TopicTagger(const Schema& schema)
    : schema_(schema), analyzer_(text::AnalyzerOptions{.emit_joined = false}) {}

TopicTagger::~TopicTagger() = default;

Status TopicTagger::Load(const DocumentStore& store) {
  Result<std::string> rules_text = store.GetState(kStateTopicRules);
  if (!rules_text.ok()) return rules_text.status();
  Result<topics::TopicRules> rules = topics::TopicRules::FromToml(*rules_text);
  if (!rules.ok()) return Status::Corruption("the archive's topic rules: " + rules.status().message());
  rules_ = std::move(rules).value();

  Result<std::string> model_bytes = store.GetState(kStateTopicModel);
  if (!model_bytes.ok()) return model_bytes.status();
  model_.reset();
  if (!model_bytes->empty()) {
    Result<topics::TopicModel> model = topics::TopicModel::Deserialize(*model_bytes);
    if (!model.ok()) return Status::Corruption("the archive's topic model: " + model.status().message());
    model_ = std::make_unique<topics::TopicModel>(std::move(model).value());
  }
  Result<std::string> confidence = store.GetState(kStateTopicMinConfidence);
  if (!confidence.ok()) return confidence.status();
  min_confidence_ = confidence->empty() ? kDefaultMinConfidence : std::strtod(confidence->c_str(), nullptr);
  return Status::Ok();
}

std::vector<TopicTag> TopicTagger::Predict(const Xapian::Document& doc,
                                           const std::vector<std::string>& given_topics) const {
  std::vector<TopicTag> tags;
  if (model_ == nullptr || !given_topics.empty()) return tags;
  for (topics::TopicScore& score : model_->Predict(topics::ClassifierTermsOf(doc), min_confidence_)) {
    tags.push_back({std::move(score.topic), TopicOrigin::kPredicted, score.confidence});
  }
  return tags;
}

std::string TopicTagger::RuleTopic(const topics::TopicRule& rule) { return analyzer_.FoldValue(rule.topic); }

Result<Xapian::Query> TopicTagger::RuleQuery(const topics::TopicRule& rule, const DocumentStore& store,
                                             const std::vector<std::string>& languages) {
  const query::QueryParser parser(schema_, SearcherOptions{}, languages);
  const query::RegistryResolver resolver(store);
  Result<query::ParsedQuery> parsed = parser.Parse(rule.query, &analyzer_, &resolver);
  if (!parsed.ok()) {
    return Status::InvalidArgument("topics file, line " + std::to_string(rule.line) + ": rule '" +
                                   rule.topic + "': " + parsed.status().message());
  }
  return parsed->query;
}

Status TopicTagger::CheckRules(const topics::TopicRules& rules, const DocumentStore& store,
                               const std::vector<std::string>& languages) {
  for (const topics::TopicRule& rule : rules.rules()) {
    if (RuleTopic(rule).empty()) {
      return Status::InvalidArgument("topics file, line " + std::to_string(rule.line) +
                                     ": topic '" + rule.topic + "' has no letters or digits");
    }
    Result<Xapian::Query> q = RuleQuery(rule, store, languages);
    if (!q.ok()) return q.status();
  }
  return Status::Ok();
}

Status TopicTagger::TagByRules(const DocumentStore& store, const std::vector<std::string>& languages,
                               const std::vector<const Xapian::Document*>& docs,
                               std::vector<std::vector<TopicTag>>* tags) {
  tags->assign(docs.size(), {});
  if (rules_.empty() || docs.empty()) return Status::Ok();
  try {
    Xapian::WritableDatabase batch(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::unordered_map<Xapian::docid, std::size_t> index_of;
    for (std::size_t i = 0; i < docs.size(); ++i) index_of[batch.add_document(*docs[i])] = i;
    for (const topics::TopicRule& rule : rules_.rules()) {
      Result<Xapian::Query> q = RuleQuery(rule, store, languages);
      if (!q.ok()) return q.status();
      const std::string topic = RuleTopic(rule);
      Xapian::Enquire enquire(batch);
      enquire.set_query(*q);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      const Xapian::MSet matches = enquire.get_mset(0, batch.get_doccount());
      for (auto it = matches.begin(); it != matches.end(); ++it) {
        (*tags)[index_of.at(*it)].push_back({topic, TopicOrigin::kRule, 1.0});
      }
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "topic rules");
  }
  return Status::Ok();
}

}  // namespace newsdex::indexer

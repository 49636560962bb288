// IndexWriter's topic operations: rules, the learned model, and re-tagging articles
// from the index without re-reading or re-analysing them (index_writer.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#include "common/schema/document_data.h"
#include "common/schema/terms.h"
#include "common/status/xapian_status.h"
#include "common/topics/article_topics.h"
#include "indexer/index_writer.h"

namespace newsdex::indexer {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<TopicTag> OfOrigin(const std::vector<TopicTag>& tags, TopicOrigin origin) {
  std::vector<TopicTag> out;
  for (const TopicTag& tag : tags) {
    if (tag.origin == origin) out.push_back(tag);
  }
  return out;
}

// Two lists of predictions are the same when they name the same topics with the same
// stored (three-decimal) confidences.
bool SamePredictions(const std::vector<TopicTag>& a, const std::vector<TopicTag>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].topic != b[i].topic ||
        std::lround(a[i].confidence * 1000) != std::lround(b[i].confidence * 1000)) {
      return false;
    }
  }
  return true;
}

std::string FormatConfidence(double c) {
  std::ostringstream out;
  out << c;
  return out.str();
}

}  // namespace

std::vector<std::string> IndexWriter::LanguageList() const {
  std::vector<std::string> languages{manifest_.schema.default_language()};
  for (const std::string& language : languages_) {
    if (language != languages.front()) languages.push_back(language);
  }
  return languages;
}

// Rule topics for every pending article not yet tagged by the rules, matched in one
// in-memory index of the commit's articles.
Status IndexWriter::TagPendingByRules() {
  std::vector<PendingChange*> untagged;
  for (PendingChange& change : pending_) {
    if (!change.is_delete && !change.rules_applied) untagged.push_back(&change);
  }
  if (untagged.empty()) return Status::Ok();
  if (topic_tagger_->rules().empty()) {  // the common case: nothing to match
    for (PendingChange* change : untagged) change->rules_applied = true;
    return Status::Ok();
  }
  std::vector<const Xapian::Document*> docs;
  docs.reserve(untagged.size());
  for (const PendingChange* change : untagged) docs.push_back(&change->doc);
  std::vector<std::vector<TopicTag>> tags;
  Status s = topic_tagger_->TagByRules(*store_, LanguageList(), docs, &tags);
  if (!s.ok()) return s;
  for (std::size_t i = 0; i < untagged.size(); ++i) {
    PendingChange& change = *untagged[i];
    const std::vector<std::string> given = topics::GivenTopicsOf(change.doc);
    for (TopicTag& tag : tags[i]) {
      if (std::find(given.begin(), given.end(), tag.topic) == given.end()) {
        change.derived.push_back(std::move(tag));
      }
    }
    // Rule topics first, as MergeTopics() lists them; AddDerivedTopics skips repeats.
    change.derived = topics::MergeTopics({}, change.derived);
    topics::AddDerivedTopics(change.derived, &change.doc);
    change.rules_applied = true;
  }
  return Status::Ok();
}

// Stages article `did` again with `predicted` as its predicted topics and its rule topics
// to be matched afresh at commit; the article itself is neither re-read nor re-analysed.
Status IndexWriter::Retag(Xapian::docid did, std::vector<TopicTag> predicted) {
  Xapian::Document doc;
  std::string id;
  try {
    doc = xapian_->get_document(did);
    id = ArticleIdOf(doc.get_data());
    topics::RemoveDerivedTopics(&doc);
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  if (pending_index_.count(id) != 0) {
    return Status::Internal("article " + id + " re-tagged twice in one commit");
  }
  PendingChange change;
  change.id = id;
  change.existed_before = true;
  change.topics_only = true;
  change.doc = std::move(doc);
  change.derived = std::move(predicted);
  topics::AddDerivedTopics(change.derived, &change.doc);
  pending_index_.emplace(id, pending_.size());
  pending_.push_back(std::move(change));
  if (pending_.size() >= options_.commit_every_articles) return Commit();
  return Status::Ok();
}

// Commits what is pending together with `state`; with nothing pending, writes the
// state values alone.
Status IndexWriter::CommitWithState(std::vector<std::pair<std::string, std::string>> state) {
  if (pending_.empty()) {
    auto batch = store_->NewBatch();
    for (const auto& [key, value] : state) batch->SetState(key, value);
    return store_->Write(batch.get(), options_.sync);
  }
  for (auto& entry : state) pending_state_.push_back(std::move(entry));
  return Commit();
}

Result<std::uint64_t> IndexWriter::ArticlesWithPredictions() const {
  try {
    const std::string prefix(kPrefixTopicPredicted);
    std::set<Xapian::docid> with;
    for (auto t = xapian_->allterms_begin(prefix); t != xapian_->allterms_end(prefix); ++t) {
      for (auto p = xapian_->postlist_begin(*t); p != xapian_->postlist_end(*t); ++p) with.insert(*p);
    }
    return static_cast<std::uint64_t>(with.size());
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
}

Result<std::uint64_t> IndexWriter::ArticlesTagged(std::string_view prefix,
                                                  std::string_view topic) const {
  try {
    return static_cast<std::uint64_t>(xapian_->get_termfreq(BooleanTerm(prefix, topic)));
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
}

Result<TopicRulesReport> IndexWriter::ApplyTopicRules(const std::string& toml_text) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  Result<topics::TopicRules> rules = topics::TopicRules::FromToml(toml_text);
  if (!rules.ok()) return rules.status();
  Status s = topic_tagger_->CheckRules(*rules, *store_, LanguageList());
  if (!s.ok()) return s;
  s = Commit();  // what was added before is tagged by the old rules
  if (!s.ok()) return s;

  // Candidates: every article a new rule matches or an old rule tagged.
  std::set<Xapian::docid> candidates;
  try {
    for (const topics::TopicRule& rule : rules->rules()) {
      Result<Xapian::Query> q = topic_tagger_->RuleQuery(rule, *store_, LanguageList());
      if (!q.ok()) return q.status();
      Xapian::Enquire enquire(*xapian_);
      enquire.set_query(*q);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      const Xapian::MSet matches = enquire.get_mset(0, xapian_->get_doccount());
      for (auto it = matches.begin(); it != matches.end(); ++it) candidates.insert(*it);
    }
    const std::string prefix(kPrefixTopicRule);
    for (auto t = xapian_->allterms_begin(prefix); t != xapian_->allterms_end(prefix); ++t) {
      for (auto p = xapian_->postlist_begin(*t); p != xapian_->postlist_end(*t); ++p) {
        candidates.insert(*p);
      }
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  topic_tagger_->set_rules(*rules);
  TopicRulesReport report;
  for (Xapian::docid did : candidates) {
    std::string id;
    try {
      id = ArticleIdOf(xapian_->get_document(did).get_data());
    } catch (const Xapian::Error& e) {
      return FromXapian(e, paths_.xapian);
    }
    Result<std::string> row = store_->GetArticleTopics(id);
    if (!row.ok()) return row.status();
    Result<std::vector<TopicTag>> derived = topics::DecodeDerivedTopics(*row);
    if (!derived.ok()) return derived.status().WithContext("topics of stored article " + id);
    s = Retag(did, OfOrigin(*derived, TopicOrigin::kPredicted));
    if (!s.ok()) return s;
    ++report.retagged;
  }
  s = CommitWithState({{std::string(kStateTopicRules), toml_text}});
  if (!s.ok()) return s;
  for (const topics::TopicRule& rule : rules->rules()) {
    const std::string topic = topic_tagger_->RuleTopic(rule);
    Result<std::uint64_t> n = ArticlesTagged(kPrefixTopicRule, topic);
    if (!n.ok()) return n.status();
    report.tagged.emplace_back(topic, *n);
  }
  return report;
}

// Re-tags every article without given topics whose predictions differ from what the
// tagger's model predicts now.
Status IndexWriter::RepredictArchive(TopicTrainingReport* report) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::pair<Xapian::docid, std::vector<TopicTag>>> changed;
  try {
    for (auto p = xapian_->postlist_begin(""); p != xapian_->postlist_end(""); ++p) {
      const Xapian::Document doc = xapian_->get_document(*p);
      std::vector<TopicTag> now = topic_tagger_->Predict(doc, topics::GivenTopicsOf(doc));
      const std::string id = ArticleIdOf(doc.get_data());
      Result<std::string> row = store_->GetArticleTopics(id);
      if (!row.ok()) return row.status();
      Result<std::vector<TopicTag>> stored = topics::DecodeDerivedTopics(*row);
      if (!stored.ok()) return stored.status().WithContext("topics of stored article " + id);
      if (!SamePredictions(OfOrigin(*stored, TopicOrigin::kPredicted), now)) {
        changed.emplace_back(*p, std::move(now));
      }
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  for (auto& [did, predicted] : changed) {
    Status s = Retag(did, std::move(predicted));
    if (!s.ok()) return s;
  }
  report->retagged = changed.size();
  report->predict_seconds = SecondsSince(start);
  return Status::Ok();
}

Result<TopicTrainingReport> IndexWriter::TrainTopics(const topics::TrainingOptions& options,
                                                     double min_confidence) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  Status s = Commit();
  if (!s.ok()) return s;
  TopicTrainingReport report;
  const auto start = std::chrono::steady_clock::now();
  std::map<Xapian::docid, std::vector<std::string>> given;
  std::vector<topics::LabelledArticle> examples;
  try {
    const std::string prefix(kPrefixTopicGiven);
    for (auto t = xapian_->allterms_begin(prefix); t != xapian_->allterms_end(prefix); ++t) {
      const std::string topic = (*t).substr(prefix.size());
      for (auto p = xapian_->postlist_begin(*t); p != xapian_->postlist_end(*t); ++p) {
        given[*p].push_back(topic);
      }
    }
    examples.reserve(given.size());
    for (auto& [did, labels] : given) {
      examples.push_back({topics::ClassifierTermsOf(xapian_->get_document(did)), std::move(labels)});
    }
  } catch (const Xapian::Error& e) {
    return FromXapian(e, paths_.xapian);
  }
  report.labelled = examples.size();
  Result<topics::TopicModel> model = topics::TopicModel::Train(examples, options);
  if (!model.ok()) return model.status();
  report.train_seconds = SecondsSince(start);
  const std::string bytes = model->Serialize();
  topic_tagger_->set_model(std::make_unique<topics::TopicModel>(std::move(model).value()));
  return PredictArchive(min_confidence, bytes, report);
}

// Re-predicts the archive with the tagger's model (none: no predictions) at
// `min_confidence` and commits, with `model_bytes` as the archive's model.
Result<TopicTrainingReport> IndexWriter::PredictArchive(double min_confidence,
                                                        const std::string& model_bytes,
                                                        TopicTrainingReport report) {
  topic_tagger_->set_min_confidence(min_confidence);
  Status s = RepredictArchive(&report);
  if (!s.ok()) return s;
  s = CommitWithState({{std::string(kStateTopicModel), model_bytes},
                       {std::string(kStateTopicMinConfidence), FormatConfidence(min_confidence)}});
  if (!s.ok()) return s;
  Result<std::uint64_t> predicted = ArticlesWithPredictions();
  if (!predicted.ok()) return predicted.status();
  report.predicted = *predicted;
  return report;
}

Result<TopicTrainingReport> IndexWriter::Repredict(double min_confidence) {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  if (topic_tagger_->model() == nullptr) {
    return Status::FailedPrecondition("the archive has no topic model; train one first (topics --train)");
  }
  Status s = Commit();
  if (!s.ok()) return s;
  return PredictArchive(min_confidence, topic_tagger_->model()->Serialize(), {});
}

Result<TopicTrainingReport> IndexWriter::ForgetTopicModel() {
  if (broken_) return Status::FailedPrecondition("writer failed earlier; reopen the archive");
  Status s = Commit();
  if (!s.ok()) return s;
  topic_tagger_->set_model(nullptr);
  return PredictArchive(topic_tagger_->min_confidence(), "", {});
}

}  // namespace newsdex::indexer

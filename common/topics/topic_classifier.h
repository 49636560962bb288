// TopicModel: a multi-label topic classifier learned from the articles whose source gave
// them topics, over the index's own terms, and stored in the archive.
//
//   auto model = newsdex::topics::TopicModel::Train(examples, {});
//   auto tags = model->Predict(newsdex::topics::ClassifierTermsOf(doc), 0.5);
//   std::string bytes = model->Serialize();   // kept in the archive's store
//
// One binary logistic regression per topic (one-vs-rest) over log-scaled, idf-weighted,
// length-normalised term counts, with L2 regularisation; the vocabulary is chosen by
// chi-square against the topics (feature selection). A topic's confidence is the
// model's probability that the article carries it. Training is deterministic: the same
// examples in the same order give the same model, byte for byte.
//
// A TopicModel is immutable after Train() or Deserialize(): safe to share between threads.
#ifndef NEWSDEX_COMMON_TOPICS_TOPIC_CLASSIFIER_H_
#define NEWSDEX_COMMON_TOPICS_TOPIC_CLASSIFIER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/status.h"

namespace newsdex::topics {

// One index term of an article and its within-article frequency (Xapian's wdf).
struct TermCount {
  std::string term;
  std::uint32_t count = 0;
};
// An article as the classifier sees it, sorted by term, each term once.
using ArticleTerms = std::vector<TermCount>;

// The terms of a built article (indexer/article_indexer.h) that the classifier reads:
// the unprefixed word terms (stemmed words of title, dateline and body; a title word's
// count includes the title weight) and the entity terms of people, organisations and
// places (prefixes XP, XO, XL). Never topics, ids, dates, exact forms or keywords, so a
// model cannot learn a topic from the topic itself; nor pure numbers ("1987", "3000",
// "1.5": see IsNumberTerm), which on Reuters' training stories made the vocabulary 29%
// larger and the classifier no better. A Xapian::Error reading a document
// of a database propagates (a Document built in memory never throws).
ArticleTerms ClassifierTermsOf(const Xapian::Document& doc);

// True when `term` is a number: a digit, then only digits, '.' and ','.
bool IsNumberTerm(std::string_view term);

// An article with the topics its source gave it (folded labels, e.g. "crude").
struct LabelledArticle {
  ArticleTerms terms;
  std::vector<std::string> topics;
};

struct TrainingOptions {
  // Topics given to fewer articles than this are not learned. Default: 10
  std::size_t min_articles_per_topic = 10;
  // Terms kept after chi-square selection (0: every term in enough articles). Default: 5000
  std::size_t max_features = 5000;
  // Terms in fewer training articles than this are never features. Default: 2
  std::size_t min_term_articles = 2;
  // C, the weight of the training errors against the L2 penalty ½‖w‖² of each topic's
  // regression: larger fits the training articles more closely. Train() returns
  // InvalidArgument unless it is a positive number. Default: 16
  double error_cost = 16;
  // Passes over the training articles per topic at most. Default: 50
  std::size_t max_epochs = 50;
  // A topic's training stops after a pass in which no article's dual gradient (a
  // log-odds) exceeded this in magnitude. Default: 0.05
  double tolerance = 0.05;
};

// A topic and the model's confidence (a probability in [0, 1]) that an article has it.
struct TopicScore {
  std::string topic;
  double confidence = 0;
};

// What a model was learned from, for `newsdex-index topics` and its --json.
struct LearnedTopic {
  std::string topic;
  std::size_t articles = 0;  // training articles that carry it
};

class TopicModel {
 public:
  // Learns one classifier per topic given to at least options.min_articles_per_topic
  // articles; every other example is a negative for it. Examples with no topics are
  // negatives for every topic. Returns InvalidArgument when no topic has enough articles.
  static Result<TopicModel> Train(const std::vector<LabelledArticle>& examples,
                                  const TrainingOptions& options);
  // Reads what Serialize() wrote. Corruption on damaged or truncated bytes, or bytes of
  // an unknown version.
  static Result<TopicModel> Deserialize(std::string_view bytes);

  TopicModel();
  ~TopicModel();
  TopicModel(TopicModel&&) noexcept;
  TopicModel& operator=(TopicModel&&) noexcept;
  TopicModel(const TopicModel&);
  TopicModel& operator=(const TopicModel&);

  // Every learned topic's confidence for an article, highest first (ties by topic name).
  std::vector<TopicScore> Score(const ArticleTerms& terms) const;
  // The topics whose confidence is at least `min_confidence`, highest first.
  std::vector<TopicScore> Predict(const ArticleTerms& terms, double min_confidence) const;

  // A versioned, portable (little-endian) binary form.
  std::string Serialize() const;

  const std::vector<LearnedTopic>& topics() const;
  std::size_t feature_count() const;
  std::size_t training_articles() const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace newsdex::topics

#endif  // NEWSDEX_COMMON_TOPICS_TOPIC_CLASSIFIER_H_

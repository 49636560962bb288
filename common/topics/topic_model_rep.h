// Internal to common/topics: what a TopicModel holds, shared by the trainer and scorer
// (topic_classifier.cc) and the binary form (topic_model_codec.cc).
//
// Not thread-safe to mutate; immutable once built, like the TopicModel that owns it.
#ifndef NEWSDEX_COMMON_TOPICS_TOPIC_MODEL_REP_H_
#define NEWSDEX_COMMON_TOPICS_TOPIC_MODEL_REP_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/topics/logistic_regression.h"
#include "common/topics/topic_classifier.h"

namespace newsdex::topics {

namespace internal {

// The model's contents, apart from the TopicModel class so that helpers of the codec can
// take them.
struct TopicModelContents {
  std::vector<LearnedTopic> topics;  // sorted by name, names distinct
  std::vector<float> biases;         // per topic: the log-odds of an empty article
  std::vector<std::string> features;  // the selected terms, sorted, distinct
  std::vector<float> idf;             // per feature, > 0
  // Feature-major, so that scoring an article reads one contiguous row per term:
  // weights[f * topics.size() + t] is the weight of feature f for topic t.
  std::vector<float> weights;
  std::size_t training_articles = 0;
  // Term -> feature number; built from `features` by BuildIndex().
  std::unordered_map<std::string, std::uint32_t> index;

  void BuildIndex();
  // The article's vector: log(1 + count) × idf for each known term, L2-normalised,
  // sorted by feature. Unknown terms are left out; an article of none gives no entries.
  std::vector<FeatureValue> Vectorize(const ArticleTerms& terms) const;
};

}  // namespace internal

struct TopicModel::Rep : internal::TopicModelContents {};

namespace internal {

// The weight of a term that occurs `count` times, before idf and normalisation.
double TermWeight(std::uint32_t count);
// Smoothed inverse document frequency of a term in `df` of `articles` articles.
float InverseDocumentFrequency(std::size_t df, std::size_t articles);

}  // namespace internal
}  // namespace newsdex::topics

#endif  // NEWSDEX_COMMON_TOPICS_TOPIC_MODEL_REP_H_

// Internal to common/topics: one binary L2-regularised logistic regression, trained by
// dual coordinate descent over sparse, length-normalised article vectors.
//
//   internal::LogisticRegressionOptions options;   // error cost, epochs, tolerance
//   std::vector<double> w = internal::TrainLogisticRegression(articles, labels, options);
//   double log_odds = w.back() + Σ x_f * w[f];     // w.back() is the bias
//
// Minimises ½‖w‖² + C Σ_i log(1 + exp(-y_i wᵀx_i)) through its dual (Yu, Huang and Lin,
// "Dual coordinate descent methods for logistic regression", Machine Learning 2011):
// each step solves one example's one-variable dual problem by a safeguarded Newton
// method, so there is no learning rate to tune. The bias is a constant feature of
// value 1 and is regularised like the other weights.
//
// Pure functions of their arguments: deterministic and safe to call from many threads.
#ifndef NEWSDEX_COMMON_TOPICS_LOGISTIC_REGRESSION_H_
#define NEWSDEX_COMMON_TOPICS_LOGISTIC_REGRESSION_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsdex::topics::internal {

// One feature of an article vector and its value.
struct FeatureValue {
  std::uint32_t feature = 0;
  double value = 0;
};

// Articles as rows of sparse feature vectors (compressed rows): the features of article
// i are entries[starts[i] .. starts[i + 1]). starts.size() == articles + 1.
struct ArticleMatrix {
  std::vector<std::size_t> starts{0};
  std::vector<FeatureValue> entries;
  std::size_t features = 0;  // every entry's feature is below this

  std::size_t articles() const { return starts.size() - 1; }
  // Appends an article. REQUIRES: every feature < features.
  void Add(const std::vector<FeatureValue>& row);
};

struct LogisticRegressionOptions {
  // C: the weight of the training errors against ½‖w‖². REQUIRES: > 0.
  double error_cost = 1;
  // Passes over the articles at most.
  std::size_t max_epochs = 50;
  // Stops after the first pass in which no article's dual gradient (a log-odds) exceeds
  // this in magnitude.
  double tolerance = 0.01;
  // Seeds the fixed-seed shuffle of the articles before each pass.
  std::uint32_t seed = 1;
};

// What a training run did, for benchmarks.
struct TrainingTrace {
  std::size_t epochs = 0;
  double final_max_gradient = 0;
};

// Returns features + 1 weights, the last one the bias. `labels[i]` is true when article
// i is a positive example. REQUIRES: labels.size() == articles.articles().
std::vector<double> TrainLogisticRegression(const ArticleMatrix& articles,
                                            const std::vector<bool>& labels,
                                            const LogisticRegressionOptions& options,
                                            TrainingTrace* trace = nullptr);

}  // namespace newsdex::topics::internal

#endif  // NEWSDEX_COMMON_TOPICS_LOGISTIC_REGRESSION_H_

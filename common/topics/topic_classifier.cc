#include "common/topics/topic_classifier.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/schema/schema.h"
#include "common/topics/logistic_regression.h"
#include "common/topics/topic_model_rep.h"

namespace newsdex::topics {

namespace {

// Each topic's classifier is trained from its own fixed seed, so that adding a topic
// leaves the others' models unchanged.
constexpr std::uint32_t kTrainingSeed = 0x6e657773;  // "news"

bool IsEntityTerm(std::string_view term) {
  return term.starts_with(kPrefixPerson) || term.starts_with(kPrefixOrg) ||
         term.starts_with(kPrefixPlace);
}

// A word term is unprefixed: prefixes are upper-case ASCII, and the analyser folds
// words to lower case.
bool IsWordTerm(std::string_view term) {
  return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Z');
}

double Sigmoid(double log_odds) { return 1.0 / (1.0 + std::exp(-log_odds)); }

// The topics to learn and, for each example, the numbers of its learned topics.
struct TopicLabels {
  std::vector<LearnedTopic> topics;                   // sorted by name
  std::vector<std::vector<std::uint32_t>> of_article;  // sorted, distinct
};

TopicLabels LabelArticles(const std::vector<LabelledArticle>& examples,
                          std::size_t min_articles) {
  std::unordered_map<std::string_view, std::size_t> counts;
  std::vector<std::string_view> seen;
  for (const LabelledArticle& example : examples) {
    seen.assign(example.topics.begin(), example.topics.end());
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (std::string_view topic : seen) {
      if (!topic.empty()) ++counts[topic];
    }
  }
  TopicLabels labels;
  for (const auto& [topic, articles] : counts) {
    if (articles >= std::max<std::size_t>(min_articles, 1)) {
      labels.topics.push_back({std::string(topic), articles});
    }
  }
  std::sort(labels.topics.begin(), labels.topics.end(),
            [](const LearnedTopic& a, const LearnedTopic& b) { return a.topic < b.topic; });
  std::unordered_map<std::string_view, std::uint32_t> number;
  for (std::size_t t = 0; t < labels.topics.size(); ++t) {
    number[labels.topics[t].topic] = static_cast<std::uint32_t>(t);
  }
  labels.of_article.resize(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) {
    std::vector<std::uint32_t>& mine = labels.of_article[i];
    for (const std::string& topic : examples[i].topics) {
      if (auto it = number.find(topic); it != number.end()) mine.push_back(it->second);
    }
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
  }
  return labels;
}

// A term that may become a feature: in enough training articles.
struct CandidateTerm {
  std::string_view term;
  std::uint32_t articles = 0;
  double chi_square = 0;  // the largest over the learned topics
};

std::vector<CandidateTerm> CountCandidates(const std::vector<LabelledArticle>& examples,
                                           std::size_t min_term_articles) {
  struct Seen {
    std::uint32_t articles = 0;
    std::size_t last_example = SIZE_MAX;  // counts a repeated term once per article
  };
  std::unordered_map<std::string_view, Seen> seen;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    for (const TermCount& tc : examples[i].terms) {
      if (tc.count == 0 || tc.term.empty()) continue;
      Seen& s = seen[tc.term];
      if (s.last_example != i) {
        s.last_example = i;
        ++s.articles;
      }
    }
  }
  std::vector<CandidateTerm> candidates;
  for (const auto& [term, s] : seen) {
    if (s.articles >= min_term_articles) candidates.push_back({term, s.articles, 0});
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const CandidateTerm& a, const CandidateTerm& b) { return a.term < b.term; });
  return candidates;
}

// Pearson's chi-square of the 2×2 table (term present or not) × (topic or not).
double ChiSquare(double both, double term_articles, double topic_articles, double n) {
  const double term_only = term_articles - both;
  const double topic_only = topic_articles - both;
  const double neither = n - term_articles - topic_articles + both;
  const double denominator =
      term_articles * (n - term_articles) * topic_articles * (n - topic_articles);
  if (denominator <= 0) return 0;
  const double d = both * neither - term_only * topic_only;
  return n * d * d / denominator;
}

// Scores every candidate by its largest chi-square over the topics, then keeps the
// `max_features` best (ties by term) and returns them sorted by term.
std::vector<CandidateTerm> SelectFeatures(const std::vector<LabelledArticle>& examples,
                                          const TopicLabels& labels,
                                          std::vector<CandidateTerm> candidates,
                                          std::size_t max_features) {
  std::unordered_map<std::string_view, std::uint32_t> number;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    number[candidates[c].term] = static_cast<std::uint32_t>(c);
  }
  const std::size_t topics = labels.topics.size();
  std::vector<std::uint32_t> both(candidates.size() * topics, 0);
  std::vector<std::uint32_t> present;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    if (labels.of_article[i].empty()) continue;
    present.clear();
    for (const TermCount& tc : examples[i].terms) {
      if (tc.count == 0) continue;
      if (auto it = number.find(tc.term); it != number.end()) present.push_back(it->second);
    }
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    for (std::uint32_t c : present) {
      for (std::uint32_t t : labels.of_article[i]) ++both[c * topics + t];
    }
  }
  const double n = static_cast<double>(examples.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    for (std::size_t t = 0; t < topics; ++t) {
      candidates[c].chi_square =
          std::max(candidates[c].chi_square,
                   ChiSquare(both[c * topics + t], candidates[c].articles,
                             static_cast<double>(labels.topics[t].articles), n));
    }
  }
  if (max_features != 0 && candidates.size() > max_features) {
    auto better = [](const CandidateTerm& a, const CandidateTerm& b) {
      return a.chi_square != b.chi_square ? a.chi_square > b.chi_square : a.term < b.term;
    };
    std::nth_element(candidates.begin(), candidates.begin() + max_features, candidates.end(),
                     better);
    candidates.resize(max_features);
    std::sort(candidates.begin(), candidates.end(),
              [](const CandidateTerm& a, const CandidateTerm& b) { return a.term < b.term; });
  }
  return candidates;
}

}  // namespace

namespace internal {

double TermWeight(std::uint32_t count) { return std::log1p(static_cast<double>(count)); }

float InverseDocumentFrequency(std::size_t df, std::size_t articles) {
  return static_cast<float>(
      std::log((1.0 + static_cast<double>(articles)) / (1.0 + static_cast<double>(df))) + 1.0);
}

void TopicModelContents::BuildIndex() {
  index.clear();
  index.reserve(features.size());
  for (std::size_t f = 0; f < features.size(); ++f) {
    index.emplace(features[f], static_cast<std::uint32_t>(f));
  }
}

std::vector<FeatureValue> TopicModelContents::Vectorize(const ArticleTerms& terms) const {
  std::vector<FeatureValue> row;
  for (const TermCount& tc : terms) {
    if (tc.count == 0) continue;
    auto it = index.find(tc.term);
    if (it == index.end()) continue;
    row.push_back({it->second, TermWeight(tc.count) * idf[it->second]});
  }
  std::sort(row.begin(), row.end(),
            [](const auto& a, const auto& b) { return a.feature < b.feature; });
  // Merge a term given twice (callers should not, but the vector stays well formed).
  std::size_t out = 0;
  for (std::size_t k = 0; k < row.size(); ++k) {
    if (out > 0 && row[out - 1].feature == row[k].feature) {
      row[out - 1].value += row[k].value;
    } else {
      row[out++] = row[k];
    }
  }
  row.resize(out);
  double norm = 0;
  for (const auto& e : row) norm += e.value * e.value;
  norm = std::sqrt(norm);
  for (auto& e : row) e.value /= norm;
  return row;
}

}  // namespace internal

bool IsNumberTerm(std::string_view term) {
  if (term.empty() || term.front() < '0' || term.front() > '9') return false;
  return std::all_of(term.begin(), term.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; });
}

ArticleTerms ClassifierTermsOf(const Xapian::Document& doc) {
  ArticleTerms terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if ((IsWordTerm(term) && !IsNumberTerm(term)) || IsEntityTerm(term)) {
      terms.push_back({term, static_cast<std::uint32_t>(it.get_wdf())});
    }
  }
  return terms;  // the termlist is sorted, so these are too
}

Result<TopicModel> TopicModel::Train(const std::vector<LabelledArticle>& examples,
                                     const TrainingOptions& options) {
  if (!(options.error_cost > 0) || !std::isfinite(options.error_cost)) {
    return Status::InvalidArgument("topic model: error_cost must be a positive number");
  }
  TopicLabels labels = LabelArticles(examples, options.min_articles_per_topic);
  if (labels.topics.empty()) {
    return Status::InvalidArgument("topic model: no topic is given to at least " +
                                   std::to_string(options.min_articles_per_topic) +
                                   " training articles");
  }
  const std::vector<CandidateTerm> selected =
      SelectFeatures(examples, labels, CountCandidates(examples, options.min_term_articles),
                     options.max_features);

  TopicModel model;
  Rep& rep = *model.rep_;
  rep.training_articles = examples.size();
  for (const CandidateTerm& c : selected) {
    rep.features.emplace_back(c.term);
    rep.idf.push_back(internal::InverseDocumentFrequency(c.articles, examples.size()));
  }
  rep.BuildIndex();
  internal::ArticleMatrix matrix;
  matrix.features = rep.features.size();
  for (const LabelledArticle& example : examples) matrix.Add(rep.Vectorize(example.terms));

  const std::size_t topics = labels.topics.size();
  rep.weights.assign(rep.features.size() * topics, 0.0f);
  rep.biases.assign(topics, 0.0f);
  std::vector<bool> positive(examples.size());
  internal::LogisticRegressionOptions solver;
  solver.error_cost = options.error_cost;
  solver.max_epochs = options.max_epochs;
  solver.tolerance = options.tolerance;
  for (std::size_t t = 0; t < topics; ++t) {
    for (std::size_t i = 0; i < examples.size(); ++i) {
      const auto& mine = labels.of_article[i];
      positive[i] = std::binary_search(mine.begin(), mine.end(), static_cast<std::uint32_t>(t));
    }
    solver.seed = kTrainingSeed;
    const std::vector<double> w = internal::TrainLogisticRegression(matrix, positive, solver);
    for (std::size_t f = 0; f < rep.features.size(); ++f) {
      rep.weights[f * topics + t] = static_cast<float>(w[f]);
    }
    rep.biases[t] = static_cast<float>(w.back());
  }
  rep.topics = std::move(labels.topics);
  return model;
}

TopicModel::TopicModel() : rep_(std::make_unique<Rep>()) {}
TopicModel::~TopicModel() = default;
TopicModel::TopicModel(TopicModel&&) noexcept = default;
TopicModel& TopicModel::operator=(TopicModel&&) noexcept = default;
TopicModel::TopicModel(const TopicModel& other)
    : rep_(std::make_unique<Rep>(other.rep_ ? *other.rep_ : Rep{})) {}
TopicModel& TopicModel::operator=(const TopicModel& other) {
  if (this != &other) rep_ = std::make_unique<Rep>(other.rep_ ? *other.rep_ : Rep{});
  return *this;
}

std::vector<TopicScore> TopicModel::Score(const ArticleTerms& terms) const {
  if (!rep_ || rep_->topics.empty()) return {};
  const std::size_t topics = rep_->topics.size();
  std::vector<double> log_odds(rep_->biases.begin(), rep_->biases.end());
  for (const internal::FeatureValue& e : rep_->Vectorize(terms)) {
    const float* row = rep_->weights.data() + std::size_t{e.feature} * topics;
    for (std::size_t t = 0; t < topics; ++t) log_odds[t] += e.value * row[t];
  }
  std::vector<TopicScore> scores(topics);
  for (std::size_t t = 0; t < topics; ++t) {
    scores[t] = {rep_->topics[t].topic, Sigmoid(log_odds[t])};
  }
  // Topics are sorted by name, so a stable sort breaks ties by name.
  std::stable_sort(scores.begin(), scores.end(), [](const TopicScore& a, const TopicScore& b) {
    return a.confidence > b.confidence;
  });
  return scores;
}

std::vector<TopicScore> TopicModel::Predict(const ArticleTerms& terms,
                                            double min_confidence) const {
  std::vector<TopicScore> scores = Score(terms);
  auto first_below = std::find_if(scores.begin(), scores.end(), [&](const TopicScore& s) {
    return s.confidence < min_confidence;
  });
  scores.erase(first_below, scores.end());
  return scores;
}

const std::vector<LearnedTopic>& TopicModel::topics() const {
  static const std::vector<LearnedTopic> kNone;
  return rep_ ? rep_->topics : kNone;
}

std::size_t TopicModel::feature_count() const { return rep_ ? rep_->features.size() : 0; }

std::size_t TopicModel::training_articles() const {
  return rep_ ? rep_->training_articles : 0;
}

}  // namespace newsdex::topics

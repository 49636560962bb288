#include "common/topics/logistic_regression.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <random>

namespace newsdex::topics::internal {

namespace {

// The bias is a feature every article has, with this value.
constexpr double kBiasValue = 1.0;
// Newton steps on one article's dual variable stop when the one-variable gradient is
// this close to zero (it is a log-odds, so this is far below anything that shows).
constexpr double kInnerTolerance = 1e-10;
constexpr int kMaxInnerSteps = 100;
// An overshoot past zero is pulled back to this share of the previous value, which keeps
// the variable inside (0, C) and lets the monotone phase of Newton's method take over.
constexpr double kOvershootShrink = 0.1;

// Finds v in (0, C/2] with q (v - v0) + s + log(v / (C - v)) = 0.
//
// An article's dual variable a lies in (0, C); the root is looked for on the side of C/2
// where it lies, as v = a or as v = C - a, so that a value very near 0 or C keeps its
// precision. There the function is increasing and concave: from the right of the root
// one Newton step lands left of it (or past zero, which is shrunk back), and from the
// left the steps approach the root monotonically.
double SolveDualVariable(double q, double v0, double s, double c) {
  const double mid = c / 2;
  double v = std::min(v0, mid);
  for (int step = 0; step < kMaxInnerSteps; ++step) {
    const double f = q * (v - v0) + s + std::log(v / (c - v));
    if (std::fabs(f) < kInnerTolerance) break;
    const double slope = q + c / (v * (c - v));
    double next = v - f / slope;
    if (next <= 0) next = v * kOvershootShrink;
    if (next > mid) next = mid;
    if (next == v) break;
    v = next;
  }
  return v;
}

// Fisher–Yates over std::mt19937's raw output: unlike std::shuffle and
// std::uniform_int_distribution, the same on every standard library.
void ShuffleArticles(std::mt19937* rng, std::vector<std::uint32_t>* order) {
  for (std::size_t i = order->size(); i > 1; --i) {
    const std::size_t j = (*rng)() % i;
    std::swap((*order)[i - 1], (*order)[j]);
  }
}

}  // namespace

void ArticleMatrix::Add(const std::vector<FeatureValue>& row) {
  for (const FeatureValue& e : row) {
    assert(e.feature < features);
    entries.push_back(e);
  }
  starts.push_back(entries.size());
}

std::vector<double> TrainLogisticRegression(const ArticleMatrix& articles,
                                            const std::vector<bool>& labels,
                                            const LogisticRegressionOptions& options,
                                            TrainingTrace* trace) {
  assert(labels.size() == articles.articles());
  assert(options.error_cost > 0);
  const std::size_t n = articles.articles();
  const std::size_t bias = articles.features;
  const double c = options.error_cost;
  std::vector<double> w(articles.features + 1, 0.0);
  // alpha[i] in (0, C) and its distance to C, kept apart for precision near C.
  std::vector<double> alpha(n, std::min(1e-3 * c, 1e-8));
  std::vector<double> beta(n, c - alpha.front());
  std::vector<double> q(n, kBiasValue * kBiasValue);
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) {
    order[i] = static_cast<std::uint32_t>(i);
    const double y = labels[i] ? 1.0 : -1.0;
    for (std::size_t k = articles.starts[i]; k < articles.starts[i + 1]; ++k) {
      const FeatureValue& e = articles.entries[k];
      q[i] += e.value * e.value;
      w[e.feature] += y * alpha[i] * e.value;
    }
    w[bias] += y * alpha[i] * kBiasValue;
  }

  std::mt19937 rng(options.seed);
  TrainingTrace local;
  for (std::size_t epoch = 0; epoch < options.max_epochs; ++epoch) {
    ShuffleArticles(&rng, &order);
    double max_gradient = 0;
    for (const std::uint32_t i : order) {
      const double y = labels[i] ? 1.0 : -1.0;
      const std::size_t begin = articles.starts[i], end = articles.starts[i + 1];
      double margin = w[bias] * kBiasValue;
      for (std::size_t k = begin; k < end; ++k) {
        margin += w[articles.entries[k].feature] * articles.entries[k].value;
      }
      const double g = y * margin;
      const double gradient = g + std::log(alpha[i] / beta[i]);
      max_gradient = std::max(max_gradient, std::fabs(gradient));
      // Articles already at their optimum cost a dot product and nothing more.
      if (std::fabs(gradient) <= options.tolerance * 0.1) continue;
      double new_alpha, new_beta;
      if (q[i] * (c / 2 - alpha[i]) + g >= 0) {  // the root is at or below C/2
        new_alpha = SolveDualVariable(q[i], alpha[i], g, c);
        new_beta = c - new_alpha;
      } else {
        new_beta = SolveDualVariable(q[i], beta[i], -g, c);
        new_alpha = c - new_beta;
      }
      const double step = y * (new_alpha - alpha[i]);
      alpha[i] = new_alpha;
      beta[i] = new_beta;
      if (step == 0) continue;
      for (std::size_t k = begin; k < end; ++k) {
        w[articles.entries[k].feature] += step * articles.entries[k].value;
      }
      w[bias] += step * kBiasValue;
    }
    local.epochs = epoch + 1;
    local.final_max_gradient = max_gradient;
    if (max_gradient <= options.tolerance) break;
  }
  if (trace != nullptr) *trace = local;
  return w;
}

}  // namespace newsdex::topics::internal

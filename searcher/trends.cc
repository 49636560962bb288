#include "searcher/trends.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string_view>

#include "common/schema/schema.h"
#include "searcher/timeline.h"

namespace newsdex::search {
namespace {

// Counts every match once in the period of its publication date, and once per distinct
// topic of its topic list.
class TrendsSpy : public Xapian::MatchSpy {
 public:
  explicit TrendsSpy(TimelinePeriod by) : by_(by) {}

  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    ++seen_;
    const std::optional<std::int64_t> period = PeriodOf(doc.get_value(kSlotPublished), by_);
    if (!period) {
      ++undated_;
      return;
    }
    ++counts_.articles[*period];
    const std::string list = doc.get_value(kSlotTopics);
    topics_.clear();
    std::size_t start = 0;
    while (start < list.size()) {
      std::size_t end = list.find(kFacetSeparator, start);
      if (end == std::string::npos) end = list.size();
      const std::string_view topic = std::string_view(list).substr(start, end - start);
      // Rules, a classifier and the source may all give the same topic: count it once.
      if (!topic.empty() && std::find(topics_.begin(), topics_.end(), topic) == topics_.end()) {
        topics_.push_back(topic);
        ++counts_.topics[*period][std::string(topic)];
      }
      start = end + 1;
    }
  }
  std::string name() const override { return "newsdex.TrendsSpy"; }

  const PeriodCounts& counts() const { return counts_; }
  std::uint64_t seen() const { return seen_; }
  std::uint64_t undated() const { return undated_; }

 private:
  TimelinePeriod by_;
  std::uint64_t seen_ = 0, undated_ = 0;
  std::vector<std::string_view> topics_;  // of the current document
  PeriodCounts counts_;
};

std::uint64_t CountIn(const PeriodCounts& counts, std::int64_t period, const std::string& topic) {
  const auto in_period = counts.topics.find(period);
  if (in_period == counts.topics.end()) return 0;
  const auto it = in_period->second.find(topic);
  return it == in_period->second.end() ? 0 : it->second;
}

// The rising topics of `period`, whose baseline is the mean over [from, period).
std::vector<RisingTopic> RisingIn(const PeriodCounts& counts, std::int64_t period, std::int64_t from,
                                  const TrendsRequest& request) {
  std::vector<RisingTopic> rising;
  const auto in_period = counts.topics.find(period);
  if (in_period == counts.topics.end()) return rising;
  const double periods = static_cast<double>(period - from);
  for (const auto& [topic, count] : in_period->second) {
    if (count < request.min_count) continue;
    std::uint64_t before = 0;
    for (std::int64_t p = from; p < period; ++p) before += CountIn(counts, p, topic);
    const double baseline = static_cast<double>(before) / periods;
    if (static_cast<double>(count) <= baseline) continue;
    rising.push_back({topic, count, baseline, TrendScore(count, baseline)});
  }
  std::sort(rising.begin(), rising.end(), [](const RisingTopic& a, const RisingTopic& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.count != b.count) return a.count > b.count;
    return a.topic < b.topic;
  });
  if (request.top != 0 && rising.size() > request.top) rising.resize(request.top);
  return rising;
}

}  // namespace

double TrendScore(std::uint64_t count, double baseline) {
  return (static_cast<double>(count) - baseline) / std::sqrt(baseline + 1);
}

std::vector<TrendPeriod> RankTrends(const PeriodCounts& counts, const TrendsRequest& request) {
  std::vector<TrendPeriod> periods;
  if (counts.articles.empty() || request.window == 0) return periods;
  const std::int64_t first = counts.articles.begin()->first;
  const std::int64_t last = counts.articles.rbegin()->first;
  const auto window = static_cast<std::int64_t>(request.window);
  for (std::int64_t p = first + 1; p <= last; ++p) {
    TrendPeriod period;
    period.period = PeriodLabel(p, request.by);
    period.start = PeriodStart(p, request.by);
    if (auto it = counts.articles.find(p); it != counts.articles.end()) period.articles = it->second;
    period.partial = p - first < window;
    period.topics = RisingIn(counts, p, std::max(first, p - window), request);
    periods.push_back(std::move(period));
  }
  return periods;
}

Result<TrendsResult> FindTrends(const Xapian::Database& db, const Xapian::Query& query,
                                const TrendsRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  if (request.window == 0) return Status::InvalidArgument("the window must be at least 1 period");
  TrendsSpy spy(request.by);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  TrendsResult result;
  result.by = request.by;
  result.window = request.window;
  result.total = mset.get_matches_estimated();
  result.undated = spy.undated();
  const PeriodCounts& counts = spy.counts();
  if (!counts.articles.empty()) {
    const auto span =
        static_cast<std::uint64_t>(counts.articles.rbegin()->first - counts.articles.begin()->first) + 1;
    if (span > kMaxTimelinePeriods) {
      return Status::FailedPrecondition("the trends would span " + std::to_string(span) + " " +
                                        std::string(TimelinePeriodName(request.by)) +
                                        "s (more than " + std::to_string(kMaxTimelinePeriods) +
                                        "); look by a longer period");
    }
  }
  result.periods = RankTrends(counts, request);
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace newsdex::search

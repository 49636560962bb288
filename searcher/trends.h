// Trends: per period of publication, the topics of the matching articles that rose most
// against their trailing mean. One pass over every match reads the date slot
// (kSlotPublished) and the topic list (kSlotTopics), whatever gave the topics (the
// source, rules or a classifier), and counts articles per (period, topic).
//
//   auto result = newsdex::search::FindTrends(db, query, request);
//   for (const auto& p : result->periods) for (const auto& t : p.topics) print(p.period, t.topic);
//
// Pure functions over a Database the caller owns; not thread-safe on that Database.
#ifndef NEWSDEX_SEARCHER_TRENDS_H_
#define NEWSDEX_SEARCHER_TRENDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsdex/searcher.h"

namespace newsdex::search {

// (count - baseline) / sqrt(baseline + 1): how far a count stands above its baseline,
// in Poisson standard deviations (the +1 keeps a topic new to the window finite).
double TrendScore(std::uint64_t count, double baseline);

// Article counts per period (consecutive sequence numbers, see PeriodOf): all matching
// articles, and per topic.
struct PeriodCounts {
  std::map<std::int64_t, std::uint64_t> articles;
  std::map<std::int64_t, std::map<std::string, std::uint64_t>> topics;
};

// The periods of `counts` from the second to the last, with their rising topics as
// TrendsRequest asks (request.query and request.as_of are not read).
std::vector<TrendPeriod> RankTrends(const PeriodCounts& counts, const TrendsRequest& request);

// Counts the matches of `query` in `db` and ranks their rising topics. InvalidArgument
// for window 0; FailedPrecondition past kMaxTimelinePeriods periods. May throw
// Xapian::Error (the caller translates it).
Result<TrendsResult> FindTrends(const Xapian::Database& db, const Xapian::Query& query,
                                const TrendsRequest& request);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_TRENDS_H_

// Timelines: how many matching articles fall in each day, ISO week, month or year, by
// publication date (value slot kSlotPublished) or by the dates they mention
// (kSlotMentions). Counting happens inside Xapian's matcher with a MatchSpy, over every
// match.
//
//   auto results = newsdex::search::CountTimeline(db, query, request);
//   for (const auto& point : results->points) print(point.period, point.count);
//
// Pure functions over a Database the caller owns; not thread-safe on that Database.
#ifndef NEWSDEX_SEARCHER_TIMELINE_H_
#define NEWSDEX_SEARCHER_TIMELINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "newsdex/searcher.h"

namespace newsdex::search {

// Longest timeline returned; a longer one (e.g. by day over centuries of mentions) is
// refused with FailedPrecondition suggesting a coarser period.
inline constexpr std::size_t kMaxTimelinePeriods = 20000;

// The period of `by` holding a date written "YYYYMMDD...", "YYYYMM" or "YYYY" (slot
// forms), as a sequence number (consecutive periods differ by one); nullopt when the
// date is less precise than the period (a month for a day or week timeline) or
// malformed.
std::optional<std::int64_t> PeriodOf(std::string_view slot_date, TimelinePeriod by);
// The label ("1987-03-02", "1987-W10", "1987-03", "1987") and first second (UTC) of
// period number `period`.
std::string PeriodLabel(std::int64_t period, TimelinePeriod by);
std::int64_t PeriodStart(std::int64_t period, TimelinePeriod by);

// Counts the matches of `query` in `db` per period. `request.query` is not read: the
// caller parsed it into `query`.
Result<TimelineResults> CountTimeline(const Xapian::Database& db, const Xapian::Query& query,
                                      const TimelineRequest& request);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_TIMELINE_H_

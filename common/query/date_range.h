// Date values in the query language (`date:2023`, `date:2023-10..2023-12-31`,
// `date:..1987`, `date:last-30-days`) turned into bounds on the published value slot,
// which holds "YYYYMMDDhhmmss" UTC, and into the days they cover (for `mentions:`).
//
//   size_t at = 0;
//   auto range = newsdex::query::internal::ParseDateRange("2023-10", now, &at);
//   // range->lower == "20231001000000", range->upper == "20231031235959"
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_QUERY_DATE_RANGE_H_
#define NEWSDEX_COMMON_QUERY_DATE_RANGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema/schema.h"
#include "newsdex/status.h"

namespace newsdex::query::internal {

struct DateRange {
  std::string lower;  // "YYYYMMDD000000"; empty for an open start (..B)
  std::string upper;  // "YYYYMMDD235959"; empty for an open end (A..)
  // The first and last day covered, in days since 1970-01-01; an open end stands for
  // the first or last day of the years newsdex accepts (1600..2200).
  std::int64_t first_day = 0, last_day = 0;
};

// Parses YYYY | YYYY-MM | YYYY-MM-DD, or A..B, ..B, A.. with any of those forms on each
// side (A's first second to B's last); or a period counted back from `as_of` (seconds
// since the epoch, UTC): today, yesterday, last-N-days, last-N-weeks, last-N-months,
// last-N-years (the period ending with the as-of day, which it includes: last-7-days is
// the as-of day and the six before it), and this-week (from Monday), this-month,
// this-year; "today" and "yesterday" may also end or start a range. Years must lie in
// 1600..2200 and days must exist. On failure returns InvalidArgument whose message is
// the bare reason ("day 31 does not exist in February 2023"), and sets *error_offset to
// the byte offset in `text` it is about.
Result<DateRange> ParseDateRange(std::string_view text, std::int64_t as_of,
                                 std::size_t* error_offset);

// The fewest terms of `family` (common/schema/schema.h) whose union covers the days of
// `range`: whole years as year terms, whole months as month terms, the other days as
// day terms. For mentions, "2023-10-30..2024-02-02" gives XDD20231030, XDD20231031,
// XDM202311, XDM202312, XDM202401, XDD20240201 and XDD20240202: the articles mentioning
// a date within the range (a month or year mention matches only a range that covers all
// of it). For kPublishedDates, the articles published within it. Periods wholly outside
// the days [first_held, last_held] (where the index holds all its dates) are left out.
std::vector<std::string> TermsCovering(const DateRange& range, const DateTermPrefixes& family,
                                       std::int64_t first_held = INT64_MIN,
                                       std::int64_t last_held = INT64_MAX);

}  // namespace newsdex::query::internal

#endif  // NEWSDEX_COMMON_QUERY_DATE_RANGE_H_

// Date values in the query language (`date:2023`, `date:2023-10..2023-12-31`, `date:..1987`)
// turned into bounds on the published value slot, which holds "YYYYMMDDhhmmss" UTC.
//
//   size_t at = 0;
//   auto range = newsdex::search::internal::ParseDateRange("2023-10", &at);
//   // range->lower == "20231001000000", range->upper == "20231031235959"
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_SEARCHER_DATE_RANGE_H_
#define NEWSDEX_SEARCHER_DATE_RANGE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "newsdex/status.h"

namespace newsdex::search::internal {

struct DateRange {
  std::string lower;  // "YYYYMMDD000000"; empty for an open start (..B)
  std::string upper;  // "YYYYMMDD235959"; empty for an open end (A..)
};

// Parses YYYY | YYYY-MM | YYYY-MM-DD, or A..B, ..B, A.. with any of those forms on each
// side (A's first second to B's last). Years must lie in 1600..2200 and days must exist.
// On failure returns InvalidArgument whose message is the bare reason ("day 31 does not
// exist in February 2023"), and sets *error_offset to the byte offset in `text` it is about.
Result<DateRange> ParseDateRange(std::string_view text, std::size_t* error_offset);

}  // namespace newsdex::search::internal

#endif  // NEWSDEX_SEARCHER_DATE_RANGE_H_

// Civil (proleptic Gregorian, UTC) calendar arithmetic shared by the date parsers, the
// date-mention extractor and the searcher's timelines.
//
//   newsdex::text::DaysFromCivil(1970, 1, 2);   // 1
//   newsdex::text::CivilFromDays(19646);       // {2023, 10, 16}
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_TEXT_CIVIL_DATE_H_
#define NEWSDEX_COMMON_TEXT_CIVIL_DATE_H_

#include <cstdint>

namespace newsdex::text {

struct Ymd {
  std::int64_t year;
  unsigned month, day;
};

bool IsLeapYear(std::int64_t year);
// Days of `month` (1..12) in `year`.
int DaysInMonth(std::int64_t year, int month);
// Days since 1970-01-01 for a date (H. Hinnant's algorithm), and back.
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);
Ymd CivilFromDays(std::int64_t days);
// 0 for Monday .. 6 for Sunday.
int WeekdayOfDays(std::int64_t days);
// Days since the epoch of the day holding `seconds` (rounding down before 1970).
std::int64_t DaysOfSeconds(std::int64_t seconds);

}  // namespace newsdex::text

#endif  // NEWSDEX_COMMON_TEXT_CIVIL_DATE_H_

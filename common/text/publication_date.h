// Publication dates: parsing the forms sources write, and the forms newsdex writes.
//
//   auto t = newsdex::text::ParsePublicationDate("26-FEB-1987 15:01:01.79");  // 541350061
//   newsdex::text::FormatIso8601(*t);  // "1987-02-26T15:01:01Z"
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_TEXT_PUBLICATION_DATE_H_
#define NEWSDEX_COMMON_TEXT_PUBLICATION_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newsdex/status.h"

namespace newsdex::text {

// Earliest and latest publication years accepted; anything outside is "absurd".
inline constexpr int kMinYear = 1600;
inline constexpr int kMaxYear = 2200;

// Parses a publication date and returns seconds since the epoch, UTC. Accepts:
//   Reuters "26-FEB-1987 15:01:01.79" (with stray spaces, trailing junk, odd hundredths,
//     an impossible hour, which keeps the day only);
//   ISO 8601 "2023-10-16", "2023-10-16T08:30:00Z", "2023-10-16 08:30:00+02:00", "20231016";
//   RFC 2822 "Tue, 24 Nov 2026 21:40:23 +0000" (also "GMT", "UTC", "EST" ...);
//   written "October 16, 2023", "16 October 2023", "Oct. 16, 2023", "Oct 16 2023";
//   a number of seconds since the epoch (10 digits) or milliseconds (13 digits).
// A date without a time is midnight UTC. Returns InvalidArgument with a short reason
// ("day 31 does not exist in February 2023", "year 0 is out of range", "not a date")
// for text that is not a date or names an impossible one.
Result<std::int64_t> ParsePublicationDate(std::string_view text);

// A full date (with its year) written in the dateline at the start of an article.
struct DatelineDate {
  // The date as written, e.g. "Oct. 16, 2023": a view into the text given to
  // FindDatelineDate, valid as long as that text is.
  std::string_view written;
  // Seconds since the epoch (midnight UTC unless a time is written), or InvalidArgument
  // with the reason ParsePublicationDate gives ("day 32 does not exist in October 2023").
  Result<std::int64_t> published;
};

// Looks for a date in the dateline that opens `text` (an article's dateline field or the
// start of its body), and nowhere else. The dateline is the run of place words
// ("WASHINGTON", "St. Paul", "SAO PAULO"), commas and a wire tag ("(Reuters)", "(AP)")
// within the first 120 bytes of the first line; the date must come in that run and be
// followed by a dash (" - ", " -- ", " — ", " – "), a wire tag, a colon, the end of
// the line or the end of the text:
//   "WASHINGTON, Oct. 16, 2023 (Reuters) - ..."   "LONDON, 16 October 2023 - ..."
//   "October 16, 2023 — The ..."   "2023-10-16: ..."   "Monday, October 16, 2023"
//   "PARIS (AFP) Oct 16, 2023 - ..."   "16-Oct-2023 08:30 GMT - ..."
// The year must be written with four digits; a time and zone after the date are read as
// ParsePublicationDate reads them. Returns nullopt when the text opens with no such date:
// a date without a year ("SALVADOR, Feb 26 -"), one after the dateline ("LONDON - On
// October 16, 2023 ..."), one inside a sentence ("Talks on October 16, 2023 ended").
// Returns a DatelineDate with an error in `published` for a dateline date that names no
// real day ("LONDON, October 32, 2023 -").
std::optional<DatelineDate> FindDatelineDate(std::string_view text);

// Seconds since the epoch for a civil UTC date and time; no validation.
std::int64_t CivilToSeconds(int year, int month, int day, int hour = 0, int minute = 0,
                            int second = 0);

// True when year-month-day names a real day within [kMinYear, kMaxYear].
bool IsValidCivilDate(int year, int month, int day);

// "1987-02-26T15:01:01Z".
std::string FormatIso8601(std::int64_t seconds);
// "19870226150101": the value-slot form, which sorts as text.
std::string FormatSortable(std::int64_t seconds);
// The inverse of FormatSortable: seconds since the epoch, UTC, or nullopt unless `value`
// is 14 digits naming a real day of years 0000-9999 and a time from 00:00:00 to 23:59:59.
std::optional<std::int64_t> ParseSortable(std::string_view value);

}  // namespace newsdex::text

#endif  // NEWSDEX_COMMON_TEXT_PUBLICATION_DATE_H_

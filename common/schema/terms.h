// Building index terms from field values, the same way for indexing and querying.
//
//   newsdex::IdTerm("reuters/17192");                    // "Qreuters/17192"
//   newsdex::BooleanTerm(newsdex::kPrefixPerson, "james baker");  // "XPjames baker"
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_SCHEMA_TERMS_H_
#define NEWSDEX_COMMON_SCHEMA_TERMS_H_

#include <string>
#include <string_view>

namespace newsdex {

// The unique term of an article id: "Q" + id, or, when that would pass kMaxTermBytes,
// "Q" + the first 64 bytes of the id + "#" + a 128-bit hash of the whole id in hex,
// so that long ids stay unique and Xapian never silently drops the term.
std::string IdTerm(std::string_view id);

// prefix + value, with over-long values cut and hashed the same way as IdTerm().
// `value` should already be folded (Analyzer::FoldValue) for case-insensitive fields.
std::string BooleanTerm(std::string_view prefix, std::string_view value);

struct DateTermPrefixes;

// The terms of a day, a month or a year in one family of date terms (schema.h): dates
// written in the text (kMentionDates: "XDD20231016", "XDM202310", "XDY2023") or the
// published day (kPublishedDates: "D20231016", "M202310", "Y2023").
std::string DayTerm(const DateTermPrefixes& family, int year, int month, int day);
std::string MonthTerm(const DateTermPrefixes& family, int year, int month);
std::string YearTerm(const DateTermPrefixes& family, int year);
// The same as mentions: terms. Also the slot form without prefix (MentionSlotDate:
// "20231016", "202310", "2023").
std::string MentionDayTerm(int year, int month, int day);
std::string MentionMonthTerm(int year, int month);
std::string MentionYearTerm(int year);
// month 0: a year; day 0: a month.
std::string MentionSlotDate(int year, int month, int day);

// A stable 64-bit hash of bytes (XXH3), used for content hashes.
unsigned long long ContentHash(std::string_view bytes);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_SCHEMA_TERMS_H_

#include "searcher/date_range.h"

#include <array>
#include <cstdio>

namespace newsdex::search::internal {
namespace {

// Same bounds as the indexer's publication-date check (common/text/publication_date.h),
// repeated here so that a query never names a day the indexer would call absurd.
constexpr long kMinYear = 1600;
constexpr long kMaxYear = 2200;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool IsLeapYear(long year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(long year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

// One side of a range: the first and last day it covers.
struct Span {
  long year = 0;
  int first_month = 1, last_month = 12;
  int first_day = 1, last_day = 31;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads up to `max_digits` digits at text[*i]; false when there are none or too many.
bool ReadNumber(std::string_view text, std::size_t* i, std::size_t max_digits, long* out) {
  std::size_t start = *i;
  long value = 0;
  while (*i < text.size() && IsDigit(text[*i])) {
    if (*i - start == max_digits) return false;
    value = value * 10 + (text[*i] - '0');
    ++*i;
  }
  *out = value;
  return *i > start;
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

Status NotADate(std::string_view text) {
  return Status::InvalidArgument("not a date: " + Quoted(text) +
                                 " (use YYYY, YYYY-MM, YYYY-MM-DD or a range A..B)");
}

Result<Span> ParseSpan(std::string_view text) {
  Span span;
  std::size_t i = 0;
  long year = 0, month = 0, day = 0;
  if (!ReadNumber(text, &i, 9, &year)) return NotADate(text);
  bool has_month = false, has_day = false;
  if (i < text.size()) {
    if (text[i] != '-') return NotADate(text);
    ++i;
    if (!ReadNumber(text, &i, 2, &month)) return NotADate(text);
    has_month = true;
  }
  if (i < text.size()) {
    if (text[i] != '-') return NotADate(text);
    ++i;
    if (!ReadNumber(text, &i, 2, &day)) return NotADate(text);
    has_day = true;
  }
  if (i != text.size()) return NotADate(text);
  if (year < kMinYear || year > kMaxYear) {
    return Status::InvalidArgument("year " + std::to_string(year) + " is out of range (" +
                                   std::to_string(kMinYear) + " to " + std::to_string(kMaxYear) +
                                   ")");
  }
  span.year = year;
  if (!has_month) return span;
  if (month < 1 || month > 12) {
    return Status::InvalidArgument("month " + std::to_string(month) + " does not exist");
  }
  const int m = static_cast<int>(month);
  span.first_month = span.last_month = m;
  span.last_day = DaysInMonth(year, m);
  if (!has_day) return span;
  if (day < 1 || day > DaysInMonth(year, m)) {
    return Status::InvalidArgument("day " + std::to_string(day) + " does not exist in " +
                                   std::string(kMonthNames[static_cast<std::size_t>(m - 1)]) +
                                   " " + std::to_string(year));
  }
  span.first_day = span.last_day = static_cast<int>(day);
  return span;
}

std::string Stamp(long year, int month, int day, const char* time) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04ld%02d%02d%s", year, month, day, time);
  return buffer;
}

std::string Lower(const Span& s) { return Stamp(s.year, s.first_month, s.first_day, "000000"); }
std::string Upper(const Span& s) { return Stamp(s.year, s.last_month, s.last_day, "235959"); }

}  // namespace

Result<DateRange> ParseDateRange(std::string_view text, std::size_t* error_offset) {
  *error_offset = 0;
  if (text.empty()) return Status::InvalidArgument("a date is missing");
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    Result<Span> span = ParseSpan(text);
    if (!span.ok()) return span.status();
    return DateRange{Lower(*span), Upper(*span)};
  }
  const std::string_view from = text.substr(0, dots);
  const std::string_view to = text.substr(dots + 2);
  if (from.empty() && to.empty()) {
    return Status::InvalidArgument("the date range '..' needs at least one end");
  }
  DateRange range;
  if (!from.empty()) {
    Result<Span> span = ParseSpan(from);
    if (!span.ok()) return span.status();
    range.lower = Lower(*span);
  }
  if (!to.empty()) {
    Result<Span> span = ParseSpan(to);
    if (!span.ok()) {
      *error_offset = dots + 2;
      return span.status();
    }
    range.upper = Upper(*span);
  }
  if (!range.lower.empty() && !range.upper.empty() && range.lower > range.upper) {
    return Status::InvalidArgument("the date range ends before it starts (" +
                                   std::string(from) + " is after " + std::string(to) + ")");
  }
  return range;
}

}  // namespace newsdex::search::internal

#include "common/query/date_range.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "common/schema/schema.h"
#include "common/schema/terms.h"
#include "common/text/civil_date.h"
#include "common/text/publication_date.h"

namespace newsdex::query::internal {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// The days (since the epoch) one side of a range covers.
struct Span {
  std::int64_t first = 0, last = 0;
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

// Appends rather than concatenating temporaries, which GCC 12 misreads as an
// overlapping copy (-Wrestrict) once inlined.
std::string Quoted(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '\'';
  quoted += text;
  quoted += '\'';
  return quoted;
}

Status NotADate(std::string_view text) {
  return Status::InvalidArgument("not a date: " + Quoted(text) +
                                 " (use YYYY, YYYY-MM, YYYY-MM-DD, a range A..B, or "
                                 "last-N-days|weeks|months|years)");
}

std::int64_t Day(long year, int month, int day) {
  return text::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// The day `months` calendar months before `day` (clamped to the month's end), plus one;
// the first day of kMinYear when that is earlier.
std::int64_t AfterMonthsBack(std::int64_t day, long months) {
  const text::Ymd d = text::CivilFromDays(day);
  const std::int64_t index = d.year * 12 + (d.month - 1) - months;
  if (index < std::int64_t{text::kMinYear} * 12) return Day(text::kMinYear, 1, 1);
  const std::int64_t y = index / 12;
  const int m = static_cast<int>(index % 12) + 1;
  const int dd = std::min<int>(static_cast<int>(d.day), text::DaysInMonth(y, m));
  return Day(static_cast<long>(y), m, dd) + 1;
}

// today | yesterday | last-N-days|weeks|months|years | this-week|month|year.
std::optional<Result<Span>> ParseRelative(std::string_view text, std::int64_t as_of_day) {
  const std::int64_t t = as_of_day;
  if (text == "today") return Span{t, t};
  if (text == "yesterday") return Span{t - 1, t - 1};
  if (text == "this-week") return Span{t - text::WeekdayOfDays(t), t};
  const text::Ymd d = text::CivilFromDays(t);
  if (text == "this-month") return Span{t - (d.day - 1), t};
  if (text == "this-year") return Span{Day(static_cast<long>(d.year), 1, 1), t};
  if (text.substr(0, 5) != "last-") return std::nullopt;
  std::string_view rest = text.substr(5);
  long n = 1;
  std::size_t i = 0;
  if (!rest.empty() && IsDigit(rest[0])) {
    if (!ReadNumber(rest, &i, 6, &n) || n < 1 || i >= rest.size() || rest[i] != '-') {
      return Result<Span>(NotADate(text));
    }
    rest = rest.substr(i + 1);
  }
  auto unit = [&](std::string_view one) { return rest == one || rest == std::string(one) + "s"; };
  // Periods reaching back before the first year accepted start with that year.
  const std::int64_t first_accepted = Day(text::kMinYear, 1, 1);
  if (unit("day")) return Span{std::max(t - (n - 1), first_accepted), t};
  if (unit("week")) return Span{std::max(t - (7 * n - 1), first_accepted), t};
  if (unit("month")) return Span{AfterMonthsBack(t, n), t};
  if (unit("year")) return Span{AfterMonthsBack(t, 12 * n), t};
  return Result<Span>(NotADate(text));
}

Result<Span> ParseSpan(std::string_view text, std::int64_t as_of_day) {
  if (auto relative = ParseRelative(text, as_of_day)) return *std::move(relative);
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
  if (year < text::kMinYear || year > text::kMaxYear) {
    return Status::InvalidArgument("year " + std::to_string(year) + " is out of range (" +
                                   std::to_string(text::kMinYear) + " to " +
                                   std::to_string(text::kMaxYear) + ")");
  }
  if (!has_month) return Span{Day(year, 1, 1), Day(year, 12, 31)};
  if (month < 1 || month > 12) {
    return Status::InvalidArgument("month " + std::to_string(month) + " does not exist");
  }
  const int m = static_cast<int>(month);
  if (!has_day) return Span{Day(year, m, 1), Day(year, m, text::DaysInMonth(year, m))};
  if (day < 1 || day > text::DaysInMonth(year, m)) {
    return Status::InvalidArgument("day " + std::to_string(day) + " does not exist in " +
                                   std::string(kMonthNames[static_cast<std::size_t>(m - 1)]) +
                                   " " + std::to_string(year));
  }
  return Span{Day(year, m, static_cast<int>(day)), Day(year, m, static_cast<int>(day))};
}

std::string Stamp(std::int64_t days, const char* time) {
  const text::Ymd d = text::CivilFromDays(days);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04lld%02u%02u%s", static_cast<long long>(d.year),
                d.month, d.day, time);
  return buffer;
}

}  // namespace

Result<DateRange> ParseDateRange(std::string_view text, std::int64_t as_of,
                                 std::size_t* error_offset) {
  *error_offset = 0;
  if (text.empty()) return Status::InvalidArgument("a date is missing");
  const std::int64_t as_of_day = text::DaysOfSeconds(as_of);
  const std::size_t dots = text.find("..");
  DateRange range;
  range.first_day = Day(text::kMinYear, 1, 1);
  range.last_day = Day(text::kMaxYear, 12, 31);
  if (dots == std::string_view::npos) {
    Result<Span> span = ParseSpan(text, as_of_day);
    if (!span.ok()) return span.status();
    range.first_day = span->first;
    range.last_day = span->last;
    range.lower = Stamp(span->first, "000000");
    range.upper = Stamp(span->last, "235959");
    return range;
  }
  const std::string_view from = text.substr(0, dots);
  const std::string_view to = text.substr(dots + 2);
  if (from.empty() && to.empty()) {
    return Status::InvalidArgument("the date range '..' needs at least one end");
  }
  if (!from.empty()) {
    Result<Span> span = ParseSpan(from, as_of_day);
    if (!span.ok()) return span.status();
    range.first_day = span->first;
    range.lower = Stamp(span->first, "000000");
  }
  if (!to.empty()) {
    Result<Span> span = ParseSpan(to, as_of_day);
    if (!span.ok()) {
      *error_offset = dots + 2;
      return span.status();
    }
    range.last_day = span->last;
    range.upper = Stamp(span->last, "235959");
  }
  if (range.first_day > range.last_day) {
    return Status::InvalidArgument("the date range ends before it starts (" +
                                   std::string(from) + " is after " + std::string(to) + ")");
  }
  return range;
}

std::vector<std::string> TermsCovering(const DateRange& range, const DateTermPrefixes& family,
                                       std::int64_t first_held, std::int64_t last_held) {
  std::vector<std::string> terms;
  const auto held = [&](std::int64_t first, std::int64_t last) {
    return last >= first_held && first <= last_held;
  };
  std::int64_t day = range.first_day;
  while (day <= range.last_day) {
    const text::Ymd d = text::CivilFromDays(day);
    const auto y = static_cast<int>(d.year);
    const auto m = static_cast<int>(d.month);
    const std::int64_t year_end = Day(y, 12, 31);
    const std::int64_t month_end = Day(y, m, text::DaysInMonth(y, m));
    std::int64_t end = day;
    if (d.month == 1 && d.day == 1 && year_end <= range.last_day) {
      end = year_end;
      if (held(day, end)) terms.push_back(YearTerm(family, y));
    } else if (d.day == 1 && month_end <= range.last_day) {
      end = month_end;
      if (held(day, end)) terms.push_back(MonthTerm(family, y, m));
    } else if (held(day, end)) {
      terms.push_back(DayTerm(family, y, m, static_cast<int>(d.day)));
    }
    day = end + 1;
  }
  return terms;
}

}  // namespace newsdex::query::internal

// Dates written in the text of an article: "October 16, 2023", "16 October", "March 20
// to 22, 2023", "20-22 March", "2023-10-16", "mid-October", "in 1987", and, relative to
// the publication date, "yesterday", "on Wednesday", "last week", "next month", "this
// year". Each is normalised to a day, a month or a year (or a run of them), so that
// `mentions:` can find it at any of those granularities.
//
//   newsdex::text::DateMentionExtractor extractor;
//   std::vector<newsdex::text::DateMention> found;
//   extractor.Extract("Talks will resume on Wednesday.", {.published = t}, &found);
//   found[0].Key();  // "2023-10-18" when t is a Monday, 16 October 2023
//
// Rules (deterministic; each mention records which one fired):
// - A year is 1600..2200. A bare four-digit number is a year only after a cue ("in",
//   "since", "by", "until", "during", "from", "before", "after", "early", "mid-", "late",
//   "fiscal", "end of" ...), next to a month, or as a span "1986/87".
// - A month alone ("May", "March") needs a day, a year or a cue ("in May", "last March",
//   "mid-October"), so "Theresa May" and "the March on Washington" are not dates.
// - A date written without its year takes the year that puts it nearest the
//   publication date; without a publication date, the year of the nearest full date
//   written earlier in the text (else later); with neither, it is dropped.
// - Relative dates need the publication date; without one they are dropped. A weekday
//   ("on Wednesday") is the latest such day on or before publication, or the next one on
//   or after it when the sentence speaks of the future ("will", "is due to", "next").
// - A range ("March 20 to 22, 2023", "last week") is one mention from `first` to `last`.
// - Numbers that are not dates are left alone: "1,987 tonnes", "$2023", "2000 shares",
//   times ("20:22"), and impossible days ("February 30").
//
// An extractor is immutable after construction and safe to share between threads.
#ifndef NEWSDEX_COMMON_TEXT_DATE_MENTIONS_H_
#define NEWSDEX_COMMON_TEXT_DATE_MENTIONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::text {

enum class DatePrecision { kYear, kMonth, kDay };

// A civil date of some precision: month is 0 for a year, day is 0 for a month.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// How a mention was recognised.
enum class DateCue {
  kWritten,   // an absolute date with its year: "October 16, 2023", "2023-10-16"
  kYearless,  // an absolute date whose year came from the context: "16 October"
  kRelative,  // relative to the publication date: "yesterday", "last week"
  kYear,      // a year on its own: "in 1987"
};

struct DateMention {
  CivilDate first;  // the day, month or year; or the start of a range
  CivilDate last;   // equal to `first` unless the mention is a range
  DatePrecision precision = DatePrecision::kDay;
  DateCue cue = DateCue::kWritten;
  std::size_t begin = 0, end = 0;  // byte offsets of the words in the text

  bool is_range() const { return first != last; }
  // "2023-10-16", "2023-10", "2023"; a range as "2023-03-20..2023-03-22".
  std::string Key() const;
};

struct DateContext {
  // Publication time, seconds since the epoch (UTC); the reference for relative dates
  // and for dates written without a year.
  std::optional<std::int64_t> published;
};

// "2023-10-16", "2023-10" or "2023" for a date of the given precision.
std::string FormatCivilDate(const CivilDate& date, DatePrecision precision);

class DateMentionExtractor {
 public:
  DateMentionExtractor() = default;

  // Appends the dates written in `text` (UTF-8, any layout), in text order, to *out.
  void Extract(std::string_view text, const DateContext& context,
               std::vector<DateMention>* out) const;
};

}  // namespace newsdex::text

#endif  // NEWSDEX_COMMON_TEXT_DATE_MENTIONS_H_

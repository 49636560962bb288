// Dates: publication dates (ParsePublicationDate), dateline dates (FindDatelineDate),
// dates mentioned in text (DateMentionExtractor, with and without a publication date)
// and the query language's date values (ParseDateRange). Checks: an accepted date lies
// within the years newsdex accepts and survives a round trip through its ISO 8601 form;
// a refused one is InvalidArgument with a reason; a dateline date is a view into the
// text; every mention is a real day, month or year inside the text's bytes; a range
// runs forwards and its mention terms are well formed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/query/date_range.h"
#include "common/schema/schema.h"
#include "common/text/date_mentions.h"
#include "common/text/publication_date.h"
#include "fuzz/fuzz_support.h"

namespace {

using newsdex::fuzz::Printable;
namespace text = newsdex::text;

// A day of slack either side for time zones.
const std::int64_t kEarliest = text::CivilToSeconds(text::kMinYear, 1, 1) - 86400;
const std::int64_t kLatest = text::CivilToSeconds(text::kMaxYear + 1, 1, 1) + 86400;

void CheckPublished(std::string_view input, const newsdex::Result<std::int64_t>& t) {
  if (!t.ok()) {
    NEWSDEX_FUZZ_CHECK(t.status().code() == newsdex::StatusCode::kInvalidArgument,
                       "a refused date that is not InvalidArgument: " + t.status().ToString());
    NEWSDEX_FUZZ_CHECK(!t.status().message().empty(), "a refused date without a reason");
    return;
  }
  NEWSDEX_FUZZ_CHECK(*t >= kEarliest && *t < kLatest,
                     "a date outside the accepted years: " + std::to_string(*t) + " from " +
                         Printable(input));
  std::string iso = text::FormatIso8601(*t);
  auto back = text::ParsePublicationDate(iso);
  NEWSDEX_FUZZ_CHECK(back.ok() && *back == *t,
                     "ISO 8601 round trip failed for " + iso + " from " + Printable(input));
}

bool IsRealDate(const text::CivilDate& d, text::DatePrecision precision) {
  if (d.year < text::kMinYear || d.year > text::kMaxYear) return false;
  switch (precision) {
    case text::DatePrecision::kYear: return d.month == 0 && d.day == 0;
    case text::DatePrecision::kMonth: return d.month >= 1 && d.month <= 12 && d.day == 0;
    case text::DatePrecision::kDay: return text::IsValidCivilDate(d.year, d.month, d.day);
  }
  return false;
}

void CheckMentions(std::string_view input, const std::vector<text::DateMention>& mentions) {
  std::size_t last_begin = 0;
  for (const text::DateMention& m : mentions) {
    auto what = [&] { return " mention " + m.Key() + " in " + Printable(input); };
    NEWSDEX_FUZZ_CHECK(m.begin < m.end && m.end <= input.size(), "bytes outside the text:" + what());
    NEWSDEX_FUZZ_CHECK(m.begin >= last_begin, "not in text order:" + what());
    NEWSDEX_FUZZ_CHECK(IsRealDate(m.first, m.precision) && IsRealDate(m.last, m.precision),
                       "not a real date:" + what());
    NEWSDEX_FUZZ_CHECK(m.first <= m.last, "a range that runs backwards:" + what());
    last_begin = m.begin;
  }
}

void CheckDateRange(std::string_view input, std::int64_t as_of) {
  std::size_t error_offset = 0;
  auto range = newsdex::query::internal::ParseDateRange(input, as_of, &error_offset);
  if (!range.ok()) {
    NEWSDEX_FUZZ_CHECK(error_offset <= input.size(), "an error offset outside the value");
    return;
  }
  NEWSDEX_FUZZ_CHECK(range->first_day <= range->last_day,
                     "a date range that runs backwards: " + Printable(input));
  NEWSDEX_FUZZ_CHECK(range->lower.empty() || range->upper.empty() || range->lower <= range->upper,
                     "bounds that run backwards: " + Printable(input));
  for (const std::string* bound : {&range->lower, &range->upper}) {
    NEWSDEX_FUZZ_CHECK(bound->empty() || bound->size() == 14, "a bound not YYYYMMDDhhmmss");
  }
  // Whole years make few terms; a span of 600 years gives at most a few thousand.
  for (const std::string& term : newsdex::query::internal::TermsCovering(*range, newsdex::kMentionDates)) {
    NEWSDEX_FUZZ_CHECK(term.rfind("XD", 0) == 0, "a mention term without its prefix: " + term);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::int64_t kPublished = 1697443200;  // Monday 2023-10-16T08:00:00Z

  CheckPublished(input, text::ParsePublicationDate(input.substr(0, 256)));

  if (std::optional<text::DatelineDate> dateline = text::FindDatelineDate(input)) {
    const char* begin = dateline->written.data();
    NEWSDEX_FUZZ_CHECK(begin >= input.data() &&
                           begin + dateline->written.size() <= input.data() + input.size(),
                       "a dateline date that is not a view into the text");
    CheckPublished(input, dateline->published);
  }

  static const text::DateMentionExtractor extractor;
  std::vector<text::DateMention> mentions;
  extractor.Extract(input, {.published = kPublished}, &mentions);
  CheckMentions(input, mentions);
  mentions.clear();
  extractor.Extract(input, {}, &mentions);
  CheckMentions(input, mentions);

  CheckDateRange(input.substr(0, 64), kPublished);
  return 0;
}

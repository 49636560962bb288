#include "common/text/publication_date.h"

#include <zlib.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

namespace newsdex::text {
namespace {

struct DateCase {
  std::string_view input;
  // The expected instant as ISO 8601, or "" when an error is expected.
  std::string_view iso;
  // For errors: a part of the expected reason.
  std::string_view error;
};

constexpr DateCase kDateCases[] = {
    // Reuters-21578, including the irregular forms found in the collection.
    {"26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01Z", ""},
    {" 5-MAR-1987 09:30:00.12", "1987-03-05T09:30:00Z", ""},
    {"5-MAR-1987 09:30:00.12", "1987-03-05T09:30:00Z", ""},
    {"  9-MAR-1987 12:14:01.92", "1987-03-09T12:14:01Z", ""},
    {"3-MAR-1987  09:15:05.40", "1987-03-03T09:15:05Z", ""},
    {"27-MAR-1987 00:03:35.68&#5;&#5;&#5;F", "1987-03-27T00:03:35Z", ""},
    {"27-MAR-1987 00:02:59.13\x05\x05\x05RM", "1987-03-27T00:02:59Z", ""},
    {"27-MAR-1987 00:02:59.13RM", "1987-03-27T00:02:59Z", ""},
    {" 7-APR-1987 16:22:00.0", "1987-04-07T16:22:00Z", ""},
    {"31-MAR-1987 712:40:05.31", "1987-03-31T00:00:00Z", ""},
    {"9-APR-1987 00:00:00.00    # date added by S Finch as guesswork ",
     "1987-04-09T00:00:00Z", ""},
    {"20-OCT-1987 23:59:59.99", "1987-10-20T23:59:59Z", ""},
    {"29-FEB-1988 12:00:00.00", "1988-02-29T12:00:00Z", ""},
    {"16-Oct-2023", "2023-10-16T00:00:00Z", ""},
    {"29-FEB-1987 12:00:00.00", "", "day 29 does not exist in February 1987"},
    {"31-FEB-1987 10:15:00.00", "", "day 31 does not exist in February 1987"},
    {"12-FOO-1987 10:15:00.00", "", "unknown month"},
    // ISO 8601.
    {"2023-10-16", "2023-10-16T00:00:00Z", ""},
    {"2023-10-16T08:30:00Z", "2023-10-16T08:30:00Z", ""},
    {"2023-10-16T08:30Z", "2023-10-16T08:30:00Z", ""},
    {"2023-10-16T08:30:00.250Z", "2023-10-16T08:30:00Z", ""},
    {"2023-10-16 08:30:00+02:00", "2023-10-16T06:30:00Z", ""},
    {"2023-10-16T08:30:00-0500", "2023-10-16T13:30:00Z", ""},
    {"2023-10-16T23:30:00-01", "2023-10-17T00:30:00Z", ""},
    {"2023/10/16", "2023-10-16T00:00:00Z", ""},
    {"  2023-10-16  ", "2023-10-16T00:00:00Z", ""},
    {"2024-02-29", "2024-02-29T00:00:00Z", ""},
    {"2000-02-29", "2000-02-29T00:00:00Z", ""},
    {"1900-02-29", "", "day 29 does not exist in February 1900"},
    {"2023-02-31", "", "day 31 does not exist in February 2023"},
    {"2023-04-31", "", "day 31 does not exist in April 2023"},
    {"2023-13-01", "", "month 13 is out of range"},
    {"2023-00-10", "", "month 0 is out of range"},
    {"2023-10-00", "", "day 0 does not exist"},
    {"0000-01-01", "", "year 0 is out of range"},
    {"99999-01-01", "", "year 99999 is out of range"},
    {"1599-12-31", "", "year 1599 is out of range"},
    {"2023-10-16T25:00:00Z", "", "hour 25 is out of range"},
    {"2023-10-16T10:61:00Z", "", "minute 61 is out of range"},
    {"2023-10-16 tomorrow", "", "not a date"},
    // Compact digits and epoch numbers.
    {"20231016", "2023-10-16T00:00:00Z", ""},
    {"19870226150101", "1987-02-26T15:01:01Z", ""},
    {"20230231", "", "day 31 does not exist in February 2023"},
    {"1697445000", "2023-10-16T08:30:00Z", ""},
    {"1697445000123", "2023-10-16T08:30:00Z", ""},
    {"0000000000", "1970-01-01T00:00:00Z", ""},
    {"123456", "", "not a date"},
    // RFC 2822.
    {"Tue, 24 Nov 2026 21:40:23 +0000", "2026-11-24T21:40:23Z", ""},
    {"Tue, 24 Nov 2026 21:40:23 GMT", "2026-11-24T21:40:23Z", ""},
    {"Mon, 16 Oct 2023 08:30:00 EST", "2023-10-16T13:30:00Z", ""},
    {"16 Oct 2023 08:30 UTC", "2023-10-16T08:30:00Z", ""},
    {"Sat, 31 Feb 2026 10:00:00 +0000", "", "day 31 does not exist in February 2026"},
    // Written forms.
    {"October 16, 2023", "2023-10-16T00:00:00Z", ""},
    {"16 October 2023", "2023-10-16T00:00:00Z", ""},
    {"Oct. 16, 2023", "2023-10-16T00:00:00Z", ""},
    {"Oct 16 2023", "2023-10-16T00:00:00Z", ""},
    {"october 16th, 2023", "2023-10-16T00:00:00Z", ""},
    {"Sept. 1, 2023", "2023-09-01T00:00:00Z", ""},
    {"March 3, 1987 4:05 PM", "", "not a date"},
    {"Smarch 3, 1987", "", "not a date"},
    // Not dates at all.
    {"", "", "empty date"},
    {"   ", "", "empty date"},
    {"yesterday", "", "not a date"},
    {"16/10/2023", "", "not a date"},
};

TEST_CASE("ParsePublicationDate: table of accepted and refused forms", "[text]") {
  for (const DateCase& c : kDateCases) {
    CAPTURE(c.input);
    Result<std::int64_t> r = ParsePublicationDate(c.input);
    if (!c.iso.empty()) {
      REQUIRE(r.ok());
      CHECK(FormatIso8601(*r) == c.iso);
    } else {
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == StatusCode::kInvalidArgument);
      CHECK_THAT(r.status().message(), Catch::Matchers::Contains(std::string(c.error)));
    }
  }
}

TEST_CASE("ParsePublicationDate: the header's example value", "[text]") {
  auto t = ParsePublicationDate("26-FEB-1987 15:01:01.79");
  REQUIRE(t.ok());
  CHECK(*t == 541350061);
  CHECK(FormatIso8601(*t) == "1987-02-26T15:01:01Z");
  CHECK(FormatSortable(*t) == "19870226150101");
}

TEST_CASE("CivilToSeconds and FormatIso8601 round-trip across eras", "[text]") {
  CHECK(CivilToSeconds(1970, 1, 1) == 0);
  CHECK(CivilToSeconds(1969, 12, 31, 23, 59, 59) == -1);
  CHECK(CivilToSeconds(2000, 3, 1) == 951868800);
  CHECK(FormatIso8601(-1) == "1969-12-31T23:59:59Z");
  CHECK(FormatIso8601(CivilToSeconds(1600, 1, 1)) == "1600-01-01T00:00:00Z");
  CHECK(FormatIso8601(CivilToSeconds(2200, 12, 31, 23, 59, 59)) == "2200-12-31T23:59:59Z");
  CHECK(FormatSortable(CivilToSeconds(1601, 2, 3, 4, 5, 6)) == "16010203040506");
  // Every day of several years is 86400 s after the one before and formats back.
  for (int year : {1900, 1987, 2000, 2024}) {
    std::int64_t previous = CivilToSeconds(year - 1, 12, 31);
    int days = 0;
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 31; ++day) {
        if (!IsValidCivilDate(year, month, day)) continue;
        std::int64_t s = CivilToSeconds(year, month, day);
        char expected[16];
        std::snprintf(expected, sizeof expected, "%04d-%02d-%02d", year, month, day);
        if (s - previous != 86400 || FormatIso8601(s).substr(0, 10) != expected) {
          FAIL(std::string(expected) + " -> " + FormatIso8601(s));
        }
        previous = s;
        ++days;
      }
    }
    CHECK(days == (year % 4 == 0 && year != 1900 ? 366 : 365));
  }
}

TEST_CASE("IsValidCivilDate knows leap years and the accepted range", "[text]") {
  CHECK(IsValidCivilDate(2024, 2, 29));
  CHECK(IsValidCivilDate(2000, 2, 29));
  CHECK_FALSE(IsValidCivilDate(1900, 2, 29));
  CHECK_FALSE(IsValidCivilDate(2023, 2, 29));
  CHECK_FALSE(IsValidCivilDate(2023, 4, 31));
  CHECK(IsValidCivilDate(2023, 12, 31));
  CHECK_FALSE(IsValidCivilDate(2023, 13, 1));
  CHECK_FALSE(IsValidCivilDate(2023, 0, 1));
  CHECK_FALSE(IsValidCivilDate(2023, 1, 0));
  CHECK_FALSE(IsValidCivilDate(0, 1, 1));
  CHECK_FALSE(IsValidCivilDate(kMinYear - 1, 12, 31));
  CHECK(IsValidCivilDate(kMinYear, 1, 1));
  CHECK(IsValidCivilDate(kMaxYear, 12, 31));
  CHECK_FALSE(IsValidCivilDate(kMaxYear + 1, 1, 1));
}

TEST_CASE("Epoch numbers outside the accepted years are refused", "[text]") {
  auto ms = ParsePublicationDate("9999999999999");  // year 2286 in milliseconds
  REQUIRE_FALSE(ms.ok());
  CHECK_THAT(ms.status().message(), Catch::Matchers::Contains("year 2286 is out of range"));
  auto early = ParsePublicationDate("0000000000001");  // 1970 in milliseconds
  REQUIRE(early.ok());
  CHECK(*early == 0);
  auto far = ParsePublicationDate("9999999999");  // 2286 in seconds
  REQUIRE_FALSE(far.ok());
  CHECK_THAT(far.status().message(), Catch::Matchers::Contains("year 2286 is out of range"));
}

struct DatelineCase {
  std::string_view text;
  // The date as written in the dateline, or "" when FindDatelineDate finds none.
  std::string_view written;
  // The expected instant as ISO 8601, or "" when the date is impossible.
  std::string_view iso;
  // For impossible dates: the expected reason.
  std::string_view error;
};

constexpr DatelineCase kDatelineCases[] = {
    // The forms a dateline writes.
    {"WASHINGTON, Oct. 16, 2023 (Reuters) - The Senate voted.", "Oct. 16, 2023",
     "2023-10-16T00:00:00Z", ""},
    {"LONDON, 16 October 2023 - Prices rose.", "16 October 2023", "2023-10-16T00:00:00Z", ""},
    {"October 16, 2023 \xE2\x80\x94 The council met.", "October 16, 2023",
     "2023-10-16T00:00:00Z", ""},
    {"October 16, 2023 \xE2\x80\x93 The council met.", "October 16, 2023",
     "2023-10-16T00:00:00Z", ""},
    {"2023-10-16: The council met.", "2023-10-16", "2023-10-16T00:00:00Z", ""},
    {"Monday, October 16, 2023", "Monday, October 16, 2023", "2023-10-16T00:00:00Z", ""},
    {"Monday, October 16, 2023\n\nTOKYO - Shares rose.", "Monday, October 16, 2023",
     "2023-10-16T00:00:00Z", ""},
    {"PARIS (AFP) Oct 16, 2023 - The harbour reopened.", "Oct 16, 2023",
     "2023-10-16T00:00:00Z", ""},
    {"16-Oct-2023 08:30 GMT - Trading opened.", "16-Oct-2023 08:30 GMT",
     "2023-10-16T08:30:00Z", ""},
    {"WASHINGTON, Oct. 16, 2023 08:30 EDT (Reuters) - x", "Oct. 16, 2023 08:30 EDT",
     "2023-10-16T12:30:00Z", ""},
    {"2023-10-16T08:30:00Z | Markets", "2023-10-16T08:30:00Z", "2023-10-16T08:30:00Z", ""},
    {"WINSTON-SALEM, N.C., Sept. 1, 2023 -- Tobacco", "Sept. 1, 2023", "2023-09-01T00:00:00Z", ""},
    {"S\xC3\x83O PAULO, Oct 16, 2023 - Coffee", "Oct 16, 2023", "2023-10-16T00:00:00Z", ""},
    {"LONDON, Oct 16, 2023, (Reuters) - x", "Oct 16, 2023", "2023-10-16T00:00:00Z", ""},
    {"\xEF\xBB\xBF \n \xC2\xA0WASHINGTON, Oct. 16, 2023", "Oct. 16, 2023",
     "2023-10-16T00:00:00Z", ""},
    {"BERLIN, Oct 18, 2023", "Oct 18, 2023", "2023-10-18T00:00:00Z", ""},
    {"WELLINGTON, 29 February 2024 - Leap day.", "29 February 2024", "2024-02-29T00:00:00Z", ""},
    // Impossible dateline dates: found, with ParsePublicationDate's reason.
    {"LONDON, October 32, 2023 - Markets", "October 32, 2023", "",
     "day 32 does not exist in October 2023"},
    {"February 29, 2023: x", "February 29, 2023", "", "day 29 does not exist in February 2023"},
    {"2023-13-01: x", "2023-13-01", "", "month 13 is out of range"},
    {"TOKYO (Reuters) 31-Apr-2023 - x", "31-Apr-2023", "", "day 31 does not exist in April 2023"},
    // No year, so no date.
    {"ACCRA, Feb 26 - Rain fell all week.", "", "", ""},
    {"ACCRA, Feb 26", "", "", ""},
    {"16 October - The talks", "", "", ""},
    {"WELLINGTON, March 2 12 pct of the crop", "", "", ""},
    // A date later in the text, or inside a sentence, is not a dateline date.
    {"LONDON - On October 16, 2023 the council met.", "", "", ""},
    {"WASHINGTON (Reuters) - Oct 16, 2023 was the deadline.", "", "", ""},
    {"Talks on October 16, 2023 ended.", "", "", ""},
    {"The council met on October 16, 2023 - and voted.", "", "", ""},
    {"October 16, 2023 was a Monday.", "", "", ""},
    {"Shares rose.\nOctober 16, 2023 - x", "", "", ""},
    {"LONDON\nOctober 16, 2023 - x", "", "", ""},
    // Numbers that only look like part of a date.
    {"2023 was a year of records.", "", "", ""},
    {"3-for-1 split - x", "", "", ""},
    {"1697445000 - x", "", "", ""},
    {"20231016 - x", "", "", ""},
    {"APL     0\n MAY  3406", "", "", ""},  // two cells of a table
    {"", "", "", ""},
    {"   ", "", "", ""},
};

TEST_CASE("FindDatelineDate: dates in the dateline and nowhere else", "[text]") {
  for (const DatelineCase& c : kDatelineCases) {
    CAPTURE(c.text);
    std::optional<DatelineDate> found = FindDatelineDate(c.text);
    if (c.written.empty()) {
      CHECK_FALSE(found.has_value());
      continue;
    }
    REQUIRE(found.has_value());
    CHECK(found->written == c.written);
    if (!c.iso.empty()) {
      REQUIRE(found->published.ok());
      CHECK(FormatIso8601(*found->published) == c.iso);
    } else {
      REQUIRE_FALSE(found->published.ok());
      CHECK(found->published.status().code() == StatusCode::kInvalidArgument);
      CHECK(found->published.status().message() == c.error);
    }
  }
}

TEST_CASE("FindDatelineDate: only the first 120 bytes of the dateline", "[text]") {
  std::string place = "PORT";
  while (place.size() < 100) place += " TOWN";
  const std::string near_text = place + ", Oct 16, 2023 - x";
  auto near = FindDatelineDate(near_text);  // `written` views near_text
  REQUIRE(near.has_value());
  CHECK(near->written == "Oct 16, 2023");
  while (place.size() < 130) place += " TOWN";
  CHECK_FALSE(FindDatelineDate(place + ", Oct 16, 2023 - x").has_value());
}

TEST_CASE("FindDatelineDate: an impossible date gives the reason ParsePublicationDate gives",
          "[text]") {
  for (std::string_view date : {"October 32, 2023", "31 April 2023", "2023-02-30"}) {
    CAPTURE(date);
    const std::string dateline = "LONDON, " + std::string(date) + " - x";
    auto found = FindDatelineDate(dateline);
    REQUIRE(found.has_value());
    CHECK(found->written == date);
    REQUIRE_FALSE(found->published.ok());
    auto parsed = ParsePublicationDate(date);
    REQUIRE_FALSE(parsed.ok());
    CHECK(found->published.status().message() == parsed.status().message());
  }
}

TEST_CASE("Every Reuters-21578 DATE value parses to a day in 1987", "[text][slow]") {
  // The DATE lines of the real collection, read through zlib.
  const std::string dir = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/";
  int dates = 0;
  for (int i = 0; i <= 21; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "reut2-%03d.sgm.gz", i);
    gzFile gz = gzopen((dir + name).c_str(), "rb");
    REQUIRE(gz != nullptr);
    char line[1 << 16];
    while (gzgets(gz, line, sizeof line) != nullptr) {
      std::string_view l(line);
      if (l.substr(0, 6) != "<DATE>") continue;
      std::size_t end = l.find("</DATE>");
      REQUIRE(end != std::string_view::npos);
      std::string_view value = l.substr(6, end - 6);
      auto r = ParsePublicationDate(value);
      if (!r.ok()) FAIL(std::string(value) + ": " + r.status().message());
      std::string iso = FormatIso8601(*r);
      if (iso < "1987-02-26" || iso > "1987-10-21") FAIL(std::string(value) + " -> " + iso);
      ++dates;
    }
    gzclose(gz);
  }
  CHECK(dates == 21578);
}

}  // namespace
TEST_CASE("ParseSortable reads the value-slot form and rejects anything else", "[text]") {
  struct Case {
    const char* value;
    std::optional<std::int64_t> seconds;
  };
  const Case cases[] = {
      {"19700101000000", 0},
      {"19700102000001", 86401},
      {"19870226150101", 541350061},
      {"20080229235959", CivilToSeconds(2008, 2, 29, 23, 59, 59)},
      {"19691231235959", -1},
      {"20070229000000", std::nullopt},  // not a leap year
      {"20081301000000", std::nullopt},
      {"20080900000000", std::nullopt},
      {"20080915240000", std::nullopt},
      {"20080915006000", std::nullopt},
      {"20080915000060", std::nullopt},
      {"2008091500000", std::nullopt},  // 13 characters
      {"200809150000000", std::nullopt},
      {"20080915", std::nullopt},
      {"2008-09-15T000", std::nullopt},
      {"2008091500000/", std::nullopt},  // '/' is just below '0'
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.value);
    CHECK(ParseSortable(c.value) == c.seconds);
  }
  // The inverse of the indexer's FormatSortable.
  const std::int64_t lehman = CivilToSeconds(2008, 9, 15);
  for (std::int64_t t : {std::int64_t{0}, lehman, lehman + 12345, std::int64_t{4102444799}}) {
    CHECK(ParseSortable(FormatSortable(t)) == t);
  }
}

}  // namespace newsdex::text

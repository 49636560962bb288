#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/text/publication_date.h"
#include "unit/readers/reader_test_util.h"

namespace newsdex::indexer {
namespace {

using nlohmann::json;
using testing::DataPath;
using testing::ReadAll;
using testing::TempDir;
using testing::WriteFile;
using testing::WriteGzip;

std::string Iso(const Article& a) {
  return a.published ? text::FormatIso8601(*a.published) : std::string("(none)");
}

// One invented story in the SGML the reader takes.
std::string Story(int newid, std::string_view title, std::string_view body,
                  std::string_view date = " 5-MAR-1987 10:00:00.00") {
  return "<REUTERS TOPICS=\"NO\" NEWID=\"" +
         std::to_string(newid) + "\">\n<DATE>" + std::string(date) +
         "</DATE>\n<TOPICS></TOPICS>\n<TEXT><TITLE>" + std::string(title) +
         "</TITLE>\n<BODY>" + std::string(body) + "\nReuter</BODY></TEXT></REUTERS>\n";
}

TEST_CASE("SGML: a normal story maps onto every article field", "[readers]") {
  auto out = ReadAll(DataPath("reuters/stories.sgm"));
  INFO(out.ProblemList());
  REQUIRE(out.open_status.ok());
  REQUIRE(out.records.size() == 2);
  CHECK(out.problems.empty());
  const SourceRecord& r = out.records[0];
  const Article& a = r.article;
  CHECK(r.origin == DataPath("reuters/stories.sgm") + ":1");
  CHECK(a.id == "101");
  CHECK(a.title == "TALVIAN BARLEY CROP BEATS <FARMCO> FORECAST");
  CHECK(a.dateline == "ORSVIK, March 9");
  CHECK(a.byline == "By Tessa Marlow, wire staff");
  CHECK(a.body ==
        "Barley growers on the northern plain brought in a record\n"
        "crop this season, beating the forecast of <Farmco Ltd> by\n"
        "12 pct, the growers' council said.\n"
        "    Council chairman Hartley Quill said warm weather in January\n"
        "helped the crop, and that R&D spending on new seed fell\n"
        "into line with the plan.");
  CHECK(Iso(a) == "1987-03-09T11:47:20Z");
  CHECK(a.topics == std::vector<std::string>{"barley", "oats"});
  CHECK(a.places == std::vector<std::string>{"talvia", "karesh"});
  CHECK(a.people == std::vector<std::string>{"hartley-quill"});
  CHECK(a.orgs == std::vector<std::string>{"gpec"});
  CHECK(a.source == "reuters");
  CHECK(a.language == "en");
  // Attributes the reader does not map (the collection's split markers, a desk's own)
  // are kept, lower-cased, in extra_json.
  CHECK(json::parse(a.extra_json) == json{{"desk", "FIELDS"},
                                          {"slug", "TALVIA-BARLEY"},
                                          {"topics_attr", "YES"},
                                          {"exchanges", {"ornex"}},
                                          {"text_type", "normal"}});
}

TEST_CASE("SGML: a BRIEF keeps its title and drops the placeholder body", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "briefs.sgm",
            "<REUTERS NEWID=\"102\">\n<DATE>27-MAR-1987 00:04:12.50 resent</DATE>\n"
            "<PLACES><D>usa</D></PLACES>\n<TEXT TYPE=\"BRIEF\">&#2;\n"
            "**<TITLE>ACME WIDGET CORP PLANS THREE-FOR-TWO\nSHARE SPLIT\n</TITLE> Blah blah blah.\n"
            "&#3;\n</TEXT>\n</REUTERS>\n"
            "<REUTERS NEWID=\"107\">\n<TEXT TYPE=\"BRIEF\">\n<TITLE>HARBOUR REOPENS</TITLE>\n"
            "Pilots back at work.\n</TEXT>\n</REUTERS>\n");
  auto out = ReadAll((dir.path() / "briefs.sgm").string());
  INFO(out.ProblemList());
  const SourceRecord* r = out.Find("102");
  REQUIRE(r != nullptr);
  CHECK(r->article.title == "ACME WIDGET CORP PLANS THREE-FOR-TWO SHARE SPLIT");
  CHECK(r->article.body.empty());
  CHECK(Iso(r->article) == "1987-03-27T00:04:12Z");  // wire junk after the time
  CHECK(r->article.places == std::vector<std::string>{"usa"});
  CHECK(json::parse(r->article.extra_json)["text_type"] == "brief");
  // Only the placeholder is dropped: other text after a brief's title is its body.
  const SourceRecord* other = out.Find("107");
  REQUIRE(other != nullptr);
  CHECK(other->article.body == "Pilots back at work.");
}

TEST_CASE("SGML: UNPROC text gives its first line as title, the rest as body", "[readers]") {
  auto out = ReadAll(DataPath("reuters/stories.sgm"));
  const SourceRecord* r = out.Find("103");
  REQUIRE(r != nullptr);
  CHECK(r->article.title == "HARBOUR BOARD WEEKLY TONNAGE - MAR 14");
  CHECK(r->article.body ==
        "Week to March 13, in tonnes, with the week before:\n"
        "grain 12,400 (11,950); timber 3,100 (3,450)");
  CHECK(Iso(r->article) == "1987-03-14T00:00:00Z");  // hour 815 keeps the day
  auto extra = json::parse(r->article.extra_json);
  CHECK(extra["text_type"] == "unproc");
  CHECK(extra["mknote"] == "Tag fields added by hand");
  CHECK(extra["topics_attr"] == "BYPASS");
}

TEST_CASE("SGML: broken stories are reported with file and line, the rest read", "[readers]") {
  auto out = ReadAll(DataPath("reuters/broken.sgm"));
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 3);
  CHECK(out.records[0].article.id == "201");
  CHECK(out.records[1].article.id == "204");
  CHECK(out.records[2].article.id == "206");
  CHECK(out.records[1].origin == DataPath("reuters/broken.sgm") + ":14");
  CHECK(out.records[1].article.title == "STORY WITH AN IMPOSSIBLE DATE");
  CHECK_FALSE(out.records[1].article.published.has_value());
  CHECK(out.records[2].article.body == "Another complete story.");
  CHECK(out.problems.size() == 5);
  CHECK(out.SkippedCount() == 4);  // the impossible date is only a warning
  CHECK(out.HasProblem("broken.sgm:6", "story without a NEWID"));
  CHECK(out.HasProblem("broken.sgm:10", "no </REUTERS> before the next <REUTERS at line 14"));
  CHECK(out.HasProblem("broken.sgm:14", "day 31 does not exist in February 1987"));
  CHECK(out.HasProblem("broken.sgm:18", "unclosed <TITLE>"));
  CHECK(out.HasProblem("broken.sgm:26", "no </REUTERS> before the end of the file"));
}

TEST_CASE("SGML: a story without a DATE takes its dateline's date", "[readers]") {
  auto out = ReadAll(DataPath("reuters/datelines.sgm"));
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 5);
  auto date_of = [&out](std::string_view id) {
    const SourceRecord* r = out.Find(id);
    REQUIRE(r != nullptr);
    return Iso(r->article);
  };
  CHECK(date_of("301") == "2023-10-16T00:00:00Z");  // DATELINE "ORSVIK, Oct 16, 2023"
  CHECK(date_of("302") == "(none)");                // "SARN, Feb 26"; a date in the body
  CHECK(date_of("303") == "2023-10-16T00:00:00Z");  // no DATELINE: the BODY's first line
  CHECK(date_of("304") == "(none)");                // impossible: reported below
  CHECK(date_of("305") == "1987-03-05T10:00:00Z");  // the DATE element wins
  CHECK(out.Find("301")->article.dateline == "ORSVIK, Oct 16, 2023");
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].origin == DataPath("reuters/datelines.sgm") + ":14");
  CHECK(out.problems[0].reason ==
        "dateline date \"October 32, 2023\": day 32 does not exist in October 2023; article "
        "kept without a date");
  CHECK_FALSE(out.problems[0].skipped);
}

TEST_CASE("SGML: Latin-1 bytes, references and control characters", "[readers]") {
  TempDir dir;
  std::string sgml = Story(1, "CAF\xC9 &amp; BAR &#x41;&#66;C",
                "growth.\xFC&#5;&#30;side measures fe&#127;ll\x01 &foo; a & b &#3;&#2;"
                "&#233;t&#233; &#1114112;");
  WriteFile(dir.path() / "latin1.sgm", sgml);
  auto out = ReadAll((dir.path() / "latin1.sgm").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.title == "CAF\xC3\x89 & BAR ABC");
  CHECK(out.records[0].article.body ==
        "growth.\xC3\xBCside measures fell &foo; a & b \xC3\xA9t\xC3\xA9 \xEF\xBF\xBD");
}

TEST_CASE("SGML: oversized stories are skipped whole", "[readers]") {
  TempDir dir;
  std::string big_body;
  for (int i = 0; i < 200; ++i) big_body += "A line of a very long story that goes on.\n";
  WriteFile(dir.path() / "big.sgm",
            Story(1, "SMALL", "Fits.") + Story(2, "BIG", big_body) + Story(3, "SMALL TOO", "Fits."));
  ReaderOptions options;
  options.max_article_bytes = 2000;
  auto out = ReadAll((dir.path() / "big.sgm").string(), options);
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.id == "1");
  CHECK(out.records[1].article.id == "3");
  REQUIRE(out.problems.size() == 1);
  CHECK_THAT(out.problems[0].reason, Catch::Matchers::Contains("larger than 2000"));
}

TEST_CASE("SGML: one-line stories, an empty story and text outside stories", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "compact.sgm",
            "junk before\n<REUTERS NEWID=\"9\"><DATE>1-JAN-1987</DATE><TEXT><TITLE>T</TITLE>"
            "<BODY>B</BODY></TEXT></REUTERS>\njunk after\n"
            "<REUTERS NEWID=\"10\"><TEXT TYPE=\"BRIEF\">&#2; &#3;</TEXT></REUTERS>\n");
  auto out = ReadAll((dir.path() / "compact.sgm").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.id == "9");
  CHECK(out.records[0].article.title == "T");
  CHECK(out.records[0].article.body == "B");
  CHECK(Iso(out.records[0].article) == "1987-01-01T00:00:00Z");
  CHECK(out.problems.empty());
  // An empty story is still a story of the collection.
  CHECK(out.records[1].article.id == "10");
  CHECK(out.records[1].article.title.empty());
  CHECK(out.records[1].article.body.empty());
}

TEST_CASE("SGML: a truncated .gz reports the file and keeps the stories before", "[readers]") {
  TempDir dir;
  std::string sgml;
  for (int i = 1; i <= 3000; ++i) {
    sgml += Story(i, "STORY " + std::to_string(i),
                  "Body of story " + std::to_string(i) + " with filler text " +
                      std::to_string(i * 7919));
  }
  WriteGzip(dir.path() / "whole.sgm.gz", sgml);
  std::string gz = testing::ReadFileBytes(dir.path() / "whole.sgm.gz");
  WriteFile(dir.path() / "cut.sgm.gz", gz.substr(0, gz.size() / 2));

  auto whole = ReadAll((dir.path() / "whole.sgm.gz").string());
  CHECK(whole.records.size() == 3000);
  CHECK(whole.problems.empty());

  auto cut = ReadAll((dir.path() / "cut.sgm.gz").string());
  INFO(cut.ProblemList());
  CHECK(cut.records.size() > 100);
  CHECK(cut.records.size() < 3000);
  REQUIRE(cut.problems.size() == 1);
  CHECK(cut.problems[0].origin == (dir.path() / "cut.sgm.gz").string());
  CHECK_THAT(cut.problems[0].reason, Catch::Matchers::Contains("cut.sgm.gz"));
  CHECK_THAT(cut.problems[0].reason, Catch::Matchers::Contains("truncated gzip data"));
  // Stories come out complete and in order up to the cut.
  for (std::size_t i = 0; i < cut.records.size(); ++i) {
    CHECK(cut.records[i].article.id == std::to_string(i + 1));
  }
}

TEST_CASE("SGML: all 21,578 real Reuters stories", "[readers][slow]") {
  const std::string dir = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/";
  std::set<int> ids;
  std::map<std::string, int> text_types, lewis;
  int dated = 0, titled = 0, with_body = 0, normal_with_body = 0, bylines = 0;
  int topics = 0, places = 0, people = 0, orgs = 0, exchanges = 0, problems = 0;
  bool clean = true;
  std::uint64_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i <= 21; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "reut2-%03d.sgm.gz", i);
    auto out = ReadAll(dir + name);
    REQUIRE(out.open_status.ok());
    INFO(out.ProblemList());
    problems += static_cast<int>(out.problems.size());
    CHECK(out.records.size() == (i == 21 ? 578u : 1000u));
    for (const SourceRecord& r : out.records) {
      const Article& a = r.article;
      bytes += r.bytes;
      ids.insert(std::stoi(a.id));
      auto extra = json::parse(a.extra_json);
      std::string type = extra["text_type"];
      ++text_types[type];
      ++lewis[extra["lewissplit"].get<std::string>()];
      if (a.published) ++dated;
      if (!a.title.empty() && type != "unproc") ++titled;
      if (!a.body.empty()) ++with_body;
      if (!a.body.empty() && type == "normal") ++normal_with_body;
      if (!a.byline.empty()) ++bylines;
      if (!a.topics.empty()) ++topics;
      if (!a.places.empty()) ++places;
      if (!a.people.empty()) ++people;
      if (!a.orgs.empty()) ++orgs;
      if (extra.contains("exchanges")) ++exchanges;
      for (const std::string* s : {&a.title, &a.body, &a.dateline, &a.byline}) {
        for (unsigned char c : *s) {
          if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) clean = false;
        }
        if (s->find("&#") != std::string::npos || s->find("&lt;") != std::string::npos) {
          clean = false;
        }
      }
      if (a.id == "17192") CHECK(Iso(a) == "1987-03-31T00:00:00Z");
      if (a.id == "1") {
        CHECK(a.title == "BAHIA COCOA REVIEW");
        CHECK(a.dateline == "SALVADOR, Feb 26");
        CHECK(a.places == std::vector<std::string>{"el-salvador", "usa", "uruguay"});
        CHECK(Iso(a) == "1987-02-26T15:01:01Z");
      }
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("reuters: %zu stories, %.1f MB in %.2f s: %.0f stories/s\n", ids.size(),
              static_cast<double>(bytes) / 1e6, seconds, static_cast<double>(ids.size()) / seconds);
  CHECK(problems == 0);
  CHECK(ids.size() == 21578);
  CHECK(*ids.begin() == 1);
  CHECK(*ids.rbegin() == 21578);
  CHECK(dated == 21578);
  CHECK(text_types == std::map<std::string, int>{{"normal", 19043}, {"brief", 1798}, {"unproc", 737}});
  CHECK(titled == 20841);
  CHECK(normal_with_body == 19043);
  CHECK(with_body >= 19043 + 700);  // UNPROC text counts as body
  CHECK(bylines == 875);
  CHECK(lewis == std::map<std::string, int>{{"TRAIN", 14668}, {"TEST", 6188}, {"NOT-USED", 722}});
  CHECK(topics == 11367);
  CHECK(places == 18798);
  CHECK(people == 1156);
  CHECK(orgs == 881);
  CHECK(exchanges == 482);
  CHECK(clean);
}

TEST_CASE("SGML: every real Reuters story is dated, in the collection's range",
          "[readers][slow]") {
  const std::string dir = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/";
  // Counted straight from the SGML text, without the reader: stories whose DATE is in
  // March 1987 ("D-MAR-1987", with or without stray spaces and junk around it).
  const std::regex date_element("<DATE>\\s*\\d{1,2}-([A-Z]{3})-(\\d{4})[^<]*</DATE>");
  int stories = 0, dated = 0, in_range = 0, dated_in_march = 0, march_in_sgml = 0;
  int date_elements = 0;
  std::vector<ReadProblem> problems;
  const std::int64_t first = text::CivilToSeconds(1987, 2, 26);
  const std::int64_t after_last = text::CivilToSeconds(1987, 10, 21);
  for (int i = 0; i <= 21; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "reut2-%03d.sgm.gz", i);
    auto out = ReadAll(dir + name);
    REQUIRE(out.open_status.ok());
    problems.insert(problems.end(), out.problems.begin(), out.problems.end());
    for (const SourceRecord& r : out.records) {
      ++stories;
      if (!r.article.published) continue;
      ++dated;
      const std::int64_t t = *r.article.published;
      if (t >= first && t < after_last) ++in_range;
      if (text::FormatIso8601(t).substr(0, 7) == "1987-03") ++dated_in_march;
    }
    // The raw text, decompressed by zlib alone; each DATE element sits on one line.
    gzFile gz = gzopen((dir + name).c_str(), "rb");
    REQUIRE(gz != nullptr);
    char line[1 << 16];
    std::cmatch m;
    while (gzgets(gz, line, sizeof line) != nullptr) {
      if (std::strstr(line, "<DATE>") == nullptr) continue;
      REQUIRE(std::regex_search(line, m, date_element));
      ++date_elements;
      if (m[1] == "MAR" && m[2] == "1987") ++march_in_sgml;
    }
    gzclose(gz);
  }
  std::string problem_list;
  for (const ReadProblem& p : problems) problem_list += p.origin + ": " + p.reason + "\n";
  INFO(problem_list);
  std::printf("reuters: %d stories, %d dated, %d date warnings; March 1987: %d by DATE text, "
              "%d dated by the reader\n",
              stories, dated, static_cast<int>(problems.size()), march_in_sgml, dated_in_march);
  CHECK(problems.empty());
  CHECK(stories == 21578);
  CHECK(dated == 21578);
  CHECK(in_range == 21578);
  CHECK(date_elements == 21578);
  CHECK(march_in_sgml > 0);
  CHECK(dated_in_march == march_in_sgml);
}

}  // namespace
}  // namespace newsdex::indexer

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "common/text/publication_date.h"
#include "indexer/readers/file_readers.h"
#include "unit/readers/reader_test_util.h"

namespace newsdex::indexer {
namespace {

using testing::DataPath;
using testing::ReadAll;
using testing::TempDir;
using testing::WriteFile;

TEST_CASE("Text: first line is the title, the rest the body", "[readers]") {
  TempDir dir;
  const std::string content =
      "\n  Rain returns to the valley  \n\nForecasters expect rain.\n\n"
      "Farmers welcomed it.\n\n\n";
  WriteFile(dir.path() / "story.txt", content);
  auto out = ReadAll((dir.path() / "story.txt").string());
  REQUIRE(out.open_status.ok());
  REQUIRE(out.records.size() == 1);
  const Article& a = out.records[0].article;
  CHECK(a.id == "story.txt");
  CHECK(a.title == "Rain returns to the valley");
  CHECK(a.body == "Forecasters expect rain.\n\nFarmers welcomed it.");
  CHECK_FALSE(a.published.has_value());
  CHECK(a.section.empty());
  CHECK(out.records[0].origin == (dir.path() / "story.txt").string());
  CHECK(out.records[0].bytes == content.size());
  CHECK(out.problems.empty());
}

TEST_CASE("Text: a title-only file and CRLF line ends", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "a.txt", "Only a title");
  WriteFile(dir.path() / "b.txt", "Title\r\n\r\nLine one\r\nLine two\r\n");
  auto a = ReadAll((dir.path() / "a.txt").string());
  REQUIRE(a.records.size() == 1);
  CHECK(a.records[0].article.title == "Only a title");
  CHECK(a.records[0].article.body.empty());
  auto b = ReadAll((dir.path() / "b.txt").string());
  REQUIRE(b.records.size() == 1);
  CHECK(b.records[0].article.title == "Title");
  CHECK(b.records[0].article.body == "Line one\nLine two");
}

TEST_CASE("Text: Latin-1 files are decoded, not refused", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "latin1.txt", "Caf\xE9 prices\n\nA coffee costs \xA3" "3 in M\xFCnchen.\n");
  auto out = ReadAll((dir.path() / "latin1.txt").string());
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.title == "Caf\xC3\xA9 prices");
  CHECK(out.records[0].article.body == "A coffee costs \xC2\xA3" "3 in M\xC3\xBCnchen.");
  CHECK(out.problems.empty());
}

TEST_CASE("Text: valid UTF-8 stays as it is, a byte-order mark is dropped", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "utf8.txt",
            "\xEF\xBB\xBF\xE2\x80\x9CQuoted\xE2\x80\x9D title\xC2\xA0\n\nCosts \xC2\xA3" "5.\n");
  auto out = ReadAll((dir.path() / "utf8.txt").string());
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.title == "\xE2\x80\x9CQuoted\xE2\x80\x9D title");
  CHECK(out.records[0].article.body == "Costs \xC2\xA3" "5.");
}

TEST_CASE("Text: NUL bytes become spaces and the article is kept", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "nul.txt", std::string("Broken\0title\n\nBody\0\0text\n", 24));
  auto out = ReadAll((dir.path() / "nul.txt").string());
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.title == "Broken title");
  CHECK(out.records[0].article.body == "Body  text");
  CHECK(out.problems.empty());
}

TEST_CASE("Text: empty and whitespace-only files are reported and skipped", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "empty.txt", "");
  WriteFile(dir.path() / "blank.txt", " \n\t\n\xC2\xA0\n");
  for (const char* name : {"empty.txt", "blank.txt"}) {
    auto out = ReadAll((dir.path() / name).string());
    CHECK(out.open_status.ok());
    CHECK(out.records.empty());
    REQUIRE(out.problems.size() == 1);
    CHECK(out.problems[0].origin == (dir.path() / name).string());
    CHECK(out.problems[0].reason == "empty article");
  }
}

TEST_CASE("Text: articles over max_article_bytes are skipped", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "big.txt", "Title\n\n" + std::string(5000, 'x'));
  ReaderOptions options;
  options.max_article_bytes = 1000;
  auto out = ReadAll((dir.path() / "big.txt").string(), options);
  CHECK(out.records.empty());
  REQUIRE(out.problems.size() == 1);
  CHECK_THAT(out.problems[0].reason, Catch::Matchers::Contains("larger than 1000"));
}

TEST_CASE("Text: a folder gives ids relative to its parent and folder sections", "[readers]") {
  ReaderOptions options;
  options.section_from_folder = true;
  auto out = ReadAll(DataPath("text/archive"), options);
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);  // hidden folders and files are skipped
  CHECK(out.records[0].article.id == "archive/business/002.txt");
  CHECK(out.records[0].article.section == "business");
  CHECK(out.records[0].article.title == "Markets close higher");
  CHECK(out.records[0].article.body == "Shares rose on Friday.");
  CHECK(out.records[1].article.id == "archive/world/001.txt");
  CHECK(out.records[1].article.section == "world");
  CHECK(out.problems.empty());
  // Without the option there is no section; a trailing slash changes nothing.
  auto plain = ReadAll(DataPath("text/archive/"));
  REQUIRE(plain.records.size() == 2);
  CHECK(plain.records[0].article.id == "archive/business/002.txt");
  CHECK(plain.records[0].article.section.empty());
}

TEST_CASE("Text: dates come from YYYY/MM/DD folders or YYYY-MM-DD file names", "[readers]") {
  auto out = ReadAll(DataPath("text/dated"));
  REQUIRE(out.records.size() == 2);
  // Name order: "2023" sorts before "2023-10-17-council.txt".
  CHECK(out.records[0].article.id == "dated/2023/10/16/story.txt");
  REQUIRE(out.records[0].article.published.has_value());
  CHECK(text::FormatIso8601(*out.records[0].article.published) == "2023-10-16T00:00:00Z");
  CHECK(out.records[1].article.id == "dated/2023-10-17-council.txt");
  REQUIRE(out.records[1].article.published.has_value());
  CHECK(text::FormatIso8601(*out.records[1].article.published) == "2023-10-17T00:00:00Z");
}

TEST_CASE("Text: impossible dates in paths are reported, the articles kept undated",
          "[readers]") {
  TempDir dir;
  // Bodies opening with a dateline date: an impossible path date is still not replaced.
  const std::string story = "Title\n\nLONDON, Oct 16, 2023 - Body.\n";
  WriteFile(dir.path() / "2023-02-30-title.txt", story);
  WriteFile(dir.path() / "2023" / "13" / "01" / "story.txt", story);
  WriteFile(dir.path() / "2023" / "02" / "31" / "story.txt", story);
  auto out = ReadAll(dir.path().string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 3);
  for (const SourceRecord& r : out.records) CHECK_FALSE(r.article.published.has_value());
  REQUIRE(out.problems.size() == 3);
  CHECK(out.SkippedCount() == 0);
  const std::string root = dir.path().string();
  CHECK(out.problems[0].origin == root + "/2023/02/31/story.txt");
  CHECK(out.problems[0].reason ==
        "path date \"2023/02/31\": day 31 does not exist in February 2023; article kept "
        "without a date");
  CHECK(out.problems[1].origin == root + "/2023/13/01/story.txt");
  CHECK(out.problems[1].reason ==
        "path date \"2023/13/01\": month 13 is out of range; article kept without a date");
  CHECK(out.problems[2].origin == root + "/2023-02-30-title.txt");
  CHECK(out.problems[2].reason ==
        "path date \"2023-02-30\": day 30 does not exist in February 2023; article kept "
        "without a date");
}

TEST_CASE("Text: DateFromPath, real days first, impossible ones for reporting", "[readers]") {
  struct Row {
    const char* path;
    const char* written;  // "" for no date
    const char* iso;      // "" for an impossible date
  };
  const Row rows[] = {
      {"news/2023/10/16/story.txt", "2023/10/16", "2023-10-16T00:00:00Z"},
      {"2023/10/16/story.txt", "2023/10/16", "2023-10-16T00:00:00Z"},
      {"a/2022/01/02/b/2023/10/16/story.txt", "2023/10/16", "2023-10-16T00:00:00Z"},
      {"a/2023/10/16/b/2023/02/31/story.txt", "2023/10/16", "2023-10-16T00:00:00Z"},
      {"news/2023-10-17-council.txt", "2023-10-17", "2023-10-17T00:00:00Z"},
      {"2023-10-17.txt", "2023-10-17", "2023-10-17T00:00:00Z"},
      {"2023/10/16/2023-10-17-council.txt", "2023/10/16", "2023-10-16T00:00:00Z"},
      {"2023/02/31/2023-10-17-council.txt", "2023-10-17", "2023-10-17T00:00:00Z"},
      {"2023/10/16/2023-02-30-title.txt", "2023/10/16", "2023-10-16T00:00:00Z"},
      {"news/2023/02/31/story.txt", "2023/02/31", ""},
      {"news/2023-02-30-title.txt", "2023-02-30", ""},
      {"2023/02/31/2023-02-30-title.txt", "2023/02/31", ""},
      {"news/2023-10-170.txt", "", ""},
      {"news/x2023/10/16/story.txt", "", ""},
      {"news/2023/10/16", "", ""},
      {"bbc/business/001.txt", "", ""},
      {"-", "", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.path);
    std::optional<internal::PathDate> date = internal::DateFromPath(row.path);
    if (std::string_view(row.written).empty()) {
      CHECK_FALSE(date.has_value());
      continue;
    }
    REQUIRE(date.has_value());
    CHECK(date->written == row.written);
    CHECK(date->published.ok() == !std::string_view(row.iso).empty());
    if (date->published.ok()) CHECK(text::FormatIso8601(*date->published) == row.iso);
  }
}

TEST_CASE("Text: a dateline date at the start of the body dates an undated article",
          "[readers]") {
  auto out = ReadAll(DataPath("text/datelines"));
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 5);
  auto date_of = [&out](std::string_view id) {
    const SourceRecord* r = out.Find(id);
    REQUIRE(r != nullptr);
    return r->article.published ? text::FormatIso8601(*r->article.published) : std::string();
  };
  CHECK(date_of("datelines/wire.txt") == "2023-10-16T00:00:00Z");
  // A path date wins over the dateline's Oct 16.
  CHECK(date_of("datelines/2023/10/17/harbour.txt") == "2023-10-17T00:00:00Z");
  // Dates later in the text, and a dateline without a year, give no date.
  CHECK(date_of("datelines/later.txt").empty());
  CHECK(date_of("datelines/no-year.txt").empty());
  // An impossible dateline date is a warning at the body's line; the article is kept.
  CHECK(date_of("datelines/impossible.txt").empty());
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].origin == DataPath("text/datelines/impossible.txt") + ":4");
  CHECK(out.problems[0].reason ==
        "dateline date \"October 32, 2023\": day 32 does not exist in October 2023; article "
        "kept without a date");
  CHECK_FALSE(out.problems[0].skipped);
}

TEST_CASE("Text: the body's line counts CRLF and a byte-order mark correctly", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "crlf.txt",
            "\xEF\xBB\xBF\r\nTitle\r\n\r\n\r\n  PARIS, 30 February 2024 - Body\r\n");
  auto out = ReadAll((dir.path() / "crlf.txt").string());
  REQUIRE(out.records.size() == 1);
  CHECK_FALSE(out.records[0].article.published.has_value());
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].origin == (dir.path() / "crlf.txt").string() + ":5");
  CHECK_THAT(out.problems[0].reason,
             Catch::Matchers::Contains("day 30 does not exist in February 2024"));
}

TEST_CASE("Text: the real BBC folders give 2,225 articles with sections", "[readers][slow]") {
  const std::string bbc = std::string(NEWSDEX_CORPORA_DIR) + "/bbc";
  ReaderOptions options;
  options.section_from_folder = true;
  auto out = ReadAll(bbc, options);
  INFO(out.ProblemList());
  REQUIRE(out.open_status.ok());
  CHECK(out.problems.empty());
  std::map<std::string, int> sections;
  int articles = 0;
  for (const SourceRecord& r : out.records) {
    if (r.article.id == "bbc/README.TXT") continue;  // the dataset's own notes
    ++articles;
    ++sections[r.article.section];
    CHECK_FALSE(r.article.title.empty());
    CHECK_FALSE(r.article.body.empty());
    CHECK(r.article.id.rfind("bbc/" + r.article.section + "/", 0) == 0);
  }
  CHECK(articles == 2225);
  CHECK(sections == std::map<std::string, int>{{"business", 510},
                                                {"entertainment", 386},
                                                {"politics", 417},
                                                {"sport", 511},
                                                {"tech", 401}});
  // sport/199.txt holds a bare Latin-1 pound sign.
  const SourceRecord* latin1 = out.Find("bbc/sport/199.txt");
  REQUIRE(latin1 != nullptr);
  CHECK(latin1->article.body.find("\xC2\xA3") != std::string::npos);
  CHECK(out.Find("bbc/business/001.txt") != nullptr);
}

TEST_CASE("Text: the two samples give their titles", "[readers]") {
  const std::string samples = std::string(NEWSDEX_CORPORA_DIR) + "/samples";
  auto out = ReadAll(samples);
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.id == "samples/belt-and-road-forum.txt");
  CHECK(out.records[0].article.title ==
        "Russian delegation is in China for Belt and Road conference.");
  CHECK(out.records[1].article.id == "samples/xi-putin-beijing-talks.txt");
  CHECK(out.records[1].article.title.rfind("\xE2\x80\x9CThe Power of Collaboration:", 0) == 0);
  CHECK(out.records[1].article.body.substr(0, 1) != "\n");
  for (const SourceRecord& r : out.records) CHECK(r.article.body.size() > 4000);
}

}  // namespace
}  // namespace newsdex::indexer

#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "common/text/publication_date.h"
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

TEST_CASE("Text: impossible dates in paths are ignored", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "2023-02-30-story.txt", "Title\n");
  WriteFile(dir.path() / "2023" / "13" / "01" / "story.txt", "Title\n");
  auto out = ReadAll(dir.path().string());
  REQUIRE(out.records.size() == 2);
  CHECK_FALSE(out.records[0].article.published.has_value());
  CHECK_FALSE(out.records[1].article.published.has_value());
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

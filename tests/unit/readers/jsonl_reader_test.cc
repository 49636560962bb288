#include <string>
#include <string_view>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/text/publication_date.h"
#include "unit/readers/reader_test_util.h"

namespace newsdex::indexer {
namespace {

using testing::DataPath;
using testing::ReadAll;
using testing::TempDir;
using testing::WriteFile;
using testing::WriteGzip;

TEST_CASE("JSONL: fields are mapped through the schema's source keys", "[readers]") {
  auto out = ReadAll(DataPath("jsonl/feed.jsonl"));
  INFO(out.ProblemList());
  REQUIRE(out.open_status.ok());
  REQUIRE(out.records.size() == 5);
  const Article& a = out.records[0].article;
  CHECK(a.id == "n-1");
  CHECK(a.title == "Harbour reopens after storm");
  CHECK(a.body == "The harbour reopened on Monday.");
  REQUIRE(a.published.has_value());
  CHECK(text::FormatIso8601(*a.published) == "2023-10-16T08:30:00Z");
  CHECK(a.people == std::vector<std::string>{"Ana Ruiz", "Tom Lee"});
  CHECK(a.topics == std::vector<std::string>{"weather"});
  CHECK(a.section == "local");
  CHECK(a.language == "en");
  CHECK(nlohmann::json::parse(a.extra_json) == nlohmann::json{{"wordcount", 6}});
  CHECK(out.records[0].origin == DataPath("jsonl/feed.jsonl") + ":1");
}

TEST_CASE("JSONL: missing ids, numeric ids and epoch dates", "[readers]") {
  auto out = ReadAll(DataPath("jsonl/feed.jsonl"));
  const SourceRecord* no_id = out.Find("feed.jsonl:3");
  REQUIRE(no_id != nullptr);
  CHECK(no_id->article.title == "No id here");
  CHECK(no_id->article.body == "Body text.");
  REQUIRE(no_id->article.published.has_value());
  CHECK(*no_id->article.published == 1697445000);
  CHECK(no_id->article.extra_json.empty());
  const SourceRecord* numeric = out.Find("42");
  REQUIRE(numeric != nullptr);
  REQUIRE(numeric->article.published.has_value());
  CHECK(*numeric->article.published == 1697445000);  // milliseconds
  CHECK(numeric->article.places == std::vector<std::string>{"Lima"});
}

TEST_CASE("JSONL: bad lines are reported with path:line and skipped", "[readers]") {
  auto out = ReadAll(DataPath("jsonl/feed.jsonl"));
  INFO(out.ProblemList());
  CHECK(out.problems.size() == 5);
  CHECK(out.SkippedCount() == 4);  // the impossible date is only a warning
  CHECK(out.HasProblem("feed.jsonl:5", "invalid JSON: parse error at line 1, column"));
  CHECK(out.HasProblem("feed.jsonl:6", "not a JSON object but array"));
  CHECK(out.HasProblem("feed.jsonl:7", "field \"title\": expected a string, got number"));
  CHECK(out.HasProblem("feed.jsonl:9", "field \"people\": expected a string or an array"));
  CHECK(out.Find("n-4") == nullptr);
  CHECK(out.Find("n-6") == nullptr);
  CHECK(out.Find("n-8") == nullptr);
}

TEST_CASE("JSONL: an impossible date is reported but the article kept", "[readers]") {
  auto out = ReadAll(DataPath("jsonl/feed.jsonl"));
  const SourceRecord* r = out.Find("n-7");
  REQUIRE(r != nullptr);
  CHECK_FALSE(r->article.published.has_value());
  CHECK(out.HasProblem("feed.jsonl:8", "day 31 does not exist in February 2023"));
  CHECK(out.HasProblem("feed.jsonl:8", "kept without a date"));
}

TEST_CASE("JSONL: a record without a date field takes its dateline's date", "[readers]") {
  auto out = ReadAll(DataPath("jsonl/datelines.jsonl"));
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 9);
  auto date_of = [&out](std::string_view id) {
    const SourceRecord* r = out.Find(id);
    REQUIRE(r != nullptr);
    return r->article.published ? text::FormatIso8601(*r->article.published) : std::string();
  };
  CHECK(date_of("d-1") == "2023-10-16T00:00:00Z");  // from the body's dateline
  CHECK(date_of("d-2") == "2023-10-16T00:00:00Z");  // from the dateline field
  CHECK(date_of("d-3").empty());                    // a date later in the text
  CHECK(date_of("d-4").empty());                    // "ACCRA, Feb 26": no year
  CHECK(date_of("d-5").empty());                    // impossible: reported below
  CHECK(date_of("d-6") == "2023-10-20T00:00:00Z");  // the record's own date wins
  CHECK(date_of("d-7").empty());                    // an impossible own date is not replaced
  CHECK(date_of("d-8") == "2023-10-18T00:00:00Z");  // dateline field before body
  CHECK(date_of("d-9") == "2023-10-16T00:00:00Z");  // a date line above the story
  REQUIRE(out.problems.size() == 2);
  CHECK(out.SkippedCount() == 0);
  CHECK(out.problems[0].origin == DataPath("jsonl/datelines.jsonl") + ":5");
  CHECK(out.problems[0].reason ==
        "dateline date \"October 32, 2023\": day 32 does not exist in October 2023; article "
        "kept without a date");
  CHECK(out.problems[1].origin == DataPath("jsonl/datelines.jsonl") + ":7");
  CHECK(out.problems[1].reason ==
        "field \"published\": day 31 does not exist in February 2023; article kept without a "
        "date");
}

TEST_CASE("JSONL: the first schema key wins, the others go to extra_json", "[readers]") {
  auto out = ReadAll(DataPath("jsonl/feed.jsonl"));
  const SourceRecord* r = out.Find("n-9");
  REQUIRE(r != nullptr);
  CHECK(r->article.title == "Both keys");
  CHECK(r->article.byline == "A. Writer, B. Writer");
  auto extra = nlohmann::json::parse(r->article.extra_json);
  CHECK(extra["headline"] == "Second choice");
  CHECK(extra["extra"] == nlohmann::json{{"k", {1, 2}}});
}

TEST_CASE("JSONL: invalid UTF-8, deep nesting and long lines do not stop the run",
          "[readers]") {
  TempDir dir;
  std::string deep(100000, '[');
  std::string lines = "{\"id\": \"a\", \"title\": \"caf\xE9\"}\n";
  lines += "{\"id\": \"b\", \"x\": " + deep + "}\n";
  lines += "{\"id\": \"c\", \"body\": \"" + std::string(300000, 'y') + "\"}\n";
  lines += "   \n";
  lines += "{\"id\": \"d\", \"title\": \"ok\", \"title\": \"last wins\"}";  // no final newline
  WriteFile(dir.path() / "odd.jsonl", lines);
  ReaderOptions options;
  options.max_article_bytes = 200000;
  auto out = ReadAll((dir.path() / "odd.jsonl").string(), options);
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.id == "d");
  CHECK(out.records[0].article.title == "last wins");
  CHECK(out.records[0].origin == (dir.path() / "odd.jsonl").string() + ":5");
  CHECK(out.HasProblem("odd.jsonl:1", "invalid UTF-8"));
  CHECK(out.HasProblem("odd.jsonl:2", "nested deeper than"));
  CHECK(out.HasProblem("odd.jsonl:3", "line longer than 200000 bytes"));
  CHECK(out.problems.size() == 3);
}

TEST_CASE("JSONL: a custom schema maps its own keys", "[readers]") {
  const char* toml = R"(
[[field]]
name = "id"
kind = "id"
source = ["guid"]

[[field]]
name = "title"
kind = "text"
source = ["hed"]

[[field]]
name = "body"
kind = "text"
source = ["copy"]
)";
  auto schema = Schema::FromToml(toml);
  REQUIRE(schema.ok());
  TempDir dir;
  WriteFile(dir.path() / "custom.jsonl", "{\"guid\": \"g1\", \"hed\": \"Custom\", \"title\": \"x\"}\n");
  ReaderOptions options;
  options.schema = &*schema;
  auto out = ReadAll((dir.path() / "custom.jsonl").string(), options);
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.id == "g1");
  CHECK(out.records[0].article.title == "Custom");
  CHECK(nlohmann::json::parse(out.records[0].article.extra_json)["title"] == "x");
}

TEST_CASE("JSONL: gzip-compressed files read the same", "[readers]") {
  TempDir dir;
  std::string content = testing::ReadFileBytes(DataPath("jsonl/feed.jsonl"));
  WriteGzip(dir.path() / "feed.jsonl.gz", content);
  auto plain = ReadAll(DataPath("jsonl/feed.jsonl"));
  auto gz = ReadAll((dir.path() / "feed.jsonl.gz").string());
  REQUIRE(gz.records.size() == plain.records.size());
  for (std::size_t i = 0; i < gz.records.size(); ++i) {
    // Fallback ids name the file, which now ends in .gz.
    if (plain.records[i].article.id != "feed.jsonl:3") {
      CHECK(gz.records[i].article.id == plain.records[i].article.id);
    }
    CHECK(gz.records[i].article.title == plain.records[i].article.title);
  }
  CHECK(gz.problems.size() == plain.problems.size());
}

}  // namespace
}  // namespace newsdex::indexer

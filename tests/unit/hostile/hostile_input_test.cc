// Hostile input through the library's real entry points: readers, the analyzer, the
// query parser, the date parsers and the writer. Each case checks what happens, not just
// that nothing crashes: the error names the problem (and file:line for readers), the bad
// record is skipped and the rest read, and caps are applied and reported.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/query/query_parser.h"
#include "common/schema/schema.h"
#include "common/schema/terms.h"
#include "common/text/analyzer.h"
#include "common/text/date_mentions.h"
#include "common/text/publication_date.h"
#include "indexer/index_writer.h"
#include "unit/readers/reader_test_util.h"

namespace newsdex {
namespace {

using namespace std::string_literals;
using indexer::ReaderOptions;
using indexer::testing::ReadAll;
using indexer::testing::ReadOutcome;
using indexer::testing::TempDir;
using indexer::testing::WriteFile;
using indexer::testing::WriteGzip;

constexpr std::int64_t kAsOf = 1697443200;  // 2023-10-16T08:00:00Z

std::vector<text::Token> Analyze(std::string_view input, text::AnalyzerOptions options = {}) {
  text::Analyzer analyzer(options);
  std::vector<text::Token> tokens;
  analyzer.Analyze(input, "en", &tokens);
  return tokens;
}

std::vector<std::string> Terms(std::string_view input) {
  std::vector<std::string> terms;
  for (const text::Token& t : Analyze(input)) terms.push_back(t.term);
  return terms;
}

// The query parser with the default schema and limits, as the searcher uses it.
struct QueryFixture {
  explicit QueryFixture(SearcherOptions limits = {})
      : analyzer(text::AnalyzerOptions{.emit_joined = false}),
        parser(Schema::Default(), limits, {"en"}) {}
  Result<query::ParsedQuery> Parse(std::string_view q) {
    return parser.Parse(q, &analyzer, nullptr, kAsOf);
  }
  // The error message, or "" when the query parsed.
  std::string Error(std::string_view q) {
    auto parsed = Parse(q);
    if (parsed.ok()) return "";
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    return parsed.status().message();
  }
  text::Analyzer analyzer;
  query::QueryParser parser;
};

// Archives in these tests are thrown away: skip the fsyncs.
WriterOptions FastWriterOptions() {
  WriterOptions options;
  options.sync = false;
  return options;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---- UTF-8 ---------------------------------------------------------------------------

TEST_CASE("hostile: invalid UTF-8 never becomes a term and replacements are counted",
          "[hostile][text]") {
  std::size_t replaced = 0;
  std::string valid = text::ToValidUtf8("caf\xE9 \xFF\xFE ok \xED\xA0\x80", &replaced);
  CHECK(text::IsValidUtf8(valid));
  CHECK(replaced >= 3);
  CHECK(valid.find("ok") != std::string::npos);
  for (const text::Token& t : Analyze("caf\xE9 cr\xE8me \xFF\xFE bad \xF4\x90\x80\x80 end")) {
    CHECK(text::IsValidUtf8(t.term));
    CHECK(t.term.find("\xEF\xBF\xBD") == std::string::npos);  // no U+FFFD in terms
  }
  CHECK(Terms("caf\xE9 end").back() == "end");
}

TEST_CASE("hostile: overlong encodings are invalid, never decoded to what they hide",
          "[hostile][text]") {
  // C0 AF and E0 80 AF are overlong forms of '/'; C0 80 of NUL.
  for (std::string_view overlong : {"a\xC0\xAF" "b", "a\xE0\x80\xAF" "b", "a\xC0\x80" "b",
                                    "a\xF0\x80\x80\xAF" "b"}) {
    INFO(std::string(overlong));
    CHECK_FALSE(text::IsValidUtf8(overlong));
    std::size_t replaced = 0;
    std::string valid = text::ToValidUtf8(overlong, &replaced);
    CHECK(replaced > 0);
    CHECK(valid.find('/') == std::string::npos);
    CHECK(valid.find('\0') == std::string::npos);
  }
}

TEST_CASE("hostile: NUL bytes are invalid UTF-8 and become spaces", "[hostile][text]") {
  std::string with_nul = "one\0two"s;
  CHECK_FALSE(text::IsValidUtf8(with_nul));
  CHECK(text::ToValidUtf8(with_nul) == "one two");
  CHECK(Terms(with_nul) == std::vector<std::string>{"one", "two"});
}

// ---- Long words and articles ------------------------------------------------------------

TEST_CASE("hostile: a 1 MB line of one word gives no term and keeps its position",
          "[hostile][text]") {
  std::string text = "before " + std::string(1 << 20, 'x') + " after";
  auto start = std::chrono::steady_clock::now();
  std::vector<text::Token> tokens = Analyze(text);
  CHECK(SecondsSince(start) < 30);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].term == "befor");
  CHECK(tokens[1].term == "after");
  CHECK(tokens[1].position == 2);  // the long word's position is used
}

TEST_CASE("hostile: long words are capped at max_word_bytes, also after folding",
          "[hostile][text]") {
  // 40 x U+FDFA: 120 bytes as written; NFKC makes each one 18 letters.
  std::string expanding;
  for (int i = 0; i < 20; ++i) expanding += "\xEF\xB7\xBA";
  std::string text = std::string(65, 'a') + " " + std::string(64, 'b') + " " + expanding;
  for (const text::Token& t : Analyze(text)) {
    CHECK(t.folded.size() <= 64);
    CHECK(t.term.size() <= 64);
    CHECK(t.exact.size() <= kMaxTermBytes);
  }
  CHECK(Terms(text) == std::vector<std::string>{std::string(64, 'b')});
}

TEST_CASE("hostile: a 1 MB line of one word in JSON Lines is read and indexed",
          "[hostile][readers][writer]") {
  TempDir dir;
  std::string word(1 << 20, 'w');
  WriteFile(dir.path() / "big.jsonl",
            "{\"id\":\"w-1\",\"title\":\"One word\",\"body\":\"" + word + "\"}\n"
            "{\"id\":\"w-2\",\"title\":\"Next\"}\n");
  ReadOutcome out = ReadAll((dir.path() / "big.jsonl").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.body.size() == word.size());

  auto writer = indexer::IndexWriter::OpenArchive(FastWriterOptions(), (dir.path() / "a").string());
  REQUIRE(writer.ok());
  for (const auto& record : out.records) REQUIRE((*writer)->Add(record.article).ok());
  REQUIRE((*writer)->Commit().ok());
  Xapian::Database db(ArchivePaths((dir.path() / "a").string()).xapian);
  CHECK(db.get_doccount() == 2);
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    CHECK((*t).size() <= kMaxTermBytes);
  }
  CHECK(db.term_exists("one"));
}

TEST_CASE("hostile: long ids and field values stay within Xapian's term limit",
          "[hostile][writer]") {
  TempDir dir;
  const std::string archive = (dir.path() / "a").string();
  auto writer = indexer::IndexWriter::OpenArchive(FastWriterOptions(), archive);
  REQUIRE(writer.ok());
  Article a;
  a.id = "id-" + std::string(300, 'i');
  a.title = "Long values";
  a.section = std::string(400, 's');
  a.people = {std::string(300, 'p')};
  a.topics = {std::string(500, 't')};
  Article b = a;
  b.id = "id-" + std::string(300, 'i') + "-other";  // shares the first 245 bytes with a
  REQUIRE((*writer)->Add(a).ok());
  REQUIRE((*writer)->Add(b).ok());
  REQUIRE((*writer)->Commit().ok());
  Xapian::Database db(ArchivePaths(archive).xapian);
  CHECK(db.get_doccount() == 2);
  CHECK(db.term_exists(IdTerm(a.id)));
  CHECK(db.term_exists(IdTerm(b.id)));
  CHECK(IdTerm(a.id) != IdTerm(b.id));
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) CHECK((*t).size() <= kMaxTermBytes);
}

TEST_CASE("hostile: the writer refuses invalid UTF-8 and NUL bytes, naming the field",
          "[hostile][writer]") {
  TempDir dir;
  auto writer = indexer::IndexWriter::OpenArchive(FastWriterOptions(), (dir.path() / "a").string());
  REQUIRE(writer.ok());
  Article a;
  a.id = "bad";
  a.title = "caf\xE9";
  auto added = (*writer)->Add(a);
  REQUIRE_FALSE(added.ok());
  CHECK(added.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(added.status().message(), Catch::Contains("title"));
  a.title = "fine";
  a.people = {"nul\0byte"s};
  added = (*writer)->Add(a);
  REQUIRE_FALSE(added.ok());
  CHECK_THAT(added.status().message(), Catch::Contains("people"));
}

TEST_CASE("hostile: a 100 MB single article is indexed only up to max_indexed_bytes, flagged",
          "[hostile][writer][slow]") {
  TempDir dir;
  WriterOptions options;
  options.sync = false;
  auto writer = indexer::IndexWriter::OpenArchive(options, (dir.path() / "a").string());
  REQUIRE(writer.ok());
  Article a;
  a.id = "huge";
  a.title = "A very long article";
  const std::string paragraph = "Grain shipments rose sharply in the harbour this week. ";
  a.body.reserve(100u << 20);
  while (a.body.size() + paragraph.size() <= (100u << 20)) a.body += paragraph;
  a.body += "finalword";
  auto added = (*writer)->Add(a);
  REQUIRE(added.ok());
  CHECK((*writer)->last_add_truncated());
  REQUIRE((*writer)->Commit().ok());
  Xapian::Database db(ArchivePaths((dir.path() / "a").string()).xapian);
  CHECK(db.term_exists("grain"));
  CHECK_FALSE(db.term_exists("finalword"));  // past the cut
  // Only the first 8 MiB were analysed: about 8 MiB / 56 bytes * 9 words of positions.
  CHECK(db.get_doclength(1) < (9u << 20) / 56 * 9 + 100);
}

TEST_CASE("hostile: a 100 MB plain-text article is refused by the reader, memory bounded",
          "[hostile][readers][slow]") {
  TempDir dir;
  {
    std::string chunk(1 << 20, 'x');
    for (std::size_t i = 0; i < chunk.size(); i += 64) chunk[i] = '\n';
    std::ofstream out(dir.path() / "huge.txt", std::ios::binary);
    for (int i = 0; i < 100; ++i) out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  }
  WriteFile(dir.path() / "small.txt", "Small\n\nStill read.\n");
  ReadOutcome out = ReadAll(dir.path().string());
  INFO(out.ProblemList());
  CHECK(out.HasProblem("huge.txt", "article of 104857600 bytes is larger than 67108864"));
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.title == "Small");
}

// ---- Readers -----------------------------------------------------------------------------

TEST_CASE("hostile: JSON Lines with invalid UTF-8 and overlong forms: skipped by line",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "feed.jsonl",
            "{\"id\":\"a\",\"title\":\"First\"}\n"
            "{\"id\":\"b\",\"title\":\"caf\xE9\"}\n"
            "{\"id\":\"c\",\"title\":\"\xC0\xAF\"}\n"
            "{\"id\":\"d\",\"title\":\"Last\"}\n");
  ReadOutcome out = ReadAll((dir.path() / "feed.jsonl").string());
  INFO(out.ProblemList());
  CHECK(out.HasProblem("feed.jsonl:2", "invalid UTF-8"));
  CHECK(out.HasProblem("feed.jsonl:3", "invalid UTF-8"));
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.id == "a");
  CHECK(out.records[1].article.id == "d");
}

TEST_CASE("hostile: JSON escapes of NUL and lone surrogates", "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "feed.jsonl",
            "{\"id\":\"n-1\",\"title\":\"nul\\u0000here\",\"people\":[\"a\\u0000b\"]}\n"
            "{\"id\":\"n-2\",\"title\":\"\\ud800 lone\"}\n"
            "{\"id\":\"n-3\",\"title\":\"emoji \\ud83d\\ude00\"}\n");
  ReadOutcome out = ReadAll((dir.path() / "feed.jsonl").string());
  INFO(out.ProblemList());
  for (const auto& record : out.records) {
    CHECK(text::IsValidUtf8(record.article.title));
    for (const std::string& p : record.article.people) CHECK(text::IsValidUtf8(p));
  }
  const auto* nul = out.Find("n-1");
  REQUIRE(nul != nullptr);
  CHECK(nul->article.title == "nul here");  // NUL becomes a space, as in plain text
  CHECK(nul->article.people == std::vector<std::string>{"a b"});
  CHECK(out.HasProblem("feed.jsonl:2", "invalid JSON"));
  REQUIRE(out.Find("n-3") != nullptr);
  CHECK(out.Find("n-3")->article.title == "emoji \xF0\x9F\x98\x80");
}

TEST_CASE("hostile: JSON duplicate keys, deep nesting and wrong types", "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "feed.jsonl",
            "{\"id\":\"d-1\",\"title\":\"First\",\"title\":\"Second\"}\n" +
                ("{\"id\":\"d-2\",\"x\":" + std::string(10000, '[') + std::string(10000, ']') + "}\n") +
                "{\"id\":\"d-3\",\"title\":17}\n"
                "{\"id\":[\"d-4\"],\"title\":\"t\"}\n"
                "{\"id\":\"d-5\",\"people\":[\"ok\",3]}\n"
                "{\"id\":\"d-6\",\"published\":true}\n"
                "{\"id\":\"d-7\",\"published\":1e400}\n"
                "{\"id\":\"d-8\",\"title\":\"Last\"}\n");
  ReadOutcome out = ReadAll((dir.path() / "feed.jsonl").string());
  INFO(out.ProblemList());
  // nlohmann keeps the last of duplicate keys.
  REQUIRE(out.Find("d-1") != nullptr);
  CHECK(out.Find("d-1")->article.title == "Second");
  CHECK(out.HasProblem("feed.jsonl:2", "nested deeper than 64 levels"));
  CHECK(out.HasProblem("feed.jsonl:3", "field \"title\": expected a string, got number"));
  CHECK(out.HasProblem("feed.jsonl:4", "field \"id\": expected a string or an integer, got array"));
  CHECK(out.HasProblem("feed.jsonl:5", "field \"people\": expected a string or an array of strings"));
  CHECK(out.HasProblem("feed.jsonl:6", "field \"published\": expected a date string or a number"));
  CHECK(out.HasProblem("feed.jsonl:7", "invalid JSON"));
  REQUIRE(out.Find("d-8") != nullptr);
  CHECK(out.records.size() == 2);
}

TEST_CASE("hostile: JSON Lines dates like 31-FEB, year 0 and 99999 keep the article",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "feed.jsonl",
            "{\"id\":\"t-1\",\"published\":\"31-FEB-1987\"}\n"
            "{\"id\":\"t-2\",\"published\":\"0000-01-01\"}\n"
            "{\"id\":\"t-3\",\"published\":\"99999-01-01\"}\n"
            "{\"id\":\"t-4\",\"published\":-99999999999999}\n");
  ReadOutcome out = ReadAll((dir.path() / "feed.jsonl").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 4);
  for (const auto& record : out.records) CHECK_FALSE(record.article.published);
  CHECK(out.SkippedCount() == 0);
  CHECK(out.HasProblem("feed.jsonl:1", "day 31 does not exist in February 1987"));
  CHECK(out.HasProblem("feed.jsonl:2", "year 0"));
  CHECK(out.HasProblem("feed.jsonl:3", "article kept without a date"));
  CHECK(out.HasProblem("feed.jsonl:4", "timestamp out of range"));
}

TEST_CASE("hostile: SGML with unclosed tags: the story is reported, the next one read",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "wire.sgm",
            "<REUTERS NEWID=\"1\">\n"
            "<TEXT><TITLE>UNCLOSED TITLE\n"
            "<BODY>Body never closed\n"
            "<REUTERS NEWID=\"2\">\n"
            "<TEXT><TITLE>SECOND STORY</TITLE><BODY>Read in full.\n Reuter\n</BODY></TEXT>\n"
            "</REUTERS>\n"
            "<REUTERS NEWID=\"3\">\n"
            "<TEXT><TITLE>CUT OFF AT THE END\n");
  ReadOutcome out = ReadAll((dir.path() / "wire.sgm").string());
  INFO(out.ProblemList());
  const auto* second = out.Find("2");
  REQUIRE(second != nullptr);
  CHECK(second->article.title == "SECOND STORY");
  CHECK(out.HasProblem("wire.sgm:1", "no </REUTERS> before the next <REUTERS at line 4"));
  CHECK(out.HasProblem("wire.sgm:9", "no </REUTERS> before the end of the file"));
  CHECK(out.records.size() == 1);
  for (const auto& record : out.records) {
    CHECK(text::IsValidUtf8(record.article.title));
    CHECK(text::IsValidUtf8(record.article.body));
  }
}

TEST_CASE("hostile: SGML with NUL bytes, Latin-1 and numeric entities gives valid UTF-8",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "wire.sgm",
            "<REUTERS NEWID=\"1\">\n<TEXT><TITLE>CAF\xC9 \0 NUL</TITLE>\n"s +
                "<BODY>S\xE3o Paulo &#0; &#99999999; &#55296; &#1;x</BODY></TEXT>\n</REUTERS>\n");
  ReadOutcome out = ReadAll((dir.path() / "wire.sgm").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 1);
  const Article& a = out.records[0].article;
  CHECK(text::IsValidUtf8(a.title));
  CHECK(text::IsValidUtf8(a.body));
  CHECK(a.title == "CAF\xC3\x89 NUL");  // the NUL dropped like the wire's other controls
  CHECK_THAT(a.body, Catch::StartsWith("S\xC3\xA3o Paulo"));
}

TEST_CASE("hostile: file and folder names that are not UTF-8 give valid ids and sections",
          "[hostile][readers]") {
  TempDir dir;
  // "café" and "dépêches" in Latin-1, as an old archive copied from Windows may have them.
  WriteFile(dir.path() / "d\xE9p\xEA" "ches" / "caf\xE9.txt", "Title\n\nBody.\n");
  WriteFile(dir.path() / "d\xE9p\xEA" "ches" / "fil\xE9.jsonl", "{\"title\":\"No id\"}\n");
  ReaderOptions options;
  options.section_from_folder = true;
  ReadOutcome out = ReadAll(dir.path().string(), options);
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);
  for (const auto& record : out.records) {
    CHECK(text::IsValidUtf8(record.article.id));
    CHECK(text::IsValidUtf8(record.article.section));
  }
  CHECK(out.Find(dir.path().filename().string() + "/d\xC3\xA9p\xC3\xAA" "ches/caf\xC3\xA9.txt") != nullptr);
  CHECK(out.Find("fil\xC3\xA9.jsonl:1") != nullptr);
}

TEST_CASE("hostile: SGML attributes with Latin-1 bytes are decoded, not thrown on",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "wire.sgm",
            "<REUTERS NEWID=\"1\" CAF\xC9=\"cr\xE8me\">\n<TEXT TYPE=\"\xFFUNPROC\">\nraw line\n"
            "</TEXT>\n</REUTERS>\n"
            "<REUTERS NEWID=\"2\">\n<TEXT><TITLE>NEXT</TITLE></TEXT>\n</REUTERS>\n");
  ReadOutcome out = ReadAll((dir.path() / "wire.sgm").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);
  const std::string& extra = out.records[0].article.extra_json;
  CHECK(text::IsValidUtf8(extra));
  CHECK_THAT(extra, Catch::Contains("\"caf\xC3\x89\":\"cr\xC3\xA8me\""));
  CHECK_THAT(extra, Catch::Contains("\"text_type\":\"\xC3\xBFunproc\""));
}

TEST_CASE("hostile: an SGML DATE over several lines is reported on one line",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "wire.sgm",
            "<REUTERS NEWID=\"1\">\n<DATE>5-MAR-19\nPICS=\"NO\"\n</DATE>\n"
            "<TEXT><TITLE>KEPT</TITLE></TEXT>\n</REUTERS>\n");
  ReadOutcome out = ReadAll((dir.path() / "wire.sgm").string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 1);
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].reason.find('\n') == std::string::npos);
  CHECK_THAT(out.problems[0].reason, Catch::StartsWith("DATE \"5-MAR-19 PICS=\"NO\"\""));
}

TEST_CASE("hostile: plain text with NUL bytes and invalid UTF-8 is kept as Latin-1",
          "[hostile][readers]") {
  TempDir dir;
  WriteFile(dir.path() / "a.txt", "Caf\xE9\0title\n\nBody \xC0\xAF end\n"s);
  ReadOutcome out = ReadAll((dir.path() / "a.txt").string());
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.title == "Caf\xC3\xA9 title");
  CHECK(out.records[0].article.body == "Body \xC3\x80\xC2\xAF end");  // not "/"
}

TEST_CASE("hostile: truncated and corrupt gzip: what was read is kept, the error named",
          "[hostile][readers]") {
  TempDir dir;
  std::string feed;
  for (int i = 0; i < 200; ++i) {
    feed += "{\"id\":\"g-" + std::to_string(i) + "\",\"title\":\"Story number " + std::to_string(i) +
            " about grain and oil and harbours\"}\n";
  }
  WriteGzip(dir.path() / "full.jsonl.gz", feed);
  std::string gz = indexer::testing::ReadFileBytes(dir.path() / "full.jsonl.gz");
  WriteFile(dir.path() / "cut.jsonl.gz", gz.substr(0, gz.size() / 2));
  std::string corrupt = gz;
  corrupt[gz.size() / 2] = static_cast<char>(corrupt[gz.size() / 2] ^ 0x55);
  WriteFile(dir.path() / "corrupt.jsonl.gz", corrupt);

  ReadOutcome cut = ReadAll((dir.path() / "cut.jsonl.gz").string());
  INFO(cut.ProblemList());
  CHECK(cut.HasProblem("cut.jsonl.gz", "truncated gzip data"));
  CHECK(cut.records.size() > 10);
  CHECK(cut.records.size() < 200);
  ReadOutcome bad = ReadAll((dir.path() / "corrupt.jsonl.gz").string());
  INFO(bad.ProblemList());
  CHECK(bad.problems.size() >= 1);
  CHECK(bad.HasProblem("corrupt.jsonl.gz", "gzip"));
}

// ---- Queries -----------------------------------------------------------------------------

TEST_CASE("hostile: 10,000 nested brackets or quotes are refused quickly", "[hostile][query]") {
  QueryFixture f;
  auto start = std::chrono::steady_clock::now();
  std::string nested = std::string(10000, '(') + "oil" + std::string(10000, ')');
  // Longer than max_query_bytes: refused before any parsing.
  CHECK_THAT(f.Error(nested), Catch::StartsWith("column 1:") && Catch::Contains("limit is 4096"));
  QueryFixture roomy(SearcherOptions{.max_query_bytes = 1 << 20});
  CHECK_THAT(roomy.Error(nested), Catch::StartsWith("column 33:") && Catch::Contains("32 levels"));
  std::string quotes(10000, '"');
  std::string quote_error = roomy.Error(quotes);
  std::string mixed;
  for (int i = 0; i < 5000; ++i) mixed += "(\"";
  std::string mixed_error = roomy.Error(mixed);
  CHECK_THAT(mixed_error, Catch::StartsWith("column "));
  CHECK(SecondsSince(start) < 5);
}

TEST_CASE("hostile: unbalanced quotes and parentheses name the column", "[hostile][query]") {
  QueryFixture f;
  CHECK_THAT(f.Error("(oil OR gas"), Catch::StartsWith("column "));
  CHECK_THAT(f.Error("oil OR gas)"), Catch::StartsWith("column "));
  CHECK_THAT(f.Error("title:(a OR"), Catch::StartsWith("column "));
  CHECK_THAT(f.Error("kernel AND"), Catch::StartsWith("column "));
  CHECK_THAT(f.Error("\"belt and road"), Catch::StartsWith("column "));
}

TEST_CASE("hostile: unknown field prefixes are refused, not searched as words",
          "[hostile][query]") {
  QueryFixture f;
  CHECK_THAT(f.Error("foo:bar"), Catch::StartsWith("column 1:") && Catch::Contains("foo"));
  CHECK_THAT(f.Error("oil nosuchfield:\"x y\""), Catch::StartsWith("column 5:") &&
                                                    Catch::Contains("nosuchfield"));
}

TEST_CASE("hostile: query dates like 31-FEB, year 0 and 99999 are refused with a reason",
          "[hostile][query]") {
  QueryFixture f;
  CHECK_THAT(f.Error("date:2023-02-31"), Catch::Contains("day 31 does not exist in February 2023"));
  CHECK_THAT(f.Error("date:0000"), Catch::StartsWith("column 6:"));
  CHECK_THAT(f.Error("date:99999"), Catch::StartsWith("column 6:"));
  CHECK_THAT(f.Error("mentions:1987-02-29"), Catch::Contains("day 29 does not exist in February 1987"));
}

TEST_CASE("hostile: query length, term and depth caps", "[hostile][query]") {
  QueryFixture f;
  CHECK_THAT(f.Error(std::string(4097, 'a')), Catch::Contains("limit is 4096 bytes"));
  std::string many;
  for (int i = 0; i < 200; ++i) many += "w" + std::to_string(i) + " ";
  CHECK_THAT(f.Error(many), Catch::Contains("too many terms"));
  CHECK(f.Error(std::string(32, '(') + "oil" + std::string(32, ')')).empty());
}

TEST_CASE("hostile: queries of invalid UTF-8 and NUL bytes parse to valid terms",
          "[hostile][query]") {
  QueryFixture f;
  auto parsed = f.Parse("caf\xE9 \xC0\xAF oil\0gas"s);
  REQUIRE(parsed.ok());
  for (const std::string& term : parsed->highlight_terms) CHECK(text::IsValidUtf8(term));
  CHECK_THAT(parsed->query.get_description(), Catch::Contains("oil") && Catch::Contains("gas"));
}

// ---- Dates -------------------------------------------------------------------------------

TEST_CASE("hostile: impossible publication dates are refused with the reason",
          "[hostile][dates]") {
  struct Row {
    const char* text;
    const char* reason;
  };
  const Row rows[] = {
      {"31-FEB-1987 10:00:00.00", "day 31 does not exist in February 1987"},
      {"2023-02-29", "day 29 does not exist in February 2023"},
      {"0000-01-01", "year 0 is out of range"},
      {"26-FEB-0000", "year 0 is out of range"},
      {"99999-01-01", "year 99999 is out of range"},
      {"", "empty date"},
      {"\xC0\xAF\xFF", "not a date"},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    auto parsed = text::ParsePublicationDate(row.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(parsed.status().message(), Catch::Contains(row.reason));
  }
  CHECK(text::ParsePublicationDate("2024-02-29").ok());
}

TEST_CASE("hostile: impossible and absurd mentioned dates are not dates", "[hostile][dates]") {
  text::DateMentionExtractor extractor;
  std::vector<text::DateMention> found;
  extractor.Extract(
      "It closed on February 30, 2023, reopened on 31 April 1999, in year 0 and in 99999 "
      "and on 0000-01-01, then 2023-13-01.",
      {.published = kAsOf}, &found);
  std::vector<std::string> keys;
  for (const auto& m : found) keys.push_back(m.Key());
  CHECK(keys == std::vector<std::string>{});
  found.clear();
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "((\"";
  extractor.Extract(many, {.published = kAsOf}, &found);
  CHECK(found.empty());
}

}  // namespace
}  // namespace newsdex

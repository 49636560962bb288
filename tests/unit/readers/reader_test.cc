#include "indexer/readers/reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

#include "indexer/readers/file_readers.h"
#include "unit/readers/reader_test_util.h"

namespace newsdex::indexer {
namespace {

using testing::DataPath;
using testing::ReadAll;
using testing::TempDir;
using testing::WriteFile;
using testing::WriteGzip;
namespace fs = std::filesystem;

TEST_CASE("ParseFormat and FormatName", "[readers]") {
  struct Row {
    const char* name;
    Format format;
  };
  for (Row row : {Row{"auto", Format::kAuto}, Row{"text", Format::kText},
                  Row{"TXT", Format::kText}, Row{"jsonl", Format::kJsonLines},
                  Row{"ndjson", Format::kJsonLines}, Row{"sgml", Format::kReutersSgml},
                  Row{"Reuters", Format::kReutersSgml}}) {
    CAPTURE(row.name);
    auto f = ParseFormat(row.name);
    REQUIRE(f.ok());
    CHECK(*f == row.format);
  }
  auto bad = ParseFormat("xml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(bad.status().message(), Catch::Matchers::Contains("unknown format 'xml'"));
  for (Format f : {Format::kAuto, Format::kText, Format::kJsonLines, Format::kReutersSgml}) {
    auto round = ParseFormat(FormatName(f));
    REQUIRE(round.ok());
    CHECK(*round == f);
  }
}

TEST_CASE("Format detection by extension, then by the first bytes", "[readers]") {
  using internal::DetectFormat;
  CHECK(DetectFormat("a/reut2-000.sgm", "") == Format::kReutersSgml);
  CHECK(DetectFormat("a/reut2-000.SGM.gz", "") == Format::kReutersSgml);
  CHECK(DetectFormat("x.sgml", "{") == Format::kReutersSgml);
  CHECK(DetectFormat("feed.jsonl", "") == Format::kJsonLines);
  CHECK(DetectFormat("feed.ndjson.gz", "") == Format::kJsonLines);
  CHECK(DetectFormat("feed.json", "") == Format::kJsonLines);
  CHECK(DetectFormat("wire", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">") == Format::kReutersSgml);
  CHECK(DetectFormat("wire.gz", "\n<REUTERS NEWID=\"1\">") == Format::kReutersSgml);
  CHECK(DetectFormat("dump.txt", "\xEF\xBB\xBF  {\"id\": 1}") == Format::kJsonLines);
  CHECK(DetectFormat("story.txt", "Title\n\nBody") == Format::kText);
  CHECK(DetectFormat("story", "") == Format::kText);
  CHECK(DetectFormat("story.txt", "<REUTERSX") == Format::kText);
}

TEST_CASE("OpenReader: a missing path is NotFound naming it", "[readers]") {
  TempDir dir;
  std::string missing = (dir.path() / "nope.sgm").string();
  auto r = OpenReader(missing, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kNotFound);
  CHECK_THAT(r.status().message(), Catch::Matchers::Contains(missing));
}

TEST_CASE("OpenReader: a folder mixes formats, each file detected on its own", "[readers]") {
  TempDir dir;
  fs::path root = dir.path() / "mixed";
  WriteFile(root / "a-feed.jsonl", "{\"id\": \"j1\", \"title\": \"From JSON\"}\n");
  WriteGzip(root / "b-wire.gz",
            "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"7\">\n<TEXT>&#2;\n"
            "<TITLE>FROM SGML</TITLE>\n<BODY>Body.\n&#3;</BODY></TEXT>\n</REUTERS>\n");
  WriteGzip(root / "c" / "story.txt.gz", "From text\n\nBody.\n");
  WriteFile(root / "c" / "sniffed.dat", "{\"id\": \"j2\", \"title\": \"Sniffed JSON\"}\n");
  WriteFile(root / ".git" / "config", "[core]\n");
  auto out = ReadAll(root.string());
  INFO(out.ProblemList());
  CHECK(out.problems.empty());
  REQUIRE(out.records.size() == 4);
  CHECK(out.records[0].article.id == "j1");
  CHECK(out.records[1].article.id == "7");
  CHECK(out.records[1].article.title == "FROM SGML");
  // Inside c/: "sniffed.dat" before "story.txt.gz".
  CHECK(out.records[2].article.id == "j2");
  CHECK(out.records[3].article.id == "mixed/c/story.txt.gz");
  CHECK(out.records[3].article.title == "From text");
}

TEST_CASE("OpenReader: excluded files are skipped in a folder walk", "[readers]") {
  TempDir dir;
  fs::path root = dir.path() / "corpus";
  WriteFile(root / "story.txt", "Kept story\n\nBody.\n");
  WriteFile(root / "lewis.dtd", "<!ELEMENT lewis (REUTERS*)>\n");
  WriteFile(root / "README.TXT", "About this corpus\n");
  WriteFile(root / "drafts" / "draft.txt", "Draft\n\nNot yet.\n");
  WriteFile(root / "desk" / "drafts" / "deep.txt", "Deep\n\nKept: the pattern is anchored.\n");
  ReaderOptions options;
  options.exclude = {"*.dtd", "README*", "drafts/*"};
  auto out = ReadAll(root.string(), options);
  INFO(out.ProblemList());
  CHECK(out.problems.empty());
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.id == "corpus/desk/drafts/deep.txt");
  CHECK(out.records[1].article.id == "corpus/story.txt");
  // Without patterns every file is an article.
  CHECK(ReadAll(root.string()).records.size() == 5);
}

TEST_CASE("OpenReader: options.format forces one format for every file", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "looks-like.jsonl", "{\"id\": 1}\n");
  ReaderOptions options;
  options.format = Format::kText;
  auto out = ReadAll((dir.path() / "looks-like.jsonl").string(), options);
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].article.id == "looks-like.jsonl");
  CHECK(out.records[0].article.title == "{\"id\": 1}");
}

TEST_CASE("OpenReader: a bad file in a folder is reported and the walk goes on",
          "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "1.txt", "One\n");
  WriteFile(dir.path() / "2.txt", "");
  std::string bytes = std::string(200000, 'z');
  WriteGzip(dir.path() / "3.txt.gz", "Three\n\n" + bytes);
  std::string gz = testing::ReadFileBytes(dir.path() / "3.txt.gz");
  WriteFile(dir.path() / "3.txt.gz", gz.substr(0, gz.size() - 20));
  WriteFile(dir.path() / "4.txt", "Four\n");
  auto out = ReadAll(dir.path().string());
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.title == "One");
  CHECK(out.records[1].article.title == "Four");
  REQUIRE(out.problems.size() == 2);
  CHECK(out.HasProblem("2.txt", "empty article"));
  CHECK(out.HasProblem("3.txt.gz", "truncated gzip data"));
}

TEST_CASE("OpenReader: gzip and plain copies of a file read the same", "[readers]") {
  TempDir dir;
  std::string text = "Same story\n\nSame body.\n";
  WriteFile(dir.path() / "plain" / "s.txt", text);
  WriteGzip(dir.path() / "gz" / "s.txt", text);  // compressed despite its name
  auto plain = ReadAll((dir.path() / "plain").string());
  auto gz = ReadAll((dir.path() / "gz").string());
  REQUIRE(plain.records.size() == 1);
  REQUIRE(gz.records.size() == 1);
  CHECK(gz.records[0].article.title == plain.records[0].article.title);
  CHECK(gz.records[0].article.body == plain.records[0].article.body);
  CHECK(gz.records[0].bytes == plain.records[0].bytes);
}

TEST_CASE("OpenReader: \"-\" reads standard input", "[readers]") {
  TempDir dir;
  WriteGzip(dir.path() / "in.gz", "{\"title\": \"From stdin\"}\n{\"title\": \"Second\"}\n");
  int saved = dup(STDIN_FILENO);
  REQUIRE(saved >= 0);
  int fd = open((dir.path() / "in.gz").c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  REQUIRE(dup2(fd, STDIN_FILENO) == STDIN_FILENO);
  close(fd);
  auto out = ReadAll("-");
  dup2(saved, STDIN_FILENO);
  close(saved);
  INFO(out.ProblemList());
  REQUIRE(out.records.size() == 2);
  CHECK(out.records[0].article.id == "stdin:1");
  CHECK(out.records[0].article.title == "From stdin");
  CHECK(out.records[1].origin == "<stdin>:2");
}

TEST_CASE("InputFile: lines, numbering, Peek and long lines", "[readers]") {
  TempDir dir;
  WriteFile(dir.path() / "lines.txt", "first\r\nsecond\n\n" + std::string(100, 'x') + "\nlast");
  auto in = internal::InputFile::Open((dir.path() / "lines.txt").string());
  REQUIRE(in.ok());
  CHECK((*in)->Peek(5) == "first");
  std::string line;
  bool too_long = false;
  REQUIRE((*in)->ReadLine(&line));
  CHECK(line == "first");
  REQUIRE((*in)->ReadLine(&line));
  CHECK(line == "second");
  REQUIRE((*in)->ReadLine(&line));
  CHECK(line.empty());
  REQUIRE((*in)->ReadLine(&line, 10, &too_long));
  CHECK(line == std::string(10, 'x'));
  CHECK(too_long);
  REQUIRE((*in)->ReadLine(&line, 10, &too_long));
  CHECK(line == "last");
  CHECK_FALSE(too_long);
  CHECK((*in)->line_number() == 5);
  CHECK_FALSE((*in)->ReadLine(&line));
  CHECK((*in)->status().ok());
  CHECK((*in)->bytes_consumed() == 120);
  auto folder = internal::InputFile::Open(dir.path().string());
  CHECK_FALSE(folder.ok());
}

TEST_CASE("OpenReader: the real corpora folders by name", "[readers][slow]") {
  // The Reuters folder also holds category lists and the DTD; forcing SGML skips them
  // (they hold no stories) and reads all 22 files in order.
  ReaderOptions options;
  options.format = Format::kReutersSgml;
  auto out = ReadAll(std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578", options);
  INFO(out.ProblemList());
  CHECK(out.problems.empty());
  REQUIRE(out.records.size() == 21578);
  CHECK(out.records.front().article.id == "1");
  CHECK(out.records.back().article.id == "21578");
  CHECK_THAT(out.records.back().origin, Catch::Matchers::Contains("reut2-021.sgm.gz:"));
}

}  // namespace
}  // namespace newsdex::indexer

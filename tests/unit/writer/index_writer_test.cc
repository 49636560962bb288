#include "indexer/index_writer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "common/schema/terms.h"
#include "common/store/document_store.h"
#include "newsdex/searcher.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using indexer::IndexWriter;
using testing::TempDir;

Article MakeArticle(const std::string& id, const std::string& title, const std::string& body) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.published = 541350061;  // 1987-02-26T15:01:01Z
  a.topics = {"crude"};
  a.people = {"james-baker"};
  return a;
}

std::unique_ptr<IndexWriter> OpenWriter(const std::string& path, WriterOptions options = {}) {
  auto writer = IndexWriter::OpenArchive(options, path);
  INFO(writer.status().ToString());
  REQUIRE(writer.ok());
  return std::move(writer).value();
}

Xapian::doccount XapianCount(const std::string& archive) {
  return Xapian::Database(ArchivePaths(archive).xapian).get_doccount();
}

bool XapianHas(const std::string& archive, const std::string& id) {
  return Xapian::Database(ArchivePaths(archive).xapian).term_exists(IdTerm(id));
}

std::uint64_t StoreState(const std::string& archive, std::string_view key) {
  StoreOptions options;
  options.read_only = true;
  auto store = DocumentStore::Open(ArchivePaths(archive).store, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  auto value = (*store)->GetStateNumber(key);
  REQUIRE(value.ok());
  return *value;
}

TEST_CASE("a new archive has a manifest, both stores and generation 0", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  { auto writer = OpenWriter(archive); }
  auto manifest = ReadManifest(archive);
  REQUIRE(manifest.ok());
  CHECK(manifest->format_version == kFormatVersion);
  CHECK(manifest->archive_uuid.size() == 36);
  CHECK(manifest->schema.Find("title") != nullptr);
  CHECK(XapianCount(archive) == 0);
  CHECK(StoreState(archive, kStateCommittedGen) == 0);
}

TEST_CASE("add, replace, unchanged and delete are reported and counted", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  auto writer = OpenWriter(archive);
  CHECK(*writer->Add(MakeArticle("1", "Oil prices rise", "Crude rose.")) == AddOutcome::kAdded);
  CHECK(*writer->Add(MakeArticle("2", "Gold falls", "Bullion fell.")) == AddOutcome::kAdded);
  // The same id again before a commit: content decides.
  CHECK(*writer->Add(MakeArticle("2", "Gold falls", "Bullion fell.")) == AddOutcome::kUnchanged);
  REQUIRE(writer->Commit().ok());
  CHECK(writer->Stats()->articles == 2);
  CHECK(writer->Stats()->generation == 1);

  CHECK(*writer->Add(MakeArticle("1", "Oil prices rise", "Crude rose.")) == AddOutcome::kUnchanged);
  CHECK(*writer->Add(MakeArticle("1", "Oil prices rise again", "Crude rose.")) ==
        AddOutcome::kReplaced);
  CHECK(*writer->Delete("2") == true);
  CHECK(*writer->Delete("never-there") == false);
  REQUIRE(writer->Commit().ok());
  CHECK(writer->Stats()->articles == 1);
  CHECK(writer->Stats()->generation == 2);
  CHECK(XapianCount(archive) == 1);
  CHECK(XapianHas(archive, "1"));
  CHECK_FALSE(XapianHas(archive, "2"));
  // A commit with nothing pending makes no new generation.
  REQUIRE(writer->Commit().ok());
  CHECK(writer->Stats()->generation == 2);
}

TEST_CASE("a document replaced keeps one Q term and the new terms only", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  {
    auto writer = OpenWriter(archive);
    REQUIRE(writer->Add(MakeArticle("7", "Tanker attacked", "Gulf shipping")).ok());
    REQUIRE(writer->Commit().ok());
    REQUIRE(writer->Add(MakeArticle("7", "Wheat harvest", "Kansas farmers")).ok());
    REQUIRE(writer->Commit().ok());
  }
  Xapian::Database db(ArchivePaths(archive).xapian);
  CHECK(db.get_termfreq(IdTerm("7")) == 1);
  CHECK(db.term_exists("wheat"));
  CHECK_FALSE(db.term_exists("tanker"));
}

TEST_CASE("bad articles are refused without touching the archive", "[writer]") {
  TempDir dir;
  auto writer = OpenWriter(dir / "a");
  Article no_id = MakeArticle("", "t", "b");
  CHECK(writer->Add(no_id).status().code() == StatusCode::kInvalidArgument);
  Article bad_utf8 = MakeArticle("x", "caf\xC3", "b");
  auto r = writer->Add(bad_utf8);
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(r.status().message(), Catch::Contains("title"));
  // A NUL would end the id in the index's document data.
  auto nul_id = writer->Add(MakeArticle(std::string("wire\0007", 6), "t", "b"));
  CHECK(nul_id.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(nul_id.status().message(), Catch::Contains("NUL"));
  REQUIRE(writer->Commit().ok());
  CHECK(writer->Stats()->articles == 0);
}

TEST_CASE("ids longer than Xapian's term limit stay unique", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  const std::string base(300, 'x');
  {
    auto writer = OpenWriter(archive);
    REQUIRE(writer->Add(MakeArticle(base + "1", "one", "first")).ok());
    REQUIRE(writer->Add(MakeArticle(base + "2", "two", "second")).ok());
    REQUIRE(writer->Commit().ok());
    CHECK(*writer->Add(MakeArticle(base + "1", "one", "first again")) == AddOutcome::kReplaced);
    REQUIRE(writer->Commit().ok());
  }
  CHECK(XapianCount(archive) == 2);
}

TEST_CASE("an archive is never created among other files", "[writer]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "documents");
  { std::ofstream(dir / "documents/letter.txt") << "Dear editor"; }
  auto writer = IndexWriter::OpenArchive({}, dir / "documents");
  REQUIRE_FALSE(writer.ok());
  CHECK(writer.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(writer.status().message(), Catch::Contains("not empty") && Catch::Contains("letter.txt"));
  CHECK_FALSE(std::filesystem::exists(dir / "documents/LOCK"));
  CHECK_FALSE(std::filesystem::exists(dir / "documents/xapian"));
  // An empty folder is fine.
  std::filesystem::create_directories(dir / "empty");
  CHECK(IndexWriter::OpenArchive({}, dir / "empty").ok());
}

TEST_CASE("a second writer is told the archive is busy, with the PID", "[writer]") {
  TempDir dir;
  auto first = OpenWriter(dir / "a");
  auto second = IndexWriter::OpenArchive({}, dir / "a");
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == StatusCode::kBusy);
  CHECK_THAT(second.status().message(),
             Catch::Contains("busy") && Catch::Contains(std::to_string(::getpid())));
}

TEST_CASE("opening problems give one clear status", "[writer]") {
  TempDir dir;
  WriterOptions no_create;
  no_create.create_if_missing = false;
  CHECK(IndexWriter::OpenArchive(no_create, dir / "missing").status().code() ==
        StatusCode::kNotFound);
  {
    std::ofstream(dir / "file") << "not a folder";
  }
  auto on_file = IndexWriter::OpenArchive({}, dir / "file");
  CHECK(on_file.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(on_file.status().message(), Catch::Contains("not an archive folder"));
  { auto writer = OpenWriter(dir / "newer"); }
  {
    // Pretend a future newsdex wrote this archive.
    std::ifstream in(dir / "newer/newsdex.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("format_version = 1"), 18, "format_version = 99");
    std::ofstream(dir / "newer/newsdex.toml") << text;
  }
  auto newer = IndexWriter::OpenArchive({}, dir / "newer");
  CHECK(newer.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(newer.status().message(), Catch::Contains("newer"));
}

// Crashes are real: newsdex-index runs as its own process (never a fork of this one,
// whose store threads a child would not inherit) and NEWSDEX_FAULT makes it exit
// abruptly at a step of the commit protocol, as a power cut would.
int RunIndexer(const TempDir& dir, const std::string& fault, const std::string& args) {
  const std::string command = (fault.empty() ? "" : "NEWSDEX_FAULT=" + fault + " ") +
                              NEWSDEX_INDEX_BIN + " " + args + " >/dev/null 2>" +
                              (dir / "stderr.txt");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string WriteFeed(const TempDir& dir, const std::string& name,
                      const std::vector<std::string>& ids) {
  const std::string path = dir / name;
  std::ofstream out(path);
  for (const std::string& id : ids) {
    out << R"({"id":")" << id << R"(","title":"Story )" << id << R"(","body":"Text )" << id
        << "\"}\n";
  }
  return path;
}

TEST_CASE("a crash after the store write is recovered by replaying into Xapian", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  REQUIRE(RunIndexer(dir, "", "-a " + archive + " " + WriteFeed(dir, "one.jsonl", {"1"})) == 0);
  REQUIRE(RunIndexer(dir, "after-store", "-a " + archive + " " +
                                             WriteFeed(dir, "two.jsonl", {"2", "3"})) == 86);
  // The store holds generation 2; Xapian does not yet.
  CHECK(StoreState(archive, kStatePendingGen) == 2);
  CHECK(StoreState(archive, kStateCommittedGen) == 1);
  CHECK(XapianHas(archive, "1"));
  CHECK_FALSE(XapianHas(archive, "2"));

  { auto writer = OpenWriter(archive); }  // recovery
  CHECK(StoreState(archive, kStateCommittedGen) == 2);
  CHECK(XapianHas(archive, "2"));
  CHECK(XapianHas(archive, "3"));
  CHECK(XapianCount(archive) == 3);
  CHECK(Xapian::Database(ArchivePaths(archive).xapian).get_metadata("gen") == "2");

  // A delete is replayed the same way.
  REQUIRE(RunIndexer(dir, "after-store", "delete -a " + archive + " 1") == 86);
  CHECK(XapianHas(archive, "1"));
  auto writer = OpenWriter(archive);
  CHECK_FALSE(XapianHas(archive, "1"));
  CHECK(writer->Stats()->articles == 2);
  CHECK(StoreState(archive, kStateCommittedGen) == 3);
}

TEST_CASE("a crash after the Xapian commit only needs the final mark", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  REQUIRE(RunIndexer(dir, "after-xapian", "-a " + archive + " " +
                                              WriteFeed(dir, "feed.jsonl", {"9"})) == 86);
  CHECK(StoreState(archive, kStateCommittedGen) == 0);
  CHECK(XapianHas(archive, "9"));
  REQUIRE(RunIndexer(dir, "", "-a " + archive + " " + dir / "feed.jsonl") == 0);  // recovers
  CHECK(StoreState(archive, kStateCommittedGen) == 1);
  auto writer = OpenWriter(archive);
  CHECK(writer->Stats()->articles == 1);
  CHECK(writer->Stats()->generation == 1);  // the second run found everything unchanged
}

TEST_CASE("a crash before the store write loses only the uncommitted batch", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  REQUIRE(RunIndexer(dir, "", "-a " + archive + " " + WriteFeed(dir, "one.jsonl", {"1"})) == 0);
  REQUIRE(RunIndexer(dir, "before-store", "-a " + archive + " " +
                                              WriteFeed(dir, "two.jsonl", {"2"})) == 86);
  auto writer = OpenWriter(archive);
  CHECK(writer->Stats()->articles == 1);
  CHECK(writer->Stats()->generation == 1);
  CHECK(XapianHas(archive, "1"));
  CHECK_FALSE(XapianHas(archive, "2"));
}

TEST_CASE("automatic commits happen every commit_every_articles", "[writer]") {
  TempDir dir;
  const std::string archive = dir / "a";
  WriterOptions options;
  options.commit_every_articles = 3;
  auto writer = OpenWriter(archive, options);
  for (int i = 0; i < 7; ++i) {
    REQUIRE(writer->Add(MakeArticle(std::to_string(i), "t", "b" + std::to_string(i))).ok());
  }
  CHECK(writer->Stats()->generation == 2);
  CHECK(writer->Stats()->pending_changes == 1);
  CHECK(XapianCount(archive) == 6);
}

}  // namespace
}  // namespace newsdex

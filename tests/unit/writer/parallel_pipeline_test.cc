// The parallel pipeline builds the archive the sequential one builds: the same documents
// under the same docids, term for term, position for position, whatever the threads.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/archive/archive_layout.h"
#include "indexer/index_rebuild.h"
#include "indexer/pipeline.h"
#include "support/temp_dir.h"

namespace newsdex::indexer {
namespace {

using testing::TempDir;

// Every document of the index written out: docid, data, terms with wdf and positions,
// values; so two archives compare equal exactly when searching them cannot tell them apart.
std::string DumpIndex(const std::string& archive) {
  Xapian::Database db(ArchivePaths(archive).xapian);
  std::ostringstream out;
  out << "documents " << db.get_doccount() << " last " << db.get_lastdocid() << "\n";
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    out << "#" << *d << " " << doc.get_data() << "\n";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      out << " " << *t << ":" << t.get_wdf();
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << "," << *p;
    }
    out << "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      out << " v" << v.get_valueno() << "=" << *v;
    }
    out << "\n";
  }
  return out.str();
}

struct Built {
  IndexSummary summary;
  std::vector<std::string> problems;
  std::string index;
  std::uint64_t reanalysed = 0;
};

Built Build(const std::string& archive, const std::vector<std::string>& paths, unsigned threads,
            std::size_t commit_every, bool strict = false) {
  WriterOptions options;
  options.commit_every_articles = commit_every;
  options.sync = false;
  auto writer = IndexWriter::OpenArchive(options, archive);
  REQUIRE(writer.ok());
  IndexRun run;
  run.paths = paths;
  run.threads = threads;
  run.strict = strict;
  Built built;
  auto summary = RunIndexing(run, writer->get(), [&](const ReadProblem& p) {
    built.problems.push_back(p.origin + ": " + p.reason + (p.skipped ? "" : " (kept)"));
  });
  REQUIRE(summary.ok());
  built.summary = *summary;
  built.reanalysed = (*writer)->reanalysed();
  writer->reset();
  built.index = DumpIndex(archive);
  return built;
}

void RequireSameRun(const Built& a, const Built& b) {
  CHECK(a.summary.read == b.summary.read);
  CHECK(a.summary.added == b.summary.added);
  CHECK(a.summary.skipped == b.summary.skipped);
  CHECK(a.summary.warnings == b.summary.warnings);
  CHECK(a.summary.stopped_early == b.summary.stopped_early);
  CHECK(a.problems == b.problems);
  REQUIRE(a.index.size() == b.index.size());
  CHECK(a.index == b.index);
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A feed where later articles resolve names earlier ones taught ("Volcker" alone is Paul
// Volcker once two articles named him in full), with bad records among them.
std::string TeachingFeed() {
  std::string feed;
  for (int i = 0; i < 120; ++i) {
    const std::string n = std::to_string(i);
    if (i % 3 == 0) {
      feed += "{\"id\":\"full" + n + "\",\"title\":\"Fed chairman Paul Volcker speaks\",\"body\":"
              "\"Paul Volcker said rates would hold. Mr Volcker spoke in Washington.\"}\n";
    } else if (i % 3 == 1) {
      feed += "{\"id\":\"short" + n + "\",\"title\":\"VOLCKER WARNS ON DOLLAR\",\"body\":"
              "\"Volcker told Congress the dollar had fallen far enough, story " + n + ".\"}\n";
    } else {
      feed += "{\"id\":\"other" + n + "\",\"title\":\"Grain output rises\",\"body\":"
              "\"Farmers in Kansas harvested more wheat on March 3, 1987.\"}\n";
    }
    if (i % 40 == 7) feed += "{\"id\":\"broken" + n + "\",\"title\":\n";
  }
  return feed;
}

TEST_CASE("the parallel pipeline builds the sequential pipeline's archive", "[writer][pipeline]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", TeachingFeed());
  const Built one = Build(dir / "one", {dir / "feed.jsonl"}, 1, 25);
  CHECK(one.summary.added == 120);
  CHECK(one.summary.skipped == 3);
  CHECK(one.index.find("XPpaul volcker") != std::string::npos);
  for (unsigned threads : {2u, 3u, 8u}) {
    INFO("threads " << threads);
    const Built many = Build(dir / ("t" + std::to_string(threads)), {dir / "feed.jsonl"}, threads, 25);
    RequireSameRun(one, many);
  }
}

TEST_CASE("a strict parallel run stops where the sequential one does", "[writer][pipeline]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", TeachingFeed());
  const Built one = Build(dir / "one", {dir / "feed.jsonl"}, 1, 1000, /*strict=*/true);
  const Built two = Build(dir / "two", {dir / "feed.jsonl"}, 2, 1000, /*strict=*/true);
  CHECK(one.summary.stopped_early);
  CHECK(one.summary.added == 8);
  RequireSameRun(one, two);
}

TEST_CASE("a parallel run stops at an input it cannot open, after the ones before", "[writer][pipeline]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", TeachingFeed());
  auto writer = IndexWriter::OpenArchive({}, dir / "archive");
  REQUIRE(writer.ok());
  IndexRun run;
  run.paths = {dir / "feed.jsonl", dir / "missing.jsonl", dir / "feed.jsonl"};
  run.threads = 2;
  auto summary = RunIndexing(run, writer->get(), [](const ReadProblem&) {});
  REQUIRE_FALSE(summary.ok());
  CHECK_THAT(summary.status().message(), Catch::Contains("missing.jsonl"));
}

TEST_CASE("a re-run in parallel finds every article unchanged", "[writer][pipeline]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", TeachingFeed());
  const Built first = Build(dir / "archive", {dir / "feed.jsonl"}, 2, 50);
  const Built again = Build(dir / "archive", {dir / "feed.jsonl"}, 2, 50);
  CHECK(again.summary.unchanged == 120);
  CHECK(again.summary.added == 0);
  CHECK(again.index == first.index);
}

// Compaction (the end of a bulk load, `--compact`) must not change what searching sees.
TEST_CASE("compacting the index keeps every document, term and position in less space",
          "[writer][pipeline]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", TeachingFeed());
  const Built built = Build(dir / "archive", {dir / "feed.jsonl"}, 2, 10);
  Result<CompactionReport> report = CompactIndex(dir / "archive");
  REQUIRE(report.ok());
  CHECK(report->bytes_after < report->bytes_before);
  CHECK(DumpIndex(dir / "archive") == built.index);
  // The archive stays writable: the next run finds everything unchanged.
  const Built again = Build(dir / "archive", {dir / "feed.jsonl"}, 2, 10);
  CHECK(again.summary.unchanged == 120);

  auto writer = IndexWriter::OpenArchive({}, dir / "archive");
  REQUIRE(writer.ok());
  Result<CompactionReport> busy = CompactIndex(dir / "archive");
  CHECK(busy.status().code() == StatusCode::kBusy);
}

// Each document of a DumpIndex() without its docid, sorted: what an index merged from
// shards (docids renumbered shard after shard) must hold.
std::vector<std::string> DocumentsOf(const std::string& dump) {
  std::istringstream lines(dump);
  std::string line, document;
  std::vector<std::string> documents;
  std::getline(lines, line);  // "documents N last M"
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) {
      if (!document.empty()) documents.push_back(document);
      document = line.substr(line.find(' ') + 1);
    } else {
      document += "\n" + line;
    }
  }
  if (!document.empty()) documents.push_back(document);
  std::sort(documents.begin(), documents.end());
  return documents;
}

// The end of a first load with --compact: the writer's last commit, then the compaction
// that merges its shards, either by the writer itself (in this process, the store written
// out beside it) or by CompactIndex once the writer is closed (in a child process).
TEST_CASE("a load's shards merge into one index, every document kept", "[writer][pipeline]") {
  const bool by_writer = GENERATE(true, false);
  INFO((by_writer ? "IndexWriter::CommitAndCompact" : "CompactIndex"));
  TempDir dir;
  WriteFile(dir / "feed.jsonl", TeachingFeed());
  Build(dir / "single", {dir / "feed.jsonl"}, 2, 10);
  {
    auto single = IndexWriter::OpenArchive({}, dir / "single");
    REQUIRE(single.ok());
    REQUIRE((*single)->Delete("short4").ok());
  }
  WriterOptions options;
  options.commit_every_articles = 10;
  options.sync = false;
  options.index_shards = 2;
  auto writer = IndexWriter::OpenArchive(options, dir / "bulk");
  REQUIRE(writer.ok());
  IndexRun run;
  run.paths = {dir / "feed.jsonl"};
  run.threads = 2;
  REQUIRE(RunIndexing(run, writer->get(), [](const ReadProblem&) {}).ok());
  REQUIRE((*writer)->Delete("short4").ok());  // pending: the last commit has it
  Result<CompactionReport> report = Status::Internal("not compacted");
  if (by_writer) {
    report = (*writer)->CommitAndCompact(/*merge_shards=*/true);
    writer->reset();
  } else {
    writer->reset();
    report = CompactIndex(dir / "bulk", 0, /*merge_shards=*/true);
  }
  REQUIRE(report.ok());
  CHECK(report->shards_before == 2);
  CHECK(report->shards_after == 1);
  CHECK(report->bytes_after > 0);

  // The store's memtables were written out: a small load leaves no table file otherwise.
  std::size_t tables = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "bulk/store")) {
    tables += entry.path().extension() == ".sst" ? 1 : 0;
  }
  CHECK(tables > 0);

  const std::string merged = DumpIndex(dir / "bulk");
  CHECK(merged.starts_with("documents 119 "));
  CHECK(DocumentsOf(merged) == DocumentsOf(DumpIndex(dir / "single")));
  // The archive opens as one shard: a re-run finds every
  // article unchanged but the deleted one.
  const Built again = Build(dir / "bulk", {dir / "feed.jsonl"}, 2, 10);
  CHECK(again.summary.unchanged == 119);
  CHECK(again.summary.added == 1);
  auto stats = IndexWriter::OpenArchive({}, dir / "bulk");
  REQUIRE(stats.ok());
  CHECK((*stats)->Stats()->index_shards == 1);
}

// Reuters-21578's first files: thousands of names learned and looked up across commits
// and snapshot refreshes.
TEST_CASE("Reuters-21578 indexed with 1, 2 and 4 threads gives one archive", "[writer][pipeline][slow]") {
  const std::string reuters = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/";
  const std::vector<std::string> files = {reuters + "reut2-000.sgm.gz", reuters + "reut2-001.sgm.gz",
                                          reuters + "reut2-002.sgm.gz"};
  TempDir dir;
  const Built one = Build(dir / "one", files, 1, 700);
  CHECK(one.summary.added == 3000);
  for (unsigned threads : {2u, 4u}) {
    INFO("threads " << threads);
    const Built many = Build(dir / ("t" + std::to_string(threads)), files, threads, 700);
    RequireSameRun(one, many);
    // Most articles are analysed once, on an analysing thread.
    CHECK(many.reanalysed < many.summary.added / 5);
  }
}

}  // namespace
}  // namespace newsdex::indexer

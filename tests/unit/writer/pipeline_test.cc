#include "indexer/pipeline.h"

#include <fstream>

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

namespace newsdex::indexer {
namespace {

using testing::TempDir;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

struct Outcome {
  IndexSummary summary;
  std::vector<ReadProblem> problems;
};

Outcome RunOn(const std::string& archive, const std::vector<std::string>& paths,
              bool strict = false) {
  auto writer = IndexWriter::OpenArchive({}, archive);
  REQUIRE(writer.ok());
  IndexRun run;
  run.paths = paths;
  run.strict = strict;
  Outcome outcome;
  auto summary = RunIndexing(run, writer->get(),
                             [&](const ReadProblem& p) { outcome.problems.push_back(p); });
  REQUIRE(summary.ok());
  outcome.summary = *summary;
  return outcome;
}

const char* kLines =
    "{\"id\":\"a\",\"title\":\"First\"}\n"
    "{\"id\":\"b\",\"title\":\n"
    "{\"id\":\"c\",\"title\":\"Third\",\"published\":\"2023-02-30\"}\n"
    "{\"id\":\"d\",\"title\":\"Fourth\"}\n";

TEST_CASE("bad records are counted by reason and the run goes on", "[writer]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", kLines);
  Outcome o = RunOn(dir / "archive", {dir / "feed.jsonl"});
  CHECK(o.summary.read == 3);
  CHECK(o.summary.added == 3);
  CHECK(o.summary.skipped == 1);
  CHECK(o.summary.warnings == 1);  // the impossible date: indexed without a date
  CHECK(o.summary.skip_reasons.at("invalid JSON") == 1);
  REQUIRE(o.problems.size() == 2);
  CHECK(o.problems[0].origin == dir / "feed.jsonl" + ":2");
  CHECK(o.problems[0].skipped);
  CHECK(o.problems[1].origin == dir / "feed.jsonl" + ":3");
  CHECK_FALSE(o.problems[1].skipped);
  CHECK_FALSE(o.summary.stopped_early);
}

TEST_CASE("strict mode stops at the first bad record and keeps what came before", "[writer]") {
  TempDir dir;
  WriteFile(dir / "feed.jsonl", kLines);
  Outcome o = RunOn(dir / "archive", {dir / "feed.jsonl"}, /*strict=*/true);
  CHECK(o.summary.stopped_early);
  CHECK(o.summary.added == 1);
  CHECK(o.summary.skipped == 1);
  auto writer = IndexWriter::OpenArchive({}, dir / "archive");
  REQUIRE(writer.ok());
  CHECK((*writer)->Stats()->articles == 1);
}

TEST_CASE("a second run over the same files reports everything unchanged", "[writer]") {
  TempDir dir;
  WriteFile(dir / "one.txt", "Title one\n\nBody one.\n");
  WriteFile(dir / "two.txt", "Title two\n\nBody two.\n");
  Outcome first = RunOn(dir / "archive", {dir / "one.txt", dir / "two.txt"});
  CHECK(first.summary.added == 2);
  WriteFile(dir / "two.txt", "Title two\n\nBody two, corrected.\n");
  Outcome second = RunOn(dir / "archive", {dir / "one.txt", dir / "two.txt"});
  CHECK(second.summary.unchanged == 1);
  CHECK(second.summary.replaced == 1);
  CHECK(second.summary.added == 0);
}

TEST_CASE("an input that cannot be opened stops the run with its path", "[writer]") {
  TempDir dir;
  auto writer = IndexWriter::OpenArchive({}, dir / "archive");
  REQUIRE(writer.ok());
  IndexRun run;
  run.paths = {dir / "missing.jsonl"};
  auto summary = RunIndexing(run, writer->get(), [](const ReadProblem&) {});
  REQUIRE_FALSE(summary.ok());
  CHECK_THAT(summary.status().message(), Catch::Contains("missing.jsonl"));
}

TEST_CASE("a memory limit sizes the batches and the queue", "[writer]") {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  IndexRun run;
  WriterOptions options;
  REQUIRE(FitToMemory(1024 * kMiB, &run, &options).ok());
  CHECK(options.commit_every_bytes == 28 * kMiB);
  CHECK(run.max_queued_bytes == 28 * kMiB);
  REQUIRE(FitToMemory(16384 * kMiB, &run, &options).ok());
  CHECK(options.commit_every_bytes == 508 * kMiB);
  CHECK(run.max_queued_bytes == 32 * kMiB);  // analysing further ahead gains nothing
  const Status too_small = FitToMemory(200 * kMiB, &run, &options);
  CHECK(too_small.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(too_small.message(), Catch::Contains("256M"));
}

}  // namespace
}  // namespace newsdex::indexer

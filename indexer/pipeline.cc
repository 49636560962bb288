#include "indexer/pipeline.h"

#include <algorithm>

#include "indexer/parallel_pipeline.h"
#include "indexer/run_tally.h"

namespace newsdex::indexer {
namespace {

// One thread reads, analyses and adds each article in turn.
Status RunSequential(const IndexRun& run, IndexWriter* writer, RunTally* tally) {
  ReaderOptions reader_options = run.reader;
  reader_options.on_problem = [tally](const ReadProblem& problem) { tally->Problem(problem); };
  for (const std::string& path : run.paths) {
    Result<std::unique_ptr<Reader>> reader = OpenReader(path, reader_options);
    if (!reader.ok()) return reader.status();
    SourceRecord record;
    while (!tally->stopped() && (*reader)->Next(&record)) {
      // A bad record met inside Next() stops a strict run before the next good one.
      if (tally->stopped()) break;
      tally->Read(record.bytes);
      Result<AddOutcome> outcome = writer->Add(record.article);
      Status s = tally->Added(outcome, outcome.ok() && writer->last_add_truncated(), record.origin);
      if (!s.ok()) return s;
    }
    if (tally->stopped()) break;
  }
  return Status::Ok();
}

}  // namespace

Status FitToMemory(std::size_t max_memory, IndexRun* run, WriterOptions* options) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  if (max_memory < 256 * kMiB) return Status::InvalidArgument("the memory limit must be at least 256M");
  const std::size_t for_batches = max_memory - 128 * kMiB;
  options->commit_every_bytes = for_batches / 32;
  run->max_queued_bytes = std::min<std::size_t>(32 * kMiB, for_batches / 32);
  return Status::Ok();
}

Result<IndexSummary> RunIndexing(const IndexRun& run, IndexWriter* writer,
                                 const std::function<void(const ReadProblem&)>& on_problem) {
  RunTally tally(run, on_problem);
  const std::uint64_t reanalysed = writer->reanalysed();
  Status s = run.threads > 1 ? RunParallel(run, writer, &tally) : RunSequential(run, writer, &tally);
  if (s.ok()) {
    tally.ClearProgress();
    s = writer->Commit();
  }
  IndexSummary summary = tally.Finish();
  if (!s.ok()) return s;
  summary.reanalysed = writer->reanalysed() - reanalysed;
  return summary;
}

}  // namespace newsdex::indexer

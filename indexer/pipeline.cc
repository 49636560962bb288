#include "indexer/pipeline.h"

#include <cstdio>

#include "indexer/progress.h"

namespace newsdex::indexer {
namespace {

// "invalid JSON: unexpected '}'" -> "invalid JSON": the kind of a problem, for the summary.
std::string ReasonKind(const std::string& reason) {
  const std::size_t colon = reason.find(':');
  return colon == std::string::npos ? reason : reason.substr(0, colon);
}

}  // namespace

Result<IndexSummary> RunIndexing(const IndexRun& run, IndexWriter* writer,
                                 const std::function<void(const ReadProblem&)>& on_problem) {
  IndexSummary summary;
  ProgressLine progress(stderr, run.progress);
  auto report = [&](const ReadProblem& problem) {
    if (problem.skipped) {
      ++summary.skipped;
      ++summary.skip_reasons[ReasonKind(problem.reason)];
      if (run.strict) summary.stopped_early = true;
    } else {
      ++summary.warnings;
    }
    progress.Finish();
    on_problem(problem);
  };
  ReaderOptions reader_options = run.reader;
  reader_options.on_problem = report;

  for (const std::string& path : run.paths) {
    Result<std::unique_ptr<Reader>> reader = OpenReader(path, reader_options);
    if (!reader.ok()) return reader.status();
    SourceRecord record;
    while (!summary.stopped_early && (*reader)->Next(&record)) {
      // A bad record met inside Next() stops a strict run before the next good one.
      if (summary.stopped_early) break;
      ++summary.read;
      summary.bytes += record.bytes;
      Result<AddOutcome> outcome = writer->Add(record.article);
      if (!outcome.ok()) {
        if (outcome.status().code() != StatusCode::kInvalidArgument) return outcome.status();
        report(ReadProblem{record.origin, outcome.status().message()});
        continue;
      }
      switch (*outcome) {
        case AddOutcome::kAdded: ++summary.added; break;
        case AddOutcome::kReplaced: ++summary.replaced; break;
        case AddOutcome::kUnchanged: ++summary.unchanged; break;
      }
      if (writer->last_add_truncated()) {
        ++summary.truncated;
        on_problem(ReadProblem{record.origin, "article text indexed only in part (too long)",
                               /*skipped=*/false});
      }
      progress.Update(summary.read, summary.bytes);
    }
    if (summary.stopped_early) break;
  }
  progress.Finish();
  Status s = writer->Commit();
  if (!s.ok()) return s;
  summary.seconds = progress.ElapsedSeconds();
  return summary;
}

}  // namespace newsdex::indexer

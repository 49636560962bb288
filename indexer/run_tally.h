// RunTally: what an indexing run counts (indexer/pipeline.h's IndexSummary), its problem
// reports and its progress line, the same for the sequential and the parallel pipeline.
// Not thread-safe: the thread that adds articles to the writer owns it.
#ifndef NEWSDEX_INDEXER_RUN_TALLY_H_
#define NEWSDEX_INDEXER_RUN_TALLY_H_

#include <functional>
#include <string>

#include "indexer/pipeline.h"
#include "indexer/progress.h"

namespace newsdex::indexer {

class RunTally {
 public:
  RunTally(const IndexRun& run, std::function<void(const ReadProblem&)> on_problem);

  // A record skipped or read with a warning; a skipped one stops a strict run.
  void Problem(const ReadProblem& problem);
  // An article read from the inputs.
  void Read(std::uint64_t bytes);
  // What adding the article read at `origin` gave; `truncated`: the writer indexed its
  // text only in part. An article the writer refused (InvalidArgument) is a problem;
  // any other error stops the run and is returned.
  Status Added(const Result<AddOutcome>& outcome, bool truncated, const std::string& origin);
  // A strict run met a bad record: add nothing more.
  bool stopped() const { return summary_.stopped_early; }
  // Clears the progress line (before a message or a long commit).
  void ClearProgress() { progress_.Finish(); }
  // Clears the progress line and returns the summary, timed until now.
  IndexSummary Finish();

 private:
  const IndexRun& run_;
  std::function<void(const ReadProblem&)> on_problem_;
  ProgressLine progress_;
  IndexSummary summary_;
};

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_RUN_TALLY_H_

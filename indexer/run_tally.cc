#include "indexer/run_tally.h"

#include <cstdio>

namespace newsdex::indexer {
namespace {

// "invalid JSON: unexpected '}'" -> "invalid JSON": the kind of a problem, for the summary.
std::string ReasonKind(const std::string& reason) {
  const std::size_t colon = reason.find(':');
  return colon == std::string::npos ? reason : reason.substr(0, colon);
}

}  // namespace

RunTally::RunTally(const IndexRun& run, std::function<void(const ReadProblem&)> on_problem)
    : run_(run), on_problem_(std::move(on_problem)), progress_(stderr, run.progress) {}

void RunTally::Problem(const ReadProblem& problem) {
  if (problem.skipped) {
    ++summary_.skipped;
    ++summary_.skip_reasons[ReasonKind(problem.reason)];
    if (run_.strict) summary_.stopped_early = true;
  } else {
    ++summary_.warnings;
  }
  progress_.Finish();
  on_problem_(problem);
}

void RunTally::Read(std::uint64_t bytes) {
  ++summary_.read;
  summary_.bytes += bytes;
}

Status RunTally::Added(const Result<AddOutcome>& outcome, bool truncated, const std::string& origin) {
  if (!outcome.ok()) {
    if (outcome.status().code() != StatusCode::kInvalidArgument) return outcome.status();
    Problem(ReadProblem{origin, outcome.status().message()});
    return Status::Ok();
  }
  switch (*outcome) {
    case AddOutcome::kAdded: ++summary_.added; break;
    case AddOutcome::kReplaced: ++summary_.replaced; break;
    case AddOutcome::kUnchanged: ++summary_.unchanged; break;
  }
  if (truncated) {
    ++summary_.truncated;
    on_problem_(ReadProblem{origin, "article text indexed only in part (too long)", /*skipped=*/false});
  }
  progress_.Update(summary_.read, summary_.bytes);
  return Status::Ok();
}

IndexSummary RunTally::Finish() {
  progress_.Finish();
  summary_.seconds = progress_.ElapsedSeconds();
  return summary_;
}

}  // namespace newsdex::indexer

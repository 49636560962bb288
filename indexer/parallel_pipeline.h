// RunParallel: the pipeline of RunIndexing (pipeline.h) on several threads.
//
//   reader thread ──records in input order──> window (bounded) <──analysts (run.threads)
//                                               │
//   caller's thread <──────── in input order ───┘  IndexWriter::AddAnalysed, commits
//
// One thread reads the inputs and puts each record (or reading problem) into a window
// of records in input order; it waits while the window holds run.max_queued_bytes of
// input (backpressure). run.threads analysts take the records in turn and analyse them
// (ArticleAnalyst) against a snapshot of the writer's known names. The caller's thread
// takes the records from the front of the window as their analysis finishes and adds
// them to the writer, which re-analyses an article whose snapshot answered a question
// differently from the live names; after each commit (and every few hundred articles)
// it publishes a fresh snapshot. So articles, problems and commits come in input order
// and the archive is the one the sequential pipeline builds.
#ifndef NEWSDEX_INDEXER_PARALLEL_PIPELINE_H_
#define NEWSDEX_INDEXER_PARALLEL_PIPELINE_H_

#include "indexer/index_writer.h"
#include "indexer/pipeline.h"
#include "indexer/run_tally.h"

namespace newsdex::indexer {

// Reads, analyses and adds run.paths as RunIndexing does, without the final commit.
// Returns the first error that stops the run (an unopenable path, a failed commit).
Status RunParallel(const IndexRun& run, IndexWriter* writer, RunTally* tally);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_PARALLEL_PIPELINE_H_

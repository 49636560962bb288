// Pipeline: reads articles from files, adds them to a Writer, commits, and counts.
//
//   newsdex::indexer::IndexRun run;
//   run.paths = {"corpus/"};
//   auto summary = newsdex::indexer::RunIndexing(run, writer.get(), on_problem);
//
// Bad records are reported through the callback (with file and line) and skipped; the
// run goes on unless `strict`. One reader thread, `threads` analysing threads and the
// caller's thread, which alone uses the writer (parallel_pipeline.h). One run drives one
// writer.
#ifndef NEWSDEX_INDEXER_PIPELINE_H_
#define NEWSDEX_INDEXER_PIPELINE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "indexer/readers/reader.h"
#include "indexer/index_writer.h"

namespace newsdex::indexer {

struct IndexRun {
  std::vector<std::string> paths;  // files, folders or "-"
  ReaderOptions reader;            // format, section_from_folder (on_problem is set by the run)
  bool strict = false;             // stop at the first bad record
  bool progress = false;           // draw a progress line on stderr
  // Threads analysing articles while this one adds them to the writer in input order;
  // 1 analyses on this thread. The archive is the same for every value.
  unsigned threads = 1;
  // Articles and their analyses held between the reader and the writer at most, in
  // input bytes (the reader waits beyond it; one article always gets through).
  std::size_t max_queued_bytes = std::size_t{32} << 20;
};

struct IndexSummary {
  std::uint64_t read = 0;       // articles read from the inputs
  std::uint64_t added = 0;
  std::uint64_t replaced = 0;
  std::uint64_t unchanged = 0;
  std::uint64_t skipped = 0;    // bad records, not indexed
  std::uint64_t truncated = 0;  // indexed, but only their first max_indexed_bytes
  std::uint64_t warnings = 0;   // indexed, with a problem reported (e.g. a bad date)
  std::uint64_t bytes = 0;      // input bytes read
  // Articles analysed a second time, on the writer's thread, because names learned while
  // they were analysed changed what they say (parallel runs only).
  std::uint64_t reanalysed = 0;
  double seconds = 0;
  std::map<std::string, std::uint64_t> skip_reasons;  // reason kind -> count
  bool stopped_early = false;  // strict mode met a bad record
};

// Sizes the writer's batches (options->commit_every_bytes) and the pipeline's queue
// (run->max_queued_bytes) so that indexing stays under `max_memory` bytes: a baseline
// of some 128 MiB (libraries, caches, known names) plus about 24 bytes of memory per
// byte of article text in a batch (Xapian's buffers and the analysed documents, as
// measured on Reuters-21578), with room to spare. InvalidArgument below 256 MiB.
Status FitToMemory(std::size_t max_memory, IndexRun* run, WriterOptions* options);

// Runs the indexing of `run.paths` into `writer` and commits at the end. Problems
// (unreadable or bad records) go to `on_problem` and are counted as skipped. Returns the
// summary, or the first error that stops the run (an unopenable path, a failed commit).
Result<IndexSummary> RunIndexing(const IndexRun& run, IndexWriter* writer,
                                 const std::function<void(const ReadProblem&)>& on_problem);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_PIPELINE_H_

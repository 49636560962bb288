// One timed indexing run of one system, in a child process started with fork and exec,
// so that its peak memory (wait4's ru_maxrss) and its reading of the input are its own.
//
//   newsdex::bench::IndexCommand command{"xapian", {exe, "--index-child", ...}, out};
//   auto m = newsdex::bench::RunIndexing(command, 0, &error);
#ifndef NEWSDEX_BENCHMARKS_COMPARE_INDEX_RUNS_H_
#define NEWSDEX_BENCHMARKS_COMPARE_INDEX_RUNS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsdex::bench {

struct IndexCommand {
  std::string system;             // "newsdex", "xapian" or "fts5"
  std::vector<std::string> argv;  // the program and its arguments
  std::string output;             // the archive folder, database folder or file it writes
};

struct IndexMeasurement {
  std::string system;
  int run = 0;
  double seconds = 0;             // fork to exit, wall clock
  double peak_rss_mb = 0;         // the child's ru_maxrss
  std::uint64_t index_bytes = 0;  // newsdex: ARCHIVE/xapian; the others: everything
  std::uint64_t store_bytes = 0;  // newsdex: ARCHIVE/store; the others: 0
  std::uint64_t total_bytes = 0;  // everything the run left on disk
  int exit_status = 0;            // newsdex-index exits 3 when it skipped records
};

// Removes `command.output`, runs the command with its stdout and stderr in
// `command.output + ".log"`, and measures it. nullopt with *error set (and the end of
// the log) when it could not start or failed.
std::optional<IndexMeasurement> RunIndexing(const IndexCommand& command, int run,
                                            std::string* error);

// Bytes of the files under `path`, or of the file `path` (0 when missing).
std::uint64_t BytesOnDisk(const std::string& path);

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_INDEX_RUNS_H_

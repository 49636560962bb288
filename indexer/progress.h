// ProgressLine: one self-rewriting status line on a terminal ("12,345 articles 1,234/s").
// Not thread-safe.
#ifndef NEWSDEX_INDEXER_PROGRESS_H_
#define NEWSDEX_INDEXER_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace newsdex::indexer {

class ProgressLine {
 public:
  // Draws on `out` only when `enabled` (callers pass isatty(stderr)).
  ProgressLine(std::FILE* out, bool enabled);
  // Redraws at most ten times a second.
  void Update(std::uint64_t articles, std::uint64_t bytes);
  // Clears the line.
  void Finish();
  double ElapsedSeconds() const;

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_PROGRESS_H_

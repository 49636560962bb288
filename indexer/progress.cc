#include "indexer/progress.h"

namespace newsdex::indexer {

ProgressLine::ProgressLine(std::FILE* out, bool enabled)
    : out_(out), enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

double ProgressLine::ElapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressLine::Update(std::uint64_t articles, std::uint64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double secs = ElapsedSeconds();
  const int elapsed = static_cast<int>(secs);
  std::fprintf(out_, "\r\033[K  %llu articles  %.0f/s  %.1f MB/s  %02d:%02d",
               static_cast<unsigned long long>(articles), secs > 0 ? articles / secs : 0.0,
               secs > 0 ? bytes / secs / 1e6 : 0.0, elapsed / 60, elapsed % 60);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressLine::Finish() {
  if (drawn_) {
    std::fprintf(out_, "\r\033[K");
    std::fflush(out_);
  }
}

}  // namespace newsdex::indexer

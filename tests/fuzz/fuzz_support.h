// Shared pieces of the fuzz targets: invariant checks that abort (so libFuzzer records
// the input) and an in-memory file for the readers, which open paths.
//
//   newsdex::fuzz::MemoryFile file;
//   const std::string& path = file.Write(data, size);   // "/proc/self/fd/N"
//   NEWSDEX_FUZZ_CHECK(text::IsValidUtf8(term), "term is not valid UTF-8: " + term);
//
// Not thread-safe; libFuzzer runs one input at a time.
#ifndef NEWSDEX_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define NEWSDEX_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/readers/reader.h"
#include "newsdex/document.h"

namespace newsdex::fuzz {

// Prints "invariant broken: <what>" and aborts. Never returns.
[[noreturn]] void Fail(std::string_view what);

// Checked in every build type (unlike assert), because the fuzzers build in Debug and the
// replay tests in Release.
#define NEWSDEX_FUZZ_CHECK(condition, what)    \
  do {                                         \
    if (!(condition)) ::newsdex::fuzz::Fail(what); \
  } while (false)

// `bytes` with control characters and non-ASCII escaped, cut to 200 bytes, for messages.
std::string Printable(std::string_view bytes);

// A file that lives in memory (memfd), so the readers can open the input by path without
// touching the disk. Each Write replaces the contents.
class MemoryFile {
 public:
  MemoryFile();
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  // Replaces the contents with `bytes` and returns a path that opens them.
  const std::string& Write(const std::uint8_t* data, std::size_t size);
  const std::string& Write(std::string_view bytes);
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Checks what every reader promises: each text field of `article` is valid UTF-8 (no NUL),
// it has an id, and the record says where it came from.
void CheckRecord(const indexer::SourceRecord& record);
// Checks a reported problem: it names where and why, on one line.
void CheckProblem(const indexer::ReadProblem& problem);

// Reads everything `reader` gives, checking every record and problem; returns the number
// of records read. Stops after `max_records` to bound the work per input.
std::size_t DrainReader(indexer::Reader* reader, std::size_t max_records = 10000);

}  // namespace newsdex::fuzz

#endif  // NEWSDEX_TESTS_FUZZ_FUZZ_SUPPORT_H_

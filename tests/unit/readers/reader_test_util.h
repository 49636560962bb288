// Test helpers for the readers: a private temporary folder and a read-everything loop.
//
//   TempDir dir;
//   WriteFile(dir.path() / "a.txt", "Title\n\nBody\n");
//   ReadOutcome out = ReadAll((dir.path() / "a.txt").string());
//
// Not thread-safe; each test makes its own TempDir.
#ifndef NEWSDEX_TESTS_UNIT_READERS_READER_TEST_UTIL_H_
#define NEWSDEX_TESTS_UNIT_READERS_READER_TEST_UTIL_H_

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/readers/reader.h"
#include "support/temp_dir.h"

namespace newsdex::indexer::testing {

namespace fs = std::filesystem;

// A fresh folder of this process's own under the system temporary folder, removed with
// its contents (support/temp_dir.h).
using TempDir = ::newsdex::testing::TempDir;

inline void WriteFile(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

inline std::string ReadFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes `bytes` gzip-compressed.
inline void WriteGzip(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  gzFile gz = gzopen(path.string().c_str(), "wb");
  REQUIRE(gz != nullptr);
  if (!bytes.empty()) {
    REQUIRE(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())) ==
            static_cast<int>(bytes.size()));
  }
  REQUIRE(gzclose(gz) == Z_OK);
}

struct ReadOutcome {
  Status open_status;
  std::vector<SourceRecord> records;
  std::vector<ReadProblem> problems;

  const SourceRecord* Find(std::string_view id) const {
    for (const SourceRecord& r : records) {
      if (r.article.id == id) return &r;
    }
    return nullptr;
  }
  bool HasProblem(std::string_view origin_part, std::string_view reason_part) const {
    for (const ReadProblem& p : problems) {
      if (p.origin.find(origin_part) != std::string::npos &&
          p.reason.find(reason_part) != std::string::npos) {
        return true;
      }
    }
    return false;
  }
  // Problems that cost a record (the others are warnings about a record kept).
  std::size_t SkippedCount() const {
    std::size_t n = 0;
    for (const ReadProblem& p : problems) n += p.skipped ? 1 : 0;
    return n;
  }
  std::string ProblemList() const {
    std::string out;
    for (const ReadProblem& p : problems) {
      out += p.origin + ": " + p.reason + (p.skipped ? "" : " (kept)") + "\n";
    }
    return out;
  }
};

// Opens `path` and reads every record.
inline ReadOutcome ReadAll(const std::string& path, ReaderOptions options = {}) {
  ReadOutcome out;
  options.on_problem = [&out](const ReadProblem& p) { out.problems.push_back(p); };
  auto reader = OpenReader(path, options);
  if (!reader.ok()) {
    out.open_status = reader.status();
    return out;
  }
  SourceRecord record;
  while ((*reader)->Next(&record)) out.records.push_back(record);
  return out;
}

inline std::string DataPath(std::string_view relative) {
  return std::string(NEWSDEX_TEST_DATA_DIR) + "/readers/" + std::string(relative);
}

}  // namespace newsdex::indexer::testing

#endif  // NEWSDEX_TESTS_UNIT_READERS_READER_TEST_UTIL_H_

// Reads the corpora micro_bench measures on (see stories.h).
#include "benchmarks/micro/stories.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "indexer/readers/input_file.h"
#include "indexer/readers/reader.h"

namespace newsdex::micro {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "micro_bench: %s\n", message.c_str());
  std::exit(2);
}

// reut2-000.sgm.gz ... reut2-021.sgm.gz, in name order.
std::vector<std::string> ReutersFiles() {
  const std::string dir = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578";
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("reut2-") && name.ends_with(".sgm.gz")) files.push_back(entry.path());
  }
  if (ec || files.empty()) Fail("IOError: " + dir + ": no reut2-*.sgm.gz files");
  std::sort(files.begin(), files.end());
  return files;
}

// Appends every article of `path` to *out; records the reader skips are left out.
void ReadArticles(const std::string& path, std::vector<Article>* out) {
  Result<std::unique_ptr<indexer::Reader>> reader = indexer::OpenReader(path, {});
  if (!reader.ok()) Fail(reader.status().ToString());
  indexer::SourceRecord record;
  while ((*reader)->Next(&record)) out->push_back(std::move(record.article));
}

std::vector<Article> ReadReuters() {
  std::vector<Article> stories;
  for (const std::string& file : ReutersFiles()) ReadArticles(file, &stories);
  return stories;
}

// The SGML files keep each <DATE>...</DATE> on one line.
std::vector<std::string> ReadReutersDates() {
  constexpr std::string_view kOpen = "<DATE>", kClose = "</DATE>";
  std::vector<std::string> dates;
  std::string line;
  for (const std::string& file : ReutersFiles()) {
    auto in = indexer::internal::InputFile::Open(file);
    if (!in.ok()) Fail(in.status().ToString());
    while ((*in)->ReadLine(&line)) {
      const std::size_t open = line.find(kOpen);
      if (open == std::string::npos) continue;
      const std::size_t from = open + kOpen.size();
      const std::size_t close = line.find(kClose, from);
      if (close != std::string::npos) dates.push_back(line.substr(from, close - from));
    }
    if (!(*in)->status().ok()) Fail((*in)->status().ToString());
  }
  return dates;
}

bool HasNonAscii(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::vector<Article> ReadNonAscii() {
  const std::string dir = NEWSDEX_TEST_DATA_DIR;
  std::vector<Article> all, kept;
  ReadArticles(dir + "/names/annotated.jsonl", &all);
  ReadArticles(dir + "/e2e/wire.jsonl", &all);
  for (Article& story : all) {
    if (HasNonAscii(story.title) || HasNonAscii(story.body)) kept.push_back(std::move(story));
  }
  if (kept.empty()) Fail("IOError: " + dir + ": no stories with non-ASCII letters");
  return kept;
}

}  // namespace

const std::vector<Article>& ReutersStories() {
  static const std::vector<Article> stories = ReadReuters();
  return stories;
}

const std::vector<std::string>& ReutersDates() {
  static const std::vector<std::string> dates = ReadReutersDates();
  return dates;
}

const std::vector<Article>& NonAsciiStories() {
  static const std::vector<Article> stories = ReadNonAscii();
  return stories;
}

std::uint64_t TextBytes(const Article& story) {
  return story.title.size() + story.dateline.size() + story.body.size();
}

std::uint64_t TextBytes(const std::vector<Article>& stories) {
  std::uint64_t bytes = 0;
  for (const Article& story : stories) bytes += TextBytes(story);
  return bytes;
}

}  // namespace newsdex::micro

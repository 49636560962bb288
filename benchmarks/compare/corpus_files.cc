// Corpus files for the comparison benchmark (corpus_files.h).
#include "benchmarks/compare/corpus_files.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "indexer/readers/reader.h"

namespace newsdex::bench {
namespace {

namespace fs = std::filesystem;

bool EndsWithAny(const std::string& name, std::initializer_list<const char*> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](const char* s) { return name.ends_with(s); });
}

std::vector<std::string> FilesIn(const fs::path& folder,
                                 std::initializer_list<const char*> suffixes) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string path = entry.path().string();
    if (entry.is_regular_file() && EndsWithAny(path, suffixes)) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<std::string> ExpandCorpus(const std::vector<std::string>& inputs,
                                      std::string* error) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) {
      *error = "no corpus at " + input;
      return {};
    }
    if (!fs::is_directory(input, ec)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found = FilesIn(input, {".sgm", ".sgm.gz"});
    if (found.empty()) found = FilesIn(input, {".jsonl", ".jsonl.gz"});
    if (found.empty()) {
      *error = "no article files (*.sgm[.gz], *.jsonl[.gz]) in " + input;
      return {};
    }
    files.insert(files.end(), found.begin(), found.end());
  }
  if (files.empty()) *error = "no corpus given";
  return files;
}

bool ForEachArticle(const std::vector<std::string>& files,
                    const std::function<void(Article&&)>& visit, std::uint64_t* skipped,
                    std::string* error) {
  indexer::ReaderOptions options;
  std::uint64_t problems = 0;
  options.on_problem = [&problems](const indexer::ReadProblem& p) {
    if (p.skipped) ++problems;
  };
  for (const std::string& file : files) {
    auto reader = indexer::OpenReader(file, options);
    if (!reader.ok()) {
      *error = reader.status().ToString();
      return false;
    }
    indexer::SourceRecord record;
    while ((*reader)->Next(&record)) visit(std::move(record.article));
  }
  if (skipped != nullptr) *skipped = problems;
  return true;
}

}  // namespace newsdex::bench

// Corpus files for the comparison benchmark: which files make up a corpus, and reading
// their articles with newsdex's own readers (so that every system pays for its input).
//
//   std::string error;
//   auto files = newsdex::bench::ExpandCorpus({"../shared/corpora/reuters21578"}, &error);
//   newsdex::bench::ForEachArticle(files, [](newsdex::Article&& a) { ... }, &error);
//
// A folder stands for its Reuters-21578 SGML files (*.sgm, *.sgm.gz) or, when it has
// none, its JSON Lines files (*.jsonl, *.jsonl.gz); the lists and the DTD beside the
// Reuters files are never read as articles.
#ifndef NEWSDEX_BENCHMARKS_COMPARE_CORPUS_FILES_H_
#define NEWSDEX_BENCHMARKS_COMPARE_CORPUS_FILES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "newsdex/document.h"

namespace newsdex::bench {

// The article files named by `inputs` (files, or folders as above), in name order per
// folder. Empty with *error set ("no corpus at PATH", "no article files in PATH").
std::vector<std::string> ExpandCorpus(const std::vector<std::string>& inputs,
                                      std::string* error);

// Reads every article of `files` in order and hands it to `visit`. Records the readers
// skip are counted in *skipped (may be null). False with *error set when a file cannot
// be opened.
bool ForEachArticle(const std::vector<std::string>& files,
                    const std::function<void(Article&&)>& visit, std::uint64_t* skipped,
                    std::string* error);

// Bytes of the text every system indexes: title plus body.
inline std::uint64_t TextBytes(const Article& article) {
  return article.title.size() + article.body.size();
}

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_CORPUS_FILES_H_

// Internal: the per-format readers behind OpenReader, each reading one opened file.
//
//   auto in = internal::InputFile::Open(path);
//   internal::FileContext context = {path, "bbc/business/001.txt", "001.txt"};
//   auto reader = internal::NewTextReader(std::move(*in), context, options);
//
// Readers are not thread-safe. Test code may use these directly.
#ifndef NEWSDEX_INDEXER_READERS_FILE_READERS_H_
#define NEWSDEX_INDEXER_READERS_FILE_READERS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "indexer/readers/input_file.h"
#include "indexer/readers/reader.h"

namespace newsdex::indexer::internal {

// What a reader knows about the file besides its bytes.
struct FileContext {
  // The path as opened ("-" for standard input); origins are built from it.
  std::string path;
  // The id a plain-text article gets: the path relative to the parent of the folder
  // given ("bbc/business/001.txt"), or the file name when a single file was given.
  std::string text_id;
  // The file name ("feed.jsonl", "stdin"); JSON Lines records without an id get
  // "<base_name>:<line>".
  std::string base_name;
};

// Each takes ownership of `in`; `options` is copied (its schema must outlive the reader).
std::unique_ptr<Reader> NewTextReader(std::unique_ptr<InputFile> in, FileContext context,
                                      const ReaderOptions& options);
std::unique_ptr<Reader> NewJsonLinesReader(std::unique_ptr<InputFile> in, FileContext context,
                                           const ReaderOptions& options);
std::unique_ptr<Reader> NewReutersSgmlReader(std::unique_ptr<InputFile> in, FileContext context,
                                             const ReaderOptions& options);

// The format of a file from its name and its first bytes (see OpenReader). Never kAuto.
Format DetectFormat(std::string_view path, std::string_view head);

// A publication date found in a path: a "2023/10/16/" run of folders or a file name
// starting "2023-10-16"; nullopt when there is none or it names no real day.
std::optional<std::int64_t> DateFromPath(std::string_view path);

}  // namespace newsdex::indexer::internal

#endif  // NEWSDEX_INDEXER_READERS_FILE_READERS_H_

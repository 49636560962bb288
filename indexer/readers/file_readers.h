// Internal: the per-format readers behind OpenReader, each reading one opened file.
//
//   auto in = internal::InputFile::Open(path);
//   internal::FileContext context = {path, "bbc/business/001.txt", "001.txt"};
//   auto reader = internal::NewTextReader(std::move(*in), context, options);
//
// Readers are not thread-safe. Test code may use these directly.
#ifndef NEWSDEX_INDEXER_READERS_FILE_READERS_H_
#define NEWSDEX_INDEXER_READERS_FILE_READERS_H_

#include <cstdint>
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

// A path (or part of one) as text for an article's id or section: file names are bytes
// and need not be UTF-8, so invalid ones are read as Latin-1, as the plain-text reader
// reads file contents. Valid UTF-8 is returned unchanged.
std::string PathText(std::string_view path);

// The format of a file from its name and its first bytes (see OpenReader). Never kAuto.
Format DetectFormat(std::string_view path, std::string_view head);

// A publication date written in a path.
struct PathDate {
  std::string written;  // as in the path: "2023/10/16" or "2023-10-16"
  // Midnight UTC of that day, or InvalidArgument naming why it is no real day
  // ("day 31 does not exist in February 2023").
  Result<std::int64_t> published;
};

// The publication date in a path: a "2023/10/16/" run of folders (the last real one) or
// else a file name starting "2023-10-16" (not followed by a digit). A real day wins over
// an impossible one anywhere in the path; an impossible one is returned (with its error)
// only when there is no real one, so the reader can report it. nullopt when the path
// holds nothing of either shape.
std::optional<PathDate> DateFromPath(std::string_view path);

// For an article whose source gave no publication date at all (no date field, no DATE
// element, no date in the path): takes the date written in the dateline of its dateline
// field, or failing that at the start of its body (text::FindDatelineDate). A dateline
// date that names no real day is reported to options.on_problem as a warning at `origin`
// (skipped = false): `dateline date "October 32, 2023": day 32 does not exist in October
// 2023; article kept without a date`, and the article stays without a date.
// REQUIRES: !article->published.
void TakeDatelineDate(const std::string& origin, const ReaderOptions& options,
                      Article* article);

// Reports a date that names no real day, which costs the article its date but not its
// place, as a warning (skipped = false) at `origin`:
// `<what> "<written>": <why.message()>; article kept without a date`.
void ReportImpossibleDate(const std::string& origin, const ReaderOptions& options,
                          std::string_view what, std::string_view written, const Status& why);

}  // namespace newsdex::indexer::internal

#endif  // NEWSDEX_INDEXER_READERS_FILE_READERS_H_

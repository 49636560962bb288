// Readers: turn files of news articles into Articles, one format per file, streaming.
//
//   newsdex::indexer::ReaderOptions options;
//   options.on_problem = [](const newsdex::indexer::ReadProblem& p) { report(p); };
//   auto reader = newsdex::indexer::OpenReader("corpus/reut2-000.sgm.gz", options);
//   newsdex::indexer::SourceRecord record;
//   while ((*reader)->Next(&record)) writer->Add(record.article);
//
// Readers never see the index: their only output is Articles (and problems). Every
// reader reads .gz files transparently. A Reader is not thread-safe.
#ifndef NEWSDEX_INDEXER_READERS_READER_H_
#define NEWSDEX_INDEXER_READERS_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema/schema.h"
#include "newsdex/document.h"
#include "newsdex/status.h"

namespace newsdex::indexer {

enum class Format { kAuto, kText, kJsonLines, kReutersSgml };

// "text", "jsonl", "sgml" (also "auto"); nullopt-like kAuto with ok=false on unknown.
Result<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);

// One article and where it came from.
struct SourceRecord {
  Article article;
  // Where the record starts, for messages: "path:line" (JSON Lines, SGML) or "path".
  std::string origin;
  // Bytes of input the record took (for progress in MB/s).
  std::uint64_t bytes = 0;
};

// A record that could not be read (reported once and skipped), or a record read with a
// warning (e.g. an impossible date treated as unknown; `skipped` is false then).
struct ReadProblem {
  std::string origin;  // "path:line" or "path"
  std::string reason;  // one line, e.g. "invalid JSON: unexpected '}' at column 17"
  bool skipped = true;
};

struct ReaderOptions {
  Format format = Format::kAuto;
  // Plain text: use the name of the folder holding the file as the article's section.
  bool section_from_folder = false;
  // Folder walks skip files whose name, or path below the folder given, matches one of
  // these shell patterns (fnmatch: "*.dtd", "README*", "drafts/*"). Default: none
  std::vector<std::string> exclude;
  // Field mapping for JSON Lines; nullptr means Schema::Default().
  const Schema* schema = nullptr;
  // Receives every record that was skipped. Default: drop them silently.
  std::function<void(const ReadProblem&)> on_problem;
  // Articles larger than this are read whole but reported as a problem and skipped.
  // Default: 64 MiB
  std::uint64_t max_article_bytes = std::uint64_t{64} << 20;
};

class Reader {
 public:
  virtual ~Reader() = default;
  // Reads the next article into *record and returns true; returns false at the end of
  // the input. Bad records are passed to options.on_problem and skipped.
  virtual bool Next(SourceRecord* record) = 0;
};

// Opens `path`: a file (plain or .gz), a folder (walked recursively in name order,
// skipping hidden entries; each file's format detected on its own) or "-" for standard
// input. Format detection: by extension (.sgm .sgml -> SGML; .jsonl .ndjson .json ->
// JSON Lines; anything else -> sniffed: "<!DOCTYPE lewis" or "<REUTERS" -> SGML, "{" ->
// JSON Lines, else plain text). Returns NotFound or IOError naming the path.
Result<std::unique_ptr<Reader>> OpenReader(const std::string& path,
                                           const ReaderOptions& options);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_READERS_READER_H_

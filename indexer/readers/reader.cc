#include "indexer/readers/reader.h"

#include <fnmatch.h>

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "common/text/analyzer.h"
#include "common/text/publication_date.h"
#include "indexer/readers/file_readers.h"
#include "indexer/readers/input_file.h"

namespace newsdex::indexer {
namespace fs = std::filesystem;

namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(s[i]) != LowerAscii(prefix[i])) return false;
  }
  return true;
}

Result<std::unique_ptr<Reader>> OpenFile(const std::string& path, internal::FileContext context,
                                         const ReaderOptions& options) {
  auto in = internal::InputFile::Open(path);
  if (!in.ok()) return in.status();
  Format format = options.format;
  if (format == Format::kAuto) format = internal::DetectFormat(path, (*in)->Peek(4096));
  switch (format) {
    case Format::kJsonLines:
      return internal::NewJsonLinesReader(std::move(*in), std::move(context), options);
    case Format::kReutersSgml:
      return internal::NewReutersSgmlReader(std::move(*in), std::move(context), options);
    case Format::kText:
    case Format::kAuto:
      break;
  }
  return internal::NewTextReader(std::move(*in), std::move(context), options);
}

// Walks a folder tree in name order, one file reader at a time, so only the current
// file is open and only the folders on the current path are listed in memory.
class FolderReader : public Reader {
 public:
  FolderReader(fs::path root, std::string root_name, const ReaderOptions& options)
      : root_(std::move(root)), root_name_(std::move(root_name)), options_(options) {
    Push(root_);
  }

  bool Next(SourceRecord* record) override {
    for (;;) {
      if (current_ != nullptr && current_->Next(record)) return true;
      current_.reset();
      if (!OpenNextFile()) return false;
    }
  }

 private:
  struct Level {
    std::vector<fs::path> entries;  // sorted by name, hidden ones left out
    std::size_t next = 0;
  };

  void Report(const std::string& origin, const std::string& reason) {
    if (options_.on_problem) options_.on_problem(ReadProblem{origin, reason});
  }

  void Push(const fs::path& folder) {
    Level level;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      level.entries.push_back(it->path());
    }
    if (ec) Report(folder.string(), "cannot list folder: " + ec.message());
    std::sort(level.entries.begin(), level.entries.end(),
              [](const fs::path& a, const fs::path& b) {
                return a.filename().string() < b.filename().string();
              });
    stack_.push_back(std::move(level));
  }

  bool OpenNextFile() {
    while (!stack_.empty()) {
      Level& top = stack_.back();
      if (top.next >= top.entries.size()) {
        stack_.pop_back();
        continue;
      }
      fs::path path = top.entries[top.next++];
      std::error_code ec;
      fs::file_status link_status = fs::symlink_status(path, ec);
      // Folders are entered only when real, so a symlink cannot make the walk loop.
      if (fs::is_directory(link_status)) {
        Push(path);
        continue;
      }
      if (!fs::is_regular_file(fs::status(path, ec))) continue;
      if (Excluded(path)) continue;
      internal::FileContext context;
      context.path = path.string();
      context.text_id = root_name_ + "/" + path.lexically_relative(root_).generic_string();
      context.base_name = path.filename().string();
      auto reader = OpenFile(context.path, context, options_);
      if (!reader.ok()) {
        Report(context.path, reader.status().ToString());
        continue;
      }
      current_ = std::move(*reader);
      return true;
    }
    return false;
  }

  bool Excluded(const fs::path& path) const {
    const std::string name = path.filename().string();
    const std::string below = path.lexically_relative(root_).generic_string();
    for (const std::string& pattern : options_.exclude) {
      if (::fnmatch(pattern.c_str(), name.c_str(), 0) == 0 ||
          ::fnmatch(pattern.c_str(), below.c_str(), FNM_PATHNAME) == 0) {
        return true;
      }
    }
    return false;
  }

  fs::path root_;
  std::string root_name_;
  ReaderOptions options_;
  std::vector<Level> stack_;
  std::unique_ptr<Reader> current_;
};

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  std::string n = Lowercase(name);
  if (n == "auto" || n.empty()) return Format::kAuto;
  if (n == "text" || n == "txt" || n == "plain") return Format::kText;
  if (n == "jsonl" || n == "ndjson" || n == "json") return Format::kJsonLines;
  if (n == "sgml" || n == "sgm" || n == "reuters") return Format::kReutersSgml;
  return Status::InvalidArgument("unknown format '" + std::string(name) +
                                 "' (expected auto, text, jsonl or sgml)");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto: return "auto";
    case Format::kText: return "text";
    case Format::kJsonLines: return "jsonl";
    case Format::kReutersSgml: return "sgml";
  }
  return "auto";
}

namespace internal {

Format DetectFormat(std::string_view path, std::string_view head) {
  std::string name = Lowercase(path);
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".sgm") || EndsWith(name, ".sgml")) return Format::kReutersSgml;
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson") || EndsWith(name, ".json")) {
    return Format::kJsonLines;
  }
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty() && (head[0] == ' ' || head[0] == '\t' || head[0] == '\n' ||
                           head[0] == '\r')) {
    head.remove_prefix(1);
  }
  if (StartsWithNoCase(head, "<!DOCTYPE lewis")) return Format::kReutersSgml;
  if (StartsWithNoCase(head, "<REUTERS") &&
      (head.size() == 8 || head[8] == ' ' || head[8] == '>' || head[8] == '\n')) {
    return Format::kReutersSgml;
  }
  if (!head.empty() && head[0] == '{') return Format::kJsonLines;
  return Format::kText;
}

void TakeDatelineDate(const std::string& origin, const ReaderOptions& options,
                      Article* article) {
  assert(!article->published);
  // A dateline field of its own ("SALVADOR, Feb 26") is the better witness; the body's
  // opening line is where feeds without one write it ("WASHINGTON, Oct. 16, 2023 -").
  std::optional<text::DatelineDate> found = text::FindDatelineDate(article->dateline);
  if (!found) found = text::FindDatelineDate(article->body);
  if (!found) return;
  if (found->published.ok()) {
    article->published = *found->published;
    return;
  }
  ReportImpossibleDate(origin, options, "dateline date", found->written,
                       found->published.status());
}

std::string PathText(std::string_view path) {
  return text::IsValidUtf8(path) ? std::string(path) : text::Latin1ToUtf8(path);
}

void ReportImpossibleDate(const std::string& origin, const ReaderOptions& options,
                          std::string_view what, std::string_view written, const Status& why) {
  if (!options.on_problem) return;
  options.on_problem(ReadProblem{origin,
                                 std::string(what) + " \"" + std::string(written) +
                                     "\": " + why.message() + "; article kept without a date",
                                 /*skipped=*/false});
}

}  // namespace internal

Result<std::unique_ptr<Reader>> OpenReader(const std::string& path,
                                           const ReaderOptions& options) {
  if (path == "-") return OpenFile(path, {"-", "stdin", "stdin"}, options);
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) return Status::NotFound(path + ": no such file or folder");
  if (fs::is_directory(st)) {
    // Walk the folder as given (so origins keep the caller's spelling), but name it from
    // its absolute form: "corpora/bbc/" and "corpora/bbc" are both "bbc", "." its own name.
    std::string walk = path;
    while (walk.size() > 1 && walk.back() == '/') walk.pop_back();
    fs::path absolute = fs::absolute(fs::path(walk), ec).lexically_normal();
    if (ec) return Status::IOError(path + ": " + ec.message());
    if (!absolute.has_filename()) absolute = absolute.parent_path();
    return std::unique_ptr<Reader>(
        std::make_unique<FolderReader>(fs::path(walk), absolute.filename().string(), options));
  }
  std::string base = fs::path(path).filename().string();
  return OpenFile(path, {path, base, base}, options);
}

}  // namespace newsdex::indexer

// Plain-text articles: one file is one article. The first non-empty line is the title and
// the rest, trimmed, the body; paragraphs stay separated by blank lines. Files that are
// not valid UTF-8 are decoded as Latin-1; NUL bytes become spaces; an empty or blank file
// is reported ("empty article") and skipped. The id is FileContext::text_id, the section
// (with section_from_folder) the name of the folder holding the file, and the date one
// found in the path (DateFromPath), else one written in the dateline that opens the body
// (TakeDatelineDate); nothing else is known about a plain-text article. An impossible
// path date is reported as a warning and the article kept without a date.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "common/text/analyzer.h"
#include "common/text/publication_date.h"
#include "indexer/readers/file_readers.h"

namespace newsdex::indexer::internal {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Trims ASCII whitespace and no-break spaces (U+00A0), which web copies are full of.
std::string_view Trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

class TextReader : public Reader {
 public:
  TextReader(std::unique_ptr<InputFile> in, FileContext context, const ReaderOptions& options)
      : in_(std::move(in)), context_(std::move(context)), options_(options) {}

  bool Next(SourceRecord* record) override {
    if (done_) return false;
    done_ = true;
    std::string bytes;
    std::uint64_t size = in_->ReadRest(&bytes, options_.max_article_bytes);
    const std::string& origin = in_->display_name();
    if (!in_->status().ok()) return Problem(origin, in_->status().message());
    if (size > options_.max_article_bytes) {
      return Problem(origin, "article of " + std::to_string(size) + " bytes is larger than " +
                                 std::to_string(options_.max_article_bytes));
    }
    *record = SourceRecord{};
    record->origin = origin;
    record->bytes = size;
    std::size_t body_line = 0;
    if (!ParseTextArticle(std::move(bytes), &record->article, &body_line)) {
      return Problem(origin, "empty article");
    }
    Article& a = record->article;
    a.id = PathText(context_.text_id);
    if (options_.section_from_folder && context_.path != "-") {
      std::filesystem::path p(context_.path);
      a.section = PathText(p.parent_path().filename().string());
      if (a.section.empty() || a.section == ".") {
        a.section = PathText(std::filesystem::absolute(p).parent_path().filename().string());
      }
    }
    if (std::optional<PathDate> date = DateFromPath(context_.path)) {
      if (date->published.ok()) {
        a.published = *date->published;
      } else {
        ReportImpossibleDate(origin, options_, "path date", date->written,
                             date->published.status());
      }
    } else {
      TakeDatelineDate(origin + ":" + std::to_string(body_line), options_, &a);
    }
    return true;
  }

 private:
  // Reports a skipped file; a file holds one article, so the reader is then finished.
  bool Problem(const std::string& origin, const std::string& reason) {
    if (options_.on_problem) options_.on_problem(ReadProblem{origin, reason});
    return false;
  }

  // Fills the title and body; *body_line is the line of the file the body starts on.
  static bool ParseTextArticle(std::string bytes, Article* article, std::size_t* body_line);

  std::unique_ptr<InputFile> in_;
  FileContext context_;
  ReaderOptions options_;
  bool done_ = false;
};

bool TextReader::ParseTextArticle(std::string bytes, Article* article,
                                  std::size_t* body_line) {
  // NUL bytes (a damaged file) become spaces rather than costing the article.
  for (char& c : bytes) {
    if (c == '\0') c = ' ';
  }
  std::string_view view(bytes);
  if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
  std::string text = text::IsValidUtf8(view) ? std::string(view) : text::Latin1ToUtf8(view);
  // CRLF and lone CR line ends become LF.
  std::string normalized;
  normalized.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      normalized += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      normalized += text[i];
    }
  }
  std::string_view rest = Trim(normalized);
  if (rest.empty()) return false;
  std::size_t eol = rest.find('\n');
  std::string_view title = eol == std::string_view::npos ? rest : rest.substr(0, eol);
  std::string_view body = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  article->title = std::string(Trim(title));
  std::string_view trimmed_body = Trim(body);
  article->body = std::string(trimmed_body);
  // Line ends were normalised to LF above, so counting them gives the file's line.
  const char* text_start = normalized.data();
  const char* body_start = trimmed_body.empty() ? title.data() : trimmed_body.data();
  *body_line = 1 + static_cast<std::size_t>(std::count(text_start, body_start, '\n'));
  return true;
}

}  // namespace

std::unique_ptr<Reader> NewTextReader(std::unique_ptr<InputFile> in, FileContext context,
                                      const ReaderOptions& options) {
  return std::make_unique<TextReader>(std::move(in), std::move(context), options);
}

std::optional<PathDate> DateFromPath(std::string_view path) {
  // Folders "YYYY/MM/DD/" anywhere in the path; the last real day wins.
  std::optional<PathDate> found, impossible;
  for (std::size_t i = 0; i + 11 <= path.size(); ++i) {
    if (i > 0 && path[i - 1] != '/') continue;
    std::string_view s = path.substr(i);
    if (IsDigits(s.substr(0, 4)) && s[4] == '/' && IsDigits(s.substr(5, 2)) && s[7] == '/' &&
        IsDigits(s.substr(8, 2)) && s[10] == '/') {
      PathDate date{std::string(s.substr(0, 10)), text::ParsePublicationDate(s.substr(0, 10))};
      (date.published.ok() ? found : impossible) = std::move(date);
    }
  }
  if (found) return found;
  // A file name "YYYY-MM-DD..." not followed by another digit.
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.size() >= 10 && IsDigits(name.substr(0, 4)) && name[4] == '-' &&
      IsDigits(name.substr(5, 2)) && name[7] == '-' && IsDigits(name.substr(8, 2)) &&
      (name.size() == 10 || !(name[10] >= '0' && name[10] <= '9'))) {
    PathDate date{std::string(name.substr(0, 10)), text::ParsePublicationDate(name.substr(0, 10))};
    if (date.published.ok() || !impossible) return date;
  }
  return impossible;
}

}  // namespace newsdex::indexer::internal

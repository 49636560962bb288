// Reuters-21578 SGML, read as tagged text (it is not well-formed XML): a sequence of
// <REUTERS ...> ... </REUTERS> stories, read one story at a time.
//
// Mapping: NEWID -> id; DATE -> published; TOPICS/PLACES/PEOPLE/ORGS <D> values ->
// topics/places/people/orgs; TITLE -> title; DATELINE -> dateline (without the trailing
// " -"); AUTHOR -> byline; BODY -> body (without the closing "Reuter" line). A story
// without a DATE element takes a date written in its DATELINE or at the start of its BODY
// (TakeDatelineDate); the collection's own "SALVADOR, Feb 26" datelines have no year.
// TEXT TYPE="BRIEF" has a TITLE only: its "Blah blah blah." placeholder is dropped.
// TEXT TYPE="UNPROC" has raw text only: its first non-empty line becomes the title and
// the rest the body, as for a plain-text article. EXCHANGES, COMPANIES, MKNOTE, the
// <REUTERS> attributes other than NEWID and the TEXT type go into extra_json.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text/publication_date.h"
#include "indexer/readers/file_readers.h"

namespace newsdex::indexer::internal {
namespace {

using nlohmann::json;

constexpr std::string_view kOpenTag = "<REUTERS";
constexpr std::string_view kCloseTag = "</REUTERS>";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Position of a "<REUTERS" open tag in `line`, or npos.
std::size_t FindOpenTag(std::string_view line, std::size_t from = 0) {
  for (std::size_t p = line.find(kOpenTag, from); p != std::string_view::npos;
       p = line.find(kOpenTag, p + 1)) {
    std::size_t after = p + kOpenTag.size();
    if (after == line.size() || line[after] == '>' || IsSpace(line[after])) return p;
  }
  return std::string_view::npos;
}

void AppendUtf8(std::uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsControl(std::uint32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0);
}

// Latin-1 bytes with SGML references -> UTF-8. &lt; &gt; &amp; &quot; and &#N; / &#xN;
// are decoded; control characters, whether raw bytes or references (the wire noise
// &#2; &#3; &#5; &#127; ...), are dropped without a trace, so "fe&#127;l" reads "fel".
std::string Decode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    auto byte = static_cast<unsigned char>(raw[i]);
    if (byte == '&') {
      std::size_t semi = raw.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string_view name = raw.substr(i + 1, semi - i - 1);
        std::optional<std::uint32_t> cp;
        if (name == "lt") cp = '<';
        else if (name == "gt") cp = '>';
        else if (name == "amp") cp = '&';
        else if (name == "quot") cp = '"';
        else if (name == "apos") cp = '\'';
        else if (name.size() >= 2 && name[0] == '#') {
          bool hex = name[1] == 'x' || name[1] == 'X';
          std::string_view digits = name.substr(hex ? 2 : 1);
          std::uint32_t v = 0;
          bool ok = !digits.empty();
          for (char c : digits) {
            int d = (c >= '0' && c <= '9')                ? c - '0'
                    : hex && (c >= 'a' && c <= 'f')       ? c - 'a' + 10
                    : hex && (c >= 'A' && c <= 'F')       ? c - 'A' + 10
                                                          : -1;
            if (d < 0 || v > 0x10FFFF) {
              ok = false;
              break;
            }
            v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
          }
          if (ok) cp = (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) ? 0xFFFD : v;
        }
        if (cp) {
          if (!IsControl(*cp)) AppendUtf8(*cp, &out);
          i = semi;
          continue;
        }
      }
      out += '&';
    } else if (byte == '\r' || IsControl(byte)) {
      // dropped
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
    } else {
      AppendUtf8(byte, &out);  // Latin-1: the byte is the code point
    }
  }
  return out;
}

// Runs of whitespace (line breaks in wrapped titles) become one space; ends trimmed.
std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Trims the body and drops its closing "Reuter" sign-off line.
std::string CleanBody(std::string_view text) {
  std::string_view body = Trim(text);
  std::size_t eol = body.rfind('\n');
  std::string_view last = Trim(eol == std::string_view::npos ? body : body.substr(eol + 1));
  if (EqualsNoCase(last, "reuter")) {
    body = Trim(eol == std::string_view::npos ? std::string_view() : body.substr(0, eol));
  }
  return std::string(body);
}

enum class Found { kYes, kNo, kUnclosed };

struct Element {
  std::string_view attributes;  // the text between the name and '>'
  std::string_view content;
  std::size_t end = 0;  // just past the close tag
};

// Finds the first <NAME ...>content</NAME> in `s` at or after `from`.
Found FindElement(std::string_view s, std::string_view name, Element* out,
                  std::size_t from = 0) {
  std::string open = "<" + std::string(name);
  for (std::size_t p = s.find(open, from); p != std::string_view::npos;
       p = s.find(open, p + 1)) {
    std::size_t after = p + open.size();
    if (after < s.size() && s[after] != '>' && !IsSpace(s[after])) continue;
    std::size_t gt = s.find('>', after);
    if (gt == std::string_view::npos) return Found::kUnclosed;
    std::string close = "</" + std::string(name) + ">";
    std::size_t c = s.find(close, gt + 1);
    if (c == std::string_view::npos) return Found::kUnclosed;
    out->attributes = s.substr(after, gt - after);
    out->content = s.substr(gt + 1, c - gt - 1);
    out->end = c + close.size();
    return Found::kYes;
  }
  return Found::kNo;
}

// NAME="value" pairs (also unquoted values), in order.
std::vector<std::pair<std::string, std::string>> ParseAttributes(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    std::size_t name_start = i;
    while (i < s.size() && s[i] != '=' && !IsSpace(s[i])) ++i;
    std::string name(s.substr(name_start, i - name_start));
    while (i < s.size() && IsSpace(s[i])) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && IsSpace(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char quote = s[i++];
        std::size_t end = s.find(quote, i);
        if (end == std::string_view::npos) end = s.size();
        value = std::string(s.substr(i, end - i));
        i = end + 1;
      } else {
        std::size_t start = i;
        while (i < s.size() && !IsSpace(s[i])) ++i;
        value = std::string(s.substr(start, i - start));
      }
    }
    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

// Splits text into its first non-empty line and the rest.
void SplitFirstLine(std::string_view text, std::string* first, std::string* rest) {
  std::string_view t = Trim(text);
  std::size_t eol = t.find('\n');
  *first = std::string(Trim(eol == std::string_view::npos ? t : t.substr(0, eol)));
  *rest = eol == std::string_view::npos ? std::string() : CleanBody(t.substr(eol + 1));
}

class ReutersSgmlReader : public Reader {
 public:
  ReutersSgmlReader(std::unique_ptr<InputFile> in, FileContext context,
                    const ReaderOptions& options)
      : in_(std::move(in)), context_(std::move(context)), options_(options) {}

  bool Next(SourceRecord* record) override {
    std::string story;
    std::uint64_t start_line = 0;
    std::uint64_t bytes = 0;
    while (CollectStory(&story, &start_line, &bytes)) {
      std::string origin = in_->display_name() + ":" + std::to_string(start_line);
      if (bytes > options_.max_article_bytes) {
        Problem(origin, "story of " + std::to_string(bytes) + " bytes is larger than " +
                            std::to_string(options_.max_article_bytes));
        continue;
      }
      *record = SourceRecord{};
      record->origin = origin;
      record->bytes = bytes;
      std::string reason = ParseStory(story, &record->article);
      if (!reason.empty()) {
        Problem(origin, reason);
        continue;
      }
      if (!date_warning_.empty() && options_.on_problem) {
        options_.on_problem(ReadProblem{origin, date_warning_, /*skipped=*/false});
      }
      // A story without a DATE element may still write its date in its dateline.
      if (!record->article.published && date_warning_.empty()) {
        TakeDatelineDate(origin, options_, &record->article);
      }
      return true;
    }
    return false;
  }

 private:
  void Problem(const std::string& origin, const std::string& reason) {
    if (options_.on_problem) options_.on_problem(ReadProblem{origin, reason});
  }

  // Reads the next "<REUTERS ... </REUTERS>" into *story. A story cut off by the next
  // <REUTERS or the end of the file is reported and skipped. False at the end.
  bool CollectStory(std::string* story, std::uint64_t* start_line, std::uint64_t* bytes);
  // Fills *article; returns "" or why the story is skipped.
  std::string ParseStory(std::string_view story, Article* article);

  std::unique_ptr<InputFile> in_;
  FileContext context_;
  ReaderOptions options_;
  std::string line_;
  // A line holding the <REUTERS that ended a broken story, still to be read.
  bool have_pending_ = false;
  std::string date_warning_;
};

bool ReutersSgmlReader::CollectStory(std::string* story, std::uint64_t* start_line,
                                     std::uint64_t* bytes) {
  for (;;) {
    std::size_t open = std::string::npos;
    if (have_pending_) {
      have_pending_ = false;
      open = FindOpenTag(line_);
    } else {
      while (in_->ReadLine(&line_)) {
        open = FindOpenTag(line_);
        if (open != std::string::npos) break;
      }
      if (open == std::string::npos) {
        if (!in_->status().ok()) Problem(in_->display_name(), in_->status().message());
        return false;
      }
    }
    *start_line = in_->line_number();
    story->assign(line_, open);
    *bytes = line_.size() + 1;
    bool too_big = false;
    std::size_t search_from = 0;
    for (;;) {
      std::size_t close = story->find(kCloseTag, search_from);
      if (close != std::string::npos) {
        story->resize(close + kCloseTag.size());
        return true;
      }
      search_from = story->size() >= kCloseTag.size() ? story->size() - kCloseTag.size() + 1 : 0;
      std::string origin = in_->display_name() + ":" + std::to_string(*start_line);
      if (!in_->ReadLine(&line_)) {
        if (!in_->status().ok()) {
          Problem(in_->display_name(), in_->status().message());
        } else {
          Problem(origin, "no </REUTERS> before the end of the file");
        }
        return false;
      }
      if (FindOpenTag(line_) != std::string::npos) {
        Problem(origin, "no </REUTERS> before the next <REUTERS at line " +
                            std::to_string(in_->line_number()));
        have_pending_ = true;
        break;  // resynchronise on the pending line
      }
      *bytes += line_.size() + 1;
      if (too_big || story->size() > options_.max_article_bytes) {
        // Stop storing an oversized story but read to its end, so it is skipped whole
        // (the caller sees *bytes above the limit).
        too_big = true;
        if (line_.find(kCloseTag) != std::string::npos) return true;
        continue;
      }
      *story += '\n';
      *story += line_;
    }
  }
}

std::string ReutersSgmlReader::ParseStory(std::string_view story, Article* article) {
  date_warning_.clear();
  std::size_t gt = story.find('>');
  if (gt == std::string_view::npos) return "unclosed <REUTERS> tag";
  std::string_view inner =
      story.substr(gt + 1, story.size() - kCloseTag.size() - (gt + 1));
  json extra = json::object();
  for (auto& [name, value] : ParseAttributes(story.substr(kOpenTag.size(), gt - kOpenTag.size()))) {
    std::string key;
    for (char c : name) key += Lower(c);
    if (key == "newid") {
      article->id = Decode(value);
    } else {
      // Attribute names are raw Latin-1 bytes like everything else in the file.
      extra[key == "topics" ? "topics_attr" : Decode(key)] = Decode(value);
    }
  }
  if (article->id.empty()) return "story without a NEWID";
  article->source = "reuters";
  article->language = "en";

  Element e;
  Found f = FindElement(inner, "DATE", &e);
  if (f == Found::kUnclosed) return "unclosed <DATE>";
  if (f == Found::kYes) {
    std::string date = Decode(e.content);
    auto published = text::ParsePublicationDate(date);
    if (published.ok()) {
      article->published = *published;
    } else {
      // Collapsed: a DATE left open runs over several lines, and a problem is one line.
      date_warning_ = "DATE \"" + CollapseSpaces(date) +
                      "\": " + published.status().message() + "; story kept without a date";
    }
  }
  struct ListTag {
    const char* name;
    std::vector<std::string>* values;  // nullptr: into extra_json
  };
  std::vector<std::string> exchanges, companies;
  const ListTag lists[] = {{"TOPICS", &article->topics},   {"PLACES", &article->places},
                           {"PEOPLE", &article->people},   {"ORGS", &article->orgs},
                           {"EXCHANGES", &exchanges},      {"COMPANIES", &companies}};
  for (const ListTag& list : lists) {
    f = FindElement(inner, list.name, &e);
    if (f == Found::kUnclosed) return std::string("unclosed <") + list.name + ">";
    if (f == Found::kNo) continue;
    Element d;
    for (std::size_t from = 0;; from = d.end) {
      Found fd = FindElement(e.content, "D", &d, from);
      if (fd == Found::kUnclosed) return std::string("unclosed <D> in <") + list.name + ">";
      if (fd == Found::kNo) break;
      std::string value = CollapseSpaces(Decode(d.content));
      if (!value.empty()) list.values->push_back(std::move(value));
    }
  }
  if (!exchanges.empty()) extra["exchanges"] = exchanges;
  if (!companies.empty()) extra["companies"] = companies;
  f = FindElement(inner, "MKNOTE", &e);
  if (f == Found::kUnclosed) return "unclosed <MKNOTE>";
  if (f == Found::kYes) extra["mknote"] = CollapseSpaces(Decode(e.content));

  Element text;
  f = FindElement(inner, "TEXT", &text);
  if (f == Found::kUnclosed) return "unclosed <TEXT>";
  if (f == Found::kNo) return "story without <TEXT>";
  std::string type;
  for (auto& [name, value] : ParseAttributes(text.attributes)) {
    if (EqualsNoCase(name, "TYPE")) {
      for (char c : value) type += Lower(c);
    }
  }
  if (type.empty()) type = "normal";
  // Decoded like any text of the file: raw bytes here made extra.dump() throw.
  extra["text_type"] = Decode(type);

  if (type == "unproc") {
    SplitFirstLine(Decode(text.content), &article->title, &article->body);
  } else {
    for (const char* name : {"TITLE", "DATELINE", "AUTHOR", "BODY"}) {
      f = FindElement(text.content, name, &e);
      if (f == Found::kUnclosed) return std::string("unclosed <") + name + ">";
      if (f == Found::kNo) continue;
      std::string value = Decode(e.content);
      std::string_view n = name;
      if (n == "TITLE") {
        article->title = CollapseSpaces(value);
        if (type == "brief") {
          // A brief's only text after its title is the placeholder "Blah blah blah.".
          std::string rest = CleanBody(Decode(text.content.substr(e.end)));
          if (rest != "Blah blah blah.") article->body = std::move(rest);
        }
      } else if (n == "DATELINE") {
        std::string_view d = Trim(value);
        while (!d.empty() && (d.back() == '-' || IsSpace(d.back()))) d.remove_suffix(1);
        article->dateline = CollapseSpaces(d);
      } else if (n == "AUTHOR") {
        article->byline = CollapseSpaces(value);
      } else {
        article->body = CleanBody(value);
      }
    }
  }
  // A story may be empty (NEWID 12793 is an UNPROC with no text): it is still a story
  // of the collection, with an id and a date, so it is kept.
  // Every string above went through Decode, so this cannot meet invalid UTF-8; should one
  // slip through, replace it rather than throw out of the reader.
  article->extra_json = extra.dump(-1, ' ', false, json::error_handler_t::replace);
  return "";
}

}  // namespace

std::unique_ptr<Reader> NewReutersSgmlReader(std::unique_ptr<InputFile> in, FileContext context,
                                             const ReaderOptions& options) {
  return std::make_unique<ReutersSgmlReader>(std::move(in), std::move(context), options);
}

}  // namespace newsdex::indexer::internal

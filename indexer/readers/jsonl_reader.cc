// JSON Lines: one JSON object per line, its keys mapped onto article fields by the schema.
// A record without a date field takes the date written in its dateline, if any
// (TakeDatelineDate).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/document/article_codec.h"
#include "common/text/analyzer.h"
#include "common/text/publication_date.h"
#include "indexer/readers/file_readers.h"

namespace newsdex::indexer::internal {
namespace {

using nlohmann::json;

// Deeper nesting than this is refused before parsing: nlohmann's dump() recurses, and
// nothing in a news record needs it.
constexpr int kMaxNestingDepth = 64;

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return false;
  }
  return true;
}

// Maximum depth of [ and { outside strings.
int NestingDepth(std::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

const char* TypeName(const json& v) { return v.type_name(); }

// A string value with NUL bytes (written "\u0000" in JSON, which the line's UTF-8 check
// cannot see) turned into spaces, as the plain-text reader does: a NUL is no valid text
// for the index, and costing the record for it would be harsher than the damage.
std::string TextOf(const json& v) {
  std::string s = v.get<std::string>();
  std::replace(s.begin(), s.end(), '\0', ' ');
  return s;
}

// nlohmann prefixes messages with "[json.exception.parse_error.101] ".
std::string CleanMessage(const char* what) {
  std::string_view m(what);
  if (!m.empty() && m[0] == '[') {
    std::size_t close = m.find("] ");
    if (close != std::string_view::npos) m.remove_prefix(close + 2);
  }
  return std::string(m);
}

class JsonLinesReader : public Reader {
 public:
  JsonLinesReader(std::unique_ptr<InputFile> in, FileContext context, const ReaderOptions& options)
      : in_(std::move(in)),
        context_(std::move(context)),
        options_(options),
        schema_(options.schema != nullptr ? options.schema : &Schema::Default()) {}

  bool Next(SourceRecord* record) override {
    std::string line;
    bool too_long = false;
    std::size_t max_line = static_cast<std::size_t>(options_.max_article_bytes);
    while (in_->ReadLine(&line, max_line, &too_long)) {
      std::string origin = in_->display_name() + ":" + std::to_string(in_->line_number());
      if (too_long) {
        Problem(origin, "line longer than " + std::to_string(max_line) + " bytes");
        continue;
      }
      if (IsBlank(line)) continue;
      *record = SourceRecord{};
      record->origin = origin;
      record->bytes = line.size() + 1;
      date_warning_.clear();
      std::string reason = ParseRecord(line, &record->article);
      if (!reason.empty()) {
        Problem(origin, reason);
        continue;
      }
      if (!date_warning_.empty() && options_.on_problem) {
        options_.on_problem(ReadProblem{origin, date_warning_, /*skipped=*/false});
      }
      // A record with no date field may still write its date in its dateline.
      if (!record->article.published && date_warning_.empty()) {
        TakeDatelineDate(origin, options_, &record->article);
      }
      return true;
    }
    if (!in_->status().ok()) Problem(in_->display_name(), in_->status().message());
    return false;
  }

 private:
  void Problem(const std::string& origin, const std::string& reason) {
    if (options_.on_problem) options_.on_problem(ReadProblem{origin, reason});
  }

  // Fills *article from one line; returns "" or the reason the record is skipped.
  std::string ParseRecord(std::string_view line, Article* article);
  std::string ApplyField(const FieldSpec& field, const std::string& key, const json& value,
                         Article* article);

  std::unique_ptr<InputFile> in_;
  FileContext context_;
  ReaderOptions options_;
  const Schema* schema_;
  // Set when the current record's date was dropped; reported only if the record is kept.
  std::string date_warning_;
};

std::string JsonLinesReader::ParseRecord(std::string_view line, Article* article) {
  if (!text::IsValidUtf8(line)) return "invalid UTF-8";
  if (NestingDepth(line) > kMaxNestingDepth) {
    return "JSON nested deeper than " + std::to_string(kMaxNestingDepth) + " levels";
  }
  json record;
  try {
    record = json::parse(line);
  } catch (const json::exception& e) {
    return "invalid JSON: " + CleanMessage(e.what());
  }
  if (!record.is_object()) return std::string("not a JSON object but ") + TypeName(record);

  // Several keys may name one field ("title" and "headline"): the one listed first in
  // the schema wins and the others are kept in extra_json.
  std::map<std::string, std::pair<std::size_t, std::string>> chosen;  // field -> (rank, key)
  for (const auto& [key, value] : record.items()) {
    const FieldSpec* field = schema_->FindBySourceKey(key);
    if (field == nullptr || value.is_null()) continue;
    std::size_t rank = 0;
    while (rank < field->source_keys.size() && field->source_keys[rank] != key) ++rank;
    auto it = chosen.find(field->name);
    if (it == chosen.end() || rank < it->second.first) chosen[field->name] = {rank, key};
  }
  json extra = json::object();
  for (const auto& [key, value] : record.items()) {
    const FieldSpec* field = schema_->FindBySourceKey(key);
    bool used = field != nullptr && !value.is_null() && chosen[field->name].second == key;
    if (!used) {
      if (field == nullptr || !value.is_null()) extra[key] = value;
      continue;
    }
    std::string reason = ApplyField(*field, key, value, article);
    if (!reason.empty()) return reason;
  }
  if (article->id.empty()) {
    article->id = PathText(context_.base_name) + ":" + std::to_string(in_->line_number());
  }
  if (!extra.empty()) article->extra_json = extra.dump();
  return "";
}

std::string JsonLinesReader::ApplyField(const FieldSpec& field, const std::string& key,
                                        const json& value, Article* article) {
  const std::string& name = field.name;
  auto wrong_type = [&](std::string_view expected) {
    return "field \"" + key + "\": expected " + std::string(expected) + ", got " +
           TypeName(value);
  };
  if (name == "published") {
    std::optional<std::int64_t> seconds;
    std::string reason;
    if (value.is_string()) {
      auto parsed = text::ParsePublicationDate(value.get<std::string>());
      if (parsed.ok()) {
        seconds = *parsed;
      } else {
        reason = parsed.status().message();
      }
    } else if (value.is_number()) {
      double v = value.get<double>();
      // Numbers past year 5138 in seconds are taken as milliseconds.
      if (std::fabs(v) >= 1e11) v /= 1000.0;
      const double lo = static_cast<double>(text::CivilToSeconds(text::kMinYear, 1, 1));
      const double hi = static_cast<double>(text::CivilToSeconds(text::kMaxYear + 1, 1, 1));
      if (std::isfinite(v) && v >= lo && v < hi) {
        seconds = static_cast<std::int64_t>(std::floor(v));
      } else {
        reason = "timestamp out of range";
      }
    } else {
      return wrong_type("a date string or a number");
    }
    if (seconds) {
      article->published = *seconds;
    } else {
      // An impossible date costs the date, not the article.
      date_warning_ = "field \"" + key + "\": " + reason + "; article kept without a date";
    }
    return "";
  }
  if (std::vector<std::string>* list = ListFieldOf(article, name)) {
    if (value.is_string()) {
      if (!value.get_ref<const std::string&>().empty()) list->push_back(TextOf(value));
      return "";
    }
    if (!value.is_array()) return wrong_type("a string or an array of strings");
    for (const json& item : value) {
      if (!item.is_string()) return wrong_type("a string or an array of strings");
      if (!item.get_ref<const std::string&>().empty()) list->push_back(TextOf(item));
    }
    return "";
  }
  std::string text;
  if (value.is_string()) {
    text = TextOf(value);
  } else if (name == "id" && value.is_number_integer()) {
    text = value.dump();
  } else if (name == "byline" && value.is_array()) {
    // "authors": ["A", "B"] -> "A, B"
    for (const json& item : value) {
      if (!item.is_string()) return wrong_type("a string or an array of strings");
      if (!text.empty()) text += ", ";
      text += TextOf(item);
    }
  } else {
    return wrong_type(name == "id" ? "a string or an integer" : "a string");
  }
  if (std::string* member = TextFieldOf(article, name)) *member = std::move(text);
  return "";
}

}  // namespace

std::unique_ptr<Reader> NewJsonLinesReader(std::unique_ptr<InputFile> in, FileContext context,
                                           const ReaderOptions& options) {
  return std::make_unique<JsonLinesReader>(std::move(in), std::move(context), options);
}

}  // namespace newsdex::indexer::internal

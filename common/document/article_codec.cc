#include "common/document/article_codec.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace newsdex {
namespace {

using Json = nlohmann::json;

}  // namespace

namespace {

// The member named `name` in `table`, for const and non-const articles alike.
template <typename ArticleT, typename Table>
auto FindMember(ArticleT& article, const Table& table, std::string_view name)
    -> decltype(&(article.*table[0].member)) {
  for (const auto& f : table) {
    if (f.name == name) return &(article.*f.member);
  }
  return nullptr;
}

}  // namespace

std::string* TextFieldOf(Article* article, std::string_view name) {
  return FindMember(*article, kArticleTextFields, name);
}
const std::string* TextFieldOf(const Article& article, std::string_view name) {
  return FindMember(article, kArticleTextFields, name);
}
std::vector<std::string>* ListFieldOf(Article* article, std::string_view name) {
  return FindMember(*article, kArticleListFields, name);
}
const std::vector<std::string>* ListFieldOf(const Article& article, std::string_view name) {
  return FindMember(article, kArticleListFields, name);
}

std::string EncodeArticle(const Article& article) {
  Json out = Json::object();
  for (const ArticleTextField& f : kArticleTextFields) {
    const std::string& value = article.*f.member;
    if (!value.empty()) out[f.name] = value;
  }
  if (article.published) out["published"] = *article.published;
  for (const ArticleListField& f : kArticleListFields) {
    const std::vector<std::string>& values = article.*f.member;
    if (!values.empty()) out[f.name] = values;
  }
  if (!article.extra_json.empty() && article.extra_json != "{}") {
    Json extra = Json::parse(article.extra_json, nullptr, /*allow_exceptions=*/false);
    if (extra.is_object() && !extra.empty()) out["extra"] = std::move(extra);
  }
  return out.dump();
}

// Search reads a stored article for every hit it shows: simdjson parses it (with the
// fastest kernels the CPU has, chosen at run time), then the fields are copied out.
Result<Article> DecodeArticle(std::string_view stored) {
  thread_local simdjson::dom::parser parser;
  thread_local std::string padded;  // the parser reads up to SIMDJSON_PADDING bytes past
  padded.reserve(stored.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(stored);
  const auto malformed = [](simdjson::error_code error) {
    return Status::Corruption(std::string("stored article is malformed JSON: ") +
                              simdjson::error_message(error));
  };
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (auto error = parser.parse(padded.data(), padded.size(), false).get(root)) {
    return malformed(error);
  }
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Status::Corruption("stored article is not a JSON object");
  }
  Article article;
  for (const simdjson::dom::key_value_pair field : object) {
    std::string_view text;
    if (std::string* member = TextFieldOf(&article, field.key)) {
      if (auto error = field.value.get_string().get(text)) return malformed(error);
      member->assign(text);
    } else if (std::vector<std::string>* list = ListFieldOf(&article, field.key)) {
      simdjson::dom::array array;
      if (auto error = field.value.get_array().get(array)) return malformed(error);
      for (const simdjson::dom::element item : array) {
        if (auto error = item.get_string().get(text)) return malformed(error);
        list->emplace_back(text);
      }
    } else if (field.key == "published") {
      std::int64_t seconds = 0;
      if (auto error = field.value.get_int64().get(seconds)) return malformed(error);
      article.published = seconds;
    } else if (field.key == "extra") {
      if (!field.value.is_object()) return malformed(simdjson::INCORRECT_TYPE);
      article.extra_json = simdjson::minify(field.value);
    }  // other keys: from a later newsdex; ignored
  }
  if (article.id.empty()) return Status::Corruption("stored article has no id");
  return article;
}

}  // namespace newsdex

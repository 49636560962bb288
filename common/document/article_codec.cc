#include "common/document/article_codec.h"

#include <nlohmann/json.hpp>

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

Result<Article> DecodeArticle(std::string_view stored) {
  Json in = Json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!in.is_object()) return Status::Corruption("stored article is not a JSON object");
  Article article;
  try {
    for (const ArticleTextField& f : kArticleTextFields) {
      if (auto it = in.find(f.name); it != in.end()) article.*f.member = it->get<std::string>();
    }
    if (auto it = in.find("published"); it != in.end()) article.published = it->get<int64_t>();
    for (const ArticleListField& f : kArticleListFields) {
      if (auto it = in.find(f.name); it != in.end()) {
        article.*f.member = it->get<std::vector<std::string>>();
      }
    }
    if (auto it = in.find("extra"); it != in.end()) article.extra_json = it->dump();
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("stored article has a malformed field: ") + e.what());
  }
  if (article.id.empty()) return Status::Corruption("stored article has no id");
  return article;
}

}  // namespace newsdex

#include "common/document/article_codec.h"

#include <nlohmann/json.hpp>

namespace newsdex {
namespace {

using Json = nlohmann::json;

struct TextField {
  const char* key;
  std::string Article::*member;
};

constexpr TextField kTextFields[] = {
    {"id", &Article::id},         {"title", &Article::title},
    {"body", &Article::body},     {"dateline", &Article::dateline},
    {"byline", &Article::byline}, {"source", &Article::source},
    {"section", &Article::section}, {"url", &Article::url},
    {"language", &Article::language},
};

struct ListField {
  const char* key;
  std::vector<std::string> Article::*member;
};

constexpr ListField kListFields[] = {
    {"people", &Article::people},
    {"orgs", &Article::orgs},
    {"places", &Article::places},
    {"topics", &Article::topics},
};

}  // namespace

std::string EncodeArticle(const Article& article) {
  Json out = Json::object();
  for (const TextField& f : kTextFields) {
    const std::string& value = article.*f.member;
    if (!value.empty()) out[f.key] = value;
  }
  if (article.published) out["published"] = *article.published;
  for (const ListField& f : kListFields) {
    const std::vector<std::string>& values = article.*f.member;
    if (!values.empty()) out[f.key] = values;
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
    for (const TextField& f : kTextFields) {
      if (auto it = in.find(f.key); it != in.end()) article.*f.member = it->get<std::string>();
    }
    if (auto it = in.find("published"); it != in.end()) article.published = it->get<int64_t>();
    for (const ListField& f : kListFields) {
      if (auto it = in.find(f.key); it != in.end()) {
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

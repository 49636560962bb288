// The stored form of an Article in the document store: a JSON object holding every
// non-empty field ("published" as seconds since the epoch) and the source's unknown
// fields under "extra".
//
//   std::string stored = newsdex::EncodeArticle(article);
//   newsdex::Result<newsdex::Article> back = newsdex::DecodeArticle(stored);
//
// Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_DOCUMENT_ARTICLE_CODEC_H_
#define NEWSDEX_COMMON_DOCUMENT_ARTICLE_CODEC_H_

#include <string>
#include <string_view>

#include "newsdex/document.h"
#include "newsdex/status.h"

namespace newsdex {

// The fields of an Article by their schema names ("id", "title", "byline", "people" ...),
// which are also their keys in the stored form. One table for every place that walks
// an article's fields.
struct ArticleTextField {
  const char* name;
  std::string Article::*member;
};
struct ArticleListField {
  const char* name;
  std::vector<std::string> Article::*member;
};
inline constexpr ArticleTextField kArticleTextFields[] = {
    {"id", &Article::id},           {"title", &Article::title},
    {"body", &Article::body},       {"dateline", &Article::dateline},
    {"byline", &Article::byline},   {"source", &Article::source},
    {"section", &Article::section}, {"url", &Article::url},
    {"language", &Article::language},
};
inline constexpr ArticleListField kArticleListFields[] = {
    {"people", &Article::people},
    {"orgs", &Article::orgs},
    {"places", &Article::places},
    {"topics", &Article::topics},
};

// The member of `article` named `name` in the tables above, or nullptr.
std::string* TextFieldOf(Article* article, std::string_view name);
const std::string* TextFieldOf(const Article& article, std::string_view name);
std::vector<std::string>* ListFieldOf(Article* article, std::string_view name);
const std::vector<std::string>* ListFieldOf(const Article& article, std::string_view name);

// REQUIRES: every string field is valid UTF-8 (the writer checks before encoding).
std::string EncodeArticle(const Article& article);

// Returns Corruption when `stored` is not an encoded article.
Result<Article> DecodeArticle(std::string_view stored);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_DOCUMENT_ARTICLE_CODEC_H_

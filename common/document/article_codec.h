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

// REQUIRES: every string field is valid UTF-8 (the writer checks before encoding).
std::string EncodeArticle(const Article& article);

// Returns Corruption when `stored` is not an encoded article.
Result<Article> DecodeArticle(std::string_view stored);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_DOCUMENT_ARTICLE_CODEC_H_

#include "indexer/article_analyst.h"

#include "common/document/article_codec.h"
#include "common/schema/terms.h"
#include "common/text/analyzer.h"
#include "common/topics/article_topics.h"

namespace newsdex::indexer {

Status ValidateArticle(const Article& a) {
  if (a.id.empty()) return Status::InvalidArgument("article has no id");
  if (a.id.find('\0') != std::string::npos) {
    return Status::InvalidArgument("article id holds a NUL byte");
  }
  for (const ArticleTextField& field : kArticleTextFields) {
    if (!text::IsValidUtf8(a.*field.member)) {
      return Status::InvalidArgument(std::string("field '") + field.name +
                                     "' is not valid UTF-8");
    }
  }
  for (const ArticleListField& field : kArticleListFields) {
    for (const std::string& value : a.*field.member) {
      if (!text::IsValidUtf8(value)) {
        return Status::InvalidArgument(std::string("a value of '") + field.name +
                                       "' is not valid UTF-8");
      }
    }
  }
  return Status::Ok();
}

ArticleAnalyst::ArticleAnalyst(const Schema& schema, std::size_t max_indexed_bytes,
                               const text::AliasTable* aliases, const TopicTagger& tagger,
                               const DocumentStore& store)
    : indexer_(schema, schema.default_language(), max_indexed_bytes, aliases),
      tagger_(tagger),
      store_(store) {}

void ArticleAnalyst::Analyse(Article article, const text::KnownNames* known_names,
                             AnalysedArticle* out) {
  out->status = ValidateArticle(article);
  out->built = false;
  out->doc = Xapian::Document();
  out->derived.clear();
  if (out->status.ok()) {
    out->stored = EncodeArticle(article);
    out->hash = ContentHash(out->stored);
    // A re-read article the store already holds as it is needs no analysis (a resumed
    // run reads every article again); a failed read only costs the analysis.
    Result<std::optional<std::uint64_t>> stored_hash = store_.GetContentHash(article.id);
    const bool unchanged = stored_hash.ok() && *stored_hash == out->hash;
    if (!unchanged) {
      indexer_.set_known_names_snapshot(known_names);
      out->doc = indexer_.Build(article, &out->report);
      out->derived = tagger_.Predict(out->doc, out->report.given_topics);
      topics::AddDerivedTopics(out->derived, &out->doc);
      out->built = true;
    }
  }
  out->article = std::move(article);
}

}  // namespace newsdex::indexer

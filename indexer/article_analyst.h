// ArticleAnalyst: the part of adding an article that needs no writer, so that it can run
// on many threads while one writer applies the results in order (indexer/pipeline.h).
//
//   auto analyst = writer->NewAnalyst();                   // one per thread
//   AnalysedArticle analysed;
//   analyst->Analyse(std::move(article), snapshot.get(), &analysed);
//   writer->AddAnalysed(&analysed);                         // on the writer's thread
//
// Analyse() validates, encodes and hashes the article, and builds its Xapian document
// (ArticleIndexer) and predicted topics, consulting a snapshot of the writer's known
// names instead of the live ones. The writer re-asks the snapshot's questions of its
// live names when it adds the article; should one answer differ, it analyses the
// article again itself, so the archive is the same whatever the number of threads.
//
// An analyst is used by one thread at a time; analysts of the same writer may run at
// once (they share only what the writer does not change while adding articles).
#ifndef NEWSDEX_INDEXER_ARTICLE_ANALYST_H_
#define NEWSDEX_INDEXER_ARTICLE_ANALYST_H_

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/store/document_store.h"
#include "indexer/article_indexer.h"
#include "indexer/topic_tagger.h"
#include "newsdex/document.h"
#include "newsdex/status.h"

namespace newsdex::indexer {

// InvalidArgument naming the field when `article` cannot be indexed (no id, text that
// is not UTF-8).
Status ValidateArticle(const Article& article);

struct AnalysedArticle {
  Status status;        // not ok: the article cannot be indexed (nothing else is set)
  Article article;
  std::string stored;   // the store's encoding of the article
  std::uint64_t hash = 0;
  // False when the store held this very article (same hash) at analysis time: nothing
  // was built, and the writer builds it should it turn out to be needed after all.
  bool built = false;
  Xapian::Document doc;  // with its predicted topics
  BuildReport report;
  std::vector<TopicTag> derived;  // the predicted topics
};

class ArticleAnalyst {
 public:
  // Everything must outlive the analyst; none of it may change while it analyses.
  ArticleAnalyst(const Schema& schema, std::size_t max_indexed_bytes, const text::AliasTable* aliases,
                 const TopicTagger& tagger, const DocumentStore& store);

  // Fills `*out` (replacing what it held) for `article`, consulting `known_names` (may
  // be null) without teaching it.
  void Analyse(Article article, const text::KnownNames* known_names, AnalysedArticle* out);

 private:
  ArticleIndexer indexer_;
  const TopicTagger& tagger_;
  const DocumentStore& store_;
};

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_ARTICLE_ANALYST_H_

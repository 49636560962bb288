// The document compare_bench's raw Xapian baseline makes of an article, shared by its
// indexer (baseline_indexers.cc) and micro_bench's BM_XapianWrite_TermGenerator, so that
// both time the very same documents.
//
//   Xapian::TermGenerator generator;
//   generator.set_stemmer(Xapian::Stem("en"));
//   db.add_document(newsdex::bench::RawXapianDocument(article, &generator));
#ifndef NEWSDEX_BENCHMARKS_COMPARE_RAW_XAPIAN_DOCUMENT_H_
#define NEWSDEX_BENCHMARKS_COMPARE_RAW_XAPIAN_DOCUMENT_H_

#include <xapian.h>

#include "newsdex/document.h"

namespace newsdex::bench {

// TermGenerator (with the caller's stemmer) over the title, with the prefix S and
// without, and the body; the id as the boolean term Q<id> and as the document data.
inline Xapian::Document RawXapianDocument(const Article& article,
                                          Xapian::TermGenerator* generator) {
  Xapian::Document doc;
  generator->set_document(doc);
  generator->index_text(article.title, 1, "S");
  generator->index_text(article.title);
  generator->increase_termpos();
  generator->index_text(article.body);
  doc.add_boolean_term("Q" + article.id);
  doc.set_data(article.id);
  return doc;
}

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_RAW_XAPIAN_DOCUMENT_H_

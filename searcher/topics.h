// The archive's topics for `newsdex-search topics`: every topic term with its article
// counts by origin and the publication dates its articles span.
//
//   auto topics = newsdex::search::ListTopics(db);
//   for (const auto& t : *topics) print(t.topic, t.articles, t.given, t.predicted);
//
// Pure functions over a Database the caller owns; not thread-safe on that Database.
#ifndef NEWSDEX_SEARCHER_TOPICS_H_
#define NEWSDEX_SEARCHER_TOPICS_H_

#include <vector>

#include <xapian.h>

#include "newsdex/searcher.h"

namespace newsdex::search {

// Every topic of `db`, most articles first, then by label. Counts come from term
// frequencies; date spans from one pass over the topic and date value slots.
Result<std::vector<TopicInfo>> ListTopics(const Xapian::Database& db);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_TOPICS_H_

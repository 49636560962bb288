// The topics of one article: given by its source, tagged by the archive's rules,
// predicted by its model; how they are stored and how they become index terms.
//
//   std::vector<newsdex::TopicTag> derived = ...;            // rule and predicted
//   std::string row = newsdex::topics::EncodeDerivedTopics(derived);
//   auto back = newsdex::topics::DecodeDerivedTopics(row);   // the same tags
//
// Given topics live in the stored article (Article::topics, and its section when the
// schema says so); the derived ones live in the store's "topics" family, one row per
// article that has any (document_store.h). Pure functions: safe from any thread.
#ifndef NEWSDEX_COMMON_TOPICS_ARTICLE_TOPICS_H_
#define NEWSDEX_COMMON_TOPICS_ARTICLE_TOPICS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "newsdex/document.h"
#include "newsdex/status.h"

namespace newsdex::topics {

// "given", "rule", "predicted".
std::string_view OriginName(TopicOrigin origin);
// The origin named `name` (as OriginName() spells it), or nullopt.
std::optional<TopicOrigin> OriginNamed(std::string_view name);
// The term prefix of topics of that origin: kPrefixTopicGiven, ...Rule, ...Predicted.
std::string_view OriginPrefix(TopicOrigin origin);

// A compact JSON form of derived tags (rule and predicted); "" for none.
std::string EncodeDerivedTopics(const std::vector<TopicTag>& tags);
// Reads what EncodeDerivedTopics() wrote; Corruption on anything else.
Result<std::vector<TopicTag>> DecodeDerivedTopics(std::string_view row);

// All topics of an article, each once: the given ones (folded), then the derived ones
// that are not also given, in the order the origins are listed (rule before predicted),
// each origin's tags in their own order.
std::vector<TopicTag> MergeTopics(const std::vector<std::string>& given,
                                  const std::vector<TopicTag>& derived);

// Adds derived tags to a built document: an XT term (any origin) and a term of the
// tag's origin per tag whose topic the document does not already carry, and the topics
// to the kSlotTopics facet list. Tags of origin kGiven are ignored here (the indexer adds
// them with the article).
void AddDerivedTopics(const std::vector<TopicTag>& derived, Xapian::Document* doc);

// Removes every derived topic from a built document (rule and predicted terms, and the
// XT terms and facet values that no given topic accounts for), leaving it as the
// indexer built it from the article alone.
void RemoveDerivedTopics(Xapian::Document* doc);

// The given topics of a built document (from its XTG terms), in term order.
std::vector<std::string> GivenTopicsOf(const Xapian::Document& doc);

}  // namespace newsdex::topics

#endif  // NEWSDEX_COMMON_TOPICS_ARTICLE_TOPICS_H_

// The searcher's side of names: listing the entity registry (`newsdex-search names`),
// entity facets with names instead of keys, and co-occurrence ranking.
//
//   auto people = ListNames(store, {.query = "put*", .kind = "person"});
//   auto values = EntityFacetValues(store, text::EntityKind::kPerson, &spy, 10);
//   auto ranked = RankCooccurring(db, query, store, request);
//
// All functions only read; they are safe to call from several threads with their own
// Xapian::Database.
#ifndef NEWSDEX_SEARCHER_NAMES_H_
#define NEWSDEX_SEARCHER_NAMES_H_

#include <array>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/store/document_store.h"
#include "common/text/names.h"
#include "common/text/string_map.h"
#include "newsdex/searcher.h"
#include "searcher/facets.h"

namespace newsdex::search {

NameInfo ToNameInfo(const EntityRecord& record);

// Entities whose words (of their key or aliases) match every word of `request.query`
// ("put*" matches by prefix), most articles first. A one-word person that a full name
// owns ("Putin" of "Vladimir Putin") is counted under the full name.
Result<std::vector<NameInfo>> ListNames(const DocumentStore& store, const NamesRequest& request);

// What the registry answered about entity keys, remembered for one state of the store
// (a search session keeps one per index revision and clears it when that changes): most
// names recur from query to query. Holds some megabytes at most. Not thread-safe.
class NameCache {
 public:
  // CountedName(store, kind, key).
  const std::string& Name(const DocumentStore& store, text::EntityKind kind,
                          std::string_view key);
  // The key `key` is counted under: that of the full name owning a one-word person key,
  // else `key`. The reference stays valid until the next call or Clear().
  const std::string& CountedKey(const DocumentStore& store, text::EntityKind kind,
                                std::string_view key);
  void Clear();

 private:
  // Per entity kind, key -> answer; started afresh when full. Lookups build no string.
  using Answers = std::array<text::StringMap<std::string>, std::size(text::kEntityKinds)>;
  static std::string& Slot(Answers* answers, text::EntityKind kind, std::string_view key,
                           bool* added);
  Answers names_, counted_keys_;
};

// The entity keys `spy` counted -> the `limit` most frequent entities (0: all), by count
// then key, with their names; one-word keys owned by a full name are counted under it
// (which key is counted under which is kept in spy->table(), for its later searches).
// `cache`: a session's (null: the answers are kept for this call only); a session's
// cache goes with the session's tables, and both are cleared together.
std::vector<FacetValue> EntityFacetValues(const DocumentStore& store, text::EntityKind kind,
                                          FacetSpy* spy, std::size_t limit,
                                          NameCache* cache = nullptr);

// The display name of an entity key, or the key when the registry does not know it.
std::string EntityName(const DocumentStore& store, text::EntityKind kind, const std::string& key);
// The display name an article's entity key is shown and counted under: that of the
// full name owning a one-word name ("putin" -> "Vladimir Putin"), else EntityName().
std::string CountedName(const DocumentStore& store, text::EntityKind kind, const std::string& key);

// Dunning's log-likelihood ratio G² that a name found in `together` of `matches`
// articles, and in `with_name` of all `total` articles, is associated with the
// matches; 0 when it is not more frequent there than elsewhere.
double AssociationScore(std::uint64_t together, std::uint64_t matches, std::uint64_t with_name,
                        std::uint64_t total);

// The names most associated with the articles `query` matches. `query_keys` are the
// (kind, key) pairs of the query's own names, left out of the ranking.
Result<CooccurrenceResults> RankCooccurring(
    const Xapian::Database& db, const Xapian::Query& query, const Schema& schema,
    const DocumentStore& store, const std::vector<std::pair<text::EntityKind, std::string>>& query_keys,
    const CooccurrenceRequest& request);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_NAMES_H_

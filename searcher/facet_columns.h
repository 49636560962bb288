// Facet columns: a facet's values for every document of one index revision, held in
// memory, so that counting a match is two array reads instead of a seek in a value
// stream (what Lucene calls doc values loaded into the field cache).
//
// A column costs one pass over its slot's value stream to load, so a searcher loads it
// only once its searches have read that slot, one match at a time, for as many
// documents as the index holds (a search engine serving facets loads it soon; a one-off
// search from the command line never pays for it). A commit makes every column stale:
// they are dropped and the reads counted again for the new revision.
//
//   newsdex::search::FacetColumns columns(256 << 20);
//   auto column = columns.Find(db, version, kSlotTopics, 0, matched.docids().size());
//   if (column) spy.CountColumn(column, matched.docids());
//   else spy.CountDocuments(db, matched.docids());
//
// FacetColumn is immutable once loaded: share it between threads freely. FacetColumns
// is thread-safe; the Xapian::Database given to Find must be the caller's own.
#ifndef NEWSDEX_SEARCHER_FACET_COLUMNS_H_
#define NEWSDEX_SEARCHER_FACET_COLUMNS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/schema/schema.h"

namespace newsdex::search {

// Calls fn(item) for each value a facet counts in a slot's value: with prefix_bytes > 0,
// its first prefix_bytes bytes (nothing when it is shorter); with 0, each non-empty item
// of the kFacetSeparator list (an item listed twice is given twice).
template <typename Fn>
void ForEachFacetItem(std::string_view value, std::size_t prefix_bytes, Fn&& fn) {
  if (prefix_bytes > 0) {
    if (value.size() >= prefix_bytes) fn(value.substr(0, prefix_bytes));
    return;
  }
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find(kFacetSeparator, start);
    if (end == std::string_view::npos) end = value.size();
    if (end > start) fn(value.substr(start, end - start));
    start = end + 1;
  }
}

class FacetColumn {
 public:
  // Reads every value of `slot` in `db`, split as FacetSpy(slot, prefix_bytes) splits
  // them; null when the column would take more than `max_bytes`.
  static std::unique_ptr<FacetColumn> Load(const Xapian::Database& db, unsigned slot,
                                           std::size_t prefix_bytes, std::size_t max_bytes);

  // The numbers of document `docid`'s values (each once), or none past the last docid.
  std::span<const std::uint32_t> ValuesOf(Xapian::docid docid) const {
    if (docid + 1 >= first_.size()) return {};
    return {numbers_.data() + first_[docid], numbers_.data() + first_[docid + 1]};
  }
  // The value numbered `number`, and how many there are.
  const std::string& Value(std::uint32_t number) const { return values_[number]; }
  std::size_t value_count() const { return values_.size(); }
  // Memory held, in bytes (roughly).
  std::size_t bytes() const { return bytes_; }

 private:
  std::vector<std::string> values_;     // by number, first seen first
  std::vector<std::uint32_t> first_;    // by docid: where its numbers start in numbers_
  std::vector<std::uint32_t> numbers_;  // every document's value numbers, in docid order
  std::size_t bytes_ = 0;
};

// What a column was loaded from: an index revision (the sum over shards), checked
// against the document counts too, as a compacted index starts its revisions afresh.
struct IndexVersion {
  Xapian::rev revision = 0;
  Xapian::docid last_docid = 0;
  Xapian::doccount documents = 0;
  bool operator==(const IndexVersion&) const = default;
};

class FacetColumns {
 public:
  // Columns together hold at most `max_bytes`; 0 loads none.
  explicit FacetColumns(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The column of (slot, prefix_bytes) for `db` at `version`, loading it when the reads
  // noted for it reach the documents in the index; null when there is none, and then
  // `documents_read` (the documents the caller is about to read one by one) are noted.
  // Another version than the last one asked for drops every column and count.
  std::shared_ptr<const FacetColumn> Find(const Xapian::Database& db, const IndexVersion& version,
                                          unsigned slot, std::size_t prefix_bytes,
                                          std::size_t documents_read);

  // Memory the loaded columns hold, in bytes.
  std::size_t bytes() const;

 private:
  struct Entry {
    std::shared_ptr<const FacetColumn> column;
    std::uint64_t reads = 0;  // documents read one by one, while there was no column
    bool too_big = false;     // did not fit: not tried again for this version
  };
  using Key = std::pair<unsigned, std::size_t>;  // (slot, prefix bytes)

  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  IndexVersion version_;           // guarded by mu_: what `entries_` are for
  std::map<Key, Entry> entries_;   // guarded by mu_
  std::size_t bytes_ = 0;          // guarded by mu_: of the loaded columns
  bool loading_ = false;           // guarded by mu_: a search is loading a column (one
                                   // at a time, so that loads together keep to max_bytes)
};

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_FACET_COLUMNS_H_

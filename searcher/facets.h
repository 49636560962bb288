// Facet counting: a FacetSpy counts every value of a facet list (topics, people, ...) or
// a fixed-length prefix of the date slot (year, month, day) in one value slot, for the
// documents a query matched.
//
// Several facets of one search are best counted after the match, one slot at a time:
// Xapian reads a value through one cursor per database, so reading four slots for each
// document in turn moves that cursor between four value streams, at twice the cost of
// reading each stream once in docid order.
//
//   newsdex::search::MatchedDocuments matched;
//   enquire.add_matchspy(&matched);  enquire.get_mset(0, 10, check_at_least);
//   newsdex::search::FacetSpy topics(newsdex::kSlotTopics, 0);
//   topics.CountDocuments(db, matched.docids());
//   auto top = topics.Top(10);      // [("crude", 123), ...]
//
// Faster still, once loaded, a FacetColumn holds the slot's values of every document
// in memory (facet_columns.h): CountColumn(column, matched.docids()).
//
// A FacetSpy is also a MatchSpy of its own, for a single facet.
//
// Not thread-safe: one spy per search.
#ifndef NEWSDEX_SEARCHER_FACETS_H_
#define NEWSDEX_SEARCHER_FACETS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/text/string_map.h"
#include "searcher/facet_columns.h"

namespace newsdex::search {

class FacetValueTable;

class FacetSpy : public Xapian::MatchSpy {
 public:
  // prefix_bytes == 0: the slot holds a list joined by kFacetSeparator; count each item.
  // prefix_bytes > 0: count the first prefix_bytes bytes of the slot's value.
  // `table`: where values get their numbers, e.g. a session's for this slot, which
  // outlives the spy and must not be cleared while it counts; null: a table of its own.
  FacetSpy(unsigned slot, std::size_t prefix_bytes, FacetValueTable* table = nullptr);
  ~FacetSpy() override;

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "newsdex.FacetSpy"; }
  unsigned slot() const { return slot_; }
  std::size_t prefix_bytes() const { return prefix_bytes_; }
  // Counts the documents `docids` (ascending, as MatchedDocuments records them) of `db`,
  // reading the slot's value stream once.
  void CountDocuments(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);
  // Counts the documents `docids` (in any order) from `column`, which must have been
  // loaded for this spy's slot and prefix from the index the docids are of.
  void CountColumn(const std::shared_ptr<const FacetColumn>& column,
                   const std::vector<Xapian::docid>& docids);

  // The `limit` most frequent values, by count then value; all of them when limit is 0
  // or when counting date prefixes (which are then in date order).
  std::vector<std::pair<std::string, std::uint64_t>> Top(std::size_t limit) const;
  // The numbers (in table()) of the values counted, in the order first counted.
  const std::vector<std::uint32_t>& counted() const { return counted_; }
  // How many documents hold the value numbered `number`.
  std::uint64_t count(std::uint32_t number) const {
    return number < counts_.size() ? counts_[number] : 0;
  }
  FacetValueTable& table() { return *table_; }
  const FacetValueTable& table() const { return *table_; }
  // Documents the spy saw.
  std::uint64_t documents_seen() const { return seen_; }

 private:
  void CountValue(const std::string& value);
  void Count(std::string_view value);
  void Add(std::uint32_t number);  // one more document holds it

  unsigned slot_;
  std::size_t prefix_bytes_;
  std::unique_ptr<FacetValueTable> own_table_;  // when the caller gave none
  FacetValueTable* table_;
  std::uint64_t seen_ = 0;
  std::vector<std::uint64_t> counts_;     // by value number
  std::vector<std::uint32_t> counted_;    // numbers with a count, first counted first
  std::vector<std::uint32_t> in_document_;  // the numbers of the document being counted
};

// The documents a query matched, in the order the matcher saw them (ascending docids).
// Only for an index of one shard: over several, Xapian 1.4 gives match spies documents
// that carry their shard's own docid, so facets are counted by FacetSpy itself there.
// (Finding each document's shard from the article id in its data costs more than
// reading its facet slots: 55 against 48 ms p50 for facets over 20,000 of 500,000
// articles in two shards.)
class MatchedDocuments : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    docids_.push_back(doc.get_docid());
  }
  std::string name() const override { return "newsdex.MatchedDocuments"; }
  const std::vector<Xapian::docid>& docids() const { return docids_; }

 private:
  std::vector<Xapian::docid> docids_;
};

// The values a slot's facets have counted, each numbered 0, 1, ... in first-seen order,
// so that counting a value seen before is one hash lookup: no string is built or freed.
// A session keeps one per slot across searches (and clears it when the index changes),
// so the strings of a facet's values are made once. An entity slot's table also keeps
// which value each value is counted under (see EntityFacetValues).
//
// Not thread-safe.
class FacetValueTable {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // The number of `value`, numbering it if it is new.
  std::uint32_t Number(std::string_view value);
  const std::string& Value(std::uint32_t number) const { return *values_[number]; }
  std::size_t size() const { return values_.size(); }
  // The number of the value that `number`'s value is counted under, or kNone when no
  // one said.
  std::uint32_t CountedUnder(std::uint32_t number) const {
    return number < counted_under_.size() ? counted_under_[number] : kNone;
  }
  void SetCountedUnder(std::uint32_t number, std::uint32_t counted);
  // Where this table's numbers of `column`'s values are kept (kNone until known), for
  // as long as the table holds on to the column (until Clear).
  std::vector<std::uint32_t>* NumbersOf(const std::shared_ptr<const FacetColumn>& column);
  // Forgets every value; numbers given before mean nothing after.
  void Clear();

 private:
  text::StringMap<std::uint32_t> numbers_;
  std::vector<const std::string*> values_;  // the keys of numbers_, by number (nodes stay put)
  std::vector<std::uint32_t> counted_under_;
  // Per column met: this table's number of each of its values.
  std::vector<std::pair<std::shared_ptr<const FacetColumn>, std::vector<std::uint32_t>>>
      column_numbers_;
};

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_FACETS_H_

// Facet counting inside Xapian's matcher: a MatchSpy over one value slot that counts
// every value of a facet list (topics, people, ...) or a fixed-length prefix of the
// date slot (year, month, day).
//
//   newsdex::search::FacetSpy spy(newsdex::kSlotTopics, 0);
//   enquire.add_matchspy(&spy);  enquire.get_mset(0, 10, check_at_least);
//   auto top = spy.Top(10);      // [("crude", 123), ...]
//
// Not thread-safe: one spy per search.
#ifndef NEWSDEX_SEARCHER_FACETS_H_
#define NEWSDEX_SEARCHER_FACETS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "common/text/string_map.h"

namespace newsdex::search {

class FacetSpy : public Xapian::MatchSpy {
 public:
  // prefix_bytes == 0: the slot holds a list joined by kFacetSeparator; count each item.
  // prefix_bytes > 0: count the first prefix_bytes bytes of the slot's value.
  FacetSpy(unsigned slot, std::size_t prefix_bytes);

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "newsdex.FacetSpy"; }

  // The `limit` most frequent values, by count then value; all of them when limit is 0
  // or when counting date prefixes (which are then in date order).
  std::vector<std::pair<std::string, std::uint64_t>> Top(std::size_t limit) const;
  // Every value counted, with its count, in no order.
  const text::StringMap<std::uint64_t>& counts() const { return counts_; }
  // Documents the spy saw.
  std::uint64_t documents_seen() const { return seen_; }

 private:
  void Count(std::string_view value);

  unsigned slot_;
  std::size_t prefix_bytes_;
  std::uint64_t seen_ = 0;
  text::StringMap<std::uint64_t> counts_;  // counting a value allocates only when it is new
  std::vector<std::string_view> counted_;  // the values of the document being counted
};

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_FACETS_H_

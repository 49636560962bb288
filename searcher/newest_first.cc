#include "searcher/newest_first.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "common/query/date_range.h"
#include "common/schema/schema.h"

namespace newsdex::search {
namespace {

// The articles published on the days [first, last].
Xapian::Query PublishedWithin(std::int64_t first, std::int64_t last) {
  query::internal::DateRange days;
  days.first_day = first;
  days.last_day = last;
  const std::vector<std::string> terms = query::internal::TermsCovering(days, kPublishedDates);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

std::optional<SlicedHits> NewestFirst(const Xapian::Database& db, const Xapian::Query& query,
                                      const query::PublishedDays& published,
                                      const std::optional<query::DaySpan>& within,
                                      Xapian::doccount wanted, Xapian::doccount worth_slicing) {
  if (!published.terms || wanted == 0) return std::nullopt;
  query::DaySpan days{published.first_day, published.last_day};
  if (within) days = days.Overlap(*within);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  SlicedHits out;
  out.counts = enquire.get_mset(0, 0, Xapian::doccount{0});
  if (out.counts.get_matches_estimated() < worth_slicing) return std::nullopt;
  enquire.set_sort_by_value_then_relevance(kSlotPublished, /*reverse=*/true);
  std::int64_t span = 1;
  for (std::int64_t last = days.last_day; last >= days.first_day; last -= span, span *= 2) {
    const std::int64_t first = std::max(days.first_day, last - span + 1);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, PublishedWithin(first, last)));
    Xapian::MSet slice = enquire.get_mset(0, wanted - out.hits);
    ++out.slices_walked;
    out.hits += slice.size();
    if (slice.size() > 0) out.slices.push_back(std::move(slice));
    if (out.hits == wanted) return out;
  }
  return std::nullopt;
}

}  // namespace newsdex::search

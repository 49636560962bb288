#include "searcher/date_walk.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "common/query/date_range.h"
#include "common/schema/schema.h"

namespace newsdex::search {
namespace {

// The slice of `days` that starts at day `start` and runs `span` days in `order` (back
// from `start` newest first), cut to `days`.
query::DaySpan Slice(const query::DaySpan& days, std::int64_t start, std::int64_t span,
                     DateOrder order) {
  return order == DateOrder::kNewestFirst
             ? query::DaySpan{std::max(days.first_day, start - span + 1), start}
             : query::DaySpan{start, std::min(days.last_day, start + span - 1)};
}

}  // namespace

Xapian::Query PublishedWithin(const query::DaySpan& days) {
  query::internal::DateRange range;
  range.first_day = days.first_day;
  range.last_day = days.last_day;
  const std::vector<std::string> terms = query::internal::TermsCovering(range, kPublishedDates);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::optional<SlicedHits> WalkDates(const Xapian::Database& db, const Xapian::Query& query,
                                    const query::PublishedDays& published,
                                    const std::optional<query::DaySpan>& within,
                                    DateOrder order, Xapian::doccount wanted,
                                    Xapian::doccount worth_slicing) {
  const bool newest = order == DateOrder::kNewestFirst;
  if (!published.terms || wanted == 0) return std::nullopt;
  if (!newest && !published.all_dated) return std::nullopt;
  query::DaySpan days{published.first_day, published.last_day};
  if (within) days = days.Overlap(*within);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  SlicedHits out;
  out.counts = enquire.get_mset(0, 0, Xapian::doccount{0});
  if (out.counts.get_matches_estimated() < worth_slicing) return std::nullopt;
  enquire.set_sort_by_value_then_relevance(kSlotPublished, /*reverse=*/newest);
  std::int64_t span = 1;
  for (std::int64_t start = newest ? days.last_day : days.first_day;
       days.first_day <= start && start <= days.last_day;
       start += newest ? -span : span, span *= 2) {
    const query::DaySpan slice = Slice(days, start, span, order);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    PublishedWithin(slice)));
    Xapian::MSet hits = enquire.get_mset(0, wanted - out.hits);
    ++out.slices_walked;
    out.hits += hits.size();
    if (hits.size() > 0) out.slices.push_back(std::move(hits));
    if (out.hits == wanted) return out;
  }
  return std::nullopt;
}

}  // namespace newsdex::search

// Hits in date order without sorting every match.
//
// Sorting a query's matches by publication date makes Xapian read the date of every
// match: a month of wire copy is 10,000 articles to sort for ten hits. When the index
// holds publication day terms (query::PublishedDays), WalkDates runs the query over
// slices of days instead, from the last day back (newest first) or from the first day
// on (oldest first), each slice twice as long as the one before (1, 2, 4, ... days), and
// stops as soon as the slices walked hold the hits wanted; when the query bounds its
// dates, the walk covers those days alone. Slices split the matches by UTC day, which
// orders them as the date slot does, so the hits are those of the full sort, in the
// same order.
//
//   auto hits = WalkDates(db, parsed.query, session->published, parsed.published_within,
//                         DateOrder::kNewestFirst, 10);
//   if (!hits) { /* sort every match */ }
#ifndef NEWSDEX_SEARCHER_DATE_WALK_H_
#define NEWSDEX_SEARCHER_DATE_WALK_H_

#include <optional>
#include <vector>

#include <xapian.h>

#include "common/query/query_parser.h"

namespace newsdex::search {

enum class DateOrder { kNewestFirst, kOldestFirst };

// The hits of the slices walked, in order: the first `wanted` hits of the query are those
// of slices[0], then slices[1], and so on.
struct SlicedHits {
  Xapian::MSet counts;  // of the whole query, sorting nothing: its estimated match counts
  std::vector<Xapian::MSet> slices;
  Xapian::doccount hits = 0;  // in all slices: the `wanted` asked for
  int slices_walked = 0;      // including those that matched nothing
};

// The articles published on the days of `days` (UTC), by their day, month and year
// terms: what `date:FIRST..LAST` matches in an index with query::PublishedDays.
Xapian::Query PublishedWithin(const query::DaySpan& days);

// Below this many estimated matches, sorting them all costs less than a few slices.
inline constexpr Xapian::doccount kWorthSlicing = 2000;

// The first `wanted` (> 0) hits of `query` sorted by publication date in `order`, then by
// relevance, as Enquire::set_sort_by_value_then_relevance(kSlotPublished, ...) orders
// them. `within`: the days the query's matches lie within, if it says
// (ParsedQuery::published_within). Returns nullopt when sorting every match is the
// better way or the only one: when `published` has no day terms; when the query is
// estimated to match fewer than `worth_slicing` articles; newest first, when its dated
// matches are fewer than `wanted` (undated ones come after them); oldest first, when
// the archive holds undated articles (they come before the dated ones). Throws what
// Xapian throws.
std::optional<SlicedHits> WalkDates(const Xapian::Database& db, const Xapian::Query& query,
                                    const query::PublishedDays& published,
                                    const std::optional<query::DaySpan>& within,
                                    DateOrder order, Xapian::doccount wanted,
                                    Xapian::doccount worth_slicing = kWorthSlicing);

}  // namespace newsdex::search

#endif  // NEWSDEX_SEARCHER_DATE_WALK_H_

// NewestFirst against Xapian's own sort by the date slot: the same hits in the same
// order, on an index where articles share days and seconds, some have no date, and the
// days cross month and year ends.
#include "searcher/newest_first.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/query/date_range.h"
#include "common/schema/schema.h"
#include "common/schema/terms.h"
#include "common/text/civil_date.h"
#include "common/text/publication_date.h"

namespace newsdex::search {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
const std::int64_t kFirstDay = text::DaysFromCivil(2019, 11, 20);  // to 2021-02
constexpr int kDays = 450;

// 1,500 articles: words w0..w6 (w0 once or three times: relevance differs), "all",
// a publication second drawn from few per day (so that many share one), 1 in 20 undated.
class DatedIndex {
 public:
  DatedIndex() : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    std::mt19937 random(1987);
    const auto draw = [&random](std::int64_t below) {
      return static_cast<std::int64_t>(random()) % below;
    };
    for (int i = 0; i < 1500; ++i) {
      Xapian::Document doc;
      doc.add_term("all");
      doc.add_term("w" + std::to_string(i % 7), 1 + static_cast<Xapian::termcount>(i % 3) * 2);
      doc.add_term("w0", 1 + static_cast<Xapian::termcount>(random() % 3));
      if (random() % 20 != 0) {
        // Days thin out towards the end, as an archive's last days often do.
        const std::int64_t day = kFirstDay + draw(kDays) * draw(kDays) / kDays;
        const std::int64_t at = day * kSecondsPerDay + draw(4) * 21600;  // four times a day
        doc.add_value(kSlotPublished, text::FormatSortable(at));
        const text::Ymd ymd = text::CivilFromDays(day);
        const auto year = static_cast<int>(ymd.year);
        const auto month = static_cast<int>(ymd.month);
        doc.add_boolean_term(YearTerm(kPublishedDates, year));
        doc.add_boolean_term(MonthTerm(kPublishedDates, year, month));
        doc.add_boolean_term(DayTerm(kPublishedDates, year, month, static_cast<int>(ymd.day)));
      }
      db_.add_document(doc);
    }
  }

  const Xapian::Database& db() const { return db_; }

  // Xapian's sort of every match: the docids of the first `wanted`.
  std::vector<Xapian::docid> Sorted(const Xapian::Query& query, Xapian::doccount wanted) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_sort_by_value_then_relevance(kSlotPublished, /*reverse=*/true);
    return Docids({enquire.get_mset(0, wanted, db_.get_doccount())});
  }

  static std::vector<Xapian::docid> Docids(const std::vector<Xapian::MSet>& msets) {
    std::vector<Xapian::docid> ids;
    for (const Xapian::MSet& mset : msets) {
      for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(*it);
    }
    return ids;
  }

 private:
  Xapian::WritableDatabase db_;
};

const DatedIndex& Index() {
  static const DatedIndex index;
  return index;
}

// The articles published on the days [first, last], as date: matches them.
Xapian::Query PublishedOn(std::int64_t first, std::int64_t last) {
  query::internal::DateRange range;
  range.first_day = first;
  range.last_day = last;
  const std::vector<std::string> terms = query::internal::TermsCovering(range, kPublishedDates);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

TEST_CASE("newest first by slices of days gives the hits of the full sort, in its order",
          "[searcher]") {
  const DatedIndex& index = Index();
  const query::PublishedDays published = query::PublishedDaysIn(index.db());
  REQUIRE(published.terms);
  const Xapian::Query w0("w0");
  const Xapian::Query ranked(Xapian::Query::OP_OR, Xapian::Query("w0"), Xapian::Query("w3"));
  const Xapian::Query filter_only(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("all"), 0.0);
  const Xapian::Query w5("w5");
  const Xapian::Query dated = PublishedOn(published.first_day, published.last_day);
  for (const Xapian::Query& query : {w0, ranked, filter_only, w5}) {
    for (Xapian::doccount wanted : {1u, 10u, 37u, 300u}) {
      INFO(query.get_description() << ", wanted " << wanted);
      const std::optional<SlicedHits> sliced =
          NewestFirst(index.db(), query, published, std::nullopt, wanted, /*worth_slicing=*/0);
      // w5 has fewer than 300 dated matches: the undated would come next.
      const bool enough = index.Sorted(Xapian::Query(Xapian::Query::OP_FILTER, query, dated),
                                       wanted).size() == wanted;
      REQUIRE(sliced.has_value() == enough);
      if (!enough) continue;
      CHECK(sliced->hits == wanted);
      CHECK(DatedIndex::Docids(sliced->slices) == index.Sorted(query, wanted));
    }
  }
}

TEST_CASE("newest first walks only the days the query is bounded to", "[searcher]") {
  const DatedIndex& index = Index();
  const query::PublishedDays published = query::PublishedDaysIn(index.db());
  // December 2019 to January 2020: across a month end and a year end.
  const query::DaySpan within{text::DaysFromCivil(2019, 12, 20), text::DaysFromCivil(2020, 1, 12)};
  const Xapian::Query query(Xapian::Query::OP_FILTER, Xapian::Query("all"),
                            PublishedOn(within.first_day, within.last_day));
  for (Xapian::doccount wanted : {1u, 10u, 40u}) {
    INFO("wanted " << wanted);
    const std::optional<SlicedHits> sliced =
        NewestFirst(index.db(), query, published, within, wanted, /*worth_slicing=*/0);
    REQUIRE(sliced.has_value());
    CHECK(DatedIndex::Docids(sliced->slices) == index.Sorted(query, wanted));
    // Slices of 1, 2, 4, 8, 16 days cover the 24 days: no walk from the archive's end.
    CHECK(sliced->slices_walked <= 5);
  }
}

TEST_CASE("newest first leaves the sort to the caller when slices cannot or need not help",
          "[searcher]") {
  const DatedIndex& index = Index();
  const query::PublishedDays published = query::PublishedDaysIn(index.db());
  const Xapian::Query all("all");
  Xapian::Enquire enquire(index.db());
  enquire.set_query(all);
  const Xapian::doccount dated = index.db().get_value_freq(kSlotPublished);
  REQUIRE(dated < index.db().get_doccount());

  // Wanting every dated article is answered; one more needs the undated, which come last.
  const std::optional<SlicedHits> every =
      NewestFirst(index.db(), all, published, std::nullopt, dated, 0);
  REQUIRE(every.has_value());
  CHECK(DatedIndex::Docids(every->slices) == index.Sorted(all, dated));
  CHECK_FALSE(NewestFirst(index.db(), all, published, std::nullopt, dated + 1, 0).has_value());
  // Fewer matches than are worth slicing; an index without day terms; an empty span.
  CHECK_FALSE(NewestFirst(index.db(), all, published, std::nullopt, 10).has_value());
  const query::PublishedDays slot_only;
  CHECK_FALSE(NewestFirst(index.db(), all, slot_only, std::nullopt, 10, 0).has_value());
  const query::DaySpan none{published.last_day + 1, published.last_day + 30};
  CHECK_FALSE(NewestFirst(index.db(), all, published, none, 10, 0).has_value());
}

}  // namespace
}  // namespace newsdex::search

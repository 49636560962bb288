// WalkDates against Xapian's own sort by the date slot, newest and oldest first: the
// same hits in the same order, on indexes where articles share days and seconds, some
// have no date (or none lack one), and the days cross month and year ends.
#include "searcher/date_walk.h"

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
// a publication second drawn from few per day (so that many share one), and, unless
// `all_dated`, 1 in 20 undated.
class DatedIndex {
 public:
  explicit DatedIndex(bool all_dated) : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    std::mt19937 random(1987);
    const auto draw = [&random](std::int64_t below) {
      return static_cast<std::int64_t>(random()) % below;
    };
    for (int i = 0; i < 1500; ++i) {
      Xapian::Document doc;
      doc.add_term("all");
      doc.add_term("w" + std::to_string(i % 7), 1 + static_cast<Xapian::termcount>(i % 3) * 2);
      doc.add_term("w0", 1 + static_cast<Xapian::termcount>(random() % 3));
      if (random() % 20 != 0 || all_dated) {
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
  std::vector<Xapian::docid> Sorted(const Xapian::Query& query, Xapian::doccount wanted,
                                    DateOrder order = DateOrder::kNewestFirst) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_sort_by_value_then_relevance(kSlotPublished,
                                             /*reverse=*/order == DateOrder::kNewestFirst);
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
  static const DatedIndex index(/*all_dated=*/false);
  return index;
}

const DatedIndex& AllDatedIndex() {
  static const DatedIndex index(/*all_dated=*/true);
  return index;
}

TEST_CASE("walking slices of days gives the hits of the full sort, in its order",
          "[searcher]") {
  const Xapian::Query w0("w0");
  const Xapian::Query ranked(Xapian::Query::OP_OR, Xapian::Query("w0"), Xapian::Query("w3"));
  const Xapian::Query filter_only(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("all"), 0.0);
  const Xapian::Query w5("w5");
  // Newest first where some articles are undated (they come last); oldest first where
  // none is (they would come first).
  for (auto [index, order] : {std::pair{&Index(), DateOrder::kNewestFirst},
                              std::pair{&AllDatedIndex(), DateOrder::kNewestFirst},
                              std::pair{&AllDatedIndex(), DateOrder::kOldestFirst}}) {
    const query::PublishedDays published = query::PublishedDaysIn(index->db());
    REQUIRE(published.terms);
    const Xapian::Query dated = PublishedWithin({published.first_day, published.last_day});
    for (const Xapian::Query& query : {w0, ranked, filter_only, w5}) {
      for (Xapian::doccount wanted : {1u, 10u, 37u, 300u}) {
        const char* direction = order == DateOrder::kNewestFirst ? "newest" : "oldest";
        INFO(query.get_description() << ", wanted " << wanted << ", " << direction);
        const std::optional<SlicedHits> sliced =
            WalkDates(index->db(), query, published, std::nullopt, order, wanted, 0);
        // w5 has fewer than 300 dated matches: newest first, the undated would come next.
        const bool enough = index->Sorted(Xapian::Query(Xapian::Query::OP_FILTER, query, dated),
                                          wanted).size() == wanted;
        REQUIRE(sliced.has_value() == enough);
        if (!enough) continue;
        CHECK(sliced->hits == wanted);
        CHECK(DatedIndex::Docids(sliced->slices) == index->Sorted(query, wanted, order));
      }
    }
  }
}

TEST_CASE("a date walk covers only the days the query is bounded to", "[searcher]") {
  const DatedIndex& index = AllDatedIndex();
  const query::PublishedDays published = query::PublishedDaysIn(index.db());
  // December 2019 to January 2020: across a month end and a year end.
  const query::DaySpan within{text::DaysFromCivil(2019, 12, 20), text::DaysFromCivil(2020, 1, 12)};
  const Xapian::Query query(Xapian::Query::OP_FILTER, Xapian::Query("all"),
                            PublishedWithin(within));
  for (DateOrder order : {DateOrder::kNewestFirst, DateOrder::kOldestFirst}) {
    for (Xapian::doccount wanted : {1u, 10u, 40u}) {
      INFO("wanted " << wanted << (order == DateOrder::kNewestFirst ? ", newest" : ", oldest"));
      const std::optional<SlicedHits> sliced =
          WalkDates(index.db(), query, published, within, order, wanted, /*worth_slicing=*/0);
      REQUIRE(sliced.has_value());
      CHECK(DatedIndex::Docids(sliced->slices) == index.Sorted(query, wanted, order));
      // Slices of 1, 2, 4, 8, 16 days cover the 24 days: no walk from the archive's end.
      CHECK(sliced->slices_walked <= 5);
    }
  }
}

TEST_CASE("a date walk leaves the sort to the caller when slices cannot or need not help",
          "[searcher]") {
  const DatedIndex& index = Index();
  const query::PublishedDays published = query::PublishedDaysIn(index.db());
  const Xapian::Query all("all");
  const Xapian::doccount dated = index.db().get_value_freq(kSlotPublished);
  REQUIRE(dated < index.db().get_doccount());
  CHECK_FALSE(published.all_dated);
  CHECK(query::PublishedDaysIn(AllDatedIndex().db()).all_dated);
  constexpr DateOrder kNewest = DateOrder::kNewestFirst;

  // Wanting every dated article is answered; one more needs the undated, which come last.
  const std::optional<SlicedHits> every =
      WalkDates(index.db(), all, published, std::nullopt, kNewest, dated, 0);
  REQUIRE(every.has_value());
  CHECK(DatedIndex::Docids(every->slices) == index.Sorted(all, dated));
  const auto walks = [&](const query::PublishedDays& days, std::optional<query::DaySpan> within,
                         DateOrder order, Xapian::doccount wanted, Xapian::doccount worth = 0) {
    return WalkDates(index.db(), all, days, within, order, wanted, worth).has_value();
  };
  CHECK_FALSE(walks(published, std::nullopt, kNewest, dated + 1));
  // Oldest first, the undated come first.
  CHECK_FALSE(walks(published, std::nullopt, DateOrder::kOldestFirst, 1));
  // Fewer matches than are worth slicing; an index without day terms; an empty span.
  CHECK_FALSE(walks(published, std::nullopt, kNewest, 10, kWorthSlicing));
  CHECK_FALSE(walks(query::PublishedDays{}, std::nullopt, kNewest, 10));
  CHECK_FALSE(walks(published, query::DaySpan{published.last_day + 1, published.last_day + 30},
                    kNewest, 10));
}

}  // namespace
}  // namespace newsdex::search

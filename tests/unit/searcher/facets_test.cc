#include "searcher/facets.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "common/schema/schema.h"

namespace newsdex::search {
namespace {

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

// An in-memory index with one document per entry: {slot -> value}, plus the term "all"
// and "even"/"odd" by position.
class FacetIndex {
 public:
  explicit FacetIndex(const std::vector<std::vector<std::pair<unsigned, std::string>>>& docs)
      : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
    for (std::size_t i = 0; i < docs.size(); ++i) {
      Xapian::Document doc;
      doc.add_term("all");
      doc.add_term(i % 2 == 0 ? "even" : "odd");
      for (const auto& [slot, value] : docs[i]) doc.add_value(slot, value);
      db_.add_document(doc);
    }
  }

  // Runs `query` with `spy` attached, visiting every match.
  void Run(const Xapian::Query& query, FacetSpy* spy) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.add_matchspy(spy);
    (void)enquire.get_mset(0, 10, db_.get_doccount());
  }

  // Runs `query` recording its matches, then counts them into `spy`, as searches do.
  void CountAfter(const Xapian::Query& query, FacetSpy* spy) const {
    spy->CountDocuments(db_, Matches(query));
  }

  // Runs `query` recording its matches, then counts them from a column of the index.
  void CountFromColumn(const Xapian::Query& query, FacetSpy* spy) const {
    std::shared_ptr<const FacetColumn> column =
        FacetColumn::Load(db_, spy->slot(), spy->prefix_bytes(), SIZE_MAX);
    REQUIRE(column != nullptr);
    spy->CountColumn(column, Matches(query));
  }

  void Delete(Xapian::docid docid) { db_.delete_document(docid); }
  const Xapian::Database& db() const { return db_; }

 private:
  // The docids `query` matches, as MatchedDocuments records them.
  std::vector<Xapian::docid> Matches(const Xapian::Query& query) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    MatchedDocuments matched;
    enquire.add_matchspy(&matched);
    (void)enquire.get_mset(0, 10, db_.get_doccount());
    return matched.docids();
  }

  Xapian::WritableDatabase db_;
};

std::string List(std::initializer_list<const char*> items) {
  std::string out;
  for (const char* item : items) {
    if (!out.empty()) out += kFacetSeparator;
    out += item;
  }
  return out;
}

TEST_CASE("facet spy splits lists on the separator and counts each value", "[searcher]") {
  const FacetIndex index({
      {{kSlotTopics, List({"crude", "ship"})}},
      {{kSlotTopics, List({"crude"})}},
      {{kSlotTopics, List({"gold", "crude", "saudi arabia"})}},
      {{kSlotTopics, ""}},
      {{kSlotPeople, List({"putin"})}},  // another slot only
      {},
  });
  FacetSpy spy(kSlotTopics, 0);
  index.Run(Xapian::Query("all"), &spy);
  CHECK(spy.Top(0) == Counts{{"crude", 3}, {"gold", 1}, {"saudi arabia", 1}, {"ship", 1}});
  CHECK(spy.documents_seen() == 6);

  FacetSpy people(kSlotPeople, 0);
  index.Run(Xapian::Query("all"), &people);
  CHECK(people.Top(10) == Counts{{"putin", 1}});
}

TEST_CASE("facets counted after the match equal those counted during it", "[searcher]") {
  // Values missing here and there, and in the last documents (the stream ends early).
  FacetIndex index({
      {{kSlotTopics, List({"crude", "ship"})}, {kSlotPublished, "19870302120000"}},
      {{kSlotPublished, "19870302130000"}},
      {{kSlotTopics, List({"gold", "crude"})}},
      {{kSlotTopics, List({"crude", "crude"})}, {kSlotPublished, "19880101000000"}},
      {{kSlotTopics, List({"ship"})}, {kSlotPublished, "19870401000000"}},
      {{kSlotTopics, List({"gold"})}, {kSlotPublished, "19870402000000"}},  // deleted
      {},
      {},
  });
  index.Delete(6);  // a gap in the docids, inside the value streams
  for (const char* term : {"all", "even", "odd"}) {
    for (auto [slot, prefix] : {std::pair{kSlotTopics, 0}, std::pair{kSlotPublished, 6}}) {
      INFO(term << " slot " << slot);
      FacetSpy during(slot, static_cast<std::size_t>(prefix));
      index.Run(Xapian::Query(term), &during);
      FacetSpy after(slot, static_cast<std::size_t>(prefix));
      index.CountAfter(Xapian::Query(term), &after);
      CHECK(after.Top(0) == during.Top(0));
      CHECK(after.documents_seen() == during.documents_seen());
      CHECK_FALSE(during.Top(0).empty());
      FacetSpy from_column(slot, static_cast<std::size_t>(prefix));
      index.CountFromColumn(Xapian::Query(term), &from_column);
      CHECK(from_column.Top(0) == during.Top(0));
      CHECK(from_column.documents_seen() == during.documents_seen());
    }
  }
}

TEST_CASE("a facet column holds each document's values once, in first-seen numbers",
          "[searcher]") {
  const std::string sep(1, kFacetSeparator);
  const FacetIndex index({
      {{kSlotTopics, List({"crude", "ship", "crude"})}},
      {},
      {{kSlotTopics, sep + "gold" + sep}},
      {{kSlotTopics, List({"ship"})}},
      {},
  });
  auto column = FacetColumn::Load(index.db(), kSlotTopics, 0, SIZE_MAX);
  REQUIRE(column != nullptr);
  auto values_of = [&](Xapian::docid docid) {
    std::vector<std::string> values;
    for (std::uint32_t number : column->ValuesOf(docid)) values.push_back(column->Value(number));
    return values;
  };
  CHECK(values_of(1) == std::vector<std::string>{"crude", "ship"});
  CHECK(values_of(2).empty());
  CHECK(values_of(3) == std::vector<std::string>{"gold"});
  CHECK(values_of(4) == std::vector<std::string>{"ship"});
  CHECK(values_of(5).empty());  // after the stream's last value
  CHECK(values_of(0).empty());
  CHECK(values_of(6).empty());  // past the last docid
  CHECK(column->value_count() == 3);
  CHECK(column->bytes() > 0);

  CHECK(FacetColumn::Load(index.db(), kSlotTopics, 0, 16) == nullptr);  // too big
}

TEST_CASE("facet columns load once the reads without them reach the documents",
          "[searcher]") {
  const FacetIndex index({
      {{kSlotTopics, List({"crude"})}},
      {{kSlotTopics, List({"gold"})}},
      {{kSlotTopics, List({"crude", "ship"})}},
      {{kSlotTopics, List({"ship"})}},
  });
  const IndexVersion version{7, 4, 4};
  FacetColumns columns(1 << 20);
  CHECK(columns.Find(index.db(), version, kSlotTopics, 0, 2) == nullptr);
  CHECK(columns.Find(index.db(), version, kSlotTopics, 0, 1) == nullptr);
  CHECK(columns.Find(index.db(), version, kSlotPeople, 0, 3) == nullptr);  // counted apart
  auto column = columns.Find(index.db(), version, kSlotTopics, 0, 1);  // 4 read: loaded
  REQUIRE(column != nullptr);
  CHECK(column->value_count() == 3);
  CHECK(columns.Find(index.db(), version, kSlotTopics, 0, 0) == column);
  CHECK(columns.bytes() == column->bytes());
  CHECK(columns.Find(index.db(), version, kSlotTopics, 4, 3) == nullptr);  // another prefix

  // Another version (a commit) drops the columns and their reads.
  const IndexVersion next{8, 4, 4};
  CHECK(columns.Find(index.db(), next, kSlotTopics, 0, 3) == nullptr);
  CHECK(columns.bytes() == 0);
  CHECK(columns.Find(index.db(), next, kSlotTopics, 0, 1) != nullptr);

  // No room, or none allowed: never loaded, and not tried again.
  FacetColumns tiny(64);
  CHECK(tiny.Find(index.db(), version, kSlotTopics, 0, 100) == nullptr);
  CHECK(tiny.Find(index.db(), version, kSlotTopics, 0, 100) == nullptr);
  CHECK(tiny.bytes() == 0);
  FacetColumns none(0);
  CHECK(none.Find(index.db(), version, kSlotTopics, 0, 100) == nullptr);
}

TEST_CASE("facet spies sharing a table number each value once and count their own matches",
          "[searcher]") {
  const FacetIndex index({
      {{kSlotTopics, List({"crude", "ship"})}},
      {{kSlotTopics, List({"gold", "crude"})}},
      {{kSlotTopics, List({"crude", "crude"})}},
  });
  FacetValueTable table;
  FacetSpy even(kSlotTopics, 0, &table);
  index.Run(Xapian::Query("even"), &even);
  FacetSpy odd(kSlotTopics, 0, &table);
  index.Run(Xapian::Query("odd"), &odd);
  CHECK(even.Top(0) == Counts{{"crude", 2}, {"ship", 1}});
  CHECK(odd.Top(0) == Counts{{"crude", 1}, {"gold", 1}});
  CHECK(table.size() == 3);
  CHECK(odd.counted().size() == 2);
  CHECK(odd.count(table.Number("ship")) == 0);

  // A later search with the same table counts afresh.
  FacetSpy all(kSlotTopics, 0, &table);
  index.Run(Xapian::Query("all"), &all);
  CHECK(all.Top(0) == Counts{{"crude", 3}, {"gold", 1}, {"ship", 1}});
  CHECK(table.size() == 3);
}

TEST_CASE("a facet value table remembers what a value is counted under until cleared",
          "[searcher]") {
  FacetValueTable table;
  const std::uint32_t putin = table.Number("putin");
  const std::uint32_t full = table.Number("vladimir putin");
  CHECK(table.Number("putin") == putin);
  CHECK(table.Value(full) == "vladimir putin");
  CHECK(table.CountedUnder(putin) == FacetValueTable::kNone);
  table.SetCountedUnder(putin, full);
  CHECK(table.CountedUnder(putin) == full);
  CHECK(table.CountedUnder(full) == FacetValueTable::kNone);
  table.Clear();
  CHECK(table.size() == 0);
  CHECK(table.Number("xi") == 0);
  CHECK(table.CountedUnder(0) == FacetValueTable::kNone);
}

TEST_CASE("facet spy skips empty items of a list", "[searcher]") {
  const std::string sep(1, kFacetSeparator);
  const FacetIndex index({
      {{kSlotTopics, "a" + sep + sep + "b"}},
      {{kSlotTopics, sep + "a" + sep}},
      {{kSlotTopics, sep}},
  });
  FacetSpy spy(kSlotTopics, 0);
  index.Run(Xapian::Query("all"), &spy);
  CHECK(spy.Top(0) == Counts{{"a", 2}, {"b", 1}});
}

TEST_CASE("facet spy counts a value once per document", "[searcher]") {
  const FacetIndex index({
      {{kSlotTopics, List({"crude", "crude", "gold"})}},
      {{kSlotTopics, List({"crude"})}},
  });
  FacetSpy spy(kSlotTopics, 0);
  index.Run(Xapian::Query("all"), &spy);
  CHECK(spy.Top(0) == Counts{{"crude", 2}, {"gold", 1}});
}

TEST_CASE("facet spy counts date prefixes for year, month and day", "[searcher]") {
  const FacetIndex index({
      {{kSlotPublished, "20231016120000"}},
      {{kSlotPublished, "20231001000000"}},
      {{kSlotPublished, "20230930235959"}},
      {{kSlotPublished, "19870226150101"}},
      {{kSlotPublished, "2024"}},  // too short for a month: counted for the year only
      {},                          // no date: not counted
  });
  struct Case {
    std::size_t prefix_bytes;
    Counts expected;
  };
  const Case cases[] = {
      {4, {{"1987", 1}, {"2023", 3}, {"2024", 1}}},
      {6, {{"198702", 1}, {"202309", 1}, {"202310", 2}}},
      {8, {{"19870226", 1}, {"20230930", 1}, {"20231001", 1}, {"20231016", 1}}},
  };
  for (const Case& c : cases) {
    INFO("prefix_bytes " << c.prefix_bytes);
    FacetSpy spy(kSlotPublished, c.prefix_bytes);
    index.Run(Xapian::Query("all"), &spy);
    CHECK(spy.Top(0) == c.expected);
    CHECK(spy.documents_seen() == 6);
  }
}

TEST_CASE("facet spy Top orders by count then value and honours the limit", "[searcher]") {
  std::vector<std::vector<std::pair<unsigned, std::string>>> docs;
  // zeta 4, beta 3, alpha 3, gamma 1, delta 1, epsilon 1
  const std::vector<std::string> lists = {
      List({"zeta", "beta", "alpha"}), List({"zeta", "beta", "alpha"}),
      List({"zeta", "alpha", "gamma"}), List({"zeta", "beta", "delta"}), List({"epsilon"})};
  for (const std::string& l : lists) docs.push_back({{kSlotPlaces, l}});
  const FacetIndex index(docs);
  FacetSpy spy(kSlotPlaces, 0);
  index.Run(Xapian::Query("all"), &spy);
  struct Case {
    std::size_t limit;
    Counts expected;
  };
  const Case cases[] = {
      {1, {{"zeta", 4}}},
      {3, {{"zeta", 4}, {"alpha", 3}, {"beta", 3}}},
      {4, {{"zeta", 4}, {"alpha", 3}, {"beta", 3}, {"delta", 1}}},
      {0, {{"zeta", 4}, {"alpha", 3}, {"beta", 3}, {"delta", 1}, {"epsilon", 1}, {"gamma", 1}}},
      {100, {{"zeta", 4}, {"alpha", 3}, {"beta", 3}, {"delta", 1}, {"epsilon", 1}, {"gamma", 1}}},
  };
  for (const Case& c : cases) {
    INFO("limit " << c.limit);
    CHECK(spy.Top(c.limit) == c.expected);
  }
}

TEST_CASE("facet spy Top keeps date prefixes in date order", "[searcher]") {
  // Most frequent is 2023, but dates read in date order.
  const FacetIndex index({
      {{kSlotPublished, "20230101000000"}},
      {{kSlotPublished, "20230601000000"}},
      {{kSlotPublished, "20231201000000"}},
      {{kSlotPublished, "19990101000000"}},
      {{kSlotPublished, "20010101000000"}},
  });
  FacetSpy spy(kSlotPublished, 4);
  index.Run(Xapian::Query("all"), &spy);
  const Counts expected = {{"1999", 1}, {"2001", 1}, {"2023", 3}};
  CHECK(spy.Top(0) == expected);
  CHECK(spy.Top(10) == expected);
}

TEST_CASE("facet spy sees only the documents that match", "[searcher]") {
  const FacetIndex index({
      {{kSlotSource, "reuters"}},
      {{kSlotSource, "bbc"}},
      {{kSlotSource, "reuters"}},
      {{kSlotSource, "ap"}},
      {{kSlotSource, "reuters"}},
  });
  struct Case {
    const char* term;
    std::uint64_t seen;
    Counts expected;
  };
  const Case cases[] = {
      {"all", 5, {{"reuters", 3}, {"ap", 1}, {"bbc", 1}}},
      {"even", 3, {{"reuters", 3}}},
      {"odd", 2, {{"ap", 1}, {"bbc", 1}}},
      {"none", 0, {}},
  };
  for (const Case& c : cases) {
    INFO(c.term);
    FacetSpy spy(kSlotSource, 0);
    index.Run(Xapian::Query(c.term), &spy);
    CHECK(spy.documents_seen() == c.seen);
    CHECK(spy.Top(10) == c.expected);
  }
}

}  // namespace
}  // namespace newsdex::search

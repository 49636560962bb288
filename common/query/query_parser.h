// QueryParser: newsdex's query language -> Xapian::Query, through the schema and the
// shared analyzer (common/text), so a query word becomes exactly the term its article
// word became at indexing time.
//
//   newsdex::query::QueryParser parser(schema, limits, "en");
//   auto parsed = parser.Parse("person:\"james baker\" date:1987-03..1987-04", &analyzer);
//   enquire.set_query(parsed->query);
//
// Grammar (operators are upper case; lower-case and/or/not are words):
//   query   := or ( [AND] or )*          juxtaposition and AND both mean AND
//   or      := unary ( OR unary )*        OR binds tighter: a b OR c == a AND (b OR c)
//   unary   := ('+' | '-' | NOT) unary | near
//   near    := primary ( NEAR/n primary )*     a NEAR/5 b: within 5 words, any order
//   primary := '(' query ')' | FIELD ':' ( word | "phrase" | '(' query ')' | range )
//            | "phrase" | word | word'*'
// Fields come from the schema's query names plus `name:` (any entity), `exact:`
// (accents kept), `date:` (2023 | 2023-10 | 2023-10-16 | A..B | ..B | A.. |
// last-30-days ...: see date_range.h) on the publication date, and `mentions:` (the
// same forms) on the dates written in the text.
//
// A QueryParser is immutable after construction and safe to share between threads;
// Parse() uses the caller's Analyzer (one per thread).
#ifndef NEWSDEX_COMMON_QUERY_QUERY_PARSER_H_
#define NEWSDEX_COMMON_QUERY_QUERY_PARSER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "common/text/names.h"
#include "newsdex/options.h"
#include "newsdex/status.h"

namespace newsdex::query {

// Expands a name to the keys of the entities it stands for, from the archive's entity
// registry: person:putin -> "vladimir putin", "putin". Implementations must be safe to
// call from several threads at once.
class EntityResolver {
 public:
  virtual ~EntityResolver() = default;
  // Appends to `keys` the entity keys a query for `key` (NameKey form) of `kind` must
  // match; nothing when the registry does not know the name.
  virtual void Expand(text::EntityKind kind, std::string_view key,
                      std::vector<std::string>* keys) const = 0;
};

// How one name of the query was expanded, for --explain.
struct NameExpansion {
  std::string written;  // as in the query: "person:putin"
  text::EntityKind kind = text::EntityKind::kPerson;
  std::vector<std::string> keys;  // the entity keys searched for, as one term
};

// Days since 1970-01-01, both included.
struct DaySpan {
  std::int64_t first_day = 0, last_day = 0;
  bool operator==(const DaySpan&) const = default;
  // The days both hold (first after last when none).
  DaySpan Overlap(const DaySpan& other) const {
    return {std::max(first_day, other.first_day), std::min(last_day, other.last_day)};
  }
};

struct ParsedQuery {
  Xapian::Query query;
  // The publication days every match lies within, when a date: range restricts the
  // whole query ("oil date:1987-03", "date:1987 date:..1987-06-30"); nullopt when
  // matches may lie anywhere ("oil OR date:1987-03", "-date:1987"). May be empty (first
  // after last): then nothing matches.
  std::optional<DaySpan> published_within;
  // Unprefixed text terms the query looks for (stemmed, folded), for highlighting; the
  // words of person:, org:, place: and name: values are among them.
  std::vector<std::string> highlight_terms;
  // True when the query has no scoring part (only filters, or empty): sort by date.
  bool filter_only = false;
  std::vector<NameExpansion> names;
};

// What an index holds for date: ranges on the publication date, read once per revision
// by PublishedDaysIn().
struct PublishedDays {
  // Every dated article carries the day, month and year terms of its publication
  // (kPublishedDates), so a range is matched as the union of the terms covering it,
  // less periods wholly outside [first_day, last_day] (days since 1970-01-01, the
  // bounds of the published slot). Otherwise (an archive written before those terms,
  // or an unknown index) it is a range of the published slot, which reads that slot
  // for every article.
  bool terms = false;
  std::int64_t first_day = 0, last_day = 0;
  // Every article of the index has a publication date (the published slot's value
  // count is the document count).
  bool all_dated = false;
};

// Reads `db`: its dated articles (the published slot's value count) against the
// articles its year terms hold, and the first and last days of the slot's bounds.
// Throws what Xapian throws.
PublishedDays PublishedDaysIn(const Xapian::Database& db);

class QueryParser {
 public:
  // `schema` must outlive the parser. `languages` are the languages of the archive's
  // articles, the default first: they choose the stemmers for Latin-script words, and a
  // word whose stems differ between them matches any of its stems. REQUIRES: not empty.
  QueryParser(const Schema& schema, const SearcherOptions& limits,
              std::vector<std::string> languages);

  // Parses `query`. Empty or blank text gives Xapian::Query::MatchAll. Returns
  // InvalidArgument with a one-line message that starts "column N: " (1-based, counted
  // in characters) for a syntax error, an unknown field, a bad date, or a query over
  // the limits (length, terms, nesting). person:, org:, place: and name: values are
  // expanded through `resolver` (optional) to every key of their entities, searched as
  // one term (OP_SYNONYM) that ranks by how prominent the name is in each article.
  // Relative dates (date:last-30-days) count back from `as_of` (seconds since the
  // epoch, UTC; default: now). `published` says how the index to be searched holds
  // publication days (default: as a value slot alone).
  Result<ParsedQuery> Parse(std::string_view query, text::Analyzer* analyzer,
                            const EntityResolver* resolver = nullptr,
                            std::optional<std::int64_t> as_of = std::nullopt,
                            const PublishedDays& published = {}) const;

 private:
  const Schema& schema_;
  SearcherOptions limits_;
  std::vector<std::string> languages_;
};

}  // namespace newsdex::query

#endif  // NEWSDEX_COMMON_QUERY_QUERY_PARSER_H_

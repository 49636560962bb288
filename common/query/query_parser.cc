#include "common/query/query_parser.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

#include "common/schema/entity_fields.h"
#include "common/schema/terms.h"
#include "common/query/date_range.h"
#include "common/query/query_lexer.h"
#include "common/text/civil_date.h"
#include "common/text/publication_date.h"

namespace newsdex::query {
namespace {

// A fresh "every document" query. Never copy Xapian::Query::MatchAll: a Query's
// reference count is not atomic, so copying that one shared object from several
// searching threads at once corrupts it.
Xapian::Query AllDocuments() { return Xapian::Query(std::string()); }

// Why a phrase or NEAR fails in an archive without word positions (Schema::word_positions).
constexpr std::string_view kNeedsPositions =
    "needs word positions, which this archive does not keep (its schema says [archive] "
    "positions = false): search for the words without quotes or NEAR";

using internal::QueryTok;
using internal::QueryToken;
using internal::SyntaxError;

// What a field name in the query stands for.
struct Scope {
  enum class Kind { kFree, kText, kExact, kValue, kName, kDate, kMentions, kId };
  Kind kind = Kind::kFree;
  const FieldSpec* field = nullptr;  // kText, kValue, kDate, kId
  std::string written;               // the name as the user wrote it, for messages

  bool SameAs(const Scope& other) const { return kind == other.kind && field == other.field; }
};

// A parsed part of the query before it is combined with its neighbours.
struct Piece {
  enum class Kind {
    kEmpty,    // nothing left after analysis (punctuation): dropped by the combiners
    kScoring,  // words and phrases: they rank
    kFilter,   // keyword, entity, topic, id and date terms: they only restrict
  };
  Kind kind = Kind::kEmpty;
  Xapian::Query query;
  bool negated = false;
  std::string near_term;  // set when the piece is one positional term (usable with NEAR)
  std::size_t offset = 0;
  std::optional<DaySpan> published;  // the publication days all its matches lie within
};

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Combines with `op`, leaving a single query as it is.
Xapian::Query Combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(op, parts.begin(), parts.end());
}

class Parser {
 public:
  Parser(const Schema& schema, const SearcherOptions& limits,
         const std::vector<std::string>& languages, text::Analyzer* analyzer,
         const EntityResolver* resolver, std::int64_t as_of, const PublishedDays& published,
         std::string_view query)
      : schema_(schema), limits_(limits), languages_(languages), language_(languages.front()),
        analyzer_(analyzer), resolver_(resolver), as_of_(as_of), published_(published),
        query_(query) {
    for (const FieldSpec& f : schema_.fields()) {
      if (f.kind == FieldKind::kEntities) {
        entity_prefixes_.push_back(f.prefix);
        entity_fields_.push_back(&f);
      }
      for (const std::string& q : f.query_names) known_fields_.push_back(q);
    }
    if (!entity_prefixes_.empty() && schema_.FindByQueryName("name") == nullptr) {
      known_fields_.push_back("name");
    }
    if (schema_.FindByQueryName("exact") == nullptr) known_fields_.push_back("exact");
    if (schema_.FindByQueryName("mentions") == nullptr) known_fields_.push_back("mentions");
  }

  ParsedQuery Run() {
    tokens_ = internal::LexQuery(query_, [this](std::string_view name) {
      return Resolve(name).has_value();
    });
    ParsedQuery parsed;
    if (tokens_.size() == 1) {  // only kEnd: blank text
      parsed.query = AllDocuments();
      parsed.filter_only = true;
      return parsed;
    }
    Piece piece = ParseAnd(Scope{});
    if (Peek().kind == QueryTok::kRParen) Fail(Peek().offset, "')' has no matching '('");
    switch (piece.kind) {
      case Piece::Kind::kEmpty:
        parsed.query = Xapian::Query();
        break;
      case Piece::Kind::kScoring:
        parsed.query = piece.query;
        break;
      case Piece::Kind::kFilter:
        parsed.query = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, piece.query, 0.0);
        parsed.filter_only = true;
        break;
    }
    if (!piece.negated) parsed.published_within = piece.published;
    parsed.highlight_terms = std::move(highlights_);
    parsed.names = std::move(names_);
    return parsed;
  }

  // 1-based column, in code points, of a byte offset.
  std::size_t Column(std::size_t offset) const {
    return CodePoints(query_.substr(0, std::min(offset, query_.size()))) + 1;
  }

 private:
  [[noreturn]] static void Fail(std::size_t offset, std::string reason) {
    throw SyntaxError{offset, std::move(reason)};
  }

  // ---- Fields -----------------------------------------------------------------------

  std::optional<Scope> Resolve(std::string_view written) const {
    const std::string name = LowerAscii(written);  // "Title:forum" is title:forum
    Scope scope;
    scope.written = std::string(written);
    if (const FieldSpec* f = schema_.FindByQueryName(name)) {
      scope.field = f;
      switch (f->kind) {
        case FieldKind::kText: scope.kind = Scope::Kind::kText; break;
        case FieldKind::kKeyword:
        case FieldKind::kEntities:
        case FieldKind::kTopics: scope.kind = Scope::Kind::kValue; break;
        case FieldKind::kDate:
          if (f->slot == kNoSlot) return std::nullopt;
          scope.kind = Scope::Kind::kDate;
          break;
        case FieldKind::kId: scope.kind = Scope::Kind::kId; break;
      }
      return scope;
    }
    if (name == "name" && !entity_prefixes_.empty()) {
      scope.kind = Scope::Kind::kName;
      return scope;
    }
    if (name == "exact") {
      scope.kind = Scope::Kind::kExact;
      return scope;
    }
    if (name == "mentions") {
      scope.kind = Scope::Kind::kMentions;
      return scope;
    }
    return std::nullopt;
  }

  Scope ResolveOrFail(const QueryToken& token) const {
    std::optional<Scope> scope = Resolve(token.text);
    if (!scope) {
      Fail(token.offset, "unknown field '" + std::string(token.text) +
                             ":'; known fields: " + Join(known_fields_));
    }
    return *scope;
  }

  // ---- Grammar ----------------------------------------------------------------------

  const QueryToken& Peek() const { return tokens_[pos_]; }
  const QueryToken& Next() { return tokens_[pos_++]; }

  static bool StartsOperand(QueryTok kind) {
    return kind == QueryTok::kWord || kind == QueryTok::kPhrase || kind == QueryTok::kLParen ||
           kind == QueryTok::kField || kind == QueryTok::kPlus || kind == QueryTok::kMinus ||
           kind == QueryTok::kNot;
  }

  static std::string OperatorName(const QueryToken& t) {
    switch (t.kind) {
      case QueryTok::kAnd: return "AND";
      case QueryTok::kOr: return "OR";
      case QueryTok::kNot: return "NOT";
      case QueryTok::kNear: return "NEAR";
      case QueryTok::kPlus: return "'+'";
      case QueryTok::kMinus: return "'-'";
      default: return "?";
    }
  }

  // Called where an operand must start: names the operator that lacks it.
  void ExpectOperandAfter(const QueryToken& op) const {
    if (!StartsOperand(Peek().kind)) Fail(op.offset, OperatorName(op) + " needs a word after it");
  }

  // query := or ( [AND] or )*
  Piece ParseAnd(const Scope& scope) {
    std::vector<Piece> pieces;
    std::size_t start = Peek().offset;
    while (Peek().kind != QueryTok::kEnd && Peek().kind != QueryTok::kRParen) {
      if (Peek().kind == QueryTok::kAnd) {
        const QueryToken& op = Next();
        if (pieces.empty()) Fail(op.offset, "AND needs a word before it");
        ExpectOperandAfter(op);
      }
      pieces.push_back(ParseOr(scope));
    }
    Piece combined = CombineAnd(pieces);
    combined.offset = start;
    return combined;
  }

  // or := unary ( OR unary )*
  Piece ParseOr(const Scope& scope) {
    Piece first = ParseUnary(scope);
    if (Peek().kind != QueryTok::kOr) return first;
    std::vector<Piece> parts{std::move(first)};
    while (Peek().kind == QueryTok::kOr) {
      const QueryToken& op = Next();
      ExpectOperandAfter(op);
      parts.push_back(ParseUnary(scope));
    }
    return CombineOr(parts);
  }

  // unary := ('+' | '-' | NOT) unary | near. A loop, not recursion: "- - - ... x" is flat.
  Piece ParseUnary(const Scope& scope) {
    bool negate = false;
    const QueryToken* last_op = nullptr;
    while (Peek().kind == QueryTok::kPlus || Peek().kind == QueryTok::kMinus ||
           Peek().kind == QueryTok::kNot) {
      last_op = &Next();
      if (last_op->kind != QueryTok::kPlus) negate = !negate;
    }
    if (last_op != nullptr) {
      ExpectOperandAfter(*last_op);
    }
    const bool outer = negated_;
    negated_ = outer != negate;
    Piece piece = ParseNear(scope);
    negated_ = outer;
    if (negate) piece.negated = !piece.negated;
    return piece;
  }

  // near := primary ( NEAR/n primary )*
  Piece ParsePrimaryOrFail(const Scope& scope) {
    const QueryToken& t = Peek();
    if (!StartsOperand(t.kind)) {
      Fail(t.offset, OperatorName(t) + " needs a word before it");
    }
    return ParsePrimary(scope);
  }

  Piece ParseNear(const Scope& scope) {
    Piece first = ParsePrimaryOrFail(scope);
    if (Peek().kind != QueryTok::kNear) return first;
    std::vector<Piece> operands{std::move(first)};
    unsigned distance = 0;
    while (Peek().kind == QueryTok::kNear) {
      const QueryToken& op = Next();
      distance = std::max(distance, op.near_distance);
      if (Peek().kind != QueryTok::kWord && Peek().kind != QueryTok::kPhrase &&
          Peek().kind != QueryTok::kField && Peek().kind != QueryTok::kLParen) {
        Fail(op.offset, "NEAR needs a word after it");
      }
      operands.push_back(ParsePrimary(scope));
    }
    if (!schema_.word_positions()) {
      Fail(operands.front().offset, "NEAR " + std::string(kNeedsPositions));
    }
    std::vector<Xapian::Query> terms;
    for (const Piece& p : operands) {
      if (p.near_term.empty()) Fail(p.offset, "NEAR needs single words on both sides");
      terms.emplace_back(p.near_term);
    }
    Piece near;
    near.kind = Piece::Kind::kScoring;
    near.offset = operands.front().offset;
    // Xapian's window counts the words themselves: within n words of each other.
    const auto window = static_cast<Xapian::termcount>(distance + terms.size() - 1);
    near.query = Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window);
    return near;
  }

  // primary := '(' query ')' | FIELD ':' value | "phrase" | word | word'*'
  Piece ParsePrimary(const Scope& scope) {
    const QueryToken& t = Next();
    switch (t.kind) {
      case QueryTok::kLParen: return ParseGroup(t, scope);
      case QueryTok::kPhrase: return Leaf(t, scope, /*quoted=*/true);
      case QueryTok::kWord: return Leaf(t, scope, /*quoted=*/false);
      case QueryTok::kField: {
        Scope inner = ResolveOrFail(t);
        if (scope.kind != Scope::Kind::kFree && !scope.SameAs(inner)) {
          Fail(t.offset, "field '" + std::string(t.text) + ":' inside '" + scope.written +
                             ":(...)'; a group takes one field");
        }
        const QueryToken& value = Next();  // the lexer put the value right after the field
        if (value.kind == QueryTok::kLParen) return ParseGroup(value, inner);
        Piece leaf = Leaf(value, inner, value.kind == QueryTok::kPhrase);
        leaf.offset = t.offset;
        return leaf;
      }
      default: Fail(t.offset, OperatorName(t) + " needs a word before it");
    }
  }

  Piece ParseGroup(const QueryToken& open, const Scope& scope) {
    if (depth_ >= limits_.max_query_depth) {
      Fail(open.offset, "parentheses nested deeper than " +
                            std::to_string(limits_.max_query_depth) + " levels");
    }
    ++depth_;
    if (Peek().kind == QueryTok::kRParen) Fail(open.offset, "nothing inside '( )'");
    Piece inner = ParseAnd(scope);
    if (Peek().kind != QueryTok::kRParen) Fail(open.offset, "'(' is never closed");
    Next();
    --depth_;
    inner.offset = open.offset;
    return inner;
  }

  // ---- Leaves -----------------------------------------------------------------------

  void CountTerms(std::size_t n, std::size_t offset) {
    term_count_ += std::max<std::size_t>(n, 1);
    if (term_count_ > limits_.max_query_terms) {
      Fail(offset, "too many terms: the limit is " + std::to_string(limits_.max_query_terms) +
                       " words, phrases and field terms");
    }
  }

  void Highlight(const std::string& term) {
    if (negated_ || term.empty()) return;
    if (highlight_seen_.insert(term).second) highlights_.push_back(term);
  }

  // The query's tokens of `text`, without joined compound forms (the index has them; a
  // query word "well-known" is the phrase "well known", and "wellknown" is itself a word).
  const std::vector<text::Token>& Analyze(std::string_view text) {
    analyzed_.clear();
    analyzer_->Analyze(text, language_, &analyzed_);
    std::erase_if(analyzed_, [](const text::Token& t) { return t.joined || t.term.empty(); });
    return analyzed_;
  }

  Piece Leaf(const QueryToken& t, const Scope& scope, bool quoted) {
    if (!quoted && !t.text.empty() && (t.text.front() == '*' || t.text.back() == '*') &&
        scope.kind != Scope::Kind::kId && scope.kind != Scope::Kind::kDate &&
        scope.kind != Scope::Kind::kMentions) {
      return WildcardLeaf(t, scope);
    }
    switch (scope.kind) {
      case Scope::Kind::kFree:
      case Scope::Kind::kText:
      case Scope::Kind::kExact: return TextLeaf(t, scope, quoted);
      case Scope::Kind::kValue:
      case Scope::Kind::kName: return ValueLeaf(t, scope);
      case Scope::Kind::kDate:
      case Scope::Kind::kMentions: return DateLeaf(t, scope);
      case Scope::Kind::kId: {
        CountTerms(1, t.offset);
        if (t.text.empty()) return Piece{};
        return Filter(Xapian::Query(IdTerm(t.text)), t.offset);
      }
    }
    return Piece{};
  }

  static Piece Filter(Xapian::Query query, std::size_t offset) {
    Piece p;
    p.kind = Piece::Kind::kFilter;
    p.query = std::move(query);
    p.offset = offset;
    return p;
  }

  // A word or phrase of text: one term, or a phrase of the words it analyses into.
  Piece TextLeaf(const QueryToken& t, const Scope& scope, bool quoted) {
    const std::vector<text::Token>& tokens = Analyze(t.text);
    CountTerms(tokens.size(), t.offset);
    Piece p;
    p.offset = t.offset;
    if (tokens.empty()) return p;
    p.kind = Piece::Kind::kScoring;
    const std::string prefix = scope.kind == Scope::Kind::kText ? scope.field->prefix : "";
    if (scope.kind == Scope::Kind::kExact) {
      for (const text::Token& token : tokens) Highlight(token.term);
      return ExactLeaf(tokens, quoted, p);
    }
    const std::vector<std::vector<std::string>> stems = Stems(t.text, tokens);
    for (const std::vector<std::string>& alternatives : stems) {
      for (const std::string& term : alternatives) Highlight(term);
    }
    if (tokens.size() == 1) {
      p.near_term = prefix + tokens.front().term;
      p.query = Alternatives(prefix, stems.front(), Xapian::Query::OP_SYNONYM);
      return p;
    }
    std::vector<Xapian::Query> terms;
    for (const std::vector<std::string>& alternatives : stems) {
      // A phrase accepts OR subqueries of terms (not SYNONYM ones).
      terms.push_back(Alternatives(prefix, alternatives, Xapian::Query::OP_OR));
    }
    p.query = Together(terms, tokens, quoted, t.offset);
    return p;
  }

  // Words that must stand together: a phrase of `terms`; in an archive without word
  // positions, all of them anywhere for a word the analyzer split ("well-known"), and an
  // error for a quoted phrase, which cannot be told apart from its words there.
  Xapian::Query Together(const std::vector<Xapian::Query>& terms,
                         const std::vector<text::Token>& tokens, bool quoted,
                         std::size_t offset) const {
    if (schema_.word_positions()) {
      return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                           PhraseWindow(tokens));
    }
    if (quoted) Fail(offset, "a phrase " + std::string(kNeedsPositions));
    return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
  }

  // For each token, its term under every archive language, the default first, without
  // repeats ("pekingben" stems to "pekingben" in English and "peking" in Hungarian).
  std::vector<std::vector<std::string>> Stems(std::string_view text,
                                              const std::vector<text::Token>& tokens) {
    std::vector<std::vector<std::string>> stems;
    for (const text::Token& token : tokens) stems.push_back({token.term});
    std::vector<text::Token> other;
    for (std::size_t l = 1; l < languages_.size(); ++l) {
      other.clear();
      analyzer_->Analyze(text, languages_[l], &other);
      std::erase_if(other, [](const text::Token& t) { return t.joined || t.term.empty(); });
      if (other.size() != tokens.size()) continue;  // cannot happen: segmentation is shared
      for (std::size_t i = 0; i < other.size(); ++i) {
        std::vector<std::string>& alternatives = stems[i];
        if (std::find(alternatives.begin(), alternatives.end(), other[i].term) ==
            alternatives.end()) {
          alternatives.push_back(other[i].term);
        }
      }
    }
    return stems;
  }

  static Xapian::Query Alternatives(const std::string& prefix,
                                    const std::vector<std::string>& terms,
                                    Xapian::Query::op op) {
    if (terms.size() == 1) return Xapian::Query(prefix + terms.front());
    std::vector<Xapian::Query> queries;
    for (const std::string& term : terms) queries.emplace_back(prefix + term);
    return Xapian::Query(op, queries.begin(), queries.end());
  }

  // The window of a phrase: its word count, plus any positions the analyzer skipped
  // (over-long words) inside it, since the indexer skipped them the same way.
  static Xapian::termcount PhraseWindow(const std::vector<text::Token>& tokens) {
    const std::uint32_t span = tokens.back().position - tokens.front().position + 1;
    return std::max<Xapian::termcount>(span, static_cast<Xapian::termcount>(tokens.size()));
  }

  // exact: keeps accents. Accent-exact terms carry no positions, so a phrase of several
  // words is matched on the folded terms and then required to hold each accented form.
  Piece ExactLeaf(const std::vector<text::Token>& tokens, bool quoted, Piece p) {
    std::vector<Xapian::Query> exact;
    for (const text::Token& token : tokens) {
      if (!token.exact.empty()) exact.emplace_back(std::string(kPrefixExact) + token.exact);
    }
    if (tokens.size() == 1) {
      if (exact.empty()) {
        p.near_term = tokens.front().term;
        p.query = Xapian::Query(p.near_term);
      } else {
        p.query = exact.front();
      }
      return p;
    }
    std::vector<Xapian::Query> terms;
    for (const text::Token& token : tokens) terms.emplace_back(token.term);
    p.query = Together(terms, tokens, quoted, p.offset);
    if (!exact.empty()) {
      exact.insert(exact.begin(), p.query);
      p.query = Xapian::Query(Xapian::Query::OP_FILTER, exact.begin(), exact.end());
    }
    return p;
  }

  // The indexer folds values with the analyzer, except language codes, which it only
  // lower-cases ("pt-BR" -> "pt-br"): the query has to fold them the same way.
  std::string FoldValue(std::string_view value, const Scope& scope) {
    if (scope.field != nullptr && scope.field->name == "language") return LowerAscii(value);
    return analyzer_->FoldValue(value);
  }

  // Keyword and topic values: one folded boolean term. Names: see NameLeaf.
  Piece ValueLeaf(const QueryToken& t, const Scope& scope) {
    const bool is_name = scope.kind == Scope::Kind::kName ||
                         (scope.field != nullptr && scope.field->kind == FieldKind::kEntities);
    if (is_name) return NameLeaf(t, scope);
    CountTerms(1, t.offset);
    const std::string folded = FoldValue(t.text, scope);
    if (folded.empty()) return Piece{};
    return Filter(Xapian::Query(BooleanTerm(scope.field->prefix, folded)), t.offset);
  }

  // person:putin, org:"bank of england", name:beijing: the entities the name stands for,
  // under all their keys, as one term (OP_SYNONYM) that ranks by prominence.
  Piece NameLeaf(const QueryToken& t, const Scope& scope) {
    const std::string key = text::NameKey(t.text);
    if (key.empty()) return Piece{};
    std::vector<Xapian::Query> kinds;
    for (const FieldSpec* field : entity_fields_) {
      if (scope.kind != Scope::Kind::kName && field != scope.field) continue;
      const text::EntityKind kind = *EntityKindOf(*field);
      NameExpansion expansion{std::string(t.text), kind, {}};
      if (resolver_ != nullptr) resolver_->Expand(kind, key, &expansion.keys);
      if (std::find(expansion.keys.begin(), expansion.keys.end(), key) == expansion.keys.end()) {
        expansion.keys.insert(expansion.keys.begin(), key);
      }
      CountTerms(expansion.keys.size(), t.offset);
      std::vector<Xapian::Query> terms;
      for (const std::string& k : expansion.keys) {
        terms.emplace_back(BooleanTerm(field->prefix, k));
        for (const text::Token& token : Analyze(k)) Highlight(token.term);
      }
      kinds.push_back(Combine(Xapian::Query::OP_SYNONYM, terms));
      names_.push_back(std::move(expansion));
    }
    Piece p;
    p.kind = Piece::Kind::kScoring;
    p.query = Combine(Xapian::Query::OP_OR, kinds);
    p.offset = t.offset;
    return p;
  }

  // date: bounds the published slot; mentions: is the union of the terms of the days,
  // months and years the range covers.
  Piece DateLeaf(const QueryToken& t, const Scope& scope) {
    CountTerms(1, t.offset);
    std::string_view value = t.text;
    std::size_t skipped = 0;
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
      ++skipped;
    }
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    std::size_t at = 0;
    Result<internal::DateRange> range = internal::ParseDateRange(value, as_of_, &at);
    if (!range.ok()) Fail(t.text_offset + skipped + at, range.status().message());
    if (scope.kind == Scope::Kind::kMentions) {
      return Filter(UnionOf(internal::TermsCovering(*range, kMentionDates)), t.offset);
    }
    const Xapian::valueno slot = scope.field->slot;
    if (slot == kSlotPublished) {
      Piece piece = published_.terms
                        ? Filter(UnionOf(internal::TermsCovering(*range, kPublishedDates,
                                                                 published_.first_day,
                                                                 published_.last_day)),
                                 t.offset)
                        : Filter(SlotRange(slot, *range), t.offset);
      piece.published = DaySpan{range->first_day, range->last_day};
      return piece;
    }
    return Filter(SlotRange(slot, *range), t.offset);
  }

  static Xapian::Query SlotRange(Xapian::valueno slot, const internal::DateRange& range) {
    if (range.lower.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, range.upper);
    if (range.upper.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, range.lower);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, range.lower, range.upper);
  }

  static Xapian::Query UnionOf(const std::vector<std::string>& terms) {
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  // econom*: every indexed term starting with the folded (unstemmed) stem, the most
  // frequent first, up to the configured expansion.
  Piece WildcardLeaf(const QueryToken& t, const Scope& scope) {
    std::string_view stem = t.text;
    if (stem.front() == '*') {
      if (stem.find_first_not_of('*') == std::string_view::npos) {
        Fail(t.offset, "'*' must follow at least 2 letters, as in econom*");
      }
      Fail(t.offset, "a wildcard '*' can only end a word, as in econom*");
    }
    while (!stem.empty() && stem.back() == '*') stem.remove_suffix(1);
    CountTerms(1, t.offset);
    std::string pattern;
    std::vector<std::string> prefixes;
    if (scope.kind == Scope::Kind::kValue || scope.kind == Scope::Kind::kName) {
      pattern = FoldValue(stem, scope);
      if (scope.kind == Scope::Kind::kValue) {
        prefixes.push_back(scope.field->prefix);
      } else {
        prefixes = entity_prefixes_;
      }
    } else {
      const std::vector<text::Token>& tokens = Analyze(stem);
      if (tokens.size() > 1) {
        Fail(t.offset, "wildcard '" + std::string(t.text) + "' must be a single word");
      }
      if (!tokens.empty()) pattern = tokens.front().folded;
      if (scope.kind == Scope::Kind::kText) prefixes.push_back(scope.field->prefix);
      if (scope.kind == Scope::Kind::kFree) prefixes.emplace_back();
      if (scope.kind == Scope::Kind::kExact) {
        if (!tokens.empty() && !tokens.front().exact.empty()) {
          pattern = tokens.front().exact;
          prefixes.emplace_back(kPrefixExact);
        } else {
          prefixes.emplace_back();
        }
      }
    }
    if (CodePoints(pattern) < 2) {
      Fail(t.offset, "wildcard '" + std::string(t.text) + "' needs at least 2 letters before '*'");
    }
    std::vector<Xapian::Query> expansions;
    for (const std::string& prefix : prefixes) {
      expansions.emplace_back(Xapian::Query::OP_WILDCARD, prefix + pattern,
                              static_cast<Xapian::termcount>(limits_.max_wildcard_expansion),
                              Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
    Piece p;
    p.kind = scope.kind == Scope::Kind::kValue || scope.kind == Scope::Kind::kName
                 ? Piece::Kind::kFilter
                 : Piece::Kind::kScoring;
    p.query = Combine(Xapian::Query::OP_OR, expansions);
    p.offset = t.offset;
    return p;
  }

  // ---- Combining --------------------------------------------------------------------

  // Positive scoring parts are ANDed and rank; filters restrict without weight; negated
  // parts are taken away with AND_NOT. Without scoring parts the result is a filter.
  static Piece CombineAnd(std::vector<Piece>& pieces) {
    if (pieces.size() == 1 && pieces.front().kind != Piece::Kind::kEmpty &&
        !pieces.front().negated) {
      return std::move(pieces.front());  // keeps near_term for "(a) NEAR b"
    }
    std::vector<Xapian::Query> scoring, filters, negatives;
    std::optional<DaySpan> published;
    for (Piece& p : pieces) {
      if (p.kind == Piece::Kind::kEmpty) continue;
      if (!p.negated && p.published) {
        published = published ? published->Overlap(*p.published) : *p.published;
      }
      if (p.negated) {
        negatives.push_back(std::move(p.query));
      } else if (p.kind == Piece::Kind::kScoring) {
        scoring.push_back(std::move(p.query));
      } else {
        filters.push_back(std::move(p.query));
      }
    }
    Piece out;
    if (scoring.empty() && filters.empty() && negatives.empty()) return out;
    out.published = published;
    if (!scoring.empty()) {
      out.kind = Piece::Kind::kScoring;
      out.query = Combine(Xapian::Query::OP_AND, scoring);
      if (!filters.empty()) {
        filters.insert(filters.begin(), out.query);
        out.query = Xapian::Query(Xapian::Query::OP_FILTER, filters.begin(), filters.end());
      }
    } else {
      out.kind = Piece::Kind::kFilter;
      out.query = filters.empty() ? AllDocuments()
                                  : Combine(Xapian::Query::OP_AND, filters);
    }
    if (!negatives.empty()) {
      out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, out.query,
                                Combine(Xapian::Query::OP_OR, negatives));
    }
    return out;
  }

  // OR keeps scoring and filter parts side by side. A negated part means "documents
  // without it", which inside OR has to be spelled out against all documents.
  static Piece CombineOr(std::vector<Piece>& parts) {
    std::erase_if(parts, [](const Piece& p) { return p.kind == Piece::Kind::kEmpty; });
    if (parts.empty()) return Piece{};
    if (parts.size() == 1) return std::move(parts.front());
    Piece out;
    out.kind = Piece::Kind::kFilter;
    out.offset = parts.front().offset;
    // Bounded only when every alternative is: by the days of them all.
    out.published = parts.front().published;
    std::vector<Xapian::Query> alternatives;
    for (Piece& p : parts) {
      if (p.negated || !p.published || !out.published) {
        out.published.reset();
      } else {
        out.published = DaySpan{std::min(out.published->first_day, p.published->first_day),
                                std::max(out.published->last_day, p.published->last_day)};
      }
      if (p.negated) {
        alternatives.emplace_back(Xapian::Query::OP_AND_NOT, AllDocuments(), p.query);
      } else {
        if (p.kind == Piece::Kind::kScoring) out.kind = Piece::Kind::kScoring;
        alternatives.push_back(std::move(p.query));
      }
    }
    out.query = Combine(Xapian::Query::OP_OR, alternatives);
    return out;
  }

  const Schema& schema_;
  const SearcherOptions& limits_;
  const std::vector<std::string>& languages_;
  const std::string& language_;  // the default: languages_.front()
  text::Analyzer* analyzer_;
  const EntityResolver* resolver_;
  std::int64_t as_of_;
  PublishedDays published_;
  std::string_view query_;

  std::vector<std::string> entity_prefixes_;
  std::vector<const FieldSpec*> entity_fields_;
  std::vector<NameExpansion> names_;
  std::vector<std::string> known_fields_;
  std::vector<QueryToken> tokens_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::size_t term_count_ = 0;
  bool negated_ = false;  // inside an odd number of NOT / '-'
  std::vector<text::Token> analyzed_;
  std::vector<std::string> highlights_;
  std::unordered_set<std::string> highlight_seen_;
};

}  // namespace

QueryParser::QueryParser(const Schema& schema, const SearcherOptions& limits,
                         std::vector<std::string> languages)
    : schema_(schema), limits_(limits), languages_(std::move(languages)) {
  assert(!languages_.empty());
}

namespace {

// The day of a value-slot time "YYYYMMDDhhmmss" (days since 1970-01-01).
std::optional<std::int64_t> DayOfSortable(std::string_view value) {
  const std::optional<std::int64_t> seconds = text::ParseSortable(value);
  if (!seconds) return std::nullopt;
  return text::DaysOfSeconds(*seconds);
}

}  // namespace

PublishedDays PublishedDaysIn(const Xapian::Database& db) {
  PublishedDays days;
  const Xapian::doccount dated = db.get_value_freq(kSlotPublished);
  if (dated == 0) return days;
  const std::string prefix(kPrefixPublishedYear);
  Xapian::doccount with_terms = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    const std::string& term = *t;
    if (term.find_first_not_of("0123456789", prefix.size()) != std::string::npos) return days;
    with_terms += t.get_termfreq();
  }
  const std::optional<std::int64_t> first = DayOfSortable(db.get_value_lower_bound(kSlotPublished));
  const std::optional<std::int64_t> last = DayOfSortable(db.get_value_upper_bound(kSlotPublished));
  if (with_terms != dated || !first || !last) return days;
  days.terms = true;
  days.first_day = *first;
  days.last_day = *last;
  days.all_dated = dated == db.get_doccount();
  return days;
}

Result<ParsedQuery> QueryParser::Parse(std::string_view query, text::Analyzer* analyzer,
                                       const EntityResolver* resolver,
                                       std::optional<std::int64_t> as_of,
                                       const PublishedDays& published) const {
  assert(analyzer != nullptr);
  // Checked before anything else looks at the text: cost grows faster than its length.
  if (query.size() > limits_.max_query_bytes) {
    return Status::InvalidArgument("column 1: the query is " + std::to_string(query.size()) +
                                   " bytes long; the limit is " +
                                   std::to_string(limits_.max_query_bytes) + " bytes");
  }
  const std::string valid = text::ToValidUtf8(query);
  if (!as_of) {
    as_of = std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  }
  Parser parser(schema_, limits_, languages_, analyzer, resolver, *as_of, published, valid);
  try {
    return parser.Run();
  } catch (const SyntaxError& e) {
    return Status::InvalidArgument("column " + std::to_string(parser.Column(e.offset)) + ": " +
                                   e.reason);
  } catch (const Xapian::Error& e) {
    return Status::InvalidArgument("column 1: " + e.get_msg());
  }
}

}  // namespace newsdex::query

#include "common/query/query_lexer.h"

#include <string>
#include <utility>

namespace newsdex::query::internal {
namespace {

constexpr unsigned kDefaultNearDistance = 10;
constexpr unsigned kMaxNearDistance = 1000;

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length in bytes of a separator at text[i], or 0. Besides ASCII white space this takes
// the no-break and ideographic spaces that pasted text often carries.
std::size_t SpaceAt(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  if (text.substr(i, 3) == "\xE3\x80\x80") return 3;
  return 0;
}

// Length in bytes of a phrase quote at text[i], or 0: the straight quote and the curly
// ones text pasted from articles carries (“ ” „), which open or close alike.
std::size_t QuoteAt(std::string_view text, std::size_t i) {
  if (text[i] == '"') return 1;
  const std::string_view three = text.substr(i, 3);
  if (three == "\xE2\x80\x9C" || three == "\xE2\x80\x9D" || three == "\xE2\x80\x9E") return 3;
  return 0;
}

bool EndsWord(std::string_view text, std::size_t i) {
  const char c = text[i];
  return c == '(' || c == ')' || QuoteAt(text, i) > 0 || SpaceAt(text, i) > 0;
}

class Lexer {
 public:
  Lexer(std::string_view query, const std::function<bool(std::string_view)>& is_field_name)
      : query_(query), is_field_name_(is_field_name) {}

  std::vector<QueryToken> Run() {
    std::size_t i = 0;
    const std::string_view q = query_;
    while (i < q.size()) {
      if (std::size_t space = SpaceAt(q, i)) {
        i += space;
        continue;
      }
      const char c = q[i];
      if (c == '(' || c == ')') {
        tokens_.push_back({c == '(' ? QueryTok::kLParen : QueryTok::kRParen, i, {}, i, 0});
        ++i;
      } else if (QuoteAt(q, i) > 0) {
        i = LexPhrase(i);
      } else if ((c == '+' || c == '-') && (i + 1 == q.size() || SpaceAt(q, i + 1) > 0 ||
                                            q[i + 1] == ')')) {
        throw SyntaxError{i, std::string("'") + c + "' needs a word right after it"};
      } else if (c == '+' || c == '-') {
        tokens_.push_back({c == '+' ? QueryTok::kPlus : QueryTok::kMinus, i, {}, i, 0});
        ++i;
      } else if (std::size_t after = LexField(i)) {
        i = after;
      } else {
        i = LexWord(i, /*raw=*/false);
      }
    }
    tokens_.push_back({QueryTok::kEnd, q.size(), {}, q.size(), 0});
    return std::move(tokens_);
  }

 private:
  std::size_t LexPhrase(std::size_t quote) {
    const std::size_t open_bytes = QuoteAt(query_, quote);
    std::size_t close = quote + open_bytes;
    while (close < query_.size() && QuoteAt(query_, close) == 0) ++close;
    if (close == query_.size()) {
      throw SyntaxError{quote,
                        "'" + std::string(query_.substr(quote, open_bytes)) + "' is never closed"};
    }
    tokens_.push_back({QueryTok::kPhrase, quote,
                       query_.substr(quote + open_bytes, close - quote - open_bytes),
                       quote + open_bytes, 0});
    return close + QuoteAt(query_, close);
  }

  // A field is ASCII letters, ':' and then, with no space, its value. Returns the offset
  // after the value, or 0 when text at `i` is not a field (it is then a word: "10:30").
  std::size_t LexField(std::size_t i) {
    const std::string_view q = query_;
    std::size_t colon = i;
    while (colon < q.size() && IsAsciiLetter(q[colon])) ++colon;
    if (colon == i || colon == q.size() || q[colon] != ':') return 0;
    const std::string_view name = q.substr(i, colon - i);
    const std::size_t value = colon + 1;
    if (value == q.size() || SpaceAt(q, value) > 0 || q[value] == ')') {
      // "Note: ..." is prose; "title: x" is a known field with a misplaced space.
      if (!is_field_name_(name)) return 0;
      throw SyntaxError{i, "'" + std::string(name) +
                               ":' must be followed by a value, with no space"};
    }
    tokens_.push_back({QueryTok::kField, i, name, i, 0});
    if (q[value] == '(') {
      tokens_.push_back({QueryTok::kLParen, value, {}, value, 0});
      return value + 1;
    }
    if (QuoteAt(q, value) > 0) return LexPhrase(value);
    return LexWord(value, /*raw=*/true);
  }

  // A word runs to a space, a parenthesis or a quote. A raw word (a field's value) is
  // never an operator.
  std::size_t LexWord(std::size_t i, bool raw) {
    std::size_t end = i;
    while (end < query_.size() && !EndsWord(query_, end)) ++end;
    const std::string_view word = query_.substr(i, end - i);
    QueryToken token{QueryTok::kWord, i, word, i, 0};
    if (!raw) {
      if (word == "AND") token.kind = QueryTok::kAnd;
      if (word == "OR") token.kind = QueryTok::kOr;
      if (word == "NOT") token.kind = QueryTok::kNot;
      if (word == "NEAR") {
        token.kind = QueryTok::kNear;
        token.near_distance = kDefaultNearDistance;
      } else if (word.substr(0, 5) == "NEAR/") {
        token.kind = QueryTok::kNear;
        token.near_distance = NearDistance(word.substr(5), i);
      }
    }
    tokens_.push_back(token);
    return end;
  }

  static unsigned NearDistance(std::string_view digits, std::size_t offset) {
    unsigned n = 0;
    bool ok = !digits.empty() && digits.size() <= 4;
    for (char c : digits) {
      if (c < '0' || c > '9') ok = false;
      if (ok) n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (!ok || n < 1 || n > kMaxNearDistance) {
      throw SyntaxError{offset, "NEAR/n needs a whole number n from 1 to " +
                                    std::to_string(kMaxNearDistance)};
    }
    return n;
  }

  std::string_view query_;
  const std::function<bool(std::string_view)>& is_field_name_;
  std::vector<QueryToken> tokens_;
};

}  // namespace

std::vector<QueryToken> LexQuery(std::string_view query,
                                 const std::function<bool(std::string_view)>& is_field_name) {
  return Lexer(query, is_field_name).Run();
}

}  // namespace newsdex::query::internal

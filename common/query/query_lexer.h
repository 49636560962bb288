// The query language's lexer: splits query text into words, phrases, fields, operators
// and parentheses for the grammar in query_parser.cc (internal; not installed).
//
//   auto is_field = [](std::string_view name) { return name == "title"; };
//   std::vector<internal::QueryToken> tokens = internal::LexQuery("title:oil NEAR/3 x", is_field);
//   // kField "title", kWord "oil", kNear (near_distance 3), kWord "x", kEnd
//
// LexQuery is a pure function: safe from any thread.
#ifndef NEWSDEX_COMMON_QUERY_QUERY_LEXER_H_
#define NEWSDEX_COMMON_QUERY_QUERY_LEXER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::query::internal {

// A syntax error. Thrown by LexQuery and inside the parser's recursive descent, so that an
// error deep in a group unwinds to QueryParser::Parse() in one step; it never leaves
// query_parser.cc.
struct SyntaxError {
  std::size_t offset;  // byte offset in the (valid UTF-8) query
  std::string reason;
};

enum class QueryTok { kWord, kPhrase, kLParen, kRParen, kAnd, kOr, kNot, kNear, kPlus, kMinus,
                      kField, kEnd };

struct QueryToken {
  QueryTok kind = QueryTok::kEnd;
  std::size_t offset = 0;       // byte offset of the token's first character
  std::string_view text;        // word, phrase content (no quotes), or field name
  std::size_t text_offset = 0;  // byte offset of `text`
  unsigned near_distance = 0;   // kNear: the n of NEAR/n
};

// Splits `query` (valid UTF-8) into tokens, the last always kEnd; blank text gives only
// kEnd. A field token is followed by its value: a kWord (never an operator), a kPhrase or
// a kLParen. `is_field_name(name)` says whether `name` (as written) is a known field: it
// tells "title: x" (an error) from the prose "Note: x" (two words). The tokens' text views
// point into `query`, which must outlive them. Throws SyntaxError for an unclosed quote, a
// field without a value, '+'/'-' without a word, or a bad NEAR/n.
std::vector<QueryToken> LexQuery(std::string_view query,
                                 const std::function<bool(std::string_view)>& is_field_name);

}  // namespace newsdex::query::internal

#endif  // NEWSDEX_COMMON_QUERY_QUERY_LEXER_H_

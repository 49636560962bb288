// The two baselines' indexers, as compare_bench runs them in a child process of their
// own (compare_bench --index-child xapian|fts5 OUT FILE...):
//
//   xapian  raw Xapian: TermGenerator with the English stemmer over title (also with
//           the prefix S) and body, the id as a boolean term Q<id> and as the document
//           data, one add_document per article, one commit at the end
//   fts5    SQLite FTS5 through the C API: one table news(id UNINDEXED, title, body)
//           with the porter stemmer over unicode61, every insert in one transaction
//           through one prepared statement
//
// Both read the articles with newsdex's readers, as newsdex-index does.
#ifndef NEWSDEX_BENCHMARKS_COMPARE_BASELINE_INDEXERS_H_
#define NEWSDEX_BENCHMARKS_COMPARE_BASELINE_INDEXERS_H_

#include <string>
#include <vector>

namespace newsdex::bench {

// The SQL that creates the FTS5 table; shown in the results.
inline constexpr const char* kFts5Schema =
    "CREATE VIRTUAL TABLE news USING fts5(id UNINDEXED, title, body, "
    "tokenize = 'porter unicode61')";

// Indexes `files` into a new raw Xapian database at `out`. Returns an exit status (0 on
// success) after printing any error on stderr.
int IndexWithXapian(const std::vector<std::string>& files, const std::string& out);

// Indexes `files` into a new SQLite database file at `out`. Returns an exit status.
int IndexWithFts5(const std::vector<std::string>& files, const std::string& out);

}  // namespace newsdex::bench

#endif  // NEWSDEX_BENCHMARKS_COMPARE_BASELINE_INDEXERS_H_

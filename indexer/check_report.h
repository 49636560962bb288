// Printing the reports of `newsdex-index check` (archive_check.h) as text or JSON.
//
//   newsdex::indexer::PrintCheck(*report, /*json=*/false, std::cout);
//
// Pure functions of their arguments: safe from any thread.
#ifndef NEWSDEX_INDEXER_CHECK_REPORT_H_
#define NEWSDEX_INDEXER_CHECK_REPORT_H_

#include <ostream>

#include "indexer/archive_check.h"

namespace newsdex::indexer {

// "archive OK: 21,578 articles, generation 3, Xapian and store agree", or the findings
// one per line; with `json`, one object: archive, healthy, store_articles,
// state_articles, index_documents, index_generation, pending_generation,
// committed_generation, store_readable, index_readable, seconds, and findings (each with
// severity, code, where, what, count, examples).
void PrintCheck(const CheckReport& report, bool json, std::ostream& out);
// What the repair did, then the check after it (or why nothing was done); with `json`,
// one object: action, refused, method, replayed_articles, rebuilt_articles,
// rebuild_seconds, before and after
// (each as PrintCheck's object).
void PrintRepair(const RepairReport& report, bool json, std::ostream& out);

}  // namespace newsdex::indexer

#endif  // NEWSDEX_INDEXER_CHECK_REPORT_H_

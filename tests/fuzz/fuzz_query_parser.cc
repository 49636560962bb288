// Query text through the QueryParser, with a resolver that expands names. Checks: a
// refused query gets InvalidArgument starting "column N: " with N inside the query; an
// accepted one is within the limits, its Xapian::Query describes itself, serialises and
// unserialises to the same description, and runs against a small in-memory index
// (wildcards, value ranges and synonyms included) without throwing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/query/query_parser.h"
#include "common/schema/schema.h"
#include "common/text/analyzer.h"
#include "fuzz/fuzz_support.h"

namespace {

using newsdex::fuzz::Fail;
using newsdex::fuzz::Printable;

// Every name is known as itself and as one longer alias.
class EchoResolver : public newsdex::query::EntityResolver {
 public:
  void Expand(newsdex::text::EntityKind, std::string_view key,
              std::vector<std::string>* keys) const override {
    keys->emplace_back(key);
    keys->push_back("alias " + std::string(key));
  }
};

Xapian::Database MakeIndex() {
  // The in-memory backend is deprecated but still the cheapest index to run a query on.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  Xapian::WritableDatabase db = Xapian::InMemory::open();
#pragma GCC diagnostic pop
  const char* const kTerms[][4] = {{"oil", "price", "XTcrude", "Qa"},
                                   {"econom", "economi", "XPjames baker", "Qb"},
                                   {"talk", "resum", "XDD20231016", "Qc"}};
  for (int i = 0; i < 3; ++i) {
    Xapian::Document doc;
    for (const char* term : kTerms[i]) doc.add_posting(term, 1);
    doc.add_value(newsdex::kSlotPublished, "2023101" + std::to_string(i) + "083000");
    db.add_document(doc);
  }
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const newsdex::SearcherOptions limits;
  static const newsdex::query::QueryParser parser(newsdex::Schema::Default(), limits,
                                                  {"en", "ru"});
  static newsdex::text::Analyzer analyzer(newsdex::text::AnalyzerOptions{.emit_joined = false});
  static const EchoResolver resolver;
  static Xapian::Database index = MakeIndex();
  constexpr std::int64_t kAsOf = 1697443200;  // 2023-10-16T08:00:00Z

  std::string_view query(reinterpret_cast<const char*>(data), size);
  auto parsed = parser.Parse(query, &analyzer, &resolver, kAsOf);
  if (!parsed.ok()) {
    const std::string& message = parsed.status().message();
    NEWSDEX_FUZZ_CHECK(parsed.status().code() == newsdex::StatusCode::kInvalidArgument,
                       "a refused query that is not InvalidArgument: " + parsed.status().ToString());
    NEWSDEX_FUZZ_CHECK(message.rfind("column ", 0) == 0,
                       "an error without its column: " + Printable(message));
    std::size_t column = std::stoul(message.substr(7));
    NEWSDEX_FUZZ_CHECK(column >= 1 && column <= size + 1,
                       "an error column outside the query: " + Printable(message));
    return 0;
  }
  NEWSDEX_FUZZ_CHECK(size <= limits.max_query_bytes, "a query over max_query_bytes was accepted");
  const Xapian::Query& q = parsed->query;
  try {
    std::string description = q.get_description();
    Xapian::Query back = Xapian::Query::unserialise(q.serialise());
    NEWSDEX_FUZZ_CHECK(back.get_description() == description,
                       "serialise/unserialise changed " + Printable(description));
    Xapian::Enquire enquire(index);
    enquire.set_query(q);
    Xapian::MSet mset = enquire.get_mset(0, 10);
    NEWSDEX_FUZZ_CHECK(mset.size() <= 3, "more hits than documents");
  } catch (const Xapian::Error& e) {
    Fail("Xapian refused a parsed query " + Printable(query) + ": " + e.get_description());
  }
  for (const std::string& term : parsed->highlight_terms) {
    NEWSDEX_FUZZ_CHECK(newsdex::text::IsValidUtf8(term), "invalid UTF-8 highlight term");
  }
  return 0;
}

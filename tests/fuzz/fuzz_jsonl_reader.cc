// JSON Lines through the JSONL reader: broken JSON, duplicate keys, deep nesting, values
// of the wrong type, huge numbers, escapes that decode to invalid UTF-16/UTF-8. Every
// record must be valid UTF-8 with an id; every problem must name where and why.
#include "fuzz/reader_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newsdex::fuzz::FuzzReader(newsdex::indexer::internal::NewJsonLinesReader,
                                   {"feeds/feed.jsonl", "feeds/feed.jsonl", "feed.jsonl"},
                                   data, size);
}

// Reuters-style SGML through the SGML reader: unclosed and stray tags, missing NEWID,
// odd DATE elements, entities, invalid UTF-8. Every record must be valid UTF-8 with an
// id; every problem must name where and why on one line.
#include "fuzz/reader_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newsdex::fuzz::FuzzReader(newsdex::indexer::internal::NewReutersSgmlReader,
                                   {"wire/reut2-000.sgm", "wire/reut2-000.sgm", "reut2-000.sgm"},
                                   data, size);
}

// The body shared by the three reader targets: the input becomes a file, read through
// one format's reader with every record and problem checked.
#ifndef NEWSDEX_TESTS_FUZZ_READER_TARGET_H_
#define NEWSDEX_TESTS_FUZZ_READER_TARGET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "fuzz/fuzz_support.h"
#include "indexer/readers/file_readers.h"

namespace newsdex::fuzz {

using ReaderFactory = std::unique_ptr<indexer::Reader> (*)(
    std::unique_ptr<indexer::internal::InputFile>, indexer::internal::FileContext,
    const indexer::ReaderOptions&);

// Reads `data` as the file `context.path` with `factory`. Inputs whose size is a multiple
// of 7 get a 512-byte max_article_bytes, so the size cap's paths are fuzzed too.
inline int FuzzReader(ReaderFactory factory, indexer::internal::FileContext context,
                      const std::uint8_t* data, std::size_t size) {
  static MemoryFile file;
  const std::string& path = file.Write(data, size);
  auto in = indexer::internal::InputFile::Open(path);
  NEWSDEX_FUZZ_CHECK(in.ok(), "cannot open the memory file: " + in.status().ToString());
  indexer::ReaderOptions options;
  options.section_from_folder = true;
  if (size % 7 == 0) options.max_article_bytes = 512;
  options.on_problem = [](const indexer::ReadProblem& p) { CheckProblem(p); };
  auto reader = factory(std::move(*in), std::move(context), options);
  DrainReader(reader.get());
  return 0;
}

}  // namespace newsdex::fuzz

#endif  // NEWSDEX_TESTS_FUZZ_READER_TARGET_H_

// gzip through the real decompression path (InputFile over zlib's gzread).
// 1. The input as the bytes of a file: corrupt, truncated or concatenated gzip streams,
//    or plain bytes, opened with OpenReader (format sniffed from the decompressed head)
//    and read to the end; records and problems are checked as for every reader.
// 2. The input compressed with zlib: read back line by line and whole, it must give the
//    input's bytes exactly, with no error.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "indexer/readers/input_file.h"

namespace {

using newsdex::fuzz::Fail;
using newsdex::fuzz::MemoryFile;
using newsdex::fuzz::Printable;
using newsdex::indexer::internal::InputFile;

std::string Gzip(std::string_view bytes, int level) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer, as gzip(1) writes.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    Fail("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) Fail("deflate did not finish");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void ReadAsFile(MemoryFile& file, std::string_view bytes) {
  const std::string& path = file.Write(bytes);
  newsdex::indexer::ReaderOptions options;
  options.max_article_bytes = 1 << 20;
  options.on_problem = [](const newsdex::indexer::ReadProblem& p) {
    newsdex::fuzz::CheckProblem(p);
  };
  auto reader = newsdex::indexer::OpenReader(path, options);
  NEWSDEX_FUZZ_CHECK(reader.ok(), "OpenReader failed on a readable file: " + reader.status().ToString());
  newsdex::fuzz::DrainReader(reader->get());

  // The same bytes line by line with a small cap: an error must name the file.
  auto in = InputFile::Open(path);
  NEWSDEX_FUZZ_CHECK(in.ok(), "InputFile::Open failed: " + in.status().ToString());
  std::string line;
  bool too_long = false;
  while ((*in)->ReadLine(&line, 64, &too_long)) {
    NEWSDEX_FUZZ_CHECK(line.size() <= 64, "ReadLine returned more than max_bytes");
  }
  if (!(*in)->status().ok()) {
    NEWSDEX_FUZZ_CHECK((*in)->status().message().find(path) != std::string::npos,
                       "a read error that does not name the file: " + (*in)->status().ToString());
  }
}

void RoundTrip(MemoryFile& file, std::string_view bytes, int level) {
  const std::string& path = file.Write(Gzip(bytes, level));
  auto in = InputFile::Open(path);
  NEWSDEX_FUZZ_CHECK(in.ok(), "InputFile::Open failed: " + in.status().ToString());
  // A peek, some lines, then the rest: together they must be the input.
  std::string_view head = (*in)->Peek(16);
  NEWSDEX_FUZZ_CHECK(head == bytes.substr(0, 16), "Peek differs from the input's start");
  std::string rebuilt;
  std::string line;
  for (int i = 0; i < 3; ++i) {
    std::uint64_t before = (*in)->bytes_consumed();
    if (!(*in)->ReadLine(&line)) break;
    // ReadLine drops "\n" and a "\r" before it; take the bytes from the input instead.
    std::uint64_t after = (*in)->bytes_consumed();
    NEWSDEX_FUZZ_CHECK(after <= bytes.size(), "consumed more bytes than there are");
    std::string_view taken = bytes.substr(before, after - before);
    NEWSDEX_FUZZ_CHECK(taken.substr(0, line.size()) == line,
                       "ReadLine gave bytes that are not the input's: " + Printable(line));
    rebuilt.append(taken);
  }
  std::uint64_t rest = (*in)->ReadRest(&rebuilt, bytes.size());
  NEWSDEX_FUZZ_CHECK((*in)->status().ok(), "an error reading valid gzip: " + (*in)->status().ToString());
  NEWSDEX_FUZZ_CHECK(rebuilt == bytes, "decompressed bytes differ from the input (" +
                                           std::to_string(rebuilt.size()) + " vs " +
                                           std::to_string(bytes.size()) + " bytes)");
  NEWSDEX_FUZZ_CHECK((*in)->bytes_consumed() == bytes.size(), "bytes_consumed is not the input size");
  (void)rest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemoryFile file;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadAsFile(file, bytes);
  RoundTrip(file, bytes, static_cast<int>(size % 10));
  return 0;
}

// InputFile: a buffered byte and line reader over a plain or gzip-compressed file.
//
//   auto in = InputFile::Open("reut2-000.sgm.gz");
//   std::string line;
//   while ((*in)->ReadLine(&line)) Handle((*in)->line_number(), line);
//   if (!(*in)->status().ok()) Report((*in)->status());
//
// zlib reads files that are not compressed transparently, so every reader gets .gz
// support for free. An InputFile is not thread-safe.
#ifndef NEWSDEX_INDEXER_READERS_INPUT_FILE_H_
#define NEWSDEX_INDEXER_READERS_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "newsdex/status.h"

struct gzFile_s;  // zlib's gzFile, kept out of this header

namespace newsdex::indexer::internal {

class InputFile {
 public:
  // Opens `path` for reading; "-" is standard input. Returns NotFound when the file
  // does not exist and IOError (naming the path) when it cannot be opened or is a folder.
  static Result<std::unique_ptr<InputFile>> Open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads the next line into *line without its "\n" (or "\r\n"). A line longer than
  // max_bytes is cut to max_bytes, the rest of it is skipped and *too_long (optional) is
  // set. Returns false at the end of the input or on a read error (see status()); an
  // unterminated last line is returned unless a read error cut it short.
  bool ReadLine(std::string* line, std::size_t max_bytes = std::numeric_limits<std::size_t>::max(),
                bool* too_long = nullptr);

  // Appends the rest of the input to *out, keeping at most max_bytes of it; returns the
  // number of bytes there were (which may exceed max_bytes). Check status() afterwards.
  std::uint64_t ReadRest(std::string* out, std::uint64_t max_bytes);

  // Up to n bytes at the read position, without consuming them.
  std::string_view Peek(std::size_t n);

  // OK, or the IOError that stopped reading ("<path>: truncated gzip data ...").
  const Status& status() const { return status_; }
  // Number of the last line ReadLine returned, counting from 1.
  std::uint64_t line_number() const { return line_number_; }
  // Decompressed bytes consumed so far.
  std::uint64_t bytes_consumed() const { return consumed_; }
  // The path as given ("-" for standard input).
  const std::string& path() const { return path_; }
  // The name to use in messages: the path, or "<stdin>".
  const std::string& display_name() const { return display_name_; }

 private:
  InputFile(std::string path, gzFile_s* gz);
  // Reads more input into buf_; false at the end or on an error.
  bool Fill();

  std::string path_;
  std::string display_name_;
  gzFile_s* gz_;
  std::string buf_;
  std::size_t pos_ = 0;
  unsigned chunk_bytes_;  // bytes the next Fill() asks for; doubles up to 256 KiB
  bool eof_ = false;
  Status status_;
  std::uint64_t line_number_ = 0;
  std::uint64_t consumed_ = 0;
};

}  // namespace newsdex::indexer::internal

#endif  // NEWSDEX_INDEXER_READERS_INPUT_FILE_H_

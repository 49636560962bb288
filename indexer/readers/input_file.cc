#include "indexer/readers/input_file.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace newsdex::indexer::internal {
namespace {

constexpr unsigned kChunkBytes = 256 * 1024;
// The first read is small and reads then double up to kChunkBytes: most articles are a
// few KB, and zero-filling 256 KB of fresh buffer for each small file cost more than
// reading it (page faults, notably under a hypervisor or a sanitizer).
constexpr unsigned kFirstChunkBytes = 16 * 1024;

}  // namespace

Result<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path) {
  gzFile gz = nullptr;
  if (path == "-") {
    // gzclose closes the descriptor, so give zlib its own copy of stdin.
    int fd = dup(STDIN_FILENO);
    if (fd < 0) return Status::IOError("<stdin>: " + std::string(std::strerror(errno)));
    gz = gzdopen(fd, "rb");
    if (gz == nullptr) {
      close(fd);
      return Status::IOError("<stdin>: cannot read");
    }
  } else {
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(st)) return Status::NotFound(path + ": no such file");
    if (std::filesystem::is_directory(st)) return Status::IOError(path + ": is a folder");
    errno = 0;
    gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) {
      return Status::IOError(path + ": " +
                             (errno != 0 ? std::strerror(errno) : "cannot open"));
    }
  }
  gzbuffer(gz, kChunkBytes);
  return std::unique_ptr<InputFile>(new InputFile(path, gz));
}

InputFile::InputFile(std::string path, gzFile_s* gz)
    : path_(std::move(path)),
      display_name_(path_ == "-" ? "<stdin>" : path_),
      gz_(gz),
      chunk_bytes_(kFirstChunkBytes) {}

InputFile::~InputFile() {
  if (gz_ != nullptr) gzclose_r(gz_);
}

bool InputFile::Fill() {
  if (eof_ || !status_.ok()) return false;
  // Drop what was consumed before growing the buffer.
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  std::size_t old_size = buf_.size();
  const unsigned chunk = chunk_bytes_;
  chunk_bytes_ = std::min(chunk_bytes_ * 2, kChunkBytes);
  buf_.resize(old_size + chunk);
  int n = gzread(gz_, buf_.data() + old_size, chunk);
  buf_.resize(old_size + static_cast<std::size_t>(std::max(n, 0)));
  // Data comes first; an error that came with it stays flagged in zlib for the next call.
  if (n > 0) return true;
  int errnum = Z_OK;
  const char* message = gzerror(gz_, &errnum);
  if (errnum == Z_BUF_ERROR) {
    // zlib hands out what it could decompress, then flags the missing end.
    status_ = Status::IOError(display_name_ + ": truncated gzip data (unexpected end of file)");
    return false;
  }
  if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
    std::string reason = errnum == Z_ERRNO ? std::strerror(errno)
                         : errnum == Z_DATA_ERROR
                             ? "corrupt gzip data (" + std::string(message) + ")"
                             : std::string(message);
    status_ = Status::IOError(display_name_ + ": " + reason);
    return false;
  }
  eof_ = true;
  return false;
}

bool InputFile::ReadLine(std::string* line, std::size_t max_bytes, bool* too_long) {
  line->clear();
  if (too_long != nullptr) *too_long = false;
  bool got_any = false;
  for (;;) {
    std::string_view avail(buf_.data() + pos_, buf_.size() - pos_);
    std::size_t nl = avail.find('\n');
    std::string_view piece = nl == std::string_view::npos ? avail : avail.substr(0, nl);
    if (line->size() < max_bytes) {
      std::size_t room = max_bytes - line->size();
      if (piece.size() > room) {
        line->append(piece.substr(0, room));
        if (too_long != nullptr) *too_long = true;
      } else {
        line->append(piece);
      }
    } else if (!piece.empty() && too_long != nullptr) {
      *too_long = true;
    }
    got_any = got_any || !avail.empty();
    if (nl != std::string_view::npos) {
      pos_ += nl + 1;
      consumed_ += nl + 1;
      break;
    }
    pos_ += avail.size();
    consumed_ += avail.size();
    if (!Fill()) {
      // A line cut by a read error is not returned: it is likely incomplete.
      if (!status_.ok() || !got_any) return false;
      break;
    }
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  ++line_number_;
  return true;
}

std::uint64_t InputFile::ReadRest(std::string* out, std::uint64_t max_bytes) {
  std::uint64_t total = 0;
  for (;;) {
    std::size_t avail = buf_.size() - pos_;
    if (avail > 0) {
      std::uint64_t kept = total >= max_bytes ? 0 : std::min<std::uint64_t>(avail, max_bytes - total);
      out->append(buf_, pos_, static_cast<std::size_t>(kept));
      total += avail;
      consumed_ += avail;
      pos_ = buf_.size();
    }
    if (!Fill()) break;
  }
  return total;
}

std::string_view InputFile::Peek(std::size_t n) {
  while (buf_.size() - pos_ < n && Fill()) {
  }
  std::size_t avail = buf_.size() - pos_;
  return std::string_view(buf_.data() + pos_, std::min(n, avail));
}

}  // namespace newsdex::indexer::internal

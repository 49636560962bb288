// Plain-text articles through the text reader. An input starting "#path <path>\n" is
// read as if it were the file <path> (the rest being its contents), so dates and
// sections taken from paths are fuzzed too.
#include <string_view>

#include "fuzz/reader_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string path = "desk/world/story.txt";
  if (input.substr(0, 6) == "#path ") {
    std::size_t eol = input.find('\n');
    // A real path is never empty and holds no NUL byte.
    if (eol != std::string_view::npos && eol > 6 &&
        input.substr(6, eol - 6).find('\0') == std::string_view::npos) {
      path = std::string(input.substr(6, eol - 6));
      data += eol + 1;
      size -= eol + 1;
    }
  }
  std::size_t slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return newsdex::fuzz::FuzzReader(newsdex::indexer::internal::NewTextReader,
                                   {path, path, base}, data, size);
}

#include "common/text/ascii_words.h"

#include <array>

namespace newsdex::text::internal {
namespace {

// The UAX #29 word break classes of the ASCII characters. ICU's root rules leave the
// colon out of MidLetter ("a:b" is two words), so no ASCII character is MidLetter.
enum class Wb : std::uint8_t {
  kOther,
  kLetter,     // ALetter: A-Z a-z, and @ in ICU's rules (e-mail addresses hold together)
  kNumber,     // Numeric: 0-9
  kMidNum,     // MidNum: between digits only (, ;)
  kMidBoth,    // MidNumLet and Single_Quote: between letters or between digits (. ')
  kJoiner,     // ExtendNumLet: _
};

constexpr std::array<Wb, 128> MakeClasses() {
  std::array<Wb, 128> classes{};
  for (char c = 'a'; c <= 'z'; ++c) classes[c] = Wb::kLetter;
  for (char c = 'A'; c <= 'Z'; ++c) classes[c] = Wb::kLetter;
  classes['@'] = Wb::kLetter;
  for (char c = '0'; c <= '9'; ++c) classes[c] = Wb::kNumber;
  classes[','] = Wb::kMidNum;
  classes[';'] = Wb::kMidNum;
  classes['.'] = Wb::kMidBoth;
  classes['\''] = Wb::kMidBoth;
  classes['_'] = Wb::kJoiner;
  return classes;
}

constexpr std::array<Wb, 128> kClasses = MakeClasses();

bool InWord(Wb c) { return c == Wb::kLetter || c == Wb::kNumber || c == Wb::kJoiner; }

}  // namespace

bool AsciiWords::Next(std::int32_t* start, std::int32_t* end) {
  auto cls = [&](std::int32_t i) { return i < length_ ? kClasses[u_[i]] : Wb::kOther; };
  for (;;) {
    while (at_ < length_ && !InWord(cls(at_))) ++at_;
    if (at_ >= length_) return false;
    const std::int32_t first = at_;
    Wb last = cls(at_++);  // the class of the word's last letter, digit or joiner
    bool letters_or_digits = last != Wb::kJoiner;
    while (at_ < length_) {
      const Wb c = cls(at_);
      if (InWord(c)) {  // WB5, WB8-10, WB13a-b: letters, digits and joiners hold together
        letters_or_digits = letters_or_digits || c != Wb::kJoiner;
        last = c;
        ++at_;
        continue;
      }
      const Wb after = cls(at_ + 1);
      const bool between_letters = last == Wb::kLetter && after == Wb::kLetter &&
                                   c == Wb::kMidBoth;  // WB6-7
      const bool between_digits = last == Wb::kNumber && after == Wb::kNumber &&
                                  (c == Wb::kMidNum || c == Wb::kMidBoth);  // WB11-12
      if (!between_letters && !between_digits) break;
      last = after;
      at_ += 2;
    }
    // A joiner alone ("_") is no word for ICU, though two or more ("__") are.
    if (!letters_or_digits && at_ - first < 2) continue;
    *start = first;
    *end = at_;
    return true;
  }
}

}  // namespace newsdex::text::internal

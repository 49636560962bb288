#include "common/text/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>
#include <xapian.h>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text/ascii_words.h"
#include "common/text/utf8_internal.h"

namespace newsdex::text {

namespace {

// ICU indexes text with int32_t and tokens carry 32-bit byte offsets; longer input is cut
// here (the indexer caps article text far below this; see the hazards notes on huge articles).
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 30;

// Stems remembered per stemmer: 64 bytes a slot for words of up to 15 bytes, 4 MiB in
// all. The cache is direct-mapped, and a news vocabulary is tens of thousands of words:
// with 8,192 slots Reuters-21578 analysed 1.2x slower (micro_bench, BM_Analyzer_Reuters).
constexpr std::size_t kStemCacheSlots = 65536;
static_assert((kStemCacheSlots & (kStemCacheSlots - 1)) == 0, "a power of two");

// Snowball stemmers (by the names and codes Xapian::Stem takes) that only ever change
// the end of a word, so that a stem begins with its word's first letter: they strip or
// rewrite suffixes within regions that start after the first vowel. Left out are those
// that strip prefixes or mutations (Irish, Indonesian, Arabic, Dutch Kraaij-Pohlmann),
// rewrite letters anywhere (german2, Serbian) or were not checked. Tests check the
// property on hard words of each (analyzer_test), on Reuters-21578 (ascii_words_test)
// and on random text (fuzz_analyzer).
constexpr std::string_view kInitialKeepingStemmers[] = {
    "en", "english", "porter", "da", "danish", "nl", "dutch", "fi", "finnish",
    "fr", "french", "de", "german", "hu", "hungarian", "it", "italian", "nb", "nn",
    "no", "norwegian", "pt", "portuguese", "ro", "romanian", "ru", "russian", "es",
    "spanish", "sv", "swedish", "tr", "turkish"};

bool IsApostrophe(UChar32 c) {
  return c == u'\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x2032 || c == 0xFF07;
}

bool IsHyphen(UChar32 c) { return c == u'-' || c == 0x2010 || c == 0x2011; }

bool IsAsciiAlpha(UChar32 c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool IsAsciiDigit(UChar32 c) { return c >= '0' && c <= '9'; }

// Which stemmer a word gets, decided by the first letter with a real script.
enum class WordScript : std::uint8_t { kNone, kLatin, kCyrillic, kOther };

WordScript ScriptOf(UScriptCode code) {
  switch (code) {
    case USCRIPT_LATIN: return WordScript::kLatin;
    case USCRIPT_CYRILLIC: return WordScript::kCyrillic;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
    case USCRIPT_UNKNOWN: return WordScript::kNone;
    default: return WordScript::kOther;
  }
}

UScriptCode ScriptCode(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode code = uscript_getScript(c, &err);
  return U_FAILURE(err) ? USCRIPT_UNKNOWN : code;
}

// Replacement for letters with no canonical decomposition, after case folding.
const char16_t* FoldedLetter(UChar32 c) {
  switch (c) {
    case 0x00F8: return u"o";   // ø
    case 0x0142: return u"l";   // ł
    case 0x0111: return u"d";   // đ
    case 0x0127: return u"h";   // ħ
    case 0x0131: return u"i";   // ı
    case 0x00E6: return u"ae";  // æ
    case 0x0153: return u"oe";  // œ
    case 0x00FE: return u"th";  // þ
    case 0x00F0: return u"d";   // ð
    default: return nullptr;
  }
}

void AppendUtf16(UChar32 c, std::u16string* out) {
  if (c <= 0xFFFF) {
    out->push_back(static_cast<char16_t>(c));
  } else {
    out->push_back(U16_LEAD(c));
    out->push_back(U16_TRAIL(c));
  }
}

void AppendAsUtf8(const char16_t* s, std::int32_t len, std::string* out) {
  for (std::int32_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(s, i, len, c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;  // cannot happen: the input was valid
    internal::AppendUtf8(static_cast<char32_t>(c), out);
  }
}

// Letter case of the word `w` as written (a possessive 's already cut off).
WordShape ShapeOf(const char16_t* w, std::int32_t len) {
  int upper = 0, lower = 0;
  bool first_cased_upper = false;
  for (std::int32_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(w, i, len, c);
    if (i == U16_LENGTH(c) && (c < 0x80 ? IsAsciiDigit(c) : u_isdigit(c))) {
      return WordShape::kNumber;
    }
    bool is_upper, is_lower;
    if (c < 0x80) {
      is_upper = c >= 'A' && c <= 'Z';
      is_lower = c >= 'a' && c <= 'z';
    } else {
      is_upper = u_hasBinaryProperty(c, UCHAR_UPPERCASE) || u_istitle(c);
      is_lower = !is_upper && u_hasBinaryProperty(c, UCHAR_LOWERCASE);
    }
    if (is_upper && upper + lower == 0) first_cased_upper = true;
    upper += is_upper;
    lower += is_lower;
  }
  if (upper == 0) return lower == 0 ? WordShape::kUncased : WordShape::kLower;
  if (lower == 0) return upper >= 2 ? WordShape::kUpper : WordShape::kCapital;
  return first_cased_upper && upper == 1 ? WordShape::kCapital : WordShape::kMixed;
}

// Length of `w` without a trailing possessive "'s" (any apostrophe, either case).
std::int32_t WithoutPossessive(const char16_t* w, std::int32_t len) {
  if (len >= 3 && IsApostrophe(w[len - 2]) && (w[len - 1] == u's' || w[len - 1] == u'S')) {
    return len - 2;
  }
  return len;
}

// How the separators between two words end (or do not end) a sentence.
enum class SentenceBreak : std::uint8_t { kNone, kPeriod, kStrong };

// Scans the non-word text between two words. A terminal (. ! ? and Unicode STerm) ends a
// sentence when followed, after optional closing quotes or brackets, by white space; CJK
// full-width terminals need no space; a blank line ends a paragraph.
SentenceBreak ScanGap(const char16_t* s, std::int32_t len) {
  SentenceBreak result = SentenceBreak::kNone;
  SentenceBreak pending = SentenceBreak::kNone;  // a terminal waiting for white space
  int newlines = 0;
  for (std::int32_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(s, i, len, c);
    if (c == '\n' || c == 0x2029) {
      if (++newlines >= 2) result = SentenceBreak::kStrong;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || u_isUWhiteSpace(c)) {
      if (pending > result) result = pending;
      pending = SentenceBreak::kNone;
      continue;
    }
    newlines = 0;
    if (c == '.') {
      pending = SentenceBreak::kPeriod;
    } else if (c == '!' || c == '?') {
      pending = SentenceBreak::kStrong;
    } else if (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_S_TERM)) {
      // Full-width and ideographic terminals (。！？) are written without a space.
      (c >= 0x3000 ? result : pending) = SentenceBreak::kStrong;
    } else if (pending != SentenceBreak::kNone) {
      const auto type = static_cast<UCharCategory>(u_charType(c));
      const bool closer = c == '"' || c == '\'' || type == U_END_PUNCTUATION ||
                          type == U_FINAL_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
      if (!closer) pending = SentenceBreak::kNone;
    }
  }
  return result;
}

// Words after which a period rarely ends the sentence: titles ("Mr. Putin") and
// initials ("George W. Bush").
bool IsAbbreviation(const Token& word) {
  static constexpr std::string_view kTitles[] = {
      "mr",  "mrs",  "ms",   "dr",  "prof", "gen", "sen",    "rep", "gov",  "lt", "col",
      "sgt", "capt", "cmdr", "adm", "rev",  "hon", "messrs", "mme", "mlle", "hr", "fr"};
  if (word.folded.size() == 1) return word.shape == WordShape::kCapital;
  return std::find(std::begin(kTitles), std::end(kTitles), word.folded) != std::end(kTitles);
}

}  // namespace

struct Analyzer::Impl {
  explicit Impl(AnalyzerOptions opts);

  // One Snowball stemmer and the stems it gave. Snowball was about half the cost of
  // analysing English text, and news vocabulary is Zipfian, so a small direct-mapped
  // cache of word -> stem (one probe, no allocation on a hit) pays for itself.
  struct StemmerEntry {
    struct Slot {
      std::string word, stem;
    };
    std::string language;
    Xapian::Stem stem;
    // Every stem begins with the first letter of its word (kInitialKeepingStemmers).
    bool keeps_initial = false;
    std::vector<Slot> slots;  // kStemCacheSlots once used
  };

  // The stemmers one Analyze call uses; null means "do not stem".
  struct Stemmers {
    StemmerEntry* latin = nullptr;
    StemmerEntry* cyrillic = nullptr;
  };

  // Facts about the current word that FoldWord works out while folding.
  struct WordFacts {
    WordScript script = WordScript::kNone;
    bool number = false;
  };

  // The hyphenated compound being collected ("state-of-the-art").
  struct Compound {
    std::size_t first_token = 0;  // index in `out` of its first part
    int parts = 0;
    WordScript script = WordScript::kNone;
    bool exact_differs = false;
    std::string folded, exact;
  };

  StemmerEntry* StemmerFor(std::string_view language);
  // Latin words stemmed for `language`, Cyrillic ones in Russian.
  Stemmers StemmersFor(std::string_view language) {
    return {.latin = StemmerFor(language), .cyrillic = StemmerFor("russian")};
  }
  bool LoadText(std::string_view text);
  std::uint32_t Run(std::string_view text, const Stemmers& stemmers, bool emit_joined,
                    std::vector<Token>* out, std::uint32_t position);
  std::uint32_t RunTerms(std::string_view text, const Stemmers& stemmers,
                         const Analyzer::TermVisitor& visit, std::uint32_t position,
                         const Analyzer::TermInitials* initials);
  // Whether the term of a word folded to folded8 (with `facts`) cannot start with any
  // of `initials`, known without stemming it.
  bool OutsideInitials(const Stemmers& stemmers, const WordFacts& facts,
                       const Analyzer::TermInitials& initials) const;
  class WordStream;
  bool FoldWord(const char16_t* w, std::int32_t len, WordFacts* facts);
  bool FoldAscii(const char16_t* w, std::int32_t len, WordFacts* facts);
  bool StripAccents();
  // The stem of `folded`: a reference to `folded` itself or to a slot of the stem cache,
  // valid until the next call.
  static const std::string& Stem(const Stemmers& stemmers, const WordFacts& facts,
                                 const std::string& folded);
  void AddToCompound(const Token& token, std::size_t index, WordScript script, bool continues,
                     Compound* compound) const;
  void FinishCompound(const Stemmers& stemmers, bool emit_joined, Compound* compound,
                      std::vector<Token>* out) const;
  // Whether an accented form is short enough to be kept (AnalyzerOptions::max_word_bytes).
  bool ExactFits(const std::string& exact) const {
    return exact.size() <= 2 * options.max_word_bytes;
  }

  AnalyzerOptions options;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  // Entries are never removed: Stemmers point into them during a call.
  std::vector<std::unique_ptr<StemmerEntry>> stemmers_cache;

  // Scratch buffers reused across calls so that analysing allocates little per word.
  icu::UnicodeString text16;            // the whole text, UTF-16
  std::vector<std::uint32_t> offsets8;  // UTF-16 index -> byte offset in the UTF-8 text
  icu::UnicodeString casefolded16, nfd16, nfc16;
  std::u16string exact16, stripped16;
  std::string folded8, exact8;
  bool text16_ascii = false;       // every unit of text16 is below 0x80
  std::vector<Token> fold_tokens;  // FoldValue's
};

Analyzer::Impl::Impl(AnalyzerOptions opts) : options(opts) {
  UErrorCode err = U_ZERO_ERROR;
  words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), err));
  if (U_FAILURE(err) || words == nullptr) {
    throw std::runtime_error(std::string("ICU word break iterator: ") + u_errorName(err));
  }
  nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU NFKC_CF: ") + u_errorName(err));
  nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU NFD: ") + u_errorName(err));
  nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("ICU NFC: ") + u_errorName(err));
}

Analyzer::Impl::StemmerEntry* Analyzer::Impl::StemmerFor(std::string_view language) {
  // "en-GB", "EN_us" -> "en".
  std::string key(language.substr(0, language.find_first_of("-_")));
  for (char& ch : key) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  if (key.empty()) key = "en";
  if (key == "none") return nullptr;
  for (const auto& entry : stemmers_cache) {
    if (entry->language == key) return entry.get();
  }
  auto entry = std::make_unique<StemmerEntry>();
  entry->language = key;
  entry->keeps_initial = std::find(std::begin(kInitialKeepingStemmers), std::end(kInitialKeepingStemmers),
                                   key) != std::end(kInitialKeepingStemmers);
  try {
    entry->stem = Xapian::Stem(key);
  } catch (const Xapian::InvalidArgumentError&) {
    // Not a language Snowball knows: English, as documented. Not cached, so that
    // arbitrary language tags in the input cannot grow the cache.
    return StemmerFor("en");
  }
  stemmers_cache.push_back(std::move(entry));
  return stemmers_cache.back().get();
}

// Converts `text` to UTF-16 once, remembering where each UTF-16 unit came from. Invalid
// bytes become U+FFFD (a separator for ICU), NUL and no-break spaces become spaces, and
// the prime becomes an apostrophe so that ICU keeps "Putin′s" as one word. Each such
// substitution is one UTF-16 unit, so the offsets stay exact.
bool Analyzer::Impl::LoadText(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  // A UTF-8 sequence never needs more UTF-16 units than it has bytes.
  char16_t* buf = text16.getBuffer(static_cast<std::int32_t>(n) + 1);
  if (buf == nullptr) return false;
  if (offsets8.size() < n + 1) offsets8.resize(n + 1);
  std::uint32_t* off = offsets8.data();
  std::size_t i = 0;
  std::int32_t k = 0;
  text16_ascii = true;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      buf[k] = b == 0 ? u' ' : static_cast<char16_t>(b);
      off[k++] = static_cast<std::uint32_t>(i++);
      continue;
    }
    text16_ascii = false;
    char32_t cp;
    const std::size_t used = internal::DecodeUtf8(p + i, p + n, &cp);
    if (cp == internal::kInvalidCodePoint) {
      cp = 0xFFFD;
    } else if (cp == 0x00A0 || cp == 0x202F || cp == 0x2007) {
      cp = u' ';
    } else if (cp == 0x2032) {
      cp = 0x2019;
    }
    if (cp <= 0xFFFF) {
      buf[k] = static_cast<char16_t>(cp);
      off[k++] = static_cast<std::uint32_t>(i);
    } else {
      buf[k] = U16_LEAD(cp);
      off[k++] = static_cast<std::uint32_t>(i);
      buf[k] = U16_TRAIL(cp);
      off[k++] = static_cast<std::uint32_t>(i);
    }
    i += used;
  }
  off[k] = static_cast<std::uint32_t>(n);
  text16.releaseBuffer(k);
  return true;
}

// Pure-ASCII words need no normalisation: lowercase, drop apostrophes and the possessive,
// thousands separators in numbers and periods in other words (as FoldWord does).
bool Analyzer::Impl::FoldAscii(const char16_t* w, std::int32_t len, WordFacts* facts) {
  len = WithoutPossessive(w, len);
  facts->number = IsAsciiDigit(w[0]);
  facts->script = WordScript::kNone;
  for (std::int32_t i = 0; i < len; ++i) {
    char c = static_cast<char>(w[i]);
    if (c == '\'' || c == '"') continue;
    if (facts->number ? c == ',' : c == '.') continue;  // "1,000" -> 1000, "U.S" -> us
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (facts->script == WordScript::kNone && c >= 'a' && c <= 'z') {
      facts->script = WordScript::kLatin;
    }
    folded8.push_back(c);
  }
  return !folded8.empty();
}

// Sets folded8 and exact8 (empty when equal) for the word `w`. Returns false when the word
// folds to nothing or ICU fails.
bool Analyzer::Impl::FoldWord(const char16_t* w, std::int32_t len, WordFacts* facts) {
  folded8.clear();
  exact8.clear();
  bool ascii = true;
  for (std::int32_t i = 0; i < len && ascii; ++i) ascii = w[i] < 0x80;
  if (ascii) return FoldAscii(w, len, facts);

  const icu::UnicodeString source(false, w, len);  // read-only alias, no copy
  UErrorCode err = U_ZERO_ERROR;
  const std::int32_t span = nfkc_casefold->spanQuickCheckYes(source, err);
  if (U_FAILURE(err)) return false;
  const char16_t* cf = w;
  std::int32_t cf_len = len;
  if (span < len) {
    nfkc_casefold->normalize(source, casefolded16, err);
    if (U_FAILURE(err)) return false;
    cf = casefolded16.getBuffer();
    cf_len = casefolded16.length();
  }
  cf_len = WithoutPossessive(cf, cf_len);

  exact16.clear();
  bool accents = false;
  facts->script = WordScript::kNone;
  facts->number = false;
  for (std::int32_t i = 0; i < cf_len;) {
    UChar32 c;
    U16_NEXT(cf, i, cf_len, c);
    if (exact16.empty() && u_isdigit(c)) facts->number = true;
    if (IsApostrophe(c) || c == '"') continue;
    // Thousands separators in numbers ("1,000" -> 1000); periods in other words, so that
    // "U.S." matches "US" and no stemmer sees "u.s" ("u.s" stems to "u.").
    if (facts->number ? (c == ',' || c == 0x066C) : c == '.') continue;
    if (c == 0x066B) c = '.';  // Arabic decimal separator
    if (c < 0x80) {
      if (facts->script == WordScript::kNone && IsAsciiAlpha(c)) {
        facts->script = WordScript::kLatin;
      }
      exact16.push_back(static_cast<char16_t>(c));
      continue;
    }
    if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {  // ١٩٨٧ -> 1987
      exact16.push_back(static_cast<char16_t>(u'0' + u_charDigitValue(c)));
      continue;
    }
    const UScriptCode code = ScriptCode(c);
    if (code == USCRIPT_LATIN || code == USCRIPT_GREEK || code == USCRIPT_INHERITED ||
        c == 0x0451) {
      accents = true;
    }
    if (facts->script == WordScript::kNone) facts->script = ScriptOf(code);
    AppendUtf16(c, &exact16);
  }
  if (exact16.empty()) return false;

  if (!accents) {
    AppendAsUtf8(exact16.data(), static_cast<std::int32_t>(exact16.size()), &folded8);
    return true;
  }
  if (!StripAccents()) return false;
  const std::u16string_view folded16(nfc16.getBuffer(), static_cast<std::size_t>(nfc16.length()));
  AppendAsUtf8(folded16.data(), static_cast<std::int32_t>(folded16.size()), &folded8);
  if (folded16 != exact16) {
    AppendAsUtf8(exact16.data(), static_cast<std::int32_t>(exact16.size()), &exact8);
  }
  return !folded8.empty();
}

// exact16 -> nfc16 without accents on Latin and Greek letters: decompose, drop the
// nonspacing marks whose base letter is Latin or Greek (marks are letters' vowels in
// Devanagari, Thai, Arabic, Hebrew: those stay), map the letters that do not decompose,
// recompose.
bool Analyzer::Impl::StripAccents() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::UnicodeString exact(false, exact16.data(), static_cast<std::int32_t>(exact16.size()));
  nfd->normalize(exact, nfd16, err);
  if (U_FAILURE(err)) return false;
  const char16_t* d = nfd16.getBuffer();
  const std::int32_t d_len = nfd16.length();
  stripped16.clear();
  UChar32 base = 0;
  bool base_folds = false;
  for (std::int32_t i = 0; i < d_len;) {
    UChar32 c;
    U16_NEXT(d, i, d_len, c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (base_folds) continue;
      if (c == 0x0308 && base == 0x0435) continue;  // ё -> е, as Russian writers do
      AppendUtf16(c, &stripped16);
      continue;
    }
    base = c;
    if (c < 0x80) {
      base_folds = IsAsciiAlpha(c);
      stripped16.push_back(static_cast<char16_t>(c));
      continue;
    }
    const UScriptCode code = ScriptCode(c);
    base_folds = code == USCRIPT_LATIN || code == USCRIPT_GREEK;
    if (const char16_t* replacement = FoldedLetter(c)) {
      stripped16.append(replacement);
    } else {
      AppendUtf16(c, &stripped16);
    }
  }
  const icu::UnicodeString stripped(false, stripped16.data(),
                                    static_cast<std::int32_t>(stripped16.size()));
  nfc->normalize(stripped, nfc16, err);
  return U_SUCCESS(err);
}

const std::string& Analyzer::Impl::Stem(const Stemmers& stemmers, const WordFacts& facts,
                                        const std::string& folded) {
  if (facts.number) return folded;
  StemmerEntry* entry = facts.script == WordScript::kLatin      ? stemmers.latin
                        : facts.script == WordScript::kCyrillic ? stemmers.cyrillic
                                                                : nullptr;
  if (entry == nullptr) return folded;
  if (entry->slots.empty()) entry->slots.resize(kStemCacheSlots);
  auto& slot = entry->slots[std::hash<std::string>{}(folded) & (kStemCacheSlots - 1)];
  if (slot.word != folded) {
    slot.stem = entry->stem(folded);
    slot.word = folded;
  }
  return slot.stem;
}

void Analyzer::Impl::AddToCompound(const Token& token, std::size_t index, WordScript script,
                                   bool continues, Compound* compound) const {
  if (!continues) {
    compound->first_token = index;
    compound->parts = 0;
    compound->script = token.shape == WordShape::kNumber ? WordScript::kNone : script;
    compound->exact_differs = false;
    compound->folded.clear();
    compound->exact.clear();
  }
  ++compound->parts;
  compound->folded += token.folded;
  compound->exact += token.exact.empty() ? token.folded : token.exact;
  compound->exact_differs |= !token.exact.empty();
}

// Emits the joined form of a finished compound right after its first part, so that `out`
// stays ordered by position.
void Analyzer::Impl::FinishCompound(const Stemmers& stemmers, bool emit_joined, Compound* compound,
                                    std::vector<Token>* out) const {
  const int parts = compound->parts;
  compound->parts = 0;
  if (!emit_joined || parts < 2 || compound->folded.size() > options.max_word_bytes) return;
  const std::size_t first = compound->first_token;
  const Token& head = (*out)[first];
  const Token& tail = (*out)[first + static_cast<std::size_t>(parts) - 1];
  Token joined;
  WordFacts facts;
  facts.script = compound->script;
  facts.number = head.shape == WordShape::kNumber;
  joined.term = Stem(stemmers, facts, compound->folded);
  joined.folded = compound->folded;
  if (compound->exact_differs && ExactFits(compound->exact)) joined.exact = compound->exact;
  joined.position = head.position;
  joined.begin = head.begin;
  joined.end = tail.end;
  joined.joined = true;
  joined.sentence_start = head.sentence_start;
  // One shape for the whole: shared by all parts ("Jean-Claude"), led by a number
  // ("10-year"), upper case with numbers ("COVID-19"), or mixed.
  joined.shape = head.shape;
  for (int i = 1; i < parts; ++i) {
    const WordShape s = (*out)[first + static_cast<std::size_t>(i)].shape;
    if (s == joined.shape || joined.shape == WordShape::kNumber) continue;
    const bool upper_mix =
        (s == WordShape::kUpper || s == WordShape::kNumber) &&
        (joined.shape == WordShape::kUpper || joined.shape == WordShape::kCapital);
    joined.shape = upper_mix ? WordShape::kUpper : WordShape::kMixed;
  }
  out->insert(out->begin() + static_cast<std::ptrdiff_t>(first) + 1, std::move(joined));
}

// The words of the loaded text (text16), from AsciiWords for ASCII text, else from ICU
// (skipping the segments it gives no word status: spaces, punctuation).
class Analyzer::Impl::WordStream {
 public:
  explicit WordStream(Impl* impl)
      : ascii_(impl->options.ascii_words && impl->text16_ascii),
        ascii_words_(impl->text16.getBuffer(), ascii_ ? impl->text16.length() : 0),
        icu_(impl->words.get()) {
    if (ascii_) return;
    icu_->setText(impl->text16);
    icu_start_ = icu_->first();
  }

  // The next word's range [start, end) in UTF-16 units; false after the last.
  bool Next(std::int32_t* start, std::int32_t* end) {
    if (ascii_) return ascii_words_.Next(start, end);
    for (std::int32_t e = icu_->next(); e != icu::BreakIterator::DONE; e = icu_->next()) {
      *start = std::exchange(icu_start_, e);
      *end = e;
      if (icu_->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) return true;
    }
    return false;
  }

 private:
  bool ascii_;
  internal::AsciiWords ascii_words_;
  icu::BreakIterator* icu_;
  std::int32_t icu_start_ = 0;
};

std::uint32_t Analyzer::Impl::Run(std::string_view text, const Stemmers& stemmers, bool emit_joined,
                                  std::vector<Token>* out, std::uint32_t position) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  if (!LoadText(text)) return position;
  const char16_t* u = text16.getBuffer();
  const std::uint32_t* off = offsets8.data();
  WordStream stream(this);

  Compound compound;
  bool first_word = true;
  bool prev_emitted = false;  // the previous word became a token: out->back()
  std::int32_t prev_end = 0;
  std::int32_t start = 0, end = 0;
  while (stream.Next(&start, &end)) {
    const std::int32_t len = end - start;
    const bool continues = prev_emitted && start - prev_end == 1 && IsHyphen(u[prev_end]);
    if (!continues) FinishCompound(stemmers, emit_joined, &compound, out);

    bool sentence_start = first_word;
    if (!first_word) {
      const SentenceBreak gap = ScanGap(u + prev_end, start - prev_end);
      sentence_start =
          gap == SentenceBreak::kStrong || (gap == SentenceBreak::kPeriod && !u_islower(u[start]) &&
                                            !(prev_emitted && IsAbbreviation(out->back())));
    }
    prev_end = end;
    prev_emitted = false;

    WordFacts facts;
    if (!FoldWord(u + start, len, &facts)) continue;  // nothing left of it: not a word
    first_word = false;
    const std::uint32_t word_position = position++;
    if (folded8.size() > options.max_word_bytes) continue;  // too long: position used
    if (!ExactFits(exact8)) exact8.clear();

    Token& token = out->emplace_back();
    token.term = Stem(stemmers, facts, folded8);
    token.folded = folded8;
    token.exact = exact8;
    token.position = word_position;
    token.begin = off[start];
    token.end = off[end];
    token.shape = ShapeOf(u + start, WithoutPossessive(u + start, len));
    token.sentence_start = sentence_start;
    prev_emitted = true;
    AddToCompound(token, out->size() - 1, facts.script, continues, &compound);
  }
  FinishCompound(stemmers, emit_joined, &compound, out);
  return position;
}

// Run() reduced to what VisitTerms() reports: each word folded and stemmed as Run() does,
// with none of a token's other facts (shape, sentence start, exact form, compounds).
std::uint32_t Analyzer::Impl::RunTerms(std::string_view text, const Stemmers& stemmers,
                                       const Analyzer::TermVisitor& visit, std::uint32_t position,
                                       const Analyzer::TermInitials* initials) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  if (!LoadText(text)) return position;
  const char16_t* u = text16.getBuffer();
  const std::uint32_t* off = offsets8.data();
  WordStream stream(this);
  std::int32_t start = 0, end = 0;
  while (stream.Next(&start, &end)) {
    WordFacts facts;
    if (!FoldWord(u + start, end - start, &facts)) continue;
    ++position;
    if (folded8.size() > options.max_word_bytes) continue;
    if (initials != nullptr && OutsideInitials(stemmers, facts, *initials)) {
      visit(std::string_view(), off[start], off[end]);
    } else {
      visit(Stem(stemmers, facts, folded8), off[start], off[end]);
    }
  }
  return position;
}

bool Analyzer::Impl::OutsideInitials(const Stemmers& stemmers, const WordFacts& facts,
                                     const Analyzer::TermInitials& initials) const {
  if (folded8.empty() || initials[static_cast<unsigned char>(folded8.front())]) return false;
  if (facts.number) return true;  // numbers are not stemmed
  const StemmerEntry* entry = facts.script == WordScript::kLatin      ? stemmers.latin
                              : facts.script == WordScript::kCyrillic ? stemmers.cyrillic
                                                                      : nullptr;
  return entry == nullptr || entry->keeps_initial;
}

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(options)) {}

Analyzer::~Analyzer() = default;

std::uint32_t Analyzer::Analyze(std::string_view text, std::string_view language,
                                std::vector<Token>* out, std::uint32_t first_position) {
  assert(out != nullptr);
  return impl_->Run(text, impl_->StemmersFor(language), impl_->options.emit_joined, out,
                    first_position);
}

std::uint32_t Analyzer::VisitTerms(std::string_view text, std::string_view language,
                                   const TermVisitor& visit, std::uint32_t first_position,
                                   const TermInitials* initials) {
  return impl_->RunTerms(text, impl_->StemmersFor(language), visit, first_position, initials);
}

std::string Analyzer::FoldValue(std::string_view value) {
  std::vector<Token>& tokens = impl_->fold_tokens;
  tokens.clear();
  impl_->Run(value, Impl::Stemmers{}, /*emit_joined=*/false, &tokens, 0);
  std::string result;
  for (const Token& token : tokens) {
    if (!result.empty()) result.push_back(' ');
    result += token.folded;
  }
  return result;
}

}  // namespace newsdex::text

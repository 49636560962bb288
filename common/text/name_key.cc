// NameKey and the small enum helpers of names.h.
#include <memory>
#include <stdexcept>

#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "common/text/names.h"

namespace newsdex::text {
namespace {

// True when `text` has a Cyrillic or Greek letter (the scripts whose names the press
// writes in Latin letters too, and that we transliterate).
bool HasCyrillicOrGreek(std::string_view text) {
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(text.size());
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), i, length, c);
    if (c < 0x370) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &err);
    if (script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK) return true;
  }
  return false;
}

// Transliterates Cyrillic (BGN/PCGN, the romanisation the English-language press uses)
// and Greek (UN), then drops accents and the soft/hard sign marks.
class Romanizer {
 public:
  Romanizer() {
    UErrorCode err = U_ZERO_ERROR;
    translit_.reset(icu::Transliterator::createInstance(
        "Russian-Latin/BGN; Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII", UTRANS_FORWARD, err));
    if (U_FAILURE(err) || translit_ == nullptr) {
      throw std::runtime_error(std::string("ICU transliterator: ") + u_errorName(err));
    }
  }
  std::string Romanize(std::string_view text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
    translit_->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    std::string clean;
    for (char ch : out) {
      if (ch != '\'' && ch != '"') clean.push_back(ch);  // Yel'tsin -> Yeltsin
    }
    return clean;
  }

 private:
  std::unique_ptr<icu::Transliterator> translit_;
};

// Possessive endings and the apostrophes inside names ("O'Brien" -> "OBrien").
std::string StripPunctuation(std::string_view surface) {
  std::string out;
  out.reserve(surface.size());
  for (std::size_t i = 0; i < surface.size(); ++i) {
    const char ch = surface[i];
    const bool curly = surface.compare(i, 3, "\xE2\x80\x99") == 0;  // ’
    if (ch == '\'' || curly) {
      const std::size_t next = i + (curly ? 3 : 1);
      const bool possessive = next < surface.size() && (surface[next] == 's' || surface[next] == 'S') &&
                              (next + 1 == surface.size() || surface[next + 1] == ' ');
      i = possessive ? next : next - 1;  // skip "'s" or just the apostrophe
      continue;
    }
    if (ch == '.') continue;                       // "U.S." -> "US", "Pres." -> "Pres"
    out.push_back(ch == '-' || ch == '&' ? ' ' : ch);
  }
  // A trailing "’" after a plural possessive ("Jones’") is dropped above too.
  return out;
}

}  // namespace

std::string NameKey(std::string_view surface) {
  thread_local Analyzer analyzer(AnalyzerOptions{.emit_joined = false});
  std::string cleaned = StripPunctuation(surface);
  if (HasCyrillicOrGreek(cleaned)) {
    thread_local Romanizer romanizer;
    cleaned = romanizer.Romanize(cleaned);
  }
  return analyzer.FoldValue(cleaned);
}

std::string_view EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson: return "person";
    case EntityKind::kOrg: return "org";
    case EntityKind::kPlace: return "place";
  }
  return "person";
}

std::optional<EntityKind> ParseEntityKind(std::string_view name) {
  if (name == "person" || name == "people" || name == "persons") return EntityKind::kPerson;
  if (name == "org" || name == "orgs" || name == "organisation" || name == "organization" ||
      name == "organisations" || name == "organizations") {
    return EntityKind::kOrg;
  }
  if (name == "place" || name == "places") return EntityKind::kPlace;
  return std::nullopt;
}

std::string_view NameCueName(NameCue cue) {
  switch (cue) {
    case NameCue::kTitle: return "title";
    case NameCue::kGivenName: return "given-name";
    case NameCue::kOrgWord: return "org-word";
    case NameCue::kAcronym: return "acronym";
    case NameCue::kGazetteer: return "gazetteer";
    case NameCue::kDateline: return "dateline";
    case NameCue::kReference: return "reference";
    case NameCue::kContext: return "context";
    case NameCue::kMetadata: return "metadata";
    case NameCue::kKnown: return "known";
  }
  return "context";
}

}  // namespace newsdex::text

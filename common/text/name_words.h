// The closed word lists of the name recogniser (common/text/names.h): titles and
// honorifics, organisation words, and the capitalised words that are never names on
// their own. Open lists (places, organisations, given names) live in the gazetteer.
// All words are in folded form (lower case, no accents, no dots).
#ifndef NEWSDEX_COMMON_TEXT_NAME_WORDS_H_
#define NEWSDEX_COMMON_TEXT_NAME_WORDS_H_

#include <string_view>

namespace newsdex::text::internal {

// A title that names a person after it: "President", "Minister", "Chairman", "CEO".
bool IsTitleHead(std::string_view word);
// A word that can precede a title head inside a title: "Foreign" (Minister), "Prime",
// "Vice", "Treasury" (Secretary), "Chief" (Executive).
bool IsTitleModifier(std::string_view word);
// An honorific: "Mr", "Mrs", "Ms", "Dr", "Pres", "Sen", "Gov", "Sir", "Sheikh".
bool IsHonorific(std::string_view word);
// A plural honorific naming several people: "Messrs".
bool IsPluralHonorific(std::string_view word);
// A word that makes a capitalised run an organisation: "Inc", "Corp", "Bank", "Ministry".
bool IsOrgWord(std::string_view word);
// A lower-case word that announces an organisation name: "the oil company Gazprom".
bool IsOrgContext(std::string_view word);
// Small words allowed inside a name: "Bank of England", "Ludwig van Beethoven".
bool IsNameParticle(std::string_view word);
// Capitalised words that are not names on their own: "The", "But", months, weekdays.
bool IsNeverName(std::string_view word);
// Months, for datelines ("BEIJING, Oct 18 -").
bool IsMonth(std::string_view word);
// All-capital wire abbreviations that are not acronyms of organisations: "MLN", "PCT".
bool IsWireAbbreviation(std::string_view word);
// Verbs of speech after a person's name: "said", "told", "says".
bool IsSpeechVerb(std::string_view word);

}  // namespace newsdex::text::internal

#endif  // NEWSDEX_COMMON_TEXT_NAME_WORDS_H_

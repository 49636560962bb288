// The schema: every field of an article, how it is analysed, its term prefix, its value
// slot and its names in the query language. This file is the one table of prefixes and
// slots; the indexer and the query parser both read it and nothing else.
//
//   auto schema = newsdex::Schema::FromToml(toml_text);
//   const newsdex::FieldSpec* f = schema->FindByQueryName("person");  // prefix "XP"
//
// A Schema is immutable after loading and safe to share between threads.
#ifndef NEWSDEX_COMMON_SCHEMA_SCHEMA_H_
#define NEWSDEX_COMMON_SCHEMA_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/status.h"

namespace newsdex {

// How a field's values are indexed.
enum class FieldKind {
  kText,      // analysed words with positions (title, body)
  kKeyword,   // one folded boolean term per value (source, section, author, lang, url)
  kEntities,  // list of names: one boolean term per folded value (people, orgs, places)
  kTopics,    // list of topic labels: one boolean term per folded value
  kDate,      // a UTC time in a sortable value slot
  kId,        // the unique external id ("Q" term)
};

// Term prefixes (Xapian conventions: Q unique id, S subject/title, A author).
inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixBody = "";  // body words are unprefixed
inline constexpr std::string_view kPrefixExact = "XE";  // accent-exact word forms
inline constexpr std::string_view kPrefixAuthor = "A";
inline constexpr std::string_view kPrefixSource = "XSRC";
inline constexpr std::string_view kPrefixSection = "XSEC";
inline constexpr std::string_view kPrefixLanguage = "L";
inline constexpr std::string_view kPrefixUrl = "U";
inline constexpr std::string_view kPrefixPerson = "XP";
inline constexpr std::string_view kPrefixOrg = "XO";
inline constexpr std::string_view kPrefixPlace = "XL";
inline constexpr std::string_view kPrefixTopic = "XT";  // any origin
// A topic by origin (common/topics/article_topics.h): given by the source, tagged by a
// rule, predicted by the model. Topic values are folded, hence lower case, so "XTGcrude"
// never collides with the XT term of a topic "gcrude".
inline constexpr std::string_view kPrefixTopicGiven = "XTG";
inline constexpr std::string_view kPrefixTopicRule = "XTR";
inline constexpr std::string_view kPrefixTopicPredicted = "XTP";
// Dates written in the text (mentions:): XDD20231016, XDM202310, XDY2023. A day mention
// carries all three terms, a month mention the last two.
inline constexpr std::string_view kPrefixMentionDay = "XDD";
inline constexpr std::string_view kPrefixMentionMonth = "XDM";
inline constexpr std::string_view kPrefixMentionYear = "XDY";
// The published day of every dated article, as Omega writes it: D20231016, M202310,
// Y2023. A date: range is the union of the terms that cover it, so it costs what its
// matches cost rather than a pass over the published slot of every article.
inline constexpr std::string_view kPrefixPublishedDay = "D";
inline constexpr std::string_view kPrefixPublishedMonth = "M";
inline constexpr std::string_view kPrefixPublishedYear = "Y";

// The prefixes of one family of date terms: a day, its month and its year.
struct DateTermPrefixes {
  std::string_view day, month, year;
};
inline constexpr DateTermPrefixes kMentionDates{kPrefixMentionDay, kPrefixMentionMonth,
                                                kPrefixMentionYear};
inline constexpr DateTermPrefixes kPublishedDates{kPrefixPublishedDay, kPrefixPublishedMonth,
                                                  kPrefixPublishedYear};

// Value slots.
inline constexpr unsigned kSlotPublished = 0;  // "YYYYMMDDhhmmss" UTC, sorts as text
inline constexpr unsigned kSlotTopics = 1;     // facet lists: folded values joined by
inline constexpr unsigned kSlotPeople = 2;     // kFacetSeparator
inline constexpr unsigned kSlotOrgs = 3;
inline constexpr unsigned kSlotPlaces = 4;
inline constexpr unsigned kSlotSource = 5;
inline constexpr unsigned kSlotSection = 6;
inline constexpr unsigned kSlotLanguage = 7;
inline constexpr unsigned kSlotAuthor = 8;
// Dates written in the text, sorted and distinct, joined by kFacetSeparator: "20231016"
// for a day, "202310" for a month, "2023" for a year (timelines of mentioned dates).
inline constexpr unsigned kSlotMentions = 9;
// The entity keys a hit shows (document_data.h: EncodeHitNames).
inline constexpr unsigned kSlotHitNames = 10;
inline constexpr unsigned kNoSlot = 0xffffffffu;
inline constexpr char kFacetSeparator = '\x1f';

// Longest term Xapian accepts is 245 bytes; we stay well below it.
inline constexpr std::size_t kMaxTermBytes = 200;
// Bumped when the on-disk layout changes incompatibly; newer archives are refused.
inline constexpr std::uint32_t kFormatVersion = 1;

struct FieldSpec {
  std::string name;                      // canonical field name: "title", "people", ...
  FieldKind kind = FieldKind::kKeyword;
  std::vector<std::string> query_names;  // names in query syntax: "person", ...
  std::vector<std::string> source_keys;  // JSON keys that map to this field
  std::string prefix;                    // term prefix (see the table above)
  unsigned slot = kNoSlot;               // value slot, or kNoSlot
  unsigned weight = 1;                   // wdf multiplier for text fields
  std::string facet;                     // facet name, or "" when not facetable
};

class Schema {
 public:
  // Parses a schema file. Fields must be ones newsdex knows (the table above gives their
  // prefixes and slots); the file chooses their query names, source keys and weights.
  // Returns InvalidArgument naming the line on a parse error or unknown field or kind.
  static Result<Schema> FromToml(std::string_view toml_text);
  // The built-in schema (the text of schemas/news.toml compiled into the library).
  static const Schema& Default();
  static std::string_view DefaultToml();

  const std::vector<FieldSpec>& fields() const { return fields_; }
  // nullptr when no field has this name.
  const FieldSpec* Find(std::string_view name) const;
  const FieldSpec* FindByQueryName(std::string_view query_name) const;
  const FieldSpec* FindBySourceKey(std::string_view key) const;
  const FieldSpec* FindByFacet(std::string_view facet) const;
  // The TOML text this schema was read from (stored in the archive).
  const std::string& toml() const { return toml_; }
  // The default language for articles that name none.
  const std::string& default_language() const { return default_language_; }
  // True when an article's section (a JSON section or category, a plain-text folder)
  // is also one of its given topics ([topics] from_section). Default: false
  bool section_is_topic() const { return section_is_topic_; }
  // True when the index keeps each word's positions, which phrases and NEAR need
  // ([archive] positions). Without them the index is about half the size and written
  // faster; quoted phrases and NEAR are refused, and a word the analyzer splits
  // ("well-known") matches its parts anywhere. Fixed when the archive is created.
  // Default: true
  bool word_positions() const { return word_positions_; }

 private:
  std::vector<FieldSpec> fields_;
  std::string toml_;
  std::string default_language_ = "en";
  bool section_is_topic_ = false;
  bool word_positions_ = true;
};

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_SCHEMA_SCHEMA_H_

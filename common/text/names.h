// Names: finds the people, organisations and places an article mentions, and ties the
// mentions of one real name inside the article to one entity.
//
//   newsdex::text::Analyzer analyzer;
//   newsdex::text::NameRecognizer recognizer;            // the built-in gazetteer
//   std::vector<newsdex::text::Token> title, body;
//   analyzer.Analyze(article.title, "en", &title);
//   analyzer.Analyze(article.body, "en", &body, title_end + gap);
//   newsdex::text::ArticleNames names;
//   recognizer.Recognize({{article.title, &title, TextPart::kTitle},
//                         {article.body, &body, TextPart::kBody}}, {}, &names);
//   // names.entities: Vladimir Putin (person; aliases "Vladimir Putin", "Putin",
//   //                 "President Putin"), Beijing (place), Gazprom (org), ...
//
// The recogniser is deterministic and explainable: every mention carries the cue that
// made it a name (a title such as "President", an organisation word such as "Corp", the
// place gazetteer, a dateline, a given name, ...). It works on the analyser's tokens, so
// it costs no second pass of ICU segmentation. Rules, in order:
//   1. Candidates are runs of capitalised words joined by spaces (a line break included),
//      initials ("George W. Bush"), hyphens, and name particles ("Bank of England",
//      "Ludwig van Beethoven"). A sentence-initial capital is ignored for common words.
//   2. Titles and honorifics ("President", "Foreign Minister", "Mr.", "Gazprom CEO")
//      make what follows a person and, when something precedes them, that a place or an
//      organisation ("Federal Reserve Board Chairman Paul Volcker").
//   3. Organisation words ("Inc", "Bank", "Ministry", ...) and acronyms make an
//      organisation; the gazetteer makes a place; a given name makes a person.
//   4. Within the article, a surname alone, "Mr. Putin" and "Putin’s" refer to the
//      person named in full elsewhere ("Vladimir Putin"); "Organization of Petroleum
//      Exporting Countries (OPEC)" makes OPEC an alias; gazetteer aliases ("U.S.",
//      "United States") share one place.
//   5. Words in all-capital text (wire headlines) are names only when the article names
//      them elsewhere or the gazetteer knows them.
//   6. Names given by the source's metadata are merged with those found.
// Cyrillic and Greek names are transliterated into their key ("Путин" -> "putin").
//
// A NameRecognizer owns ICU transliterators: it is not thread-safe; use one per thread.
// A Gazetteer is immutable and safe to share.
#ifndef NEWSDEX_COMMON_TEXT_NAMES_H_
#define NEWSDEX_COMMON_TEXT_NAMES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/text/analyzer.h"
#include "common/text/flat_index.h"
#include "common/text/string_map.h"
#include "newsdex/status.h"

namespace newsdex::text {

// Words at the start of the body that are its lede: names there weigh more.
inline constexpr std::uint32_t kLedeWords = 60;

enum class EntityKind : std::uint8_t { kPerson = 0, kOrg = 1, kPlace = 2 };
inline constexpr EntityKind kEntityKinds[] = {EntityKind::kPerson, EntityKind::kOrg,
                                              EntityKind::kPlace};

// "person", "org", "place".
std::string_view EntityKindName(EntityKind kind);
// Parses "person" / "people", "org" / "orgs" / "organisation", "place" / "places".
std::optional<EntityKind> ParseEntityKind(std::string_view name);

// Why a mention was taken for a name.
enum class NameCue : std::uint8_t {
  kTitle,        // a title or honorific next to it: "President Putin", "Mr. Putin"
  kGivenName,    // starts with a known given name: "Alexei Miller"
  kOrgWord,      // an organisation word: "Commodity Credit Corp", "Ministry of Finance"
  kAcronym,      // an all-capital acronym: "OPEC"
  kGazetteer,    // a known place, or a known organisation
  kDateline,     // the place of a dateline: "BEIJING, Oct 18 -"
  kReference,    // refers to a name found elsewhere in the article: "Putin", "Putin’s"
  kContext,      // a word around it: "the oil company Gazprom", "said Gazprom"
  kMetadata,     // given by the source (Reuters PEOPLE/PLACES/ORGS, JSON fields)
  kKnown,        // a name the archive knows from earlier articles (KnownNames)
};
std::string_view NameCueName(NameCue cue);

// Which text of the article a mention is in.
enum class TextPart : std::uint8_t { kTitle, kDateline, kBody };

struct NameMention {
  std::uint32_t entity = 0;    // index in ArticleNames::entities
  NameCue cue = NameCue::kContext;
  TextPart part = TextPart::kBody;
  std::uint32_t position = 0;  // Token::position of the name's first word
  std::uint32_t words = 0;     // number of words of the name
  std::uint32_t begin = 0, end = 0;  // byte range of the name in its text
  std::string surface;         // as written, without title or possessive: "Putin"
  std::string key;             // NameKey(surface): "putin"
  std::string written;         // with its title, when it had one: "President Putin"
};

// A form a name was written in.
struct NameAlias {
  std::string written;      // "Putin", "Vladimir Putin", "President Putin", "Путин"
  std::uint32_t count = 0;  // times written so
  bool titled = false;      // written with a title or honorific ("President Putin")
};

struct ArticleEntity {
  EntityKind kind = EntityKind::kPerson;
  // The entity's key: its canonical name folded and transliterated ("vladimir putin").
  // Indexed as the kind's prefix + key.
  std::string key;
  // The canonical name as written: the fullest form seen ("Vladimir Putin").
  std::string name;
  // Every form it was written in, with its count ("Putin" 3, "President Putin" 1).
  // NameKey() of an untitled form is an alias key of the entity.
  std::vector<NameAlias> aliases;
  std::uint32_t mentions = 0;  // mentions in the text (0 for metadata only)
  bool in_title = false;       // named in the title
  bool in_lede = false;        // named in the first sentences of the body
  bool from_metadata = false;  // given by the source too
};

struct ArticleNames {
  std::vector<ArticleEntity> entities;
  std::vector<NameMention> mentions;  // in text order, title first
  void clear() {
    entities.clear();
    mentions.clear();
  }
};

// One text of an article with its analysed tokens.
struct ArticleText {
  std::string_view text;
  const std::vector<Token>* tokens = nullptr;
  TextPart part = TextPart::kBody;
};

// Names given by the source, merged with those found in the text.
struct SourceNames {
  const std::vector<std::string>* people = nullptr;
  const std::vector<std::string>* orgs = nullptr;
  const std::vector<std::string>* places = nullptr;
};

// The key of a name as written: transliterated to Latin when Cyrillic or Greek, then
// folded like Analyzer::FoldValue, with possessives and dots removed and hyphens made
// spaces ("Путин’s" -> "putin", "U.S." -> "us", "Jean-Claude Juncker" -> "jean claude
// juncker"). Thread-safe (uses a per-thread analyser).
std::string NameKey(std::string_view surface);

// Word lists the recogniser relies on: places (countries and regions from ICU's display
// names, plus schemas/places.toml: aliases, cities, states, demonyms), organisations and
// given names (schemas/people.toml, schemas/orgs.toml are optional extras).
class Gazetteer {
 public:
  struct Entry {
    EntityKind kind = EntityKind::kPlace;
    std::string name;  // canonical name as written: "United States"
  };
  // The built-in gazetteer (ICU plus the data files compiled into the library).
  static const Gazetteer& Default();
  // Builds a gazetteer from ICU and the TOML texts of places.toml, people.toml and
  // orgs.toml (each may be empty; their format is described at the top of each file).
  // InvalidArgument naming the file and line on a parse error, an unknown key, or a key
  // given to two different places (or two different organisations).
  static Result<Gazetteer> FromToml(std::string_view places_toml, std::string_view people_toml,
                                    std::string_view orgs_toml = {});

  // The entry whose name or alias has this key (NameKey form), or nullptr.
  const Entry* Find(std::string_view key) const;
  // True for a key that is a demonym or adjective of a place ("russian", "west german").
  bool IsDemonym(std::string_view key) const;
  bool IsGivenName(std::string_view folded_word) const;
  bool IsFamilyNameFirst(std::string_view folded_word) const;  // "xi", "wang", "kim"
  // Longest number of words of any key (for longest-match lookups).
  std::size_t max_words() const { return max_words_; }
  // Longest number of words of a key (of Find() or IsDemonym()) that starts with this
  // word; 0 when none does. Lets a longest-match lookup skip most words at once.
  std::size_t WordsFrom(std::string_view first_word) const;
  // Every key (canonical name first, then the aliases) that Find() maps to the entry
  // whose canonical name has `canonical_key`, or nullptr when no entry has that
  // canonical key. Valid as long as the gazetteer.
  const std::vector<std::string>* AliasesOf(std::string_view canonical_key) const;

 private:
  struct Builder;
  template <typename V>
  using KeyMap = StringMap<V>;

  std::vector<Entry> entries_;
  std::vector<std::vector<std::string>> entry_keys_;  // per entry: canonical key, aliases
  KeyMap<std::uint32_t> keys_;      // name or alias key -> index in entries_
  KeyMap<std::uint32_t> demonyms_;  // demonym key -> index of its place in entries_
  KeyMap<std::uint8_t> words_;      // given-name word -> kGivenWord | kFamilyFirstWord
  KeyMap<std::uint8_t> first_words_;  // first word of a key -> most words of such keys
  // Read-only copies of the maps above, for the lookups (see flat_index.h).
  internal::FlatIndex<std::uint32_t> find_keys_, find_demonyms_;
  internal::FlatIndex<std::uint8_t> find_words_, find_first_words_;
  std::size_t max_words_ = 1;
};

// User-edited corrections (schemas/aliases.toml): merge names into one entity, or split
// one written name into several entities told apart by the words around it.
class AliasTable {
 public:
  static Result<AliasTable> FromToml(std::string_view toml_text);
  bool empty() const { return merges_.empty() && splits_.empty(); }
  // The key every given alias key of `kind` stands for, or nullopt.
  // `article_words` are the folded words of the article (for splits).
  std::optional<std::pair<std::string, std::string>> Resolve(
      EntityKind kind, std::string_view key,
      const std::unordered_map<std::string, int>& article_words) const;
  // Every key the table mentions (alias, canonical name or split target), for finding
  // the articles to re-link when the table changes.
  std::vector<std::pair<EntityKind, std::string>> Keys() const;

 private:
  struct Target {
    std::string key, name;
    std::vector<std::string> context;  // folded words; empty for merges
  };
  // kind code + alias key -> target
  std::unordered_map<std::string, Target> merges_;
  std::unordered_map<std::string, std::vector<Target>> splits_;
};

// One question a recogniser asked its KnownNames, with the answer. Recognising an article
// with one KnownNames gives the same names as with another exactly when the other
// Answers() every question the first was asked: the parallel indexer analyses against a
// snapshot and re-checks the log against the writer's live names, in article order.
struct KnownLookup {
  std::string word;
  bool found = false;  // Lookup() gave an entity; then:
  EntityKind kind = EntityKind::kPerson;
  std::string key, name;
};

// Names the archive already knows, for the words an article alone cannot classify: a
// headline's "VOLCKER", a lone "Reagan said". Learned from the articles recognised
// before (full names teach their surnames, organisations their one-word names), so
// what a word resolves to depends on what the archive has seen; mentions found so
// carry the cue kKnown.
//
// Not thread-safe for writing; a KnownNames no one writes may be read from many threads
// (a snapshot that parallel analysis consults, see KnownLookup).
class KnownNames {
 public:
  struct Known {
    EntityKind kind = EntityKind::kPerson;
    std::string key;   // "paul volcker"
    std::string name;  // "Paul Volcker"
  };
  // What one article teaches about one word: `word` was written for (kind, key).
  struct Lesson {
    EntityKind kind = EntityKind::kPerson;
    std::string key, name, word;
  };
  // Learns the surnames and one-word names of `names` (an article's). Each lesson is
  // remembered until ForgetLessons() or KeepLessons().
  void Learn(const ArticleNames& names);
  // The lessons Learn(names) would learn, appended to `*lessons`, nothing learned: so
  // that an article analysed on one thread teaches the writer's KnownNames on another.
  static void LessonsOf(const ArticleNames& names, std::vector<Lesson>* lessons);
  // Learns lessons from LessonsOf(), as Learn() of their article would.
  void Learn(const std::vector<Lesson>& lessons);
  // Undoes every Learn() since the last ForgetLessons() or KeepLessons(): a writer does
  // this at each commit and sets the counts from the archive's registry instead, so that
  // what it knows depends only on what was committed, never on how the run went.
  void ForgetLessons();
  void KeepLessons() { lessons_.clear(); }
  // Teaches that `word` was written for the entity (kind, key) in `articles` articles
  // (to start from what an archive already holds).
  void Teach(EntityKind kind, const std::string& key, const std::string& name,
             const std::string& word, std::uint32_t articles);
  // Makes `articles` the count of (kind, key) for `word` and `name` its name, as a
  // fresh Teach() from the archive's registry would (0 forgets it).
  void Set(EntityKind kind, const std::string& key, const std::string& name,
           const std::string& word, std::uint32_t articles);
  // The word an entity of this kind and key teaches: a person's surname (of a full
  // name), an organisation's one-word key; "" when none.
  static std::string TaughtWord(EntityKind kind, const std::string& key);
  // The entity a one-word key ("volcker") stands for: the one that taught it at least
  // twice and at least twice as often as any other; nullptr otherwise.
  const Known* Lookup(std::string_view word) const;
  // True when Lookup(asked.word) gives the answer `asked` records.
  bool Answers(const KnownLookup& asked) const;
  std::size_t size() const { return words_.size(); }

 private:
  struct Word {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> counts;  // entity index, count
  };
  static constexpr std::size_t kMaxWords = 1 << 20;
  std::unordered_map<std::string, Word> words_;
  std::unordered_map<std::string, std::uint32_t> entity_index_;  // kind code + key
  std::vector<Known> entities_;
  std::vector<std::pair<std::string, std::uint32_t>> lessons_;  // word, entity index

  std::uint32_t EntityIndex(EntityKind kind, const std::string& key, const std::string& name);
};

class NameRecognizer {
 public:
  explicit NameRecognizer(const Gazetteer& gazetteer = Gazetteer::Default(),
                          const AliasTable* aliases = nullptr);
  ~NameRecognizer();
  NameRecognizer(const NameRecognizer&) = delete;
  NameRecognizer& operator=(const NameRecognizer&) = delete;

  // Finds the names in `texts` (title first, then dateline and body) and merges the
  // `source` names. Replaces `*out`.
  void Recognize(const std::vector<ArticleText>& texts, const SourceNames& source,
                 ArticleNames* out);

  // Consults `known` (may be null; must outlive the recogniser) for words the article
  // alone cannot classify. Learning is the caller's: call known->Learn() afterwards.
  // With `asked`, every question put to `known` is appended there with its answer.
  void set_known_names(const KnownNames* known, std::vector<KnownLookup>* asked = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex::text

#endif  // NEWSDEX_COMMON_TEXT_NAMES_H_

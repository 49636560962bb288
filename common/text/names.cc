// NameRecognizer: the rules are listed in names.h; this file follows them in order.
#include "common/text/names.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <unordered_set>

#include "common/text/name_words.h"

namespace newsdex::text {
namespace {

using internal::IsHonorific;
using internal::IsNameParticle;
using internal::IsNeverName;
using internal::IsOrgWord;
using internal::IsTitleHead;
using internal::IsTitleModifier;

// Longest gazetteer name looked for in all-capital text.
constexpr std::size_t kMaxShoutingWords = 4;

bool IsCased(const Token& t) {
  return t.shape == WordShape::kCapital || t.shape == WordShape::kUpper ||
         t.shape == WordShape::kMixed;
}

// NameKey() runs ICU on its argument; names repeat, so their keys are kept.
class KeyCache {
 public:
  const std::string& Get(std::string_view surface) {
    auto it = keys_.find(std::string(surface));
    if (it != keys_.end()) return it->second;
    if (keys_.size() >= kMaxEntries) keys_.clear();
    return keys_.emplace(std::string(surface), NameKey(surface)).first->second;
  }

 private:
  static constexpr std::size_t kMaxEntries = 200000;
  std::unordered_map<std::string, std::string> keys_;
};

// A map for the handful of names of one article: a vector searched linearly beats
// hashing at this size, and keeps its memory from article to article.
template <typename V>
class SmallMap {
 public:
  using Item = std::pair<std::string, V>;
  using iterator = typename std::vector<Item>::iterator;
  using const_iterator = typename std::vector<Item>::const_iterator;
  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator end() const { return items_.end(); }
  iterator find(std::string_view key) {
    return std::find_if(items_.begin(), items_.end(), [key](const Item& i) { return i.first == key; });
  }
  const_iterator find(std::string_view key) const {
    return std::find_if(items_.begin(), items_.end(), [key](const Item& i) { return i.first == key; });
  }
  std::pair<iterator, bool> try_emplace(std::string_view key, V value) {
    iterator it = find(key);
    if (it != items_.end()) return {it, false};
    items_.emplace_back(std::string(key), value);
    return {items_.end() - 1, true};
  }
  std::size_t count(std::string_view key) { return find(key) != items_.end() ? 1 : 0; }
  bool empty() const { return items_.empty(); }
  void clear() { items_.clear(); }

 private:
  std::vector<Item> items_;
};

// One word of an article text, with what the recogniser needs to know about it.
struct Word {
  const Token* token = nullptr;
  // Copies of the token's fields the passes over every word read, so that they walk a
  // compact array instead of the tokens.
  WordShape shape = WordShape::kLower;
  bool sentence_start = false;
  bool shouting = false;       // in an all-capital sentence (a wire headline)
  std::uint8_t filter_bit = 0;  // FilterBit() of the folded word, for lower-case words
};

// A bit (of 64) for a word, from its length and its first and last letters: a one-word
// Bloom filter over the few words that start sentences.
std::uint8_t FilterBit(std::string_view w) {
  if (w.empty()) return 0;
  const unsigned h = static_cast<unsigned>(w.size()) * 7u + static_cast<unsigned char>(w[0]) * 3u +
                     static_cast<unsigned char>(w.back());
  return static_cast<std::uint8_t>(h & 63u);
}

bool IsAsciiText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Appends the word's part of a NameKey() from its folded form, without running ICU
// again for Latin words: dots and apostrophes go ("u.s" -> "us", "o'brien" -> "obrien").
void AppendWordKey(const Token& t, KeyCache* cache, std::string* key) {
  const std::string& f = t.folded;
  if (f.find_first_of(".'") == std::string::npos && IsAsciiText(f)) {
    key->append(f);  // most words: as folded
    return;
  }
  if (!IsAsciiText(f)) {
    *key += cache->Get(f);
    return;
  }
  for (char c : f) {
    if (c != '.' && c != '\'') key->push_back(c);
  }
}

// A name found in one text, before the article's entities are put together.
struct Candidate {
  EntityKind kind = EntityKind::kPerson;
  NameCue cue = NameCue::kContext;
  std::size_t part = 0;          // index in the texts
  std::size_t first = 0, count = 0;  // words of the name
  std::size_t title_first = 0;   // first word of its title ("President"), == first if none
  std::string canonical;         // gazetteer name, when the gazetteer knows it
  bool reference = false;        // a single word to resolve against the article's names
};

class Recognition {
 public:
  // One per recogniser: its buffers are reused from article to article.
  Recognition(const Gazetteer& gazetteer, const AliasTable* aliases)
      : gazetteer_(gazetteer), aliases_(aliases) {}

  void set_known_names(const KnownNames* known, std::vector<KnownLookup>* asked) {
    known_ = known;
    asked_ = asked;
  }

  void Run(const std::vector<ArticleText>& texts, const SourceNames& source, ArticleNames* out) {
    Reset(&texts, out);
    CollectLowerCaseWords();
    for (std::size_t p = 0; p < texts_->size(); ++p) FindCandidates(p);
    BuildEntities(source);
    ApplyAliasTable();
    Finish();
  }

 private:
  void Reset(const std::vector<ArticleText>* texts, ArticleNames* out) {
    texts_ = texts;
    out_ = out;
    if (words_.size() < texts->size()) words_.resize(texts->size());
    for (std::vector<Word>& words : words_) words.clear();
    starters_.clear();
    lower_starters_.clear();
    fixed_name_.clear();
    candidates_.clear();
    unresolved_.clear();
    shouting_.clear();
    shouting_skip_ = {0, 0};
    plural_honorific_ = {~std::size_t{0}, 0};
    dateline_words_.clear();
    entity_index_.clear();
    surnames_.clear();
    single_names_.clear();
  }

  // ---- Words ---------------------------------------------------------------------------

  void CollectLowerCaseWords() {
    for (std::size_t p = 0; p < texts_->size(); ++p) {
      const std::vector<Token>& tokens = *(*texts_)[p].tokens;
      std::vector<Word>& words = words_[p];
      words.reserve(tokens.size());
      for (const Token& t : tokens) {
        if (t.joined) continue;
        const bool lower = t.shape == WordShape::kLower;
        words.push_back(Word{&t, t.shape, t.sentence_start, false, lower ? FilterBit(t.folded) : std::uint8_t{0}});
        // Sentence-initial capitals that may be common words ("Analysts"); the never-name
        // list already knows "The" and "But".
        if (t.sentence_start && t.shape == WordShape::kCapital && !IsNeverName(t.folded)) {
          starters_.push_back(t.folded);
        }
      }
      MarkShouting(p);
    }
    FindStartersInLowerCase();
  }

  // Which sentence-initial capitalised words the article also writes in lower case:
  // they are common words ("Analysts", "Prices"), not names. Few words start sentences,
  // so they are compared with every lower-case word rather than hashing them all.
  void FindStartersInLowerCase() {
    // Sorted and unique, so that a long article with many sentences costs
    // O(words x log sentences), not O(words x sentences).
    std::sort(starters_.begin(), starters_.end());
    starters_.erase(std::unique(starters_.begin(), starters_.end()), starters_.end());
    lower_starters_.assign(starters_.size(), false);
    if (starters_.empty()) return;
    std::uint64_t filter = 0;  // a one-word Bloom filter over the starters
    for (std::string_view s : starters_) filter |= std::uint64_t{1} << FilterBit(s);
    for (const std::vector<Word>& words : words_) {
      for (const Word& w : words) {
        if (w.shape != WordShape::kLower || (filter & (std::uint64_t{1} << w.filter_bit)) == 0) {
          continue;
        }
        if (const std::size_t s = StarterIndex(w.token->folded); s < starters_.size()) {
          lower_starters_[s] = true;
        }
      }
    }
  }

  // The index of `folded` in starters_, or starters_.size().
  std::size_t StarterIndex(std::string_view folded) const {
    auto it = std::lower_bound(starters_.begin(), starters_.end(), folded);
    return it != starters_.end() && *it == folded ? static_cast<std::size_t>(it - starters_.begin())
                                                  : starters_.size();
  }

  bool WrittenInLowerCase(std::string_view folded) const {
    const std::size_t s = StarterIndex(folded);
    return s < starters_.size() && lower_starters_[s];
  }

  // A sentence of at least three cased words, nearly all in capitals, is a headline
  // or a table: its capitals say nothing about names.
  void MarkShouting(std::size_t p) {
    std::vector<Word>& words = words_[p];
    std::size_t start = 0;
    while (start < words.size()) {
      std::size_t end = start + 1;
      while (end < words.size() && !words[end].sentence_start) ++end;
      int upper = 0, cased = 0;
      for (std::size_t i = start; i < end; ++i) {
        const WordShape shape = words[i].shape;
        if (shape == WordShape::kNumber || shape == WordShape::kUncased) continue;
        if (shape == WordShape::kCapital && words[i].token->folded.size() < 2) continue;  // "A"
        ++cased;
        upper += shape == WordShape::kUpper;
      }
      const bool shouting = cased >= 3 && upper * 10 >= cased * 7;
      for (std::size_t i = start; i < end; ++i) words[i].shouting = shouting;
      start = end;
    }
  }

  std::string_view Gap(std::size_t p, std::size_t a, std::size_t b) const {
    const Token& left = *words_[p][a].token;
    const Token& right = *words_[p][b].token;
    if (right.begin < left.end) return {};
    return (*texts_)[p].text.substr(left.end, right.begin - left.end);
  }

  // Whether words a and a+1 can belong to one name: spaces (a line break but not a
  // blank line), "." after an initial or honorific, a hyphen, or "&".
  // The number of lower-case particles (1 or 2) at `i` that join the name word before
  // them to a name word after them; 0 when they do not.
  std::size_t ParticlesAt(std::size_t p, std::size_t i) const {
    const std::vector<Word>& words = words_[p];
    auto particle = [&](std::size_t k, bool second) {
      const Token& t = *words[k].token;
      return t.shape == WordShape::kLower && (IsNameParticle(t.folded) || (second && t.folded == "the"));
    };
    if (i == 0 || i + 1 >= words.size() || !particle(i, false) || !Joins(p, i - 1)) return 0;
    if (IsNameWord(p, i + 1) && Joins(p, i)) return 1;
    if (i + 2 < words.size() && particle(i + 1, true) && IsNameWord(p, i + 2) && Joins(p, i) &&
        Joins(p, i + 1)) {
      return 2;
    }
    return 0;
  }

  bool Joins(std::size_t p, std::size_t a) const {
    const Token& left = *words_[p][a].token;
    const Token& right = *words_[p][a + 1].token;
    if (right.position != left.position + 1) return false;
    // "Angela Merkel's Christian Democratic Union": a possessive ends a name, except
    // in names that hold one ("People's Republic of China").
    if (EndsPossessive(p, a) && left.folded != "people") return false;
    std::string_view gap = Gap(p, a, a + 1);
    if (gap.empty()) return false;
    if (gap.front() == '.') {
      const bool initial = left.folded.size() == 1 && left.shape != WordShape::kLower;
      if (!initial && !IsHonorific(left.folded)) return false;
      gap.remove_prefix(1);
      if (gap.empty()) return initial;  // "U.S" is one word; "J.R" two initials
    }
    if (gap == "-" || gap == "&" || gap == " & ") return true;
    int newlines = 0;
    for (char ch : gap) {
      if (ch == '\n') {
        if (++newlines > 1) return false;
      } else if (ch != ' ' && ch != '\t' && ch != '\r') {
        return false;
      }
    }
    return true;
  }

  bool IsNameWord(std::size_t p, std::size_t i) const {
    const Word& w = words_[p][i];
    return !w.shouting && (w.shape == WordShape::kCapital || w.shape == WordShape::kUpper ||
                           w.shape == WordShape::kMixed);
  }

  bool EndsPossessive(std::size_t p, std::size_t a) const {
    const Token& t = *words_[p][a].token;
    const std::string_view word = (*texts_)[p].text.substr(t.begin, t.end - t.begin);
    return word.ends_with("'s") || word.ends_with("\xE2\x80\x99s") || word.ends_with("'S") ||
           word.ends_with("\xE2\x80\x99S");
  }

  // A capitalised word that only starts a sentence: "The", "But", "Analysts" (written
  // in lower case elsewhere in the article).
  bool IsSentenceWord(std::size_t p, std::size_t i) const {
    const Token& t = *words_[p][i].token;
    if (t.shape == WordShape::kCapital && IsNeverName(t.folded)) return true;
    return t.sentence_start && t.shape == WordShape::kCapital && WrittenInLowerCase(t.folded);
  }

  std::string Surface(std::size_t p, std::size_t first, std::size_t count) const {
    const Token& a = *words_[p][first].token;
    const Token& b = *words_[p][first + count - 1].token;
    std::string_view raw = (*texts_)[p].text.substr(a.begin, b.end - a.begin);
    std::string out;
    out.reserve(raw.size());
    bool space = false;
    for (char ch : raw) {
      if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
        space = true;
        continue;
      }
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(ch);
    }
    // Possessives: "Putin's", "Putin’s", "Reuters’".
    for (std::string_view s : {std::string_view("'s"), std::string_view("\xE2\x80\x99s"),
                               std::string_view("'S"), std::string_view("\xE2\x80\x99S")}) {
      if (out.size() > s.size() && out.ends_with(s)) out.resize(out.size() - s.size());
    }
    // Initials keep their dot ("George W. Bush"); a final "U.S." too.
    if (b.end < (*texts_)[p].text.size() && (*texts_)[p].text[b.end] == '.' &&
        (b.folded.size() == 1 || b.folded.find('.') != std::string::npos)) {
      out.push_back('.');
    }
    return out;
  }

  // ---- Candidates ----------------------------------------------------------------------

  void FindCandidates(std::size_t p) {
    const std::vector<Word>& words = words_[p];
    if ((*texts_)[p].part == TextPart::kDateline) {
      FindDatelinePlace(p, 0);
      return;
    }
    if ((*texts_)[p].part == TextPart::kBody && !words.empty() && words[0].token->shape == WordShape::kUpper) {
      FindDatelinePlace(p, 0);
    }
    std::size_t i = 0;
    while (i < words.size()) {
      if (!IsNameWord(p, i)) {
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < words.size()) {
        if (IsNameWord(p, end) && Joins(p, end - 1)) {
          ++end;
          continue;
        }
        // "Bank of England", "Ludwig van Beethoven", and two particles: "Organization
        // of the Petroleum Exporting Countries", "Miguel de la Madrid".
        if (const std::size_t n = ParticlesAt(p, end); n > 0) {
          end += n + 1;
          continue;
        }
        break;
      }
      ClassifyRun(p, i, end);
      i = end;
    }
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (words[w].shouting) shouting_.push_back({p, w});
    }
  }

  // "BEIJING, Oct 18 -" and "SALVADOR, Feb 26 -": the words before the first comma.
  void FindDatelinePlace(std::size_t p, std::size_t first) {
    const std::vector<Word>& words = words_[p];
    std::size_t end = first;
    while (end < words.size() && end - first < 4) {
      const Token& t = *words[end].token;
      if (!IsCased(t)) break;
      ++end;
      if (end < words.size() && Gap(p, end - 1, end).find(',') != std::string_view::npos) break;
    }
    if (end == first || end >= words.size() + 1) return;
    if ((*texts_)[p].part != TextPart::kDateline) {
      // In a body, only when a date or "(Reuters)" follows the comma.
      if (end >= words.size() || Gap(p, end - 1, end).find(',') == std::string_view::npos) return;
      const Token& next = *words[end].token;
      if (!internal::IsMonth(next.folded) && Gap(p, end - 1, end).find('(') == std::string_view::npos) {
        return;
      }
    }
    Candidate c;
    c.kind = EntityKind::kPlace;
    c.cue = NameCue::kDateline;
    c.part = p;
    c.first = c.title_first = first;
    c.count = end - first;
    if (const Gazetteer::Entry* e = gazetteer_.Find(KeyOf(p, first, c.count))) c.canonical = e->name;
    dateline_words_.insert({p, first});
    candidates_.push_back(std::move(c));
  }

  // NameKey() of the words [first, first + count), from the words' folded forms.
  std::string KeyOf(std::size_t p, std::size_t first, std::size_t count) const {
    std::string key;
    for (std::size_t i = first; i < first + count; ++i) {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
      AppendWordKey(*words_[p][i].token, cache_, &key);
    }
    while (!key.empty() && key.back() == ' ') key.pop_back();
    return key;
  }
  const std::string& Key(std::string_view surface) const { return cache_->Get(surface); }

  const std::string& Folded(std::size_t p, std::size_t i) const { return words_[p][i].token->folded; }

  void ClassifyRun(std::size_t p, std::size_t first, std::size_t end) {
    if (dateline_words_.count({p, first})) return;
    // Leading words that are capitalised for the sentence, not for a name.
    while (first < end && IsSentenceWord(p, first)) {
      // "The Hague": keep a leading "The" the gazetteer knows.
      if (end - first >= 2 && gazetteer_.Find(KeyOf(p, first, end - first)) != nullptr) break;
      ++first;
    }
    // Trailing particles and capitalised common words ("Russian Federation March 20").
    while (end > first && (IsNameParticle(Folded(p, end - 1)) ||
                           (words_[p][end - 1].token->shape == WordShape::kCapital &&
                            IsNeverName(Folded(p, end - 1))))) {
      --end;
    }
    if (first >= end) return;
    if (SplitAtTitle(p, first, end)) return;
    ClassifyUntitled(p, first, end, first);
  }

  // The last title word of the run ("Chairman" in "Federal Reserve Board Chairman Paul
  // Volcker"): what follows is a person; what precedes, a place or an organisation.
  bool SplitAtTitle(std::size_t p, std::size_t first, std::size_t end) {
    std::size_t head = end;
    for (std::size_t i = end; i-- > first;) {
      if (IsTitleWord(p, i)) {
        head = i;
        break;
      }
    }
    if (head == end) return TitleBeforeRun(p, first, end);
    std::size_t title_first = head;
    while (title_first > first && (IsTitleModifier(Folded(p, title_first - 1)) ||
                                   IsTitleHead(Folded(p, title_first - 1)))) {
      --title_first;
    }
    std::size_t person = head + 1;
    // "Prime Minister of Hungary Viktor Orban": the title's "of X" is a place or body.
    if (person < end && Folded(p, person) == "of") person = SkipTitleComplement(p, person + 1, end);
    if (person >= end) {
      // A title with nobody after it ("the Bundesbank President said"): the words
      // before it may still be a name.
      if (title_first > first) ClassifyUntitled(p, first, title_first, first);
      return true;
    }
    if (title_first > first) ClassifyTitleOwner(p, first, title_first);
    // "Президент России Владимир Путин": words between the title and a given name belong
    // to the title ("of Russia").
    for (std::size_t g = person + 1; g + 1 < end; ++g) {
      if (IsGivenName(p, g) && !IsGivenName(p, person)) {
        person = g;
        break;
      }
    }
    AddPerson(p, person, end, title_first, NameCue::kTitle);
    if (internal::IsPluralHonorific(Folded(p, head))) plural_honorific_ = {p, end};
    return true;
  }

  // "of Hungary", "of State Atomic Energy Corporation Rosatom": the longest place the
  // gazetteer knows, or the words up to an organisation word. Returns the first word
  // after the complement.
  std::size_t SkipTitleComplement(std::size_t p, std::size_t first, std::size_t end) {
    const std::size_t longest = gazetteer_.WordsFrom(KeyOf(p, first, 1));
    for (std::size_t n = std::min(end - first, longest); n > 0; --n) {
      if (const Gazetteer::Entry* e = gazetteer_.Find(KeyOf(p, first, n))) {
        AddCandidate(e->kind, NameCue::kGazetteer, p, first, n, first, e->name);
        return first + n;
      }
    }
    // The person starts at the first given name; before it, the body's name ends at
    // its last organisation word ("Corporation"), and what follows that is the body's
    // own name ("Rosatom").
    std::size_t person = first + 1;
    while (person < end && !IsGivenName(p, person)) ++person;
    if (person >= end) return first;
    for (std::size_t i = person; i-- > first;) {
      if (!IsOrgWord(Folded(p, i))) continue;
      AddCandidate(EntityKind::kOrg, NameCue::kOrgWord, p, first, i + 1 - first, first, "");
      if (person > i + 1) {
        AddCandidate(EntityKind::kOrg, NameCue::kContext, p, i + 1, person - i - 1, i + 1, "");
      }
      break;
    }
    return person;
  }

  // A given name, also in Cyrillic or Greek ("Владимир" is "vladimir").
  bool IsGivenName(std::size_t p, std::size_t i) const {
    const std::string& folded = Folded(p, i);
    if (gazetteer_.IsGivenName(folded)) return true;
    return !IsAsciiText(folded) && gazetteer_.IsGivenName(Key(folded));
  }
  bool IsFamilyNameFirst(std::size_t p, std::size_t i) const {
    const std::string& folded = Folded(p, i);
    if (gazetteer_.IsFamilyNameFirst(folded)) return true;
    return !IsAsciiText(folded) && gazetteer_.IsFamilyNameFirst(Key(folded));
  }
  // Title words, also in Cyrillic ("Президент").
  bool IsTitleWord(std::size_t p, std::size_t i) const {
    const std::string& folded = Folded(p, i);
    if (IsTitleHead(folded) || IsHonorific(folded)) return true;
    return !IsAsciiText(folded) && IsTitleHead(Key(folded));
  }

  // What stands before a title: "Russian" (nothing), "U.S." (a place), "Gazprom" (an
  // organisation).
  void ClassifyTitleOwner(std::size_t p, std::size_t first, std::size_t end) {
    const std::string key = KeyOf(p, first, end - first);
    if (gazetteer_.IsDemonym(key)) return;
    // "West German Finance": the demonym may be followed by more title words.
    if (const Gazetteer::Entry* e = gazetteer_.Find(key)) {
      AddCandidate(e->kind, NameCue::kGazetteer, p, first, end - first, first, e->name);
      return;
    }
    if (end - first == 1 && IsNeverName(Folded(p, first))) return;
    for (std::size_t i = first; i < end; ++i) {
      if (gazetteer_.IsDemonym(Folded(p, i))) {
        if (i + 1 < end) ClassifyTitleOwner(p, i + 1, end);
        return;
      }
    }
    AddCandidate(EntityKind::kOrg, NameCue::kTitle, p, first, end - first, first, "");
  }

  // A title in lower case before the name: "said finance minister Gerhard Stoltenberg".
  bool TitleBeforeRun(std::size_t p, std::size_t first, std::size_t end) {
    if (first == 0) return false;
    const Token& before = *words_[p][first - 1].token;
    if (before.shape != WordShape::kLower || !IsTitleHead(before.folded)) return false;
    if (!Joins(p, first - 1)) return false;
    if (gazetteer_.Find(KeyOf(p, first, end - first)) != nullptr) return false;
    if (IsOrgWord(Folded(p, end - 1))) return false;
    AddPerson(p, first, end, first, NameCue::kTitle);
    return true;
  }

  void ClassifyUntitled(std::size_t p, std::size_t first, std::size_t end, std::size_t title_first) {
    const std::size_t count = end - first;
    const std::string key = KeyOf(p, first, count);
    if (key.empty()) return;
    if (const Gazetteer::Entry* e = gazetteer_.Find(key)) {
      AddCandidate(e->kind, NameCue::kGazetteer, p, first, count, title_first, e->name);
      return;
    }
    if (gazetteer_.IsDemonym(key)) return;
    // Organisation words: "Commodity Credit Corp", "Bank of England".
    for (std::size_t i = first; i < end; ++i) {
      if (!IsOrgWord(Folded(p, i))) continue;
      // "... Corporation Rosatom Alexei Likhachev": a person may follow the body's name.
      std::size_t org_end = end;
      for (std::size_t g = i + 1; g + 1 < end; ++g) {
        if (IsGivenName(p, g)) {
          org_end = g;
          break;
        }
      }
      if (count == 1 && words_[p][first].token->shape != WordShape::kUpper) break;  // "Bank"
      AddCandidate(EntityKind::kOrg, NameCue::kOrgWord, p, first, org_end - first, title_first, "");
      if (org_end < end) AddPerson(p, org_end, end, org_end, NameCue::kGivenName);
      return;
    }
    if (count == 1) {
      ClassifySingleWord(p, first, title_first);
      return;
    }
    // "Alexei Miller", "Xi Jinping", "Wang Guan".
    if (IsGivenName(p, first) || IsFamilyNameFirst(p, first)) {
      AddPerson(p, first, end, title_first, NameCue::kGivenName);
      return;
    }
    // "Gazprom Alexei Miller": a given name inside the run starts a person.
    for (std::size_t g = first + 1; g + 1 < end; ++g) {
      if (IsGivenName(p, g)) {
        ClassifyUntitled(p, first, g, first);
        AddPerson(p, g, end, g, NameCue::kGivenName);
        return;
      }
    }
    if (OrgContextBefore(p, first)) {
      AddCandidate(EntityKind::kOrg, NameCue::kContext, p, first, count, title_first, "");
      return;
    }
    // An unknown run of two or three words: a person when it speaks ("John Smith
    // said"), otherwise left for the article's other mentions to decide.
    if (count <= 3 && SpeechAfter(p, end - 1)) {
      AddPerson(p, first, end, title_first, NameCue::kContext);
      return;
    }
    Candidate c;
    c.part = p;
    c.first = c.title_first = first;
    c.count = count;
    c.reference = true;
    unresolved_.push_back(c);
  }

  void ClassifySingleWord(std::size_t p, std::size_t i, std::size_t title_first) {
    const Token& t = *words_[p][i].token;
    if (t.shape == WordShape::kUpper && IsAcronym(p, i)) {
      AddCandidate(EntityKind::kOrg, NameCue::kAcronym, p, i, 1, title_first, "");
      return;
    }
    if (t.shape == WordShape::kCapital && IsNeverName(t.folded)) return;
    if (OrgContextBefore(p, i)) {
      AddCandidate(EntityKind::kOrg, NameCue::kContext, p, i, 1, title_first, "");
      return;
    }
    // "Messrs. Putin and Xi": the second name of a plural honorific.
    if (plural_honorific_.first == p && plural_honorific_.second + 1 == i &&
        Folded(p, i - 1) == "and") {
      AddPerson(p, i, i + 1, i, NameCue::kTitle);
      return;
    }
    Candidate c;
    c.part = p;
    c.first = c.title_first = i;
    c.count = 1;
    c.reference = true;
    unresolved_.push_back(c);
  }

  bool IsAcronym(std::size_t p, std::size_t i) const {
    const Token& t = *words_[p][i].token;
    const std::string& w = t.folded;
    if (w.size() < 2 || w.size() > 8 || internal::IsWireAbbreviation(w)) return false;
    return std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '.'; });
  }

  bool OrgContextBefore(std::size_t p, std::size_t first) const {
    if (first == 0) return false;
    const Token& before = *words_[p][first - 1].token;
    return before.shape == WordShape::kLower && internal::IsOrgContext(before.folded) &&
           Joins(p, first - 1);
  }

  bool SpeechAfter(std::size_t p, std::size_t last) const {
    if (last + 1 >= words_[p].size()) return false;
    const Token& after = *words_[p][last + 1].token;
    return after.shape == WordShape::kLower && internal::IsSpeechVerb(after.folded) &&
           Joins(p, last);
  }

  void AddPerson(std::size_t p, std::size_t first, std::size_t end, std::size_t title_first,
                 NameCue cue) {
    // Drop a trailing particle or never-name word ("Putin The ..." cannot happen, but a
    // run can end in "Jr").
    while (end > first && IsNeverName(Folded(p, end - 1)) &&
           words_[p][end - 1].token->shape == WordShape::kCapital) {
      --end;
    }
    if (end <= first) return;
    AddCandidate(EntityKind::kPerson, cue, p, first, end - first, title_first, "");
  }

  void AddCandidate(EntityKind kind, NameCue cue, std::size_t p, std::size_t first,
                    std::size_t count, std::size_t title_first, std::string canonical) {
    Candidate c;
    c.kind = kind;
    c.cue = cue;
    c.part = p;
    c.first = first;
    c.count = count;
    c.title_first = std::min(title_first, first);
    c.canonical = std::move(canonical);
    candidates_.push_back(std::move(c));
  }

  // ---- Entities ------------------------------------------------------------------------

  // The entity of (kind, key), made on first use. A `fixed` name (the gazetteer's, the
  // source's) is kept; otherwise the fullest form written becomes the name.
  std::uint32_t EntityFor(EntityKind kind, const std::string& key, const std::string& name,
                          bool fixed) {
    std::string kinded(1, static_cast<char>('0' + static_cast<int>(kind)));
    kinded += key;
    auto [it, added] = entity_index_.try_emplace(kinded, static_cast<std::uint32_t>(out_->entities.size()));
    if (added) {
      ArticleEntity& e = out_->entities.emplace_back();
      e.kind = kind;
      e.key = key;
      e.name = name;
      fixed_name_.push_back(fixed);
    }
    return it->second;
  }

  void AddMention(std::uint32_t entity, const Candidate& c) {
    NameMention& m = out_->mentions.emplace_back();
    m.entity = entity;
    m.cue = c.cue;
    m.part = (*texts_)[c.part].part;
    const Token& first = *words_[c.part][c.first].token;
    m.position = first.position;
    m.words = static_cast<std::uint32_t>(c.count);
    m.begin = first.begin;
    m.end = words_[c.part][c.first + c.count - 1].token->end;
    m.surface = Surface(c.part, c.first, c.count);
    m.key = KeyOf(c.part, c.first, c.count);
    m.written = c.title_first < c.first ? Surface(c.part, c.title_first, c.first + c.count - c.title_first)
                                         : m.surface;
  }

  void BuildEntities(const SourceNames& source) {
    // Full names first, so that single words can refer to them.
    std::stable_sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
      const bool a_full = a.kind != EntityKind::kPerson || a.count > 1;
      const bool b_full = b.kind != EntityKind::kPerson || b.count > 1;
      return a_full && !b_full;
    });
    for (const Candidate& c : candidates_) {
      const std::string surface = Surface(c.part, c.first, c.count);
      std::string key = c.canonical.empty() ? KeyOf(c.part, c.first, c.count) : Key(c.canonical);
      if (key.empty()) continue;
      std::string name = c.canonical.empty() ? surface : c.canonical;
      if (c.kind == EntityKind::kPerson && c.count == 1) {
        if (std::optional<std::uint32_t> full = FindPersonByPart(key)) {
          AddMention(*full, c);
          continue;
        }
      }
      const std::uint32_t entity = EntityFor(c.kind, key, name, !c.canonical.empty());
      AddMention(entity, c);
      IndexEntity(entity, c);
      if (c.kind == EntityKind::kOrg) AddPlaceOfOrg(c);
    }
    // The source's names join before single words are resolved: "Putin" in a headline
    // refers to the "Vladimir Putin" the source lists.
    MergeSource(source);
    ResolveAcronymsInParentheses();
    for (const Candidate& c : unresolved_) ResolveReference(c);
    for (const auto& [p, i] : shouting_) ResolveShouting(p, i);
  }

  // "Bank of Japan", "Ministry of Finance of Russia": an organisation named after a
  // place names that place too (place:japan finds the Bank of Japan's statements).
  void AddPlaceOfOrg(const Candidate& org) {
    const std::size_t end = org.first + org.count;
    for (std::size_t i = org.first + 1; i + 1 < end; ++i) {
      if (Folded(org.part, i) != "of") continue;
      const std::size_t n = end - i - 1;
      const Gazetteer::Entry* e = gazetteer_.Find(KeyOf(org.part, i + 1, n));
      if (e == nullptr || e->kind != EntityKind::kPlace) continue;
      Candidate place;
      place.kind = EntityKind::kPlace;
      place.cue = NameCue::kGazetteer;
      place.part = org.part;
      place.first = place.title_first = i + 1;
      place.count = n;
      AddMention(EntityFor(e->kind, Key(e->name), e->name, true), place);
      return;
    }
  }

  // Names by which later single words can refer to an entity: a person's surname (and
  // family name when written first), an organisation's one-word name.
  void IndexEntity(std::uint32_t entity, const Candidate& c) {
    const ArticleEntity& e = out_->entities[entity];
    if (e.kind == EntityKind::kPerson && c.count > 1) {
      AddPart(surnames_, LastWord(e.key), entity);
      if (IsFamilyNameFirst(c.part, c.first)) AddPart(surnames_, FirstWord(e.key), entity);
    }
    if (e.kind == EntityKind::kPerson && c.count == 1) AddPart(surnames_, e.key, entity);
    if (e.kind != EntityKind::kPerson) {
      AddPart(single_names_, KeyOf(c.part, c.first, c.count), entity);
    }
  }

  static void AddPart(SmallMap<std::int64_t>& index, const std::string& key,
                      std::uint32_t entity) {
    auto [it, added] = index.try_emplace(key, entity);
    if (!added && it->second != entity) it->second = -1;  // two entities: ambiguous
  }

  static std::string LastWord(const std::string& key) {
    const std::size_t space = key.rfind(' ');
    return space == std::string::npos ? key : key.substr(space + 1);
  }
  static std::string FirstWord(const std::string& key) { return key.substr(0, key.find(' ')); }

  std::optional<std::uint32_t> FindPersonByPart(const std::string& key) const {
    auto it = surnames_.find(key);
    if (it == surnames_.end() || it->second < 0) return std::nullopt;
    const ArticleEntity& e = out_->entities[static_cast<std::size_t>(it->second)];
    if (e.key == key) return std::nullopt;  // the single-word person itself
    return static_cast<std::uint32_t>(it->second);
  }

  // "Organization of Petroleum Exporting Countries (OPEC)": the acronym is the org.
  void ResolveAcronymsInParentheses() {
    for (std::size_t i = 0; i < out_->mentions.size(); ++i) {
      const NameMention& m = out_->mentions[i];
      const ArticleEntity& e = out_->entities[m.entity];
      if (e.kind != EntityKind::kOrg || m.words < 2) continue;
      const ArticleText* text = TextOf(m.part);
      if (text == nullptr) continue;
      std::string_view rest = text->text.substr(m.end);
      if (!rest.starts_with(" (")) continue;
      const std::size_t close = rest.find(')');
      if (close == std::string_view::npos || close > 14) continue;
      const std::string acronym = Key(rest.substr(2, close - 2));
      if (acronym.empty() || acronym.find(' ') != std::string::npos) continue;
      AddPart(single_names_, acronym, m.entity);
    }
  }

  const ArticleText* TextOf(TextPart part) const {
    for (const ArticleText& t : *texts_) {
      if (t.part == part) return &t;
    }
    return nullptr;
  }

  // A single capitalised word, or an unknown run: a reference to a name of the article.
  void ResolveReference(const Candidate& c) {
    const std::string key = KeyOf(c.part, c.first, c.count);
    Candidate mention = c;
    mention.cue = NameCue::kReference;
    if (c.count == 1) {
      if (auto it = surnames_.find(key); it != surnames_.end() && it->second >= 0) {
        AddMention(static_cast<std::uint32_t>(it->second), mention);
        return;
      }
      if (auto it = single_names_.find(key); it != single_names_.end() && it->second >= 0) {
        AddMention(static_cast<std::uint32_t>(it->second), mention);
        return;
      }
      ResolveKnown(key, mention);
      return;
    }
    // "Paul Volcker" known elsewhere only as "Volcker": same surname, a person.
    if (auto it = surnames_.find(LastWord(key)); it != surnames_.end() && it->second >= 0) {
      ArticleEntity& e = out_->entities[static_cast<std::size_t>(it->second)];
      if (e.kind == EntityKind::kPerson && e.key.find(' ') == std::string::npos) {
        // The fuller name becomes the entity's key.
        e.key = key;
        e.name = Surface(c.part, c.first, c.count);
      }
      AddMention(static_cast<std::uint32_t>(it->second), mention);
    }
  }

  // A word of an all-capital headline: a name the article gives elsewhere, or one the
  // gazetteer knows ("PUTIN ARRIVES IN BEIJING").
  void ResolveShouting(std::size_t p, std::size_t i) {
    if (p == shouting_skip_.first && i < shouting_skip_.second) return;
    const std::vector<Word>& words = words_[p];
    std::string& key = scratch_key_;  // grows into the longest name tried
    key.clear();
    AppendWordKey(*words[i].token, cache_, &key);
    const std::string word = key;
    if (word.size() < 2 || IsNeverName(word) || internal::IsWireAbbreviation(word)) return;
    // The longest place or organisation the gazetteer knows, starting here.
    std::size_t best = 0;
    const Gazetteer::Entry* best_entry = nullptr;
    const std::size_t longest = std::min(gazetteer_.WordsFrom(word), kMaxShoutingWords);
    if (longest == 0 && surnames_.empty() && single_names_.empty() && known_ == nullptr) return;
    for (std::size_t n = 1; n <= longest && i + n <= words.size(); ++n) {
      if (n > 1) {
        if (!words[i + n - 1].shouting || !Joins(p, i + n - 2)) break;
        key.push_back(' ');
        AppendWordKey(*words[i + n - 1].token, cache_, &key);
      }
      const Gazetteer::Entry* e = gazetteer_.Find(key);
      if (e != nullptr && (n > 1 || key.size() > 2)) {
        best = n;
        best_entry = e;
      }
    }
    Candidate c;
    c.part = p;
    c.first = c.title_first = i;
    c.count = best == 0 ? 1 : best;
    c.cue = NameCue::kReference;
    if (best_entry != nullptr) {
      c.cue = NameCue::kGazetteer;
      c.kind = best_entry->kind;
      AddMention(EntityFor(best_entry->kind, Key(best_entry->name), best_entry->name, true), c);
      shouting_skip_ = {p, i + best};
      return;
    }
    if (auto it = surnames_.find(word); it != surnames_.end() && it->second >= 0) {
      AddMention(static_cast<std::uint32_t>(it->second), c);
    } else if (auto it2 = single_names_.find(word); it2 != single_names_.end() && it2->second >= 0) {
      AddMention(static_cast<std::uint32_t>(it2->second), c);
    } else {
      ResolveKnown(word, c);
    }
  }

  // A word the article does not explain, but the archive does: "VOLCKER" is the Paul
  // Volcker earlier articles named in full.
  void ResolveKnown(const std::string& word, Candidate c) {
    if (known_ == nullptr) return;
    const KnownNames::Known* known = known_->Lookup(word);
    if (asked_ != nullptr) {
      asked_->push_back(known == nullptr ? KnownLookup{word}
                                         : KnownLookup{word, true, known->kind, known->key, known->name});
    }
    if (known == nullptr) return;
    c.cue = NameCue::kKnown;
    const std::uint32_t entity = EntityFor(known->kind, known->key, known->name, true);
    AddMention(entity, c);
    if (known->kind == EntityKind::kPerson) AddPart(surnames_, word, entity);
  }

  // ---- Source names, aliases, and the final entity records -----------------------------

  void MergeSource(const SourceNames& source) {
    MergeSourceList(source.people, EntityKind::kPerson);
    MergeSourceList(source.orgs, EntityKind::kOrg);
    MergeSourceList(source.places, EntityKind::kPlace);
  }

  void MergeSourceList(const std::vector<std::string>* names, EntityKind kind) {
    if (names == nullptr) return;
    for (const std::string& value : *names) {
      std::string key = Key(value);
      if (key.empty()) continue;
      std::string name = SourceNameAsWritten(value);
      if (kind != EntityKind::kPerson) {
        if (const Gazetteer::Entry* e = gazetteer_.Find(key); e != nullptr && e->kind == kind) {
          name = e->name;
          key = Key(e->name);
        }
      }
      std::optional<std::uint32_t> match = FindSourceMatch(kind, key);
      if (!match) {
        match = EntityFor(kind, key, name, true);
        if (kind == EntityKind::kPerson) {
          AddPart(surnames_, LastWord(key), *match);
        } else if (key.find(' ') == std::string::npos) {
          AddPart(single_names_, key, *match);
        }
      }
      out_->entities[*match].from_metadata = true;
    }
  }

  // Sources that give names as lower-case codes ("james-baker") get them shown as
  // names ("James Baker"); anything else is kept as the source wrote it.
  static std::string SourceNameAsWritten(const std::string& value) {
    const bool code = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '-' || c == ' ';
    });
    if (!code) return value;
    std::string name = value;
    bool word_start = true;
    for (char& c : name) {
      if (c == '-') c = ' ';
      if (word_start && c != ' ') c = static_cast<char>(c - 'a' + 'A');
      word_start = c == ' ';
    }
    return name;
  }

  // The entity of the text a source name stands for: the same key, or for people the
  // same surname ("reagan" or "ronald-reagan" for "Ronald Reagan").
  std::optional<std::uint32_t> FindSourceMatch(EntityKind kind, const std::string& key) const {
    const std::string surname = LastWord(key);
    std::optional<std::uint32_t> by_surname;
    for (std::uint32_t i = 0; i < out_->entities.size(); ++i) {
      const ArticleEntity& e = out_->entities[i];
      if (e.kind != kind) continue;
      if (e.key == key) return i;
      if (kind == EntityKind::kPerson && LastWord(e.key) == surname) by_surname = i;
      if (kind == EntityKind::kOrg) {
        auto it = single_names_.find(key);
        if (it != single_names_.end() && it->second == i) return i;
      }
    }
    return by_surname;
  }

  void ApplyAliasTable() {
    if (aliases_ == nullptr || aliases_->empty()) return;
    std::unordered_map<std::string, int> article_words;
    for (const std::vector<Word>& words : words_) {
      for (const Word& w : words) ++article_words[w.token->folded];
    }
    for (ArticleEntity& e : out_->entities) {
      if (auto target = aliases_->Resolve(e.kind, e.key, article_words)) {
        e.key = target->first;
        e.name = target->second;
        fixed_name_[static_cast<std::size_t>(&e - out_->entities.data())] = true;
      }
    }
    MergeEntitiesWithEqualKeys();
  }

  // After the alias table, two entities may share a key: fold the later into the first.
  void MergeEntitiesWithEqualKeys() {
    std::map<std::pair<EntityKind, std::string>, std::uint32_t> first;
    std::vector<std::uint32_t> remap(out_->entities.size());
    std::vector<ArticleEntity> merged;
    std::vector<bool> fixed;
    for (std::uint32_t i = 0; i < out_->entities.size(); ++i) {
      ArticleEntity& e = out_->entities[i];
      auto [it, added] = first.try_emplace({e.kind, e.key}, static_cast<std::uint32_t>(merged.size()));
      if (added) {
        merged.push_back(std::move(e));
        fixed.push_back(fixed_name_[i]);
      } else {
        merged[it->second].from_metadata |= e.from_metadata;
      }
      remap[i] = it->second;
    }
    for (NameMention& m : out_->mentions) m.entity = remap[m.entity];
    out_->entities = std::move(merged);
    fixed_name_ = std::move(fixed);
  }

  void Finish() {
    std::stable_sort(out_->mentions.begin(), out_->mentions.end(),
                     [](const NameMention& a, const NameMention& b) { return a.position < b.position; });
    std::uint32_t body_start = 0;
    bool has_body = false;
    for (const ArticleText& t : *texts_) {
      if (t.part == TextPart::kBody && t.tokens != nullptr && !t.tokens->empty()) {
        body_start = t.tokens->front().position;
        has_body = true;
      }
    }
    std::vector<const std::string*> fullest(out_->entities.size(), nullptr);
    for (const NameMention& m : out_->mentions) {
      ArticleEntity& e = out_->entities[m.entity];
      ++e.mentions;
      e.in_title |= m.part == TextPart::kTitle;
      e.in_lede |= has_body && m.part != TextPart::kTitle && m.position < body_start + kLedeWords;
      CountAlias(&e, m);
      const std::string*& best = fullest[m.entity];
      if (m.key == e.key && (best == nullptr || m.surface.size() > best->size())) best = &m.surface;
    }
    for (std::size_t i = 0; i < out_->entities.size(); ++i) {
      ArticleEntity& e = out_->entities[i];
      std::stable_sort(e.aliases.begin(), e.aliases.end(),
                       [](const NameAlias& a, const NameAlias& b) { return a.count > b.count; });
      // The fullest form written whose key is the entity's, unless the name is fixed
      // (the gazetteer's, the source's, the alias table's).
      if (!fixed_name_[i] && fullest[i] != nullptr) e.name = *fullest[i];
      if (e.name.empty()) e.name = e.key;
      // Named only by the source: its name is the one form the archive has seen.
      if (e.aliases.empty()) e.aliases.push_back(NameAlias{e.name, 1, false});
    }
  }

  static void CountAlias(ArticleEntity* e, const NameMention& m) {
    for (const std::string* form : {&m.surface, &m.written}) {
      const bool titled = form == &m.written;
      if (titled && m.written == m.surface) continue;
      auto it = std::find_if(e->aliases.begin(), e->aliases.end(),
                             [&](const NameAlias& a) { return a.written == *form; });
      if (it == e->aliases.end()) {
        e->aliases.push_back(NameAlias{*form, 1, titled});
      } else {
        ++it->count;
      }
    }
  }

  const Gazetteer& gazetteer_;
  const AliasTable* aliases_;
  const KnownNames* known_ = nullptr;
  std::vector<KnownLookup>* asked_ = nullptr;
  KeyCache cache_storage_;
  KeyCache* cache_ = &cache_storage_;
  const std::vector<ArticleText>* texts_ = nullptr;
  ArticleNames* out_ = nullptr;
  std::vector<std::vector<Word>> words_;  // per text
  std::vector<std::string_view> starters_;  // sentence-initial capitalised words
  std::vector<bool> lower_starters_;        // ... also written in lower case
  std::vector<bool> fixed_name_;  // per entity: keep its name
  std::vector<Candidate> candidates_;
  std::vector<Candidate> unresolved_;
  std::vector<std::pair<std::size_t, std::size_t>> shouting_;
  std::pair<std::size_t, std::size_t> shouting_skip_{0, 0};
  std::pair<std::size_t, std::size_t> plural_honorific_{~std::size_t{0}, 0};
  std::set<std::pair<std::size_t, std::size_t>> dateline_words_;
  SmallMap<std::uint32_t> entity_index_;  // kind code + key
  std::string scratch_key_;
  SmallMap<std::int64_t> surnames_;       // -1: ambiguous
  SmallMap<std::int64_t> single_names_;   // orgs and places
};

}  // namespace

struct NameRecognizer::Impl {
  Impl(const Gazetteer& gazetteer, const AliasTable* aliases) : recognition(gazetteer, aliases) {}
  Recognition recognition;
};

NameRecognizer::NameRecognizer(const Gazetteer& gazetteer, const AliasTable* aliases)
    : impl_(std::make_unique<Impl>(gazetteer, aliases)) {}

NameRecognizer::~NameRecognizer() = default;

void NameRecognizer::set_known_names(const KnownNames* known, std::vector<KnownLookup>* asked) {
  impl_->recognition.set_known_names(known, asked);
}

void NameRecognizer::Recognize(const std::vector<ArticleText>& texts, const SourceNames& source,
                               ArticleNames* out) {
  assert(out != nullptr);
  out->clear();
  impl_->recognition.Run(texts, source, out);
}

}  // namespace newsdex::text

// names_bench: how well the name recogniser (common/text/names.h) finds the people,
// places and organisations of news stories, and what it costs next to analysis.
//
//   build-bench/benchmarks/names_bench [--corpus DIR] [--annotated FILE] [--runs N]
//                                      [--verbose] [--json]
//
// Three measurements, all with the text recogniser alone (no source metadata):
//   reuters     recall of the Reuters-21578 PEOPLE/PLACES/ORGS tags that the story's
//               text names, the most frequent misses, and "type precision": among
//               recognised names that are in one of Reuters' vocabularies, the fraction
//               recognised as the vocabulary's type (type confusion, not spurious names);
//   annotated   exact precision, recall and F1 per kind on tests/data/names/annotated.jsonl,
//               invented stories with every name listed;
//   throughput  MB/s of Analyzer::Analyze and of NameRecognizer::Recognize over all of
//               Reuters, and their ratio.
// Prints a table, or one JSON object with --json.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text/analyzer.h"
#include "common/text/names.h"
#include "indexer/article_indexer.h"
#include "indexer/readers/reader.h"

namespace {

namespace fs = std::filesystem;
namespace text = newsdex::text;
using nlohmann::json;
using text::ArticleEntity;
using text::ArticleNames;
using text::EntityKind;
using text::TextPart;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kTopMisses = 15;
constexpr std::size_t kListedErrors = 20;
constexpr std::size_t kContextBytes = 100;

int KindIndex(EntityKind kind) { return static_cast<int>(kind); }

// ---------------------------------------------------------------------------------------
// Options

struct BenchOptions {
  std::string corpus = std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578";
  std::string annotated = std::string(NEWSDEX_TEST_DATA_DIR) + "/names/annotated.jsonl";
  int runs = 3;
  bool verbose = false;
  bool json = false;
};

constexpr const char* kUsage =
    "usage: names_bench [--corpus DIR] [--annotated FILE] [--runs N] [--verbose] [--json]\n"
    "  --corpus DIR      Reuters-21578 folder (reut2-*.sgm.gz and all-*-strings.lc.txt)\n"
    "  --annotated FILE  JSON Lines: {title, body, people, orgs, places[, dateline, language]}\n"
    "  --runs N          throughput runs (default 3)\n"
    "  --verbose         list false positives and misses of the annotated set\n"
    "  --json            print one JSON object instead of the table\n";

[[noreturn]] void Fail(int code, const std::string& message) {
  std::fprintf(stderr, "names_bench: %s\n", message.c_str());
  std::exit(code);
}

BenchOptions ParseOptions(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--corpus" && has_value) {
      options.corpus = argv[++i];
    } else if (arg == "--annotated" && has_value) {
      options.annotated = argv[++i];
    } else if (arg == "--runs" && has_value) {
      options.runs = std::atoi(argv[++i]);
      if (options.runs < 1) Fail(1, "--runs needs a positive number");
    } else {
      std::fputs(kUsage, stderr);
      Fail(1, "unknown or incomplete option: " + std::string(arg));
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------
// Stories: read, analysed and recognised as the indexer does

std::vector<newsdex::Article> ReadReuters(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("reut2-") && name.ends_with(".sgm.gz")) files.push_back(e.path().string());
  }
  if (ec || files.empty()) Fail(2, "IOError: " + dir + ": no reut2-*.sgm.gz files");
  std::sort(files.begin(), files.end());
  std::vector<newsdex::Article> stories;
  for (const std::string& file : files) {
    auto reader = newsdex::indexer::OpenReader(file, {});
    if (!reader.ok()) Fail(2, reader.status().ToString());
    newsdex::indexer::SourceRecord record;
    while ((*reader)->Next(&record)) stories.push_back(std::move(record.article));
  }
  return stories;
}

std::uint64_t TextBytes(const newsdex::Article& story) {
  return story.title.size() + story.dateline.size() + story.body.size();
}

// The tokens of one story: title from position 0, dateline and body after the same gap
// as ArticleIndexer leaves.
struct AnalysedStory {
  std::vector<text::Token> title, dateline, body;
};

void AnalyseStory(text::Analyzer& analyzer, const newsdex::Article& story, AnalysedStory* out) {
  out->title.clear();
  out->dateline.clear();
  out->body.clear();
  const std::string_view language = story.language.empty() ? "en" : story.language;
  std::uint32_t pos = analyzer.Analyze(story.title, language, &out->title, 0);
  pos =
      analyzer.Analyze(story.dateline, language, &out->dateline, pos + newsdex::indexer::kFieldGap);
  analyzer.Analyze(story.body, language, &out->body, pos);
}

void RecogniseStory(text::NameRecognizer& recognizer, const newsdex::Article& story,
                    const AnalysedStory& tokens, ArticleNames* names) {
  recognizer.Recognize({{story.title, &tokens.title, TextPart::kTitle},
                        {story.dateline, &tokens.dateline, TextPart::kDateline},
                        {story.body, &tokens.body, TextPart::kBody}},
                       text::SourceNames{} /* no metadata: we score the text alone */, names);
}

// Every key an entity answers to: its key and the NameKey of each untitled alias.
std::vector<std::string> EntityKeys(const ArticleEntity& entity) {
  std::vector<std::string> keys{entity.key};
  for (const text::NameAlias& alias : entity.aliases) {
    if (alias.titled) continue;
    std::string key = text::NameKey(alias.written);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  return keys;
}

std::vector<std::string> SplitWords(std::string_view key) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) words.emplace_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool HasWord(const std::vector<std::string>& keys, std::string_view word) {
  for (const std::string& key : keys) {
    for (const std::string& w : SplitWords(key)) {
      if (w == word) return true;
    }
  }
  return false;
}

std::string KindLabel(EntityKind kind) { return std::string(text::EntityKindName(kind)); }

constexpr EntityKind kReportOrder[] = {EntityKind::kPerson, EntityKind::kPlace, EntityKind::kOrg};

std::string Describe(const ArticleEntity& entity) {
  return KindLabel(entity.kind) + " '" + entity.name + "'";
}

// ---------------------------------------------------------------------------------------
// Where a name is written in a story

// One text of a story written like a NameKey (ASCII lower case, dots dropped, hyphens and
// line breaks as single spaces: "U.S.-Japan" -> "us japan"), so that keys can be looked
// up in it. origin[i] is the offset in `original` of folded[i].
struct FoldedText {
  TextPart part = TextPart::kBody;
  std::string_view original;
  std::string folded;
  std::vector<std::uint32_t> origin;
};
using StoryText = std::array<FoldedText, 3>;  // title, dateline, body

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

FoldedText FoldText(TextPart part, std::string_view original) {
  FoldedText out{part, original, {}, {}};
  for (std::size_t i = 0; i < original.size(); ++i) {
    char c = original[i];
    if (c == '.') continue;
    if (c == '-' || IsSpace(c)) c = ' ';
    if (c == ' ' && !out.folded.empty() && out.folded.back() == ' ') continue;
    out.folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.origin.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

StoryText FoldStory(const newsdex::Article& story) {
  return {FoldText(TextPart::kTitle, story.title), FoldText(TextPart::kDateline, story.dateline),
          FoldText(TextPart::kBody, story.body)};
}

bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

// Where a name is written: a byte range of one text of the story.
struct Occurrence {
  const FoldedText* text = nullptr;
  std::uint32_t begin = 0, end = 0;
};

// Every occurrence of `key` (a NameKey) as whole words, compared without case but not
// written all in lower case ("Baker", "BAKER", "U.S." count; the words "baker", "us" and
// "aid" do not), in text order.
std::vector<Occurrence> FindWrittenName(const StoryText& story, std::string_view key) {
  std::vector<Occurrence> found;
  if (key.empty()) return found;
  const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  for (const FoldedText& text : story) {
    const std::string& folded = text.folded;
    for (std::size_t at = folded.find(key); at != std::string::npos;
         at = folded.find(key, at + 1)) {
      const std::size_t end = at + key.size();
      if (at > 0 && IsWordByte(folded[at - 1])) continue;
      if (end < folded.size() && IsWordByte(folded[end])) continue;
      const Occurrence o{&text, text.origin[at], text.origin[end - 1] + 1};
      if (std::any_of(text.original.begin() + o.begin, text.original.begin() + o.end, upper)) {
        found.push_back(o);
      }
    }
  }
  return found;
}

// The mention of a longer name that holds `o` ("Japan" in "Bank of Japan"), or nullptr.
const text::NameMention* LongerNameHolding(const Occurrence& o, const ArticleNames& names) {
  for (const text::NameMention& m : names.mentions) {
    if (m.part == o.text->part && m.begin <= o.begin && o.end <= m.end &&
        m.end - m.begin > o.end - o.begin) {
      return &m;
    }
  }
  return nullptr;
}

std::size_t Utf8Start(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// About kContextBytes of text around `o`, cut at spaces, on one line.
std::string ContextAround(const Occurrence& o) {
  const std::string_view text = o.text->original;
  std::size_t begin = o.begin > kContextBytes * 2 / 5 ? o.begin - kContextBytes * 2 / 5 : 0;
  std::size_t end = std::min(text.size(), begin + kContextBytes);
  if (begin > 0) {
    const std::size_t space = text.find_first_of(" \n", begin);
    if (space != std::string_view::npos && space < o.begin) begin = space + 1;
  }
  if (end < text.size()) {
    const std::size_t space = text.find_last_of(" \n", end);
    if (space != std::string_view::npos && space > o.end) end = space;
  }
  begin = Utf8Start(text, begin);
  end = Utf8Start(text, end);
  std::string out = begin > 0 ? "..." : "";
  for (char c : text.substr(begin, end - begin)) {
    if (!IsSpace(c)) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out + (end < text.size() ? "..." : "");
}

// ---------------------------------------------------------------------------------------
// Reuters tags: what counts as named in the text, and as recognised

// A place or organisation tag ("west-germany", "opec") with the keys an entity may have
// for it and the keys of the forms the text may write it in.
struct TagNames {
  std::string key;                 // NameKey("west germany")
  std::string canonical;           // NameKey of the gazetteer's canonical name; empty if unknown
  std::vector<std::string> forms;  // "west germany", "w germany", ...; "usa", "us", ...
};

TagNames NamesOfTag(const std::string& tag) {
  TagNames names;
  std::string words = tag;
  std::replace(words.begin(), words.end(), '-', ' ');
  names.key = text::NameKey(words);
  names.forms.push_back(names.key);
  const text::Gazetteer& gazetteer = text::Gazetteer::Default();
  if (const text::Gazetteer::Entry* entry = gazetteer.Find(names.key)) {
    names.canonical = text::NameKey(entry->name);
    names.forms.push_back(names.canonical);
    if (const std::vector<std::string>* aliases = gazetteer.AliasesOf(names.canonical)) {
      names.forms.insert(names.forms.end(), aliases->begin(), aliases->end());
    }
  }
  std::sort(names.forms.begin(), names.forms.end());
  names.forms.erase(std::unique(names.forms.begin(), names.forms.end()), names.forms.end());
  return names;
}

const TagNames& CachedTagNames(const std::string& tag) {
  static std::unordered_map<std::string, TagNames> cache;
  auto it = cache.find(tag);
  if (it == cache.end()) it = cache.emplace(tag, NamesOfTag(tag)).first;
  return it->second;
}

std::string TagSurname(const std::string& tag) {  // "james-baker" -> "baker"
  const std::size_t dash = tag.rfind('-');
  return dash == std::string::npos ? tag : tag.substr(dash + 1);
}

// One tag of one story, as the scorer saw it.
struct TagOutcome {
  bool appears = false;
  bool recognised = false;
  bool nested = false;   // written only inside longer recognised names ("Bank of Japan")
  std::string context;   // around the first occurrence
  std::string found_as;  // what the name went to instead, if anything
};

// Fills the parts of a miss: where it is written, and the longer name holding it.
void DescribeMiss(const std::vector<Occurrence>& written, const ArticleNames& names,
                  TagOutcome* out) {
  out->context = ContextAround(written.front());
  out->nested = true;
  const text::NameMention* first_holder = nullptr;
  for (const Occurrence& o : written) {
    const text::NameMention* holder = LongerNameHolding(o, names);
    if (holder == nullptr) out->nested = false;
    if (first_holder == nullptr) first_holder = holder;
  }
  if (out->found_as.empty() && first_holder != nullptr) {
    out->found_as = "inside " + Describe(names.entities[first_holder->entity]);
  }
}

std::vector<Occurrence> FindAnyForm(const StoryText& story, const std::vector<std::string>& forms) {
  std::vector<Occurrence> written;
  for (const std::string& form : forms) {
    std::vector<Occurrence> more = FindWrittenName(story, form);
    written.insert(written.end(), more.begin(), more.end());
  }
  std::stable_sort(written.begin(), written.end(), [](const Occurrence& a, const Occurrence& b) {
    return a.text->part != b.text->part ? a.text->part < b.text->part : a.begin < b.begin;
  });
  return written;
}

TagOutcome ScorePersonTag(const std::string& tag, const StoryText& story,
                          const ArticleNames& names) {
  TagOutcome out;
  const std::string surname_key = text::NameKey(TagSurname(tag));
  const std::vector<Occurrence> written = FindWrittenName(story, surname_key);
  out.appears = !written.empty();
  if (!out.appears) return out;
  for (const ArticleEntity& entity : names.entities) {
    if (!HasWord(EntityKeys(entity), surname_key)) continue;
    if (entity.kind == EntityKind::kPerson) {
      out.recognised = true;
      return out;
    }
    if (out.found_as.empty()) out.found_as = "found as " + Describe(entity);
  }
  for (const ArticleEntity& entity : names.entities) {  // only in a titled form?
    for (const text::NameAlias& alias : entity.aliases) {
      if (out.found_as.empty() && alias.titled &&
          HasWord({text::NameKey(alias.written)}, surname_key)) {
        out.found_as = "only titled: " + Describe(entity) + " as '" + alias.written + "'";
      }
    }
  }
  DescribeMiss(written, names, &out);
  return out;
}

TagOutcome ScorePlaceOrOrgTag(const std::string& tag, EntityKind kind, const StoryText& story,
                              const ArticleNames& names) {
  TagOutcome out;
  const TagNames& tag_names = CachedTagNames(tag);
  const std::vector<Occurrence> written = FindAnyForm(story, tag_names.forms);
  out.appears = !written.empty();
  if (!out.appears) return out;
  auto is_tag = [&](const std::string& key) {
    return key == tag_names.key || (!tag_names.canonical.empty() && key == tag_names.canonical);
  };
  for (const ArticleEntity& entity : names.entities) {
    if (entity.kind == kind && is_tag(entity.key)) {
      out.recognised = true;
      return out;
    }
  }
  for (const ArticleEntity& entity : names.entities) {
    const std::vector<std::string> keys = EntityKeys(entity);
    const bool alias = std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return is_tag(key) || std::find(tag_names.forms.begin(), tag_names.forms.end(), key) !=
                                tag_names.forms.end();
    });
    if (alias && out.found_as.empty()) out.found_as = "found as " + Describe(entity);
  }
  DescribeMiss(written, names, &out);
  return out;
}

// Counts of one kind over the corpus, and its misses by tag.
struct Miss {
  int stories = 0;
  int nested = 0;  // stories where it was written only inside longer names
  std::string context;
  std::map<std::string, int> found_as;
};

struct TagTally {
  int tags = 0, appearing = 0, recognised = 0;
  int nested = 0;  // misses written only inside longer recognised names
  std::map<std::string, Miss> misses;
  double Recall() const { return appearing ? double(recognised) / appearing : 0; }
  // Recall when names written only inside longer names ("Bank of Japan") are not asked for.
  double RecallOutsideNames() const {
    return appearing > nested ? double(recognised) / (appearing - nested) : 0;
  }
};

void Count(const std::string& tag, const TagOutcome& outcome, TagTally* tally) {
  ++tally->tags;
  if (!outcome.appears) return;
  ++tally->appearing;
  if (outcome.recognised) {
    ++tally->recognised;
    return;
  }
  tally->nested += outcome.nested;
  Miss& miss = tally->misses[tag];
  miss.nested += outcome.nested;
  if (miss.stories++ == 0) miss.context = outcome.context;
  if (!outcome.found_as.empty()) ++miss.found_as[outcome.found_as];
}

// ---------------------------------------------------------------------------------------
// Type precision: recognised names that are in a Reuters vocabulary, by type

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) Fail(2, "IOError: " + path + ": cannot open");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Reuters' vocabularies as keys: surnames of people; places and organisations with the
// gazetteer's canonical key next to their own.
struct ReutersVocabulary {
  std::unordered_set<std::string> surnames, places, orgs;
};

ReutersVocabulary LoadVocabulary(const std::string& dir) {
  ReutersVocabulary vocabulary;
  for (const std::string& tag : ReadLines(dir + "/all-people-strings.lc.txt")) {
    vocabulary.surnames.insert(text::NameKey(TagSurname(tag)));
  }
  auto add_tags = [&](const std::string& file, std::unordered_set<std::string>* keys) {
    for (const std::string& tag : ReadLines(dir + "/" + file)) {
      const TagNames& names = CachedTagNames(tag);
      keys->insert(names.key);
      if (!names.canonical.empty()) keys->insert(names.canonical);
    }
  };
  add_tags("all-places-strings.lc.txt", &vocabulary.places);
  add_tags("all-orgs-strings.lc.txt", &vocabulary.orgs);
  return vocabulary;
}

// The vocabulary types a recognised key belongs to, by EntityKind index.
std::array<bool, 3> VocabularyTypes(const ReutersVocabulary& vocabulary, const std::string& key) {
  std::array<bool, 3> types{false, false, false};
  const std::vector<std::string> words = SplitWords(key);
  std::string canonical;
  const text::Gazetteer::Entry* entry = text::Gazetteer::Default().Find(key);
  if (entry != nullptr) canonical = text::NameKey(entry->name);
  // A surname the gazetteer knows as a place or organisation ("Madrid", "Colombo") says
  // nothing about the type.
  types[KindIndex(EntityKind::kPerson)] =
      entry == nullptr && !words.empty() && vocabulary.surnames.count(words.back()) > 0;
  auto in = [&](const std::unordered_set<std::string>& keys) {
    return keys.count(key) > 0 || (!canonical.empty() && keys.count(canonical) > 0);
  };
  types[KindIndex(EntityKind::kPlace)] = in(vocabulary.places);
  types[KindIndex(EntityKind::kOrg)] = in(vocabulary.orgs);
  return types;
}

// confusion[recognised kind][vocabulary type]: entities per story.
struct TypePrecision {
  std::array<std::array<int, 3>, 3> confusion{};
  std::array<int, 3> in_vocabulary{}, same_type{};
  std::array<std::map<std::string, int>, 3> confused;  // names recognised as the wrong type
  double Of(int kind) const {
    return in_vocabulary[kind] ? double(same_type[kind]) / in_vocabulary[kind] : 0;
  }
};

void CountTypes(const ReutersVocabulary& vocabulary, const ArticleNames& names, TypePrecision* tp) {
  for (const ArticleEntity& entity : names.entities) {
    const std::array<bool, 3> types = VocabularyTypes(vocabulary, entity.key);
    if (!types[0] && !types[1] && !types[2]) continue;
    const int kind = KindIndex(entity.kind);
    ++tp->in_vocabulary[kind];
    if (types[kind]) {
      ++tp->same_type[kind];
    } else {
      ++tp->confused[kind][entity.name];
    }
    for (int t = 0; t < 3; ++t) tp->confusion[kind][t] += types[t];
  }
}

constexpr std::size_t kListedConfusions = 8;

std::vector<std::pair<std::string, int>> TopConfusions(const TypePrecision& tp, EntityKind kind) {
  const auto& names = tp.confused[KindIndex(kind)];
  std::vector<std::pair<std::string, int>> top(names.begin(), names.end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (top.size() > kListedConfusions) top.resize(kListedConfusions);
  return top;
}

// ---------------------------------------------------------------------------------------
// Reuters scoring pass

struct ReutersScore {
  std::size_t stories = 0;
  std::array<TagTally, 3> tallies;  // by EntityKind index
  TypePrecision type_precision;
};

// With `learning`, stories are recognised as the indexer would see them, in corpus
// order: each with the names learned from the stories before it, then taught to it.
ReutersScore ScoreReuters(const std::vector<newsdex::Article>& stories,
                          const ReutersVocabulary& vocabulary,
                          text::KnownNames* learning = nullptr) {
  ReutersScore score;
  score.stories = stories.size();
  text::Analyzer analyzer;
  text::NameRecognizer recognizer;
  recognizer.set_known_names(learning);
  AnalysedStory tokens;
  ArticleNames names;
  for (const newsdex::Article& story : stories) {
    AnalyseStory(analyzer, story, &tokens);
    RecogniseStory(recognizer, story, tokens, &names);
    if (learning != nullptr) learning->Learn(names);
    const StoryText written = FoldStory(story);
    for (const std::string& tag : story.people) {
      Count(tag, ScorePersonTag(tag, written, names),
            &score.tallies[KindIndex(EntityKind::kPerson)]);
    }
    for (const std::string& tag : story.places) {
      Count(tag, ScorePlaceOrOrgTag(tag, EntityKind::kPlace, written, names),
            &score.tallies[KindIndex(EntityKind::kPlace)]);
    }
    for (const std::string& tag : story.orgs) {
      Count(tag, ScorePlaceOrOrgTag(tag, EntityKind::kOrg, written, names),
            &score.tallies[KindIndex(EntityKind::kOrg)]);
    }
    CountTypes(vocabulary, names, &score.type_precision);
  }
  return score;
}

struct RankedMiss {
  std::string tag;
  const Miss* miss;
  std::string found_as;  // the most frequent
  int found_as_stories = 0;
};

std::vector<RankedMiss> TopMisses(const TagTally& tally) {
  std::vector<RankedMiss> ranked;
  for (const auto& [tag, miss] : tally.misses) {
    RankedMiss r{tag, &miss, "", 0};
    for (const auto& [description, n] : miss.found_as) {
      if (n > r.found_as_stories) r = {tag, &miss, description, n};
    }
    ranked.push_back(std::move(r));
  }
  std::sort(ranked.begin(), ranked.end(), [](const RankedMiss& a, const RankedMiss& b) {
    return a.miss->stories != b.miss->stories ? a.miss->stories > b.miss->stories : a.tag < b.tag;
  });
  if (ranked.size() > kTopMisses) ranked.resize(kTopMisses);
  return ranked;
}

// ---------------------------------------------------------------------------------------
// Annotated set

struct AnnotatedStory {
  newsdex::Article article;
  std::array<std::map<std::string, std::string>, 3> gold;  // NameKey -> as written, by kind
  int line = 0;
};

const char* GoldField(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson:
      return "people";
    case EntityKind::kOrg:
      return "orgs";
    case EntityKind::kPlace:
      return "places";
  }
  return "people";
}

// Throws json::exception on a field of the wrong type.
AnnotatedStory ParseAnnotatedStory(const json& record) {
  AnnotatedStory story;
  story.article.title = record.value("title", "");
  story.article.dateline = record.value("dateline", "");
  story.article.body = record.value("body", "");
  story.article.language = record.value("language", "");
  for (EntityKind kind : text::kEntityKinds) {
    for (const json& name : record.value(GoldField(kind), json::array())) {
      const std::string written = name.get<std::string>();
      story.gold[KindIndex(kind)].emplace(text::NameKey(written), written);
    }
  }
  return story;
}

std::vector<AnnotatedStory> ReadAnnotated(const std::string& path) {
  std::ifstream in(path);
  if (!in) Fail(2, "IOError: " + path + ": cannot open");
  std::vector<AnnotatedStory> stories;
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string origin = path + ":" + std::to_string(line_number);
    const json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!record.is_object()) Fail(2, "InvalidArgument: " + origin + ": not a JSON object");
    try {
      stories.push_back(ParseAnnotatedStory(record));
    } catch (const json::exception& e) {
      Fail(2, "InvalidArgument: " + origin + ": " + e.what());
    }
    stories.back().line = line_number;
  }
  return stories;
}

struct KindScore {
  int gold = 0, found = 0;        // recall: gold names found
  int entities = 0, correct = 0;  // precision: entities that are gold names
  double Precision() const { return entities ? double(correct) / entities : 0; }
  double Recall() const { return gold ? double(found) / gold : 0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  void Add(const KindScore& o) {
    gold += o.gold, found += o.found, entities += o.entities, correct += o.correct;
  }
};

struct AnnotatedScore {
  std::size_t stories = 0;
  std::array<KindScore, 3> kinds;
  KindScore all;
  std::vector<std::string> false_positives, misses;
};

std::string StoryLabel(const AnnotatedStory& story) {
  std::string title = story.article.title;
  if (title.size() > 40) title = title.substr(0, Utf8Start(title, 40)) + "...";
  return "line " + std::to_string(story.line) + " \"" + title + "\"";
}

void ScoreAnnotatedStory(const AnnotatedStory& story, const ArticleNames& names,
                         AnnotatedScore* score) {
  std::vector<std::vector<std::string>> keys;
  for (const ArticleEntity& entity : names.entities) keys.push_back(EntityKeys(entity));
  for (std::size_t e = 0; e < names.entities.size(); ++e) {
    const int kind = KindIndex(names.entities[e].kind);
    const auto& gold = story.gold[kind];
    const bool correct = std::any_of(keys[e].begin(), keys[e].end(),
                                     [&](const std::string& k) { return gold.count(k) > 0; });
    ++score->kinds[kind].entities;
    score->kinds[kind].correct += correct;
    if (!correct) {
      score->false_positives.push_back(Describe(names.entities[e]) + " in " + StoryLabel(story));
    }
  }
  for (EntityKind kind : text::kEntityKinds) {
    for (const auto& [gold_key, written] : story.gold[KindIndex(kind)]) {
      ++score->kinds[KindIndex(kind)].gold;
      std::string found_as;
      bool found = false;
      for (std::size_t e = 0; e < names.entities.size() && !found; ++e) {
        if (std::find(keys[e].begin(), keys[e].end(), gold_key) == keys[e].end()) continue;
        if (names.entities[e].kind == kind) {
          found = true;
        } else if (found_as.empty()) {
          found_as = " (found as " + Describe(names.entities[e]) + ")";
        }
      }
      score->kinds[KindIndex(kind)].found += found;
      if (!found) {
        score->misses.push_back(KindLabel(kind) + " '" + written + "'" + found_as + " in " +
                                StoryLabel(story));
      }
    }
  }
}

AnnotatedScore ScoreAnnotated(const std::vector<AnnotatedStory>& stories) {
  AnnotatedScore score;
  score.stories = stories.size();
  text::Analyzer analyzer;
  text::NameRecognizer recognizer;
  AnalysedStory tokens;
  ArticleNames names;
  for (const AnnotatedStory& story : stories) {
    AnalyseStory(analyzer, story.article, &tokens);
    RecogniseStory(recognizer, story.article, tokens, &names);
    ScoreAnnotatedStory(story, names, &score);
  }
  for (const KindScore& k : score.kinds) score.all.Add(k);
  return score;
}

// ---------------------------------------------------------------------------------------
// Throughput

struct Throughput {
  std::uint64_t text_bytes = 0;
  std::vector<double> analysis_seconds, recognition_seconds;
  // The indexer's whole analysis stage (ArticleIndexer::Build: words, terms, names).
  std::vector<double> build_seconds;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double MegabytesPerSecond(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? bytes / seconds / 1e6 : 0;
}

// Seconds ArticleIndexer::Build takes over every story: the indexer's analysis stage,
// recognition included.
double TimeIndexerBuild(const std::vector<newsdex::Article>& stories) {
  newsdex::indexer::ArticleIndexer indexer(newsdex::Schema::Default(), "en", 8 << 20);
  newsdex::indexer::BuildReport report;
  const auto start = Clock::now();
  for (const newsdex::Article& story : stories) indexer.Build(story, &report);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Each run analyses and recognises every story, timing the two steps apart.
Throughput MeasureThroughput(const std::vector<newsdex::Article>& stories, int runs) {
  Throughput t;
  for (const newsdex::Article& story : stories) t.text_bytes += TextBytes(story);
  text::Analyzer analyzer;
  text::NameRecognizer recognizer;
  AnalysedStory tokens;
  ArticleNames names;
  for (int run = 0; run < runs; ++run) {
    Clock::duration analysis{}, recognition{};
    for (const newsdex::Article& story : stories) {
      const auto start = Clock::now();
      AnalyseStory(analyzer, story, &tokens);
      const auto analysed = Clock::now();
      RecogniseStory(recognizer, story, tokens, &names);
      recognition += Clock::now() - analysed;
      analysis += analysed - start;
    }
    t.analysis_seconds.push_back(std::chrono::duration<double>(analysis).count());
    t.recognition_seconds.push_back(std::chrono::duration<double>(recognition).count());
    t.build_seconds.push_back(TimeIndexerBuild(stories));
  }
  return t;
}

// ---------------------------------------------------------------------------------------
// Report

std::string SourceCommit() {
  const std::string source = fs::path(NEWSDEX_TEST_DATA_DIR).parent_path().parent_path();
  const std::string command = "git -C '" + source + "' rev-parse --short HEAD 2>/dev/null";
  std::string commit;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[64] = {0};
    if (std::fgets(buffer, sizeof buffer, pipe) != nullptr) commit = buffer;
    ::pclose(pipe);
  }
  while (!commit.empty() && (commit.back() == '\n' || commit.back() == '\r')) commit.pop_back();
  return commit.empty() ? "unknown" : commit;
}

#ifdef NDEBUG
constexpr const char* kBuildType = "release";
#else
constexpr const char* kBuildType = "debug";
#endif

json MissesJson(const TagTally& tally) {
  json misses = json::array();
  for (const RankedMiss& r : TopMisses(tally)) {
    misses.push_back({{"tag", r.tag},
                      {"stories", r.miss->stories},
                      {"nested_stories", r.miss->nested},
                      {"context", r.miss->context},
                      {"found_as", r.found_as},
                      {"found_as_stories", r.found_as_stories}});
  }
  return misses;
}

json VocabularyRow(const std::array<int, 3>& row) {
  return {{"people", row[KindIndex(EntityKind::kPerson)]},
          {"places", row[KindIndex(EntityKind::kPlace)]},
          {"orgs", row[KindIndex(EntityKind::kOrg)]}};
}

json ConfusionsJson(const std::vector<std::pair<std::string, int>>& top) {
  json out = json::array();
  for (const auto& [name, n] : top) out.push_back({{"name", name}, {"stories", n}});
  return out;
}

json ReportJson(const BenchOptions& options, const ReutersScore& reuters,
                const ReutersScore& learned, const AnnotatedScore& annotated,
                const Throughput& t) {
  json out = {{"benchmark", "names_bench"},
              {"build_type", kBuildType},
              {"git_commit", SourceCommit()},
              {"corpus", "reuters21578"},
              {"stories", reuters.stories}};
  json& r = out["reuters"];
  for (EntityKind kind : text::kEntityKinds) {
    const int k = KindIndex(kind);
    const TagTally& tally = reuters.tallies[k];
    const TypePrecision& tp = reuters.type_precision;
    r[KindLabel(kind)] = {{"tags", tally.tags},
                          {"appearing", tally.appearing},
                          {"recognised", tally.recognised},
                          {"recall", tally.Recall()},
                          {"nested", tally.nested},
                          {"recall_outside_names", tally.RecallOutsideNames()},
                          {"top_misses", MissesJson(tally)},
                          {"type_precision",
                           {{"in_vocabulary", tp.in_vocabulary[k]},
                            {"same_type", tp.same_type[k]},
                            {"precision", tp.Of(k)},
                            {"by_vocabulary_type", VocabularyRow(tp.confusion[k])},
                            {"top_confused", ConfusionsJson(TopConfusions(tp, kind))}}}};
  }
  json& l = out["reuters_learned"];
  l["description"] = "recognised in corpus order, with names learned from earlier stories";
  for (EntityKind kind : text::kEntityKinds) {
    const TagTally& tally = learned.tallies[KindIndex(kind)];
    l[KindLabel(kind)] = {{"tags", tally.tags},           {"appearing", tally.appearing},
                          {"recognised", tally.recognised}, {"recall", tally.Recall()},
                          {"type_precision", learned.type_precision.Of(KindIndex(kind))}};
  }
  json& a = out["annotated"];
  a = {{"file", options.annotated}, {"stories", annotated.stories}};
  auto kind_json = [](const KindScore& s) {
    return json{{"gold", s.gold},       {"found", s.found},           {"entities", s.entities},
                {"correct", s.correct}, {"precision", s.Precision()}, {"recall", s.Recall()},
                {"f1", s.F1()}};
  };
  for (EntityKind kind : text::kEntityKinds) {
    a[KindLabel(kind)] = kind_json(annotated.kinds[KindIndex(kind)]);
  }
  a["all"] = kind_json(annotated.all);
  a["false_positives"] = annotated.false_positives;
  a["misses"] = annotated.misses;
  std::vector<double> analysis_rate, recognition_rate;
  for (double s : t.analysis_seconds) analysis_rate.push_back(MegabytesPerSecond(t.text_bytes, s));
  for (double s : t.recognition_seconds) {
    recognition_rate.push_back(MegabytesPerSecond(t.text_bytes, s));
  }
  out["throughput"] = {{"runs", options.runs},
                       {"text_mb", t.text_bytes / 1e6},
                       {"analysis_mb_per_s", analysis_rate},
                       {"recognition_mb_per_s", recognition_rate},
                       {"median_analysis_mb_per_s", Median(analysis_rate)},
                       {"median_recognition_mb_per_s", Median(recognition_rate)},
                       {"recognition_to_analysis", Median(t.recognition_seconds) /
                                                       std::max(1e-9, Median(t.analysis_seconds))},
                       {"indexer_analysis_stage_seconds", t.build_seconds},
                       {"recognition_share_of_indexer_analysis",
                        Median(t.recognition_seconds) /
                            std::max(1e-9, Median(t.build_seconds) - Median(t.recognition_seconds))}};
  return out;
}

void PrintMisses(EntityKind kind, const TagTally& tally) {
  std::printf(
      "\n  Most frequent %s misses (stories, of which only inside longer names; context\n"
      "  of the first; what it was found as instead, in how many stories)\n",
      KindLabel(kind).c_str());
  for (const RankedMiss& r : TopMisses(tally)) {
    std::printf("    %-14s %4d %4d  %s\n", r.tag.c_str(), r.miss->stories, r.miss->nested,
                r.miss->context.c_str());
    if (!r.found_as.empty()) {
      std::printf("    %-24s -> %s (%d)\n", "", r.found_as.c_str(), r.found_as_stories);
    }
  }
}

void PrintReuters(const ReutersScore& reuters, const char* how) {
  std::printf("Reuters-21578: %zu stories, %s (no PEOPLE/PLACES/ORGS given)\n\n",
              reuters.stories, how);
  std::printf("  %-7s %6s %8s %10s %8s %8s %14s\n", "kind", "tags", "in text", "recognised",
              "recall", "nested", "recall outside");
  for (EntityKind kind : kReportOrder) {
    const TagTally& t = reuters.tallies[KindIndex(kind)];
    std::printf("  %-7s %6d %8d %10d %7.1f%% %8d %13.1f%%\n", KindLabel(kind).c_str(), t.tags,
                t.appearing, t.recognised, 100 * t.Recall(), t.nested,
                100 * t.RecallOutsideNames());
  }
  std::printf(
      "\n  recall = recognised / in text (the headline; target >= 90%% for people and places).\n"
      "  A tag is \"in text\" when its words (people: the surname; places and orgs: the tag's\n"
      "  words, or the gazetteer's canonical name or aliases) are written as whole words,\n"
      "  compared without case but not all in lower case (\"us\", \"aid\" do not count).\n"
      "  nested = missed tags written only inside longer recognised names (\"Bank of Japan\");\n"
      "  recall outside = recall without those.\n");
  for (EntityKind kind : kReportOrder) PrintMisses(kind, reuters.tallies[KindIndex(kind)]);
}

void PrintTypePrecision(const TypePrecision& tp) {
  std::printf(
      "\n  Type precision: of the recognised names (per story) whose key is in a Reuters\n"
      "  vocabulary (people: surnames; places and orgs: tags and their gazetteer names),\n"
      "  the share recognised as that type. It measures type confusion, not spurious\n"
      "  names: names in no vocabulary are not counted.\n\n");
  std::printf("  %-14s %13s %13s %11s %9s %10s\n", "recognised as", "people vocab", "places vocab",
              "orgs vocab", "in vocab", "precision");
  for (EntityKind kind : kReportOrder) {
    const int k = KindIndex(kind);
    const auto& row = tp.confusion[k];
    std::printf("  %-14s %13d %13d %11d %9d %9.1f%%\n", KindLabel(kind).c_str(),
                row[KindIndex(EntityKind::kPerson)], row[KindIndex(EntityKind::kPlace)],
                row[KindIndex(EntityKind::kOrg)], tp.in_vocabulary[k], 100 * tp.Of(k));
  }
  for (EntityKind kind : kReportOrder) {
    const std::vector<std::pair<std::string, int>> top = TopConfusions(tp, kind);
    if (top.empty()) continue;
    std::printf("  recognised as %s but in another vocabulary only:", KindLabel(kind).c_str());
    for (const auto& [name, n] : top) std::printf(" %s %d;", name.c_str(), n);
    std::printf("\n");
  }
}

void PrintAnnotated(const BenchOptions& options, const AnnotatedScore& a) {
  std::printf("\nAnnotated set: %zu stories (%s)\n\n", a.stories, options.annotated.c_str());
  std::printf("  %-7s %6s %9s %8s %10s %7s %6s\n", "kind", "gold", "entities", "correct",
              "precision", "recall", "F1");
  auto row = [](const char* name, const KindScore& s) {
    std::printf("  %-7s %6d %9d %8d %9.1f%% %6.1f%% %5.1f%%\n", name, s.gold, s.entities, s.correct,
                100 * s.Precision(), 100 * s.Recall(), 100 * s.F1());
  };
  for (EntityKind kind : kReportOrder) row(KindLabel(kind).c_str(), a.kinds[KindIndex(kind)]);
  row("all", a.all);
  std::printf("  %zu false positives, %zu misses%s\n", a.false_positives.size(), a.misses.size(),
              options.verbose ? "" : " (--verbose lists them)");
  if (!options.verbose) return;
  auto list = [](const char* what, const std::vector<std::string>& items) {
    std::printf("\n  %s (first %zu of %zu)\n", what, std::min(items.size(), kListedErrors),
                items.size());
    for (std::size_t i = 0; i < items.size() && i < kListedErrors; ++i) {
      std::printf("    %s\n", items[i].c_str());
    }
  };
  list("False positives", a.false_positives);
  list("Misses", a.misses);
}

void PrintThroughput(const Throughput& t) {
  std::printf("\nThroughput over %.1f MB of Reuters text (title + dateline + body)\n\n",
              t.text_bytes / 1e6);
  std::printf("  %-6s %16s %19s\n", "run", "analysis MB/s", "recognition MB/s");
  for (std::size_t i = 0; i < t.analysis_seconds.size(); ++i) {
    std::printf("  %-6zu %16.2f %19.2f\n", i,
                MegabytesPerSecond(t.text_bytes, t.analysis_seconds[i]),
                MegabytesPerSecond(t.text_bytes, t.recognition_seconds[i]));
  }
  const double analysis = Median(t.analysis_seconds), recognition = Median(t.recognition_seconds);
  std::printf("  %-6s %16.2f %19.2f\n", "median", MegabytesPerSecond(t.text_bytes, analysis),
              MegabytesPerSecond(t.text_bytes, recognition));
  std::printf("  recognition time / analysis time: %.3f (target <= 0.333)\n",
              recognition / std::max(1e-9, analysis));
  const double build = Median(t.build_seconds);
  std::printf("  indexer analysis stage (ArticleIndexer::Build, names included): %.2f MB/s;\n"
              "  recognition / the rest of that stage: %.3f\n",
              MegabytesPerSecond(t.text_bytes, build),
              recognition / std::max(1e-9, build - recognition));
}

}  // namespace

int main(int argc, char** argv) {
  const BenchOptions options = ParseOptions(argc, argv);
  const std::vector<newsdex::Article> stories = ReadReuters(options.corpus);
  const ReutersVocabulary vocabulary = LoadVocabulary(options.corpus);
  const ReutersScore reuters = ScoreReuters(stories, vocabulary);
  text::KnownNames learning;
  const ReutersScore learned = ScoreReuters(stories, vocabulary, &learning);
  const AnnotatedScore annotated = ScoreAnnotated(ReadAnnotated(options.annotated));
  const Throughput throughput = MeasureThroughput(stories, options.runs);
  if (options.json) {
    std::printf("%s\n", ReportJson(options, reuters, learned, annotated, throughput).dump().c_str());
    return 0;
  }
  PrintReuters(reuters, "each story alone");
  PrintTypePrecision(reuters.type_precision);
  std::printf("\n");
  PrintReuters(learned, "in corpus order, with the names learned from earlier stories");
  PrintTypePrecision(learned.type_precision);
  PrintAnnotated(options, annotated);
  PrintThroughput(throughput);
  return 0;
}

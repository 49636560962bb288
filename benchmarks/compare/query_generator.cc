// Generating the query set from a corpus sample, the newsdex archive's names and topics
// and the raw Xapian index's word frequencies (query_set.h: GenerateQueries).
//
// Words are drawn from the text of sampled articles (so frequent words come up often,
// as in real use), lower case, three letters or more, no common English words. AND takes
// two words of one article, OR two words of two articles, phrases two or three
// consecutive words of a body. Names are drawn from the archive's most named people,
// organisations and places, topics from its topics with 3 articles or more, dates from
// the sampled articles' publication dates. Facet queries use words found in 1% to 4% of
// the articles (about 10,000 matches in a 500,000-article archive) and count
// topic, person, place and year.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>
#include <set>
#include <string_view>

#include "benchmarks/compare/query_set.h"

namespace newsdex::bench {
namespace {

constexpr int kWord = 200, kAnd = 200, kOr = 150, kPhrase = 200, kName = 150, kDate = 150,
              kTopic = 75, kFacets = 75;
const std::vector<std::string> kFacetNames = {"topic", "person", "place", "year"};

const std::set<std::string, std::less<>>& CommonWords() {
  static const std::set<std::string, std::less<>> words = {
      "the", "and", "for", "that", "with", "was", "are", "from", "this", "but", "not",
      "its", "has", "have", "had", "were", "will", "would", "said", "which", "been",
      "their", "they", "also", "than", "there", "said", "about", "after", "into", "more",
      "his", "her", "she", "him", "who", "all", "can", "one", "our", "out", "you", "year",
      "may", "any", "other", "some", "such", "these", "those", "what", "when", "where",
      "while", "could", "should", "over", "under", "only", "very", "just", "reuter"};
  return words;
}

bool IsContentWord(std::string_view w) {
  return w.size() >= 3 && w.size() <= 20 && !CommonWords().contains(w);
}

// Lower-case runs of ASCII letters.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

// Whitespace-separated pieces that are all letters (so no punctuation, no sentence end
// lies between two of them), lower case; others become "" (a break).
std::vector<std::string> PhraseWords(const std::string& body) {
  std::vector<std::string> pieces;
  std::string piece;
  auto flush = [&] {
    if (piece.empty()) return;
    const bool letters = std::all_of(piece.begin(), piece.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c)) != 0;
    });
    std::string lower;
    for (char c : piece) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    pieces.push_back(letters ? lower : "");
    piece.clear();
  };
  for (char c : body) {
    if (std::isspace(static_cast<unsigned char>(c))) flush(); else piece += c;
  }
  flush();
  return pieces;
}

std::string Day(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

class QueryGenerator {
 public:
  QueryGenerator(const QuerySources& sources, std::uint64_t seed)
      : sources_(sources), rng_(seed) {}

  std::vector<BenchQuery> Generate() {
    for (int i = 0; i < kWord; ++i) AddWords("word", {ContentWord(Article())});
    for (int i = 0; i < kAnd; ++i) AddAnd();
    for (int i = 0; i < kOr; ++i) AddWords("or", {ContentWord(Article()), ContentWord(Article())});
    for (int i = 0; i < kPhrase; ++i) AddWords("phrase", Phrase());
    AddNames();
    for (int i = 0; i < kDate; ++i) AddDate(i);
    AddTopics();
    AddFacets();
    return std::move(queries_);
  }

 private:
  std::size_t Pick(std::size_t n) { return n == 0 ? 0 : rng_() % n; }

  const SampledArticle& Article() { return sources_.sample[Pick(sources_.sample.size())]; }

  // A content word of `article`; articles without one are passed over.
  std::string ContentWord(const SampledArticle& article) {
    std::vector<std::string> words = Words(article.title + " " + article.body);
    words.erase(std::remove_if(words.begin(), words.end(),
                               [](const std::string& w) { return !IsContentWord(w); }),
                words.end());
    return words.empty() ? ContentWord(Article()) : words[Pick(words.size())];
  }

  void AddWords(const std::string& kind, std::vector<std::string> words) {
    std::string text;
    for (const std::string& w : words) {
      if (!text.empty()) text += kind == "or" ? " OR " : " ";
      text += w;
    }
    if (kind == "phrase") text = "\"" + text + "\"";
    queries_.push_back({kind, text, {}, std::move(words)});
  }

  void AddAnd() {
    const SampledArticle& article = Article();
    std::string first = ContentWord(article), second = ContentWord(article);
    for (int tries = 0; second == first && tries < 10; ++tries) second = ContentWord(article);
    AddWords("and", {first, second});
  }

  // Two or three consecutive words of a body, at least one of them a content word.
  std::vector<std::string> Phrase() {
    for (;;) {
      const std::vector<std::string> pieces = PhraseWords(Article().body);
      const std::size_t length = 2 + Pick(2);
      if (pieces.size() < length) continue;
      const std::size_t start = Pick(pieces.size() - length + 1);
      std::vector<std::string> words(pieces.begin() + start, pieces.begin() + start + length);
      const bool whole = std::none_of(words.begin(), words.end(),
                                      [](const std::string& w) { return w.empty(); });
      if (whole && std::any_of(words.begin(), words.end(), IsContentWord)) return words;
    }
  }

  void AddNames() {
    const char* kinds[] = {"person", "org", "place"};
    std::vector<std::vector<NameInfo>> names;
    for (const char* kind : kinds) {
      auto listed = sources_.newsdex->Names({"", kind, 300});
      names.push_back(listed.ok() ? *listed : std::vector<NameInfo>{});
    }
    for (int i = 0; i < kName; ++i) {
      const auto& list = names[i % 3];
      if (list.empty()) continue;
      const NameInfo& name = list[Pick(list.size())];
      if (name.key.find('"') != std::string::npos) continue;
      queries_.push_back({"name", std::string(kinds[i % 3]) + ":\"" + name.key + "\"", {}, {}});
    }
  }

  std::int64_t PublishedDate() {
    for (int tries = 0; tries < 1000; ++tries) {
      const SampledArticle& a = Article();
      if (a.published) return *a.published;
    }
    return 0;
  }

  // Publication days, months and ranges, mentioned days, and a word within a month.
  void AddDate(int i) {
    const std::int64_t published = PublishedDate();
    const std::string day = Day(published);
    std::string text;
    switch (i % 5) {
      case 0: text = "date:" + day; break;
      case 1: text = "date:" + day.substr(0, 7); break;
      case 2: text = "date:" + day + ".." + Day(published + 86400 * (1 + Pick(30))); break;
      case 3: text = "mentions:" + Day(published - 86400 * std::int64_t(Pick(10))); break;
      default: text = ContentWord(Article()) + " date:" + day.substr(0, 7); break;
    }
    queries_.push_back({"date", text, {}, {}});
  }

  // A topic alone, or with a publication year.
  void AddTopics() {
    auto topics = sources_.newsdex->Topics();
    std::vector<std::string> labels;
    if (topics.ok()) {
      for (const TopicInfo& t : *topics) {
        if (t.articles >= 3 && t.topic.find('"') == std::string::npos) labels.push_back(t.topic);
      }
    }
    if (labels.empty()) return;
    for (int i = 0; i < kTopic; ++i) {
      std::string text = "topic:\"" + labels[Pick(labels.size())] + "\"";
      if (i % 2 == 1) text += " date:" + Day(PublishedDate()).substr(0, 4);
      queries_.push_back({"topic", text, {}, {}});
    }
  }

  // Words in 1% to 4% of the articles (else the most frequent candidates), with facets.
  void AddFacets() {
    const double articles = sources_.raw->get_doccount();
    std::set<std::string> in_band, all;
    for (int i = 0; i < 5000 && in_band.size() < 200; ++i) {
      const std::string word = ContentWord(Article());
      const double share = sources_.raw->get_termfreq(word) / articles;
      all.insert(word);
      if (share >= 0.01 && share <= 0.04) in_band.insert(word);
    }
    const std::vector<std::string> words(in_band.empty() ? all.begin() : in_band.begin(),
                                         in_band.empty() ? all.end() : in_band.end());
    for (int i = 0; i < kFacets; ++i) {
      queries_.push_back({"facets", words[Pick(words.size())], kFacetNames, {}});
    }
  }

  const QuerySources& sources_;
  std::mt19937_64 rng_;
  std::vector<BenchQuery> queries_;
};

}  // namespace

std::vector<BenchQuery> GenerateQueries(const QuerySources& sources, std::uint64_t seed) {
  if (sources.sample.empty()) return {};
  return QueryGenerator(sources, seed).Generate();
}

}  // namespace newsdex::bench

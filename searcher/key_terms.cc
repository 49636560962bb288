#include "searcher/key_terms.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/document/article_codec.h"
#include "common/schema/document_data.h"
#include "common/schema/entity_fields.h"
#include "common/schema/terms.h"
#include "common/query/entity_resolver.h"
#include "searcher/names.h"

namespace newsdex::search {
namespace {

// Bytes of each sampled article analysed again for the words' written forms: enough
// for the forms of its key words, cheap even for a large sample of long articles.
constexpr std::size_t kFormBytesPerArticle = 16 * 1024;
// Words that every kind of English news story uses, and the names of days and months
// (dates are not topics): never key terms, whatever the sample.
constexpr std::string_view kStopWords =
    "the and that for with said says say this from was were has have had are would will "
    "which its not but they their there been also than into about after over could should "
    "may might who what when where other some such only all any one two three more most "
    "last year years new told added week month today yesterday "
    "monday tuesday wednesday thursday friday saturday sunday "
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec";
// Extra terms asked of the expand set beyond twice the limit, so that names listed once
// and words left out beside their names still leave `limit` terms.
constexpr Xapian::termcount kSpareTerms = 10;

// The leading run of capital ASCII letters: a term's prefix by Xapian's convention
// (every value after a prefix is folded to lower case).
std::string_view PrefixOf(std::string_view term) {
  std::size_t n = 0;
  while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
  return term.substr(0, n);
}

// A word worth showing: three bytes or more (no "of", "us", "a"), with a letter in it
// (no "1987", "3.5"). Bytes past ASCII count as letters: other scripts are words.
bool IsKeyWord(std::string_view term) {
  if (term.size() < 3) return false;
  return std::any_of(term.begin(), term.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b >= 'a' && b <= 'z') || b >= 0x80;
  });
}

text::EntityKind EntityKindFor(KeyTermKind kind) {
  switch (kind) {
    case KeyTermKind::kOrg: return text::EntityKind::kOrg;
    case KeyTermKind::kPlace: return text::EntityKind::kPlace;
    default: return text::EntityKind::kPerson;
  }
}

// `text` as one query word, quoted unless it is only letters and digits (or bytes of
// other scripts), so that "u.s." or "james baker" paste back as one.
std::string QueryWord(const std::string& text) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b >= 0x80;
  });
  return plain ? text : "\"" + text + "\"";
}

// The articles of `docids` (sorted) that hold any of `terms`.
std::uint64_t ArticlesWith(const Xapian::Database& db, const std::vector<std::string>& terms,
                           const std::vector<Xapian::docid>& docids) {
  std::vector<bool> found(docids.size(), false);
  for (const std::string& term : terms) {
    Xapian::PostingIterator it = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    for (std::size_t i = 0; i < docids.size(); ++i) {
      it.skip_to(docids[i]);
      if (it == end) break;
      if (*it == docids[i]) found[i] = true;
    }
  }
  return static_cast<std::uint64_t>(std::count(found.begin(), found.end(), true));
}

// The sampled matches: the best by relevance, or the newest for a query of filters.
Xapian::MSet SampleMatches(Xapian::Enquire* enquire, const KeyTermSample& sample,
                           std::size_t size) {
  enquire->set_query(sample.query);
  if (sample.filter_only) enquire->set_sort_by_value_then_relevance(kSlotPublished, true);
  return enquire->get_mset(0, static_cast<Xapian::doccount>(size));
}

// For each stem in `wanted`, the folded form the sampled articles write it in most
// (then the shortest, then the first in byte order): "tariff" -> "tariffs".
std::map<std::string, std::string> WrittenForms(const Xapian::Database& db,
                                                const std::vector<Xapian::docid>& docids,
                                                const std::set<std::string>& wanted,
                                                const DocumentStore& store,
                                                const std::string& default_language,
                                                text::Analyzer* analyzer) {
  std::unordered_map<std::string, std::map<std::string, std::uint64_t>> counts;
  std::vector<text::Token> tokens;
  for (Xapian::docid docid : docids) {
    const std::string id = ArticleIdOf(db.get_document(docid).get_data());
    Result<std::optional<std::string>> stored = store.GetDocument(id);
    if (!stored.ok() || !stored->has_value()) continue;  // deleted since: no forms from it
    Result<Article> article = DecodeArticle(**stored);
    if (!article.ok()) continue;
    const std::string& language = article->language.empty() ? default_language : article->language;
    tokens.clear();
    const std::uint32_t next = analyzer->Analyze(article->title, language, &tokens);
    const std::string_view body(article->body);
    analyzer->Analyze(body.substr(0, kFormBytesPerArticle), language, &tokens, next + 1);
    for (const text::Token& token : tokens) {
      if (wanted.count(token.term) != 0) ++counts[token.term][token.folded];
    }
  }
  std::map<std::string, std::string> forms;
  for (const auto& [stem, written] : counts) {
    const auto best = std::max_element(written.begin(), written.end(), [](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second < b.second;
      if (a.first.size() != b.first.size()) return a.first.size() > b.first.size();
      return a.first > b.first;
    });
    forms[stem] = best->first;
  }
  return forms;
}

// A name's key term as its entity: the fuller name owning a one-word one ("putin" ->
// "vladimir putin"), shown by name and pasted as kind:"key". `*terms` receives the
// terms that query searches (the entity under all its keys), to count the articles it
// finds.
KeyTerm NameTerm(const std::string& term, KeyTermKind kind, const Schema& schema,
                 const DocumentStore& store, std::vector<std::string>* terms) {
  const text::EntityKind entity = EntityKindFor(kind);
  const std::string_view prefix = PrefixOf(term);
  std::string key = term.substr(prefix.size());
  const query::RegistryResolver resolver(store);
  if (entity == text::EntityKind::kPerson && key.find(' ') == std::string::npos) {
    if (std::optional<EntityRecord> owner = resolver.Owner(entity, key)) key = owner->key;
  }
  std::vector<std::string> keys;
  resolver.Expand(entity, key, &keys);
  *terms = {term, BooleanTerm(prefix, key)};
  for (const std::string& k : keys) terms->push_back(BooleanTerm(prefix, k));
  const FieldSpec* field = EntityField(schema, entity);
  const std::string field_name = field != nullptr && !field->query_names.empty()
                                     ? field->query_names.front()
                                     : std::string(text::EntityKindName(entity));
  KeyTerm out;
  out.kind = std::string(text::EntityKindName(entity));
  out.query = field_name + ":" + QueryWord(key);
  out.label = EntityName(store, entity, key);
  out.term = term;
  return out;
}

// An expand-set term as a key term, with the index terms whose articles it counts.
struct Candidate {
  KeyTerm term;
  std::vector<std::string> counted;
};

// The terms of `eset` as key terms, best first: each name once (under its fullest name),
// and a word and a one-word name written the same once, whichever ranks higher
// (place:iran or iran; oil, not also a mistaken org:oil).
std::vector<Candidate> Candidates(const Xapian::ESet& eset, const Schema& schema,
                                  const DocumentStore& store) {
  std::vector<Candidate> candidates;
  std::set<std::string> queries, one_words;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) {
    const std::string term = *it;
    const std::optional<KeyTermKind> kind = ClassifyKeyTerm(term, schema);
    if (!kind) continue;  // the decider let only these through; never trust it blindly
    Candidate c{.term = {.query = term, .kind = "word", .label = term, .term = term},
                .counted = {term}};
    std::string written = term;
    if (*kind != KeyTermKind::kWord) {
      c.term = NameTerm(term, *kind, schema, store, &c.counted);
      if (!queries.insert(c.term.query).second) continue;  // its fuller name is listed
      written = c.counted[1].substr(PrefixOf(c.counted[1]).size());
    }
    if (written.find(' ') == std::string::npos && !one_words.insert(written).second) continue;
    c.term.weight = it.get_weight();
    candidates.push_back(std::move(c));
  }
  return candidates;
}

}  // namespace

std::optional<KeyTermKind> ClassifyKeyTerm(std::string_view term, const Schema& schema) {
  const std::string_view prefix = PrefixOf(term);
  if (prefix.empty()) {
    return IsKeyWord(term) ? std::optional<KeyTermKind>(KeyTermKind::kWord) : std::nullopt;
  }
  if (term.size() == prefix.size()) return std::nullopt;
  constexpr std::pair<text::EntityKind, KeyTermKind> kNames[] = {
      {text::EntityKind::kPerson, KeyTermKind::kPerson},
      {text::EntityKind::kOrg, KeyTermKind::kOrg},
      {text::EntityKind::kPlace, KeyTermKind::kPlace}};
  for (const auto& [entity, kind] : kNames) {
    const FieldSpec* field = EntityField(schema, entity);
    if (field != nullptr && !field->prefix.empty() && field->prefix == prefix) return kind;
  }
  return std::nullopt;
}

bool KeyTermDecider::operator()(const std::string& term) const {
  return ClassifyKeyTerm(term, schema_).has_value() && stop_stems_.count(term) == 0;
}

std::unordered_set<std::string> StopStems(text::Analyzer* analyzer) {
  std::unordered_set<std::string> stems;
  std::vector<text::Token> tokens;
  analyzer->Analyze(kStopWords, "en", &tokens);
  for (const text::Token& token : tokens) stems.insert(token.term);
  return stems;
}

Result<TermsResult> FindKeyTerms(const KeyTermSample& sample, const Schema& schema,
                                 const DocumentStore& store, text::Analyzer* analyzer,
                                 const TermsRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  if (request.limit == 0 || request.sample == 0) {
    return Status::InvalidArgument("terms needs a limit and a sample of at least 1");
  }
  Xapian::Enquire enquire(sample.db);
  const Xapian::MSet mset = SampleMatches(&enquire, sample, request.sample);
  TermsResult result;
  result.matches = mset.get_matches_estimated();
  result.sample = mset.size();
  Xapian::RSet rset;
  std::vector<Xapian::docid> docids;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    rset.add_document(*it);
    docids.push_back(*it);
  }
  std::sort(docids.begin(), docids.end());
  if (!docids.empty()) {
    const KeyTermDecider decider(schema, StopStems(analyzer));
    // Bo1 (divergence from randomness) weighs a term by how much more often the sample
    // uses it than the whole archive would predict; the older "trad" scheme ranks
    // words every article uses ("the", "said") near the top.
    enquire.set_expansion_scheme("bo1");
    const auto wanted = static_cast<Xapian::termcount>(request.limit * 2) + kSpareTerms;
    const Xapian::ESet eset = enquire.get_eset(wanted, rset, &decider);
    std::vector<Candidate> candidates = Candidates(eset, schema, store);
    if (candidates.size() > request.limit) candidates.resize(request.limit);
    std::set<std::string> stems;
    for (Candidate& c : candidates) {
      c.term.articles = ArticlesWith(sample.db, c.counted, docids);
      if (c.term.kind == "word") stems.insert(c.term.term);
      result.terms.push_back(std::move(c.term));
    }
    const std::map<std::string, std::string> forms =
        WrittenForms(sample.db, docids, stems, store, schema.default_language(), analyzer);
    for (KeyTerm& t : result.terms) {
      if (t.kind != "word") continue;
      if (auto form = forms.find(t.term); form != forms.end()) t.label = form->second;
      t.query = QueryWord(t.label);
    }
  }
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace newsdex::search

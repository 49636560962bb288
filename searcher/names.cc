#include "searcher/names.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/schema/entity_fields.h"
#include "common/schema/terms.h"
#include "common/query/entity_resolver.h"
#include "searcher/facets.h"

namespace newsdex::search {
namespace {

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

Result<std::vector<text::EntityKind>> KindsOf(const std::string& kind) {
  if (kind.empty()) return std::vector<text::EntityKind>(std::begin(text::kEntityKinds), std::end(text::kEntityKinds));
  std::optional<text::EntityKind> parsed = text::ParseEntityKind(kind);
  if (!parsed) return Status::InvalidArgument("unknown kind '" + kind + "'; known: person org place");
  return std::vector<text::EntityKind>{*parsed};
}

// The key a facet or listing counts `key` under: the full name owning a one-word name.
std::string CountedKey(const query::RegistryResolver& resolver, text::EntityKind kind, const std::string& key) {
  if (kind == text::EntityKind::kPerson && key.find(' ') == std::string::npos) {
    if (std::optional<EntityRecord> owner = resolver.Owner(kind, key)) return owner->key;
  }
  return key;
}

// Query words: NameKey form, with a trailing '*' kept as a prefix marker.
std::vector<std::pair<std::string, bool>> QueryWords(const std::string& query) {
  std::vector<std::pair<std::string, bool>> words;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find(' ', start);
    if (end == std::string::npos) end = query.size();
    std::string_view word(query.data() + start, end - start);
    const bool prefix = word.ends_with('*');
    if (prefix) word.remove_suffix(1);
    for (std::string& w : [&] {
           std::vector<std::string> parts;
           const std::string key = text::NameKey(word);
           std::size_t s = 0;
           while (s < key.size()) {
             std::size_t e = key.find(' ', s);
             if (e == std::string::npos) e = key.size();
             parts.push_back(key.substr(s, e - s));
             s = e + 1;
           }
           return parts;
         }()) {
      words.emplace_back(std::move(w), false);
    }
    if (prefix && !words.empty()) words.back().second = true;
    start = end + 1;
  }
  return words;
}

// True when every query word is a word (or, with '*', a word prefix) of the entity's
// key or of one of its alias keys.
bool MatchesWords(const EntityRecord& record, const std::vector<std::pair<std::string, bool>>& words) {
  std::set<std::string> own;
  auto add_words = [&own](const std::string& key) {
    std::size_t s = 0;
    while (s < key.size()) {
      std::size_t e = key.find(' ', s);
      if (e == std::string::npos) e = key.size();
      own.insert(key.substr(s, e - s));
      s = e + 1;
    }
  };
  add_words(record.key);
  for (const EntityRecord::Alias& alias : record.aliases) add_words(text::NameKey(alias.written));
  for (const auto& [word, prefix] : words) {
    auto it = own.lower_bound(word);
    const bool found = it != own.end() && (prefix ? it->starts_with(word) : *it == word);
    if (!found) return false;
  }
  return true;
}

// Adds what the archive knows of `part` (a one-word name) to `full`.
void MergeInto(EntityRecord* full, const EntityRecord& part) {
  full->articles += part.articles;
  full->mentions += part.mentions;
  if (part.first_seen && (!full->first_seen || *part.first_seen < *full->first_seen)) {
    full->first_seen = part.first_seen;
  }
  if (part.last_seen && (!full->last_seen || *part.last_seen > *full->last_seen)) {
    full->last_seen = part.last_seen;
  }
  for (const EntityRecord::Alias& alias : part.aliases) {
    auto it = std::find_if(full->aliases.begin(), full->aliases.end(), [&](const EntityRecord::Alias& a) {
      return a.written == alias.written;
    });
    if (it == full->aliases.end()) {
      full->aliases.push_back(alias);
    } else {
      it->count += alias.count;
    }
  }
  std::stable_sort(full->aliases.begin(), full->aliases.end(),
                   [](const EntityRecord::Alias& a, const EntityRecord::Alias& b) { return a.count > b.count; });
}

// Adds the counts of one-word persons to the full names that own them; drops them.
void FoldOwnedNames(const query::RegistryResolver& resolver, std::vector<EntityRecord>* records) {
  std::map<std::pair<text::EntityKind, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < records->size(); ++i) index[{(*records)[i].kind, (*records)[i].key}] = i;
  std::vector<bool> folded(records->size(), false);
  const std::size_t listed = records->size();
  for (std::size_t i = 0; i < listed; ++i) {
    const text::EntityKind kind = (*records)[i].kind;
    if (kind != text::EntityKind::kPerson || (*records)[i].key.find(' ') != std::string::npos) continue;
    std::optional<EntityRecord> owner = resolver.Owner(kind, (*records)[i].key);
    if (!owner) continue;
    auto it = index.find({kind, owner->key});
    if (it == index.end()) {
      it = index.emplace(std::make_pair(kind, owner->key), records->size()).first;
      records->push_back(std::move(*owner));
      folded.push_back(false);
    }
    MergeInto(&(*records)[it->second], (*records)[i]);
    folded[i] = true;
  }
  std::vector<EntityRecord> kept;
  for (std::size_t i = 0; i < records->size(); ++i) {
    if (!folded[i]) kept.push_back(std::move((*records)[i]));
  }
  *records = std::move(kept);
}

}  // namespace

NameInfo ToNameInfo(const EntityRecord& record) {
  NameInfo info;
  info.kind = std::string(text::EntityKindName(record.kind));
  info.key = record.key;
  info.name = record.DisplayName();
  for (const EntityRecord::Alias& alias : record.aliases) {
    info.aliases.emplace_back(alias.written, static_cast<std::uint64_t>(std::max<std::int64_t>(alias.count, 0)));
  }
  info.articles = static_cast<std::uint64_t>(std::max<std::int64_t>(record.articles, 0));
  info.mentions = static_cast<std::uint64_t>(std::max<std::int64_t>(record.mentions, 0));
  info.first_seen = record.first_seen;
  info.last_seen = record.last_seen;
  return info;
}

Result<std::vector<NameInfo>> ListNames(const DocumentStore& store, const NamesRequest& request) {
  Result<std::vector<text::EntityKind>> kinds = KindsOf(request.kind);
  if (!kinds.ok()) return kinds.status();
  auto wanted = [&](text::EntityKind k) {
    return std::find(kinds->begin(), kinds->end(), k) != kinds->end();
  };
  const auto words = QueryWords(request.query);
  std::vector<EntityRecord> records;
  if (words.empty()) {
    Status s = store.ForEachEntity([&](const EntityRecord& r) {
      if (wanted(r.kind)) records.push_back(r);
      return Status::Ok();
    });
    if (!s.ok()) return s;
  } else {
    Status s = store.ForEachEntityWithWordPrefix(words.front().first, [&](text::EntityKind k, std::string_view key) {
      if (!wanted(k)) return Status::Ok();
      Result<std::optional<EntityRecord>> r = store.GetEntity(k, key);
      if (!r.ok()) return r.status();
      if (r->has_value() && MatchesWords(**r, words)) records.push_back(std::move(**r));
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  query::RegistryResolver resolver(store);
  FoldOwnedNames(resolver, &records);
  std::stable_sort(records.begin(), records.end(), [](const EntityRecord& a, const EntityRecord& b) {
    return a.articles != b.articles ? a.articles > b.articles : a.key < b.key;
  });
  if (request.limit != 0 && records.size() > request.limit) records.resize(request.limit);
  std::vector<NameInfo> out;
  for (const EntityRecord& r : records) out.push_back(ToNameInfo(r));
  return out;
}

std::string EntityName(const DocumentStore& store, text::EntityKind kind, const std::string& key) {
  Result<std::optional<EntityRecord>> record = store.GetEntity(kind, key);
  if (record.ok() && record->has_value()) return (*record)->DisplayName();
  return key;
}

std::string CountedName(const DocumentStore& store, text::EntityKind kind, const std::string& key) {
  query::RegistryResolver resolver(store);
  return EntityName(store, kind, CountedKey(resolver, kind, key));
}

// Entries a NameCache map holds at most (some megabytes) before it starts afresh.
constexpr std::size_t kMaxCachedNames = 1 << 16;

std::string& NameCache::Slot(Answers* answers, text::EntityKind kind, std::string_view key,
                             bool* added) {
  text::StringMap<std::string>& of_kind = (*answers)[static_cast<std::size_t>(kind)];
  if (auto it = of_kind.find(key); it != of_kind.end()) {
    *added = false;
    return it->second;
  }
  if (of_kind.size() >= kMaxCachedNames) of_kind.clear();
  *added = true;
  return of_kind.try_emplace(std::string(key)).first->second;
}

const std::string& NameCache::Name(const DocumentStore& store, text::EntityKind kind,
                                   std::string_view key) {
  bool added = false;
  std::string& name = Slot(&names_, kind, key, &added);
  if (added) name = EntityName(store, kind, CountedKey(store, kind, key));
  return name;
}

const std::string& NameCache::CountedKey(const DocumentStore& store, text::EntityKind kind,
                                         std::string_view key) {
  bool added = false;
  std::string& counted = Slot(&counted_keys_, kind, key, &added);
  if (added) counted = search::CountedKey(query::RegistryResolver(store), kind, std::string(key));
  return counted;
}

void NameCache::Clear() {
  for (auto& of_kind : names_) of_kind.clear();
  for (auto& of_kind : counted_keys_) of_kind.clear();
}

std::vector<FacetValue> EntityFacetValues(const DocumentStore& store, text::EntityKind kind,
                                          FacetSpy* spy, std::size_t limit, NameCache* cache) {
  NameCache for_this_call;
  NameCache& names = cache != nullptr ? *cache : for_this_call;
  FacetValueTable& table = spy->table();
  // Each counted key's number -> the number of the key it is counted under (found once
  // per table), then the counts merged under those.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> under;
  under.reserve(spy->counted().size());
  for (std::uint32_t number : spy->counted()) {
    std::uint32_t counted = table.CountedUnder(number);
    if (counted == FacetValueTable::kNone) {
      counted = table.Number(names.CountedKey(store, kind, table.Value(number)));
      table.SetCountedUnder(number, counted);
    }
    under.emplace_back(counted, spy->count(number));
  }
  std::vector<std::uint64_t> merged(table.size(), 0);
  std::vector<std::uint32_t> ranked;
  for (const auto& [counted, count] : under) {
    if (merged[counted] == 0) ranked.push_back(counted);
    merged[counted] += count;
  }
  const std::size_t kept = limit == 0 ? ranked.size() : std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept),
                    ranked.end(), [&](std::uint32_t a, std::uint32_t b) {
                      return merged[a] != merged[b] ? merged[a] > merged[b]
                                                    : table.Value(a) < table.Value(b);
                    });
  std::vector<FacetValue> values;
  values.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) {
    const std::string& key = table.Value(ranked[i]);
    values.push_back({names.Name(store, kind, key), merged[ranked[i]], key});
  }
  return values;
}

double AssociationScore(std::uint64_t together, std::uint64_t matches, std::uint64_t with_name,
                        std::uint64_t total) {
  if (matches == 0 || total == 0 || together == 0) return 0;
  const double n = static_cast<double>(total);
  const double k11 = static_cast<double>(together);
  const double k12 = static_cast<double>(matches) - k11;
  const double k21 = std::max(0.0, static_cast<double>(with_name) - k11);
  const double k22 = std::max(0.0, n - k11 - k12 - k21);
  if (k11 / static_cast<double>(matches) <= (k11 + k21) / n) return 0;  // not over-represented
  auto term = [n](double k, double row, double col) {
    return k > 0 ? k * std::log(k * n / (row * col)) : 0.0;
  };
  const double r1 = k11 + k12, r2 = k21 + k22, c1 = k11 + k21, c2 = k12 + k22;
  return 2 * (term(k11, r1, c1) + term(k12, r1, c2) + term(k21, r2, c1) + term(k22, r2, c2));
}

Result<CooccurrenceResults> RankCooccurring(
    const Xapian::Database& db, const Xapian::Query& query, const Schema& schema,
    const DocumentStore& store, const std::vector<std::pair<text::EntityKind, std::string>>& query_keys,
    const CooccurrenceRequest& request) {
  Result<std::vector<text::EntityKind>> kinds = KindsOf(request.kind);
  if (!kinds.ok()) return kinds.status();
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<std::pair<text::EntityKind, std::unique_ptr<FacetSpy>>> spies;
  for (text::EntityKind kind : *kinds) {
    const FieldSpec* field = EntityField(schema, kind);
    if (field == nullptr || field->slot == kNoSlot) continue;
    spies.emplace_back(kind, std::make_unique<FacetSpy>(field->slot, 0));
    enquire.add_matchspy(spies.back().second.get());
  }
  const Xapian::doccount total = db.get_doccount();
  Xapian::MSet mset = enquire.get_mset(0, 0, total);
  CooccurrenceResults results;
  results.matches = mset.get_matches_estimated();
  query::RegistryResolver resolver(store);
  std::set<std::pair<text::EntityKind, std::string>> own;
  std::set<std::pair<text::EntityKind, std::string>> principals;
  for (const auto& [kind, key] : query_keys) {
    own.emplace(kind, key);
    std::optional<EntityRecord> e = resolver.Principal(kind, key);
    if (!e) continue;
    own.emplace(kind, e->key);
    if (principals.emplace(kind, e->key).second) results.query_names.push_back(ToNameInfo(*e));
  }
  for (auto& [kind, spy] : spies) {
    const FieldSpec* field = EntityField(schema, kind);
    for (const FacetValue& value : EntityFacetValues(store, kind, spy.get(), 0)) {
      if (own.count({kind, value.key})) continue;
      AssociatedName named;
      named.together = value.count;
      const std::uint64_t with_name = db.get_termfreq(BooleanTerm(field->prefix, value.key));
      named.score = AssociationScore(value.count, results.matches, std::max(with_name, value.count), total);
      if (named.score <= 0) continue;
      named.name.kind = std::string(text::EntityKindName(kind));
      named.name.key = value.key;
      named.name.name = value.value;
      results.names.push_back(std::move(named));
    }
  }
  std::stable_sort(results.names.begin(), results.names.end(),
                   [](const AssociatedName& a, const AssociatedName& b) { return a.score > b.score; });
  if (request.limit != 0 && results.names.size() > request.limit) results.names.resize(request.limit);
  for (AssociatedName& named : results.names) {
    Result<std::optional<EntityRecord>> r =
        store.GetEntity(*text::ParseEntityKind(named.name.kind), named.name.key);
    if (r.ok() && r->has_value()) {
      const std::uint64_t together = named.together;
      const double score = named.score;
      named.name = ToNameInfo(**r);
      named.together = together;
      named.score = score;
    }
  }
  return results;
}

}  // namespace newsdex::search

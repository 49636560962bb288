#include "common/store/entity_registry.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <map>
#include <set>

#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/write_batch.h>

#include "common/store/rocksdb_status.h"

namespace newsdex {
namespace {

using text::EntityKind;

constexpr char kEntityRow = 'E';
constexpr char kAliasRow = 'K';
constexpr char kWordRow = 'W';
constexpr char kArticleRow = 'A';
constexpr char kUnitSeparator = '\x1f';
constexpr std::uint8_t kContributionVersion = 1;
constexpr std::uint8_t kHasFirstSeen = 1;
constexpr std::uint8_t kHasLastSeen = 2;

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

char KindCode(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson: return 'P';
    case EntityKind::kOrg: return 'O';
    case EntityKind::kPlace: return 'L';
  }
  return 'P';
}

std::optional<EntityKind> KindFromCode(char code) {
  switch (code) {
    case 'P': return EntityKind::kPerson;
    case 'O': return EntityKind::kOrg;
    case 'L': return EntityKind::kPlace;
    default: return std::nullopt;
  }
}

// Sums that wrap instead of overflowing: garbage operands must not be undefined behaviour.
std::int64_t Add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

// ---- Varint encoding ----------------------------------------------------------------

void PutVarint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutSigned(std::string* out, std::int64_t v) {  // zigzag
  const auto u = static_cast<std::uint64_t>(v);
  PutVarint(out, (u << 1) ^ (v < 0 ? ~std::uint64_t{0} : 0));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

// Reads what the Put* functions wrote; every call fails (returns false) past the end
// or on a malformed value, so decoders can chain them with &&.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool done() const { return in_.empty(); }
  std::size_t left() const { return in_.size(); }

  bool Byte(std::uint8_t* b) {
    if (in_.empty()) return false;
    *b = static_cast<std::uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool Varint(std::uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b = 0;
      if (!Byte(&b)) return false;
      *v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;  // more than 10 bytes
  }
  bool Signed(std::int64_t* v) {
    std::uint64_t u = 0;
    if (!Varint(&u)) return false;
    *v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool Bool(bool* v) {
    std::uint8_t b = 0;
    if (!Byte(&b) || b > 1) return false;
    *v = b == 1;
    return true;
  }
  bool String(std::string* s) {
    std::uint64_t size = 0;
    if (!Varint(&size) || size > in_.size()) return false;
    s->assign(in_.substr(0, size));
    in_.remove_prefix(size);
    return true;
  }
  // A count of items that take at least `min_bytes` each: bounded by what is left.
  bool Count(std::uint64_t* n, std::size_t min_bytes) {
    return Varint(n) && *n <= in_.size() / min_bytes;
  }

 private:
  std::string_view in_;
};

// ---- Entity deltas: the "E" rows and their merge operands ---------------------------

struct Form {
  std::int64_t count = 0;
  bool titled = false;
};
using Forms = std::map<std::string, Form>;

struct Delta {
  std::int64_t articles = 0;
  std::int64_t mentions = 0;
  std::optional<std::int64_t> first_seen;
  std::optional<std::int64_t> last_seen;
  Forms forms;
};

void PutForms(std::string* out, const Forms& forms, bool is_signed) {
  PutVarint(out, forms.size());
  for (const auto& [written, form] : forms) {
    PutString(out, written);
    if (is_signed) {
      PutSigned(out, form.count);
    } else {
      PutVarint(out, static_cast<std::uint64_t>(form.count));
    }
    out->push_back(form.titled ? '\1' : '\0');
  }
}

bool ReadForms(Decoder* in, Forms* forms, bool is_signed) {
  std::uint64_t n = 0;
  if (!in->Count(&n, 3)) return false;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string written;
    Form form;
    std::uint64_t count = 0;
    if (!in->String(&written)) return false;
    if (is_signed ? !in->Signed(&form.count) : !in->Varint(&count)) return false;
    if (!is_signed && count > static_cast<std::uint64_t>(INT64_MAX)) return false;
    if (!is_signed) form.count = static_cast<std::int64_t>(count);
    if (!in->Bool(&form.titled)) return false;
    if (!forms->emplace(std::move(written), form).second) return false;  // a form listed twice
  }
  return true;
}

std::string EncodeDelta(const Delta& d) {
  std::string out;
  PutSigned(&out, d.articles);
  PutSigned(&out, d.mentions);
  out.push_back(static_cast<char>((d.first_seen ? kHasFirstSeen : 0) |
                                  (d.last_seen ? kHasLastSeen : 0)));
  if (d.first_seen) PutSigned(&out, *d.first_seen);
  if (d.last_seen) PutSigned(&out, *d.last_seen);
  PutForms(&out, d.forms, /*is_signed=*/true);
  return out;
}

bool DecodeDelta(std::string_view value, Delta* d) {
  Decoder in(value);
  std::uint8_t flags = 0;
  if (!in.Signed(&d->articles) || !in.Signed(&d->mentions) || !in.Byte(&flags)) return false;
  if ((flags & ~(kHasFirstSeen | kHasLastSeen)) != 0) return false;
  std::int64_t seen = 0;
  if ((flags & kHasFirstSeen) != 0) {
    if (!in.Signed(&seen)) return false;
    d->first_seen = seen;
  }
  if ((flags & kHasLastSeen) != 0) {
    if (!in.Signed(&seen)) return false;
    d->last_seen = seen;
  }
  return ReadForms(&in, &d->forms, /*is_signed=*/true) && in.done();
}

std::optional<std::int64_t> Earliest(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

std::optional<std::int64_t> Latest(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

void AddForm(const std::string& written, const Form& form, Forms* into) {
  Form& sum = (*into)[written];
  sum.count = Add(sum.count, form.count);
  sum.titled = sum.titled || form.titled;
}

void AddDelta(const Delta& from, Delta* into) {
  into->articles = Add(into->articles, from.articles);
  into->mentions = Add(into->mentions, from.mentions);
  into->first_seen = Earliest(into->first_seen, from.first_seen);
  into->last_seen = Latest(into->last_seen, from.last_seen);
  for (const auto& [written, form] : from.forms) AddForm(written, form, &into->forms);
}

// A delta that changes nothing: the articles it sums cancel out.
bool ChangesNothing(const Delta& d) {
  return d.articles == 0 && d.mentions == 0 && !d.first_seen && d.forms.empty();
}

void DropForms(Delta* d, bool keep_negative) {
  std::erase_if(d->forms, [keep_negative](const auto& entry) {
    return entry.second.count == 0 || (!keep_negative && entry.second.count < 0);
  });
}

// Sums deltas. A partial merge (of operands only) must keep negative counts: they still
// have to meet the positive counts of older operands or of the base value. Only a full
// merge, which starts from the base value (or from nothing below it), may drop them.
class EntityMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  const char* Name() const override { return "newsdex.entity.v1"; }

  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    Delta sum;
    Delta operand;
    if (!IsEntityRow(key) || (existing && !DecodeDelta(ToView(*existing), &sum)) ||
        !DecodeDelta(ToView(value), &operand)) {
      return false;
    }
    AddDelta(operand, &sum);
    DropForms(&sum, /*keep_negative=*/true);
    *new_value = EncodeDelta(sum);
    return true;
  }

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    Delta sum;
    if (!IsEntityRow(in.key) || (in.existing_value && !DecodeDelta(ToView(*in.existing_value), &sum))) {
      return false;
    }
    for (const rocksdb::Slice& value : in.operand_list) {
      Delta operand;
      if (!DecodeDelta(ToView(value), &operand)) return false;
      AddDelta(operand, &sum);
    }
    DropForms(&sum, /*keep_negative=*/false);
    out->new_value = EncodeDelta(sum);
    return true;
  }

 private:
  static bool IsEntityRow(const rocksdb::Slice& key) {
    return key.size() >= 2 && key[0] == kEntityRow && KindFromCode(key[1]).has_value();
  }
};

// ---- Contributions: the "A" rows ----------------------------------------------------

struct Contributed {
  std::int64_t mentions = 0;
  Forms forms;  // counts >= 0
};
// (kind code, key) -> what the article contributed to that entity.
using Contribution = std::map<std::pair<char, std::string>, Contributed>;

Contribution FromEntities(const std::vector<text::ArticleEntity>& entities) {
  Contribution out;
  for (const text::ArticleEntity& entity : entities) {
    if (entity.key.empty()) continue;
    Contributed& c = out[{KindCode(entity.kind), entity.key}];
    c.mentions += entity.mentions;
    for (const text::NameAlias& alias : entity.aliases) {
      if (!alias.written.empty()) AddForm(alias.written, {alias.count, alias.titled}, &c.forms);
    }
  }
  return out;
}

std::string EncodeContribution(const Contribution& contribution) {
  std::string out(1, static_cast<char>(kContributionVersion));
  PutVarint(&out, contribution.size());
  for (const auto& [id, c] : contribution) {
    out.push_back(id.first);
    PutString(&out, id.second);
    PutVarint(&out, static_cast<std::uint64_t>(c.mentions));
    PutForms(&out, c.forms, /*is_signed=*/false);
  }
  return out;
}

bool DecodeContribution(std::string_view value, Contribution* out) {
  Decoder in(value);
  std::uint8_t version = 0;
  std::uint64_t n = 0;
  if (!in.Byte(&version) || version != kContributionVersion || !in.Count(&n, 4)) return false;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint8_t code = 0;
    std::string key;
    std::uint64_t mentions = 0;
    Contributed c;
    if (!in.Byte(&code) || !KindFromCode(static_cast<char>(code)) || !in.String(&key) ||
        key.empty() || !in.Varint(&mentions) || !ReadForms(&in, &c.forms, false)) {
      return false;
    }
    if (mentions > static_cast<std::uint64_t>(INT64_MAX)) return false;
    c.mentions = static_cast<std::int64_t>(mentions);
    if (!out->emplace(std::pair(static_cast<char>(code), std::move(key)), std::move(c)).second) {
      return false;  // an entity listed twice
    }
  }
  return in.done();
}

// The net change to each entity when an article's contribution goes from `before` to `after`.
std::map<std::pair<char, std::string>, Delta> NetDeltas(const Contribution& before,
                                                        const Contribution& after,
                                                        std::optional<std::int64_t> published) {
  std::map<std::pair<char, std::string>, Delta> deltas;
  for (const auto& [id, c] : before) {
    Delta& d = deltas[id];
    d.articles -= 1;
    d.mentions -= c.mentions;
    for (const auto& [written, form] : c.forms) AddForm(written, {-form.count, form.titled}, &d.forms);
  }
  for (const auto& [id, c] : after) {
    Delta& d = deltas[id];
    d.articles += 1;
    d.mentions += c.mentions;
    d.first_seen = d.last_seen = published;
    for (const auto& [written, form] : c.forms) AddForm(written, form, &d.forms);
  }
  for (auto& [id, d] : deltas) DropForms(&d, /*keep_negative=*/true);
  std::erase_if(deltas, [](const auto& entry) { return ChangesNothing(entry.second); });
  return deltas;
}

// ---- Row keys -----------------------------------------------------------------------

std::string EntityRowKey(char code, std::string_view key) {
  std::string row{kEntityRow, code};
  row += key;
  return row;
}

std::string IndexRowKey(char row, std::string_view word, char code, std::string_view key) {
  std::string out(1, row);
  out += word;
  out += kUnitSeparator;
  out += code;
  out += key;
  return out;
}

std::string ArticleRowKey(std::string_view id) {
  std::string row(1, kArticleRow);
  row += id;
  return row;
}

// The keys an entity is known by: its own, and NameKey() of each untitled form.
std::set<std::string> AliasKeys(std::string_view key, const Forms& forms) {
  std::set<std::string> keys{std::string(key)};
  for (const auto& [written, form] : forms) {
    if (!form.titled) keys.insert(text::NameKey(written));
  }
  std::erase_if(keys, [](const std::string& k) {
    return k.empty() || k.find(kUnitSeparator) != std::string::npos;
  });
  return keys;
}

std::set<std::string> Words(const std::set<std::string>& keys) {
  std::set<std::string> words;
  for (const std::string& k : keys) {
    for (std::size_t begin = 0; begin < k.size();) {
      std::size_t end = std::min(k.find(' ', begin), k.size());
      if (end > begin) words.insert(k.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  return words;
}

// Puts `row` unless `written` (optional) says this writer put it already.
void PutIndexRow(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* family, std::string row,
                 std::unordered_set<std::string>* written) {
  constexpr std::size_t kMaxRemembered = 1 << 21;
  if (written != nullptr) {
    if (written->count(row) != 0) return;
    if (written->size() >= kMaxRemembered) written->clear();
  }
  batch->Put(family, row, "").PermitUncheckedError();
  if (written != nullptr) written->insert(std::move(row));
}

void PutIndexRows(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* family, char code,
                  const std::string& key, const Forms& forms,
                  std::unordered_set<std::string>* written) {
  const std::set<std::string> alias_keys = AliasKeys(key, forms);
  for (const std::string& alias_key : alias_keys) {
    PutIndexRow(batch, family, IndexRowKey(kAliasRow, alias_key, code, key), written);
  }
  for (const std::string& word : Words(alias_keys)) {
    PutIndexRow(batch, family, IndexRowKey(kWordRow, word, code, key), written);
  }
}

// The (kind code, key) of a "K" or "W" row: what follows the first unit separator.
std::optional<std::pair<char, std::string_view>> ParseIndexRow(std::string_view row) {
  const std::size_t sep = row.find(kUnitSeparator, 1);
  if (sep == std::string_view::npos || sep + 2 >= row.size() || !KindFromCode(row[sep + 1])) {
    return std::nullopt;
  }
  return std::pair(row[sep + 1], row.substr(sep + 2));
}

// Alias keys of the live record: its key and NameKey() of its untitled forms.
std::set<std::string> LiveAliasKeys(const EntityRecord& record) {
  Forms forms;
  for (const EntityRecord::Alias& a : record.aliases) forms[a.written] = {a.count, a.titled};
  return AliasKeys(record.key, forms);
}

}  // namespace

// ---- EntityRecord and the public helpers --------------------------------------------

namespace {

// True for a form written in capitals only ("WASHINGTON", from a dateline or headline).
bool AllCapitals(std::string_view written) {
  bool upper = false;
  for (char c : written) {
    if (c >= 'a' && c <= 'z') return false;
    upper |= c >= 'A' && c <= 'Z';
  }
  return upper;
}

// "WASHINGTON" -> "Washington", "KANSAS CITY" -> "Kansas City" (ASCII letters only).
std::string TitleCase(std::string written) {
  bool word_start = true;
  for (char& c : written) {
    if (c >= 'A' && c <= 'Z' && !word_start) c = static_cast<char>(c - 'A' + 'a');
    word_start = c == ' ' || c == '-';
  }
  return written;
}

}  // namespace

std::string EntityRecord::DisplayName() const {
  // Aliases are most frequent first. Forms in capitals only lose to any other form and
  // are shown in title case ("WASHINGTON", from a dateline, as "Washington").
  const Alias* best = nullptr;
  int best_rank = -1;
  for (const Alias& alias : aliases) {
    if (alias.titled) continue;
    const int rank = (text::NameKey(alias.written) == key ? 2 : 0) + (AllCapitals(alias.written) ? 0 : 1);
    if (rank > best_rank) {
      best = &alias;
      best_rank = rank;
    }
  }
  if (best == nullptr) return key;
  // Organisations in capitals are mostly acronyms ("OPEC"); people and places are not.
  const bool recase = AllCapitals(best->written) && kind != text::EntityKind::kOrg;
  return recase ? TitleCase(best->written) : best->written;
}

Result<std::vector<std::pair<text::EntityKind, std::string>>> DecodeArticleEntityKeys(
    std::string_view contribution) {
  Contribution decoded;
  if (!DecodeContribution(contribution, &decoded)) {
    return Status::Corruption("entity registry: malformed article contribution");
  }
  std::vector<std::pair<text::EntityKind, std::string>> keys;
  for (const auto& [id, c] : decoded) keys.emplace_back(*KindFromCode(id.first), id.second);
  return keys;
}

std::string EncodeArticleEntities(const std::vector<text::ArticleEntity>& entities) {
  return EncodeContribution(FromEntities(entities));
}

namespace internal {

Result<EntityRecord> DecodeEntityRow(std::string_view row_key, std::string_view value) {
  Delta d;
  if (row_key.size() < 2 || row_key[0] != kEntityRow || !KindFromCode(row_key[1]) ||
      !DecodeDelta(value, &d)) {
    return Status::Corruption("entity registry: malformed entity row");
  }
  EntityRecord record;
  record.kind = *KindFromCode(row_key[1]);
  record.key = std::string(row_key.substr(2));
  record.articles = d.articles;
  record.mentions = d.mentions;
  record.first_seen = d.first_seen;
  record.last_seen = d.last_seen;
  for (const auto& [written, form] : d.forms) {
    if (form.count > 0) record.aliases.push_back({written, form.count, form.titled});
  }
  std::stable_sort(record.aliases.begin(), record.aliases.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  return record;
}

}  // namespace internal

// ---- EntityRegistry -----------------------------------------------------------------

std::shared_ptr<rocksdb::MergeOperator> EntityRegistry::NewMergeOperator() {
  return std::make_shared<EntityMergeOperator>();
}

struct EntityDeltas::Sums {
  std::map<std::pair<char, std::string>, Delta> by_entity;
};

EntityDeltas::EntityDeltas() : sums_(std::make_unique<Sums>()) {}
EntityDeltas::~EntityDeltas() = default;

void EntityDeltas::WriteTo(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* family) {
  for (auto& [entity, delta] : sums_->by_entity) {
    DropForms(&delta, /*keep_negative=*/true);
    if (ChangesNothing(delta)) continue;
    batch->Merge(family, EntityRowKey(entity.first, entity.second), EncodeDelta(delta))
        .PermitUncheckedError();
  }
  sums_->by_entity.clear();
}

Status EntityRegistry::ReplaceArticle(rocksdb::WriteBatch* batch, EntityDeltas* deltas,
                                      std::string_view id,
                                      const std::optional<std::string>& previous,
                                      const std::vector<text::ArticleEntity>& entities,
                                      std::optional<std::int64_t> published) const {
  assert(family_ != nullptr);
  Contribution before;
  if (previous && !DecodeContribution(*previous, &before)) {
    return Status::Corruption("entity registry: malformed contribution of article " +
                              std::string(id));
  }
  const Contribution after = FromEntities(entities);
  for (auto& [entity, delta] : NetDeltas(before, after, published)) {
    AddDelta(delta, &deltas->sums_->by_entity[entity]);
  }
  for (const auto& [entity, c] : after) {
    PutIndexRows(batch, family_, entity.first, entity.second, c.forms, written_rows_);
  }
  if (after.empty()) {
    batch->Delete(family_, ArticleRowKey(id)).PermitUncheckedError();
  } else {
    batch->Put(family_, ArticleRowKey(id), EncodeContribution(after)).PermitUncheckedError();
  }
  return Status::Ok();
}

Result<std::optional<std::string>> EntityRegistry::GetArticleEntities(std::string_view id) const {
  if (family_ == nullptr) return std::optional<std::string>();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), family_, ArticleRowKey(id), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "entity registry read");
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<EntityRecord>> EntityRegistry::GetEntity(text::EntityKind kind,
                                                              std::string_view key) const {
  if (family_ == nullptr) return std::optional<EntityRecord>();
  const std::string row = EntityRowKey(KindCode(kind), key);
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), family_, row, &value);
  if (s.IsNotFound()) return std::optional<EntityRecord>();
  if (!s.ok()) return FromRocks(s, "entity registry read");
  Result<EntityRecord> record = internal::DecodeEntityRow(row, value);
  if (!record.ok()) return record.status();
  if (record->articles <= 0) return std::optional<EntityRecord>();
  return std::optional<EntityRecord>(std::move(record).value());
}

Status EntityRegistry::ForEachEntityWithAliasKey(
    std::string_view alias_key,
    const std::function<Status(text::EntityKind, std::string_view)>& fn) const {
  if (alias_key.empty() || alias_key.find(kUnitSeparator) != std::string_view::npos) {
    return Status::Ok();  // never indexed
  }
  std::string prefix(1, kAliasRow);
  prefix += alias_key;
  prefix += kUnitSeparator;
  auto still_has = [alias_key](const EntityRecord& record) {
    return LiveAliasKeys(record).count(std::string(alias_key)) > 0;
  };
  return ForEachIndexed(prefix, still_has, fn);
}

Status EntityRegistry::ForEachEntityWithWordPrefix(
    std::string_view prefix,
    const std::function<Status(text::EntityKind, std::string_view)>& fn) const {
  if (prefix.find(kUnitSeparator) != std::string_view::npos) return Status::Ok();
  auto still_has = [prefix](const EntityRecord& record) {
    for (const std::string& word : Words(LiveAliasKeys(record))) {
      if (word.starts_with(prefix)) return true;
    }
    return false;
  };
  return ForEachIndexed(std::string(1, kWordRow) + std::string(prefix), still_has, fn);
}

Status EntityRegistry::ForEachIndexed(
    std::string_view prefix, const std::function<bool(const EntityRecord&)>& still_has,
    const std::function<Status(text::EntityKind, std::string_view)>& fn) const {
  if (family_ == nullptr) return Status::Ok();
  std::set<std::string> seen;  // code + key
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family_));
  for (it->Seek(ToSlice(prefix)); it->Valid() && it->key().starts_with(ToSlice(prefix)); it->Next()) {
    const auto entity = ParseIndexRow(ToView(it->key()));
    if (!entity) return Status::Corruption("entity registry: malformed index row");
    const EntityKind kind = *KindFromCode(entity->first);
    if (!seen.insert(entity->first + std::string(entity->second)).second) continue;
    Result<std::optional<EntityRecord>> record = GetEntity(kind, entity->second);
    if (!record.ok()) return record.status();
    if (!*record || !still_has(**record)) continue;  // a stale index row
    Status s = fn(kind, entity->second);
    if (!s.ok()) return s;
  }
  return FromRocks(it->status(), "entity registry index");
}

Status EntityRegistry::ForEachEntity(const std::function<Status(const EntityRecord&)>& fn) const {
  if (family_ == nullptr) return Status::Ok();
  const std::string prefix(1, kEntityRow);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    Result<EntityRecord> record = internal::DecodeEntityRow(ToView(it->key()), ToView(it->value()));
    if (!record.ok()) return record.status();
    if (record->articles <= 0) continue;
    Status s = fn(*record);
    if (!s.ok()) return s;
  }
  return FromRocks(it->status(), "entity registry entities");
}

}  // namespace newsdex

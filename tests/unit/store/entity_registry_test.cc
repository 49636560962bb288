#include "common/store/entity_registry.h"

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>

#include "common/store/document_store.h"
#include "support/temp_dir.h"

namespace newsdex {
namespace {

using testing::TempDir;
using text::ArticleEntity;
using text::EntityKind;
using text::NameAlias;

constexpr std::int64_t kFeb26 = 541350061;  // 1987-02-26
constexpr std::int64_t kMar02 = 541641600;  // 1987-03-02
constexpr std::int64_t kMar09 = 542246400;  // 1987-03-09

ArticleEntity Entity(EntityKind kind, std::string key, std::string name,
                     std::vector<NameAlias> aliases) {
  ArticleEntity e;
  e.kind = kind;
  e.key = std::move(key);
  e.name = std::move(name);
  e.aliases = std::move(aliases);
  for (const NameAlias& a : e.aliases) e.mentions += a.count;
  return e;
}

// Article 1 names Putin four times, once with his title; article 2 twice.
ArticleEntity PutinInFirst() {
  return Entity(EntityKind::kPerson, "vladimir putin", "Vladimir Putin",
                {{"Vladimir Putin", 1, false}, {"Putin", 2, false}, {"President Putin", 1, true},
                 {"Vlad Putin", 1, false}});
}
ArticleEntity PutinInSecond() {
  return Entity(EntityKind::kPerson, "vladimir putin", "Vladimir Putin",
                {{"Vladimir Putin", 1, false}, {"Putin", 1, false}});
}
ArticleEntity Gazprom() {
  return Entity(EntityKind::kOrg, "gazprom", "Gazprom", {{"Gazprom", 2, false}});
}

std::unique_ptr<DocumentStore> OpenStore(const std::string& path, bool read_only = false) {
  StoreOptions options;
  options.read_only = read_only;
  options.create_if_missing = !read_only;
  auto store = DocumentStore::Open(path, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// What the indexer does: read the previous contribution, replace it in one batch.
void Index(DocumentStore* store, const std::string& id, const std::vector<ArticleEntity>& entities,
           std::optional<std::int64_t> published) {
  auto previous = store->GetArticleEntities(id);
  REQUIRE(previous.ok());
  auto batch = store->NewBatch();
  REQUIRE(batch->ReplaceArticleEntities(id, *previous, entities, published).ok());
  REQUIRE(store->Write(batch.get(), /*sync=*/false).ok());
}

void Remove(DocumentStore* store, const std::string& id) {
  auto previous = store->GetArticleEntities(id);
  REQUIRE(previous.ok());
  auto batch = store->NewBatch();
  batch->DeleteArticle(id);
  REQUIRE(batch->RemoveArticleEntities(id, *previous).ok());
  REQUIRE(store->Write(batch.get(), /*sync=*/false).ok());
}

std::optional<EntityRecord> Get(const DocumentStore& store, EntityKind kind, const std::string& key) {
  auto record = store.GetEntity(kind, key);
  INFO(record.status().ToString());
  REQUIRE(record.ok());
  return *record;
}

std::optional<EntityRecord> Putin(const DocumentStore& store) {
  return Get(store, EntityKind::kPerson, "vladimir putin");
}

// "written=count" by written form, "t" marking titled forms: readable when a check fails.
std::string Aliases(const EntityRecord& record) {
  std::map<std::string, std::string> sorted;
  for (const auto& a : record.aliases) {
    sorted[a.written] = std::to_string(a.count) + (a.titled ? "t" : "");
  }
  std::string out;
  for (const auto& [written, count] : sorted) out += (out.empty() ? "" : ", ") + written + "=" + count;
  return out;
}

std::vector<std::string> WithAliasKey(const DocumentStore& store, const std::string& alias_key) {
  std::vector<std::string> found;
  Status s = store.ForEachEntityWithAliasKey(alias_key, [&](EntityKind kind, std::string_view key) {
    found.push_back(std::string(text::EntityKindName(kind)) + ":" + std::string(key));
    return Status::Ok();
  });
  REQUIRE(s.ok());
  return found;
}

std::vector<std::string> WithWordPrefix(const DocumentStore& store, const std::string& prefix) {
  std::vector<std::string> found;
  Status s = store.ForEachEntityWithWordPrefix(prefix, [&](EntityKind kind, std::string_view key) {
    found.push_back(std::string(text::EntityKindName(kind)) + ":" + std::string(key));
    return Status::Ok();
  });
  REQUIRE(s.ok());
  return found;
}

std::vector<std::string> AllKeys(const DocumentStore& store) {
  std::vector<std::string> keys;
  REQUIRE(store.ForEachEntity([&](const EntityRecord& r) {
                 keys.push_back(r.key);
                 return Status::Ok();
               }).ok());
  return keys;
}

TEST_CASE("two articles naming Putin make one record", "[registry]") {
  TempDir dir;
  auto store = OpenStore(dir / "store");
  Index(store.get(), "a1", {PutinInFirst(), Gazprom()}, kMar02);
  Index(store.get(), "a2", {PutinInSecond()}, kFeb26);

  auto putin = Putin(*store);
  REQUIRE(putin);
  CHECK(putin->kind == EntityKind::kPerson);
  CHECK(putin->articles == 2);
  CHECK(putin->mentions == 7);
  CHECK(putin->first_seen == kFeb26);
  CHECK(putin->last_seen == kMar02);
  CHECK(Aliases(*putin) == "President Putin=1t, Putin=3, Vlad Putin=1, Vladimir Putin=2");
  CHECK(putin->aliases.front().written == "Putin");  // most frequent first
  // "Putin" is more frequent, but "Vladimir Putin" is the form whose key is the entity's.
  CHECK(putin->DisplayName() == "Vladimir Putin");

  CHECK(WithAliasKey(*store, "putin") == std::vector<std::string>{"person:vladimir putin"});
  CHECK(WithAliasKey(*store, "vladimir putin") == std::vector<std::string>{"person:vladimir putin"});
  CHECK(WithAliasKey(*store, "president putin").empty());  // titled forms are no alias keys
  CHECK(WithWordPrefix(*store, "put") == std::vector<std::string>{"person:vladimir putin"});
  // "vlad" and "vladimir" both match: the entity is reported once.
  CHECK(WithWordPrefix(*store, "vlad") == std::vector<std::string>{"person:vladimir putin"});
  CHECK(WithWordPrefix(*store, "gaz") == std::vector<std::string>{"org:gazprom"});
  CHECK(AllKeys(*store) == std::vector<std::string>{"gazprom", "vladimir putin"});

  auto contribution = store->GetArticleEntities("a1");
  REQUIRE(contribution.ok());
  REQUIRE(*contribution);
  auto keys = DecodeArticleEntityKeys(**contribution);
  REQUIRE(keys.ok());
  CHECK(*keys == std::vector<std::pair<EntityKind, std::string>>{
                     {EntityKind::kOrg, "gazprom"}, {EntityKind::kPerson, "vladimir putin"}});
}

TEST_CASE("replacing and deleting articles subtracts exactly what they added", "[registry]") {
  TempDir dir;
  auto store = OpenStore(dir / "store");
  Index(store.get(), "a1", {PutinInFirst(), Gazprom()}, kMar02);
  Index(store.get(), "a2", {PutinInSecond()}, kFeb26);

  // a1 no longer names Putin.
  Index(store.get(), "a1", {Gazprom()}, kMar09);
  auto putin = Putin(*store);
  REQUIRE(putin);
  CHECK(putin->articles == 1);
  CHECK(putin->mentions == 2);
  CHECK(Aliases(*putin) == "Putin=1, Vladimir Putin=1");
  CHECK(putin->first_seen == kFeb26);
  CHECK(putin->last_seen == kMar02);  // bounds: not lowered when articles go away
  CHECK(WithAliasKey(*store, "putin") == std::vector<std::string>{"person:vladimir putin"});
  CHECK(WithAliasKey(*store, "vlad putin").empty());  // the stale alias row is skipped
  CHECK(WithWordPrefix(*store, "put") == std::vector<std::string>{"person:vladimir putin"});
  auto gazprom = Get(*store, EntityKind::kOrg, "gazprom");
  REQUIRE(gazprom);
  CHECK(gazprom->articles == 1);  // replaced, not counted twice
  CHECK(gazprom->mentions == 2);
  CHECK(gazprom->last_seen == kMar09);

  // a2 is deleted: nobody names Putin any more.
  Remove(store.get(), "a2");
  CHECK_FALSE(Putin(*store));
  CHECK(AllKeys(*store) == std::vector<std::string>{"gazprom"});
  CHECK(WithAliasKey(*store, "putin").empty());
  CHECK(WithWordPrefix(*store, "put").empty());
  auto gone = store->GetArticleEntities("a2");
  REQUIRE(gone.ok());
  CHECK_FALSE(*gone);

  // Named again later: counts start from zero, not from what was taken away.
  Index(store.get(), "a3", {PutinInSecond()}, kMar09);
  putin = Putin(*store);
  REQUIRE(putin);
  CHECK(putin->articles == 1);
  CHECK(Aliases(*putin) == "Putin=1, Vladimir Putin=1");
}

TEST_CASE("one batch can change an article twice through EncodeArticleEntities", "[registry]") {
  TempDir dir;
  auto store = OpenStore(dir / "store");
  auto batch = store->NewBatch();
  REQUIRE(batch->ReplaceArticleEntities("a1", std::nullopt, {PutinInFirst()}, kFeb26).ok());
  REQUIRE(batch->ReplaceArticleEntities("a1", EncodeArticleEntities({PutinInFirst()}),
                                        {PutinInSecond()}, kFeb26)
              .ok());
  REQUIRE(store->Write(batch.get(), false).ok());
  auto putin = Putin(*store);
  REQUIRE(putin);
  CHECK(putin->articles == 1);
  CHECK(Aliases(*putin) == "Putin=1, Vladimir Putin=1");
}

// Every record, as one line each: what two registries must agree on.
std::vector<std::string> Records(const DocumentStore& store) {
  std::vector<std::string> lines;
  REQUIRE(store.ForEachEntity([&](const EntityRecord& r) {
                 lines.push_back(r.key + " articles=" + std::to_string(r.articles) +
                                 " mentions=" + std::to_string(r.mentions) + " seen=" +
                                 std::to_string(r.first_seen.value_or(-1)) + ".." +
                                 std::to_string(r.last_seen.value_or(-1)) + " " + Aliases(r));
                 return Status::Ok();
               }).ok());
  return lines;
}

TEST_CASE("a batch of many articles keeps the records that one batch per article keeps",
          "[registry]") {
  // The batch sums its articles' deltas per entity: the sums must be what the merges of
  // the articles one by one add up to, cancellations and dates included.
  struct Change {
    std::string id;
    std::vector<ArticleEntity> entities;
    std::optional<std::int64_t> published;
  };
  std::vector<Change> changes;
  for (int i = 0; i < 40; ++i) {
    std::vector<ArticleEntity> named{i % 2 == 0 ? PutinInFirst() : PutinInSecond()};
    if (i % 3 == 0) named.push_back(Gazprom());
    changes.push_back({"a" + std::to_string(i), named, kFeb26 + i * 86400});
  }
  changes.push_back({"b1", {Gazprom()}, std::nullopt});  // undated
  TempDir dir;
  auto one_by_one = OpenStore(dir / "one-by-one");
  auto together = OpenStore(dir / "together");
  for (const Change& c : changes) Index(one_by_one.get(), c.id, c.entities, c.published);
  auto batch = together->NewBatch();
  for (const Change& c : changes) {
    REQUIRE(batch->ReplaceArticleEntities(c.id, std::nullopt, c.entities, c.published).ok());
  }
  REQUIRE(together->Write(batch.get(), false).ok());
  REQUIRE(Records(*together) == Records(*one_by_one));
  auto putin = Putin(*together);
  REQUIRE(putin);
  CHECK(putin->articles == 40);
  CHECK(putin->first_seen == kFeb26);
  CHECK(putin->last_seen == kFeb26 + 39 * 86400);

  // A second batch replaces some articles and deletes others; Putin leaves every article
  // of the batch that named Gazprom too, and a1 comes back, in the same batch, as it was.
  auto second = together->NewBatch();
  for (int i = 0; i < 40; i += 3) {
    const std::string id = "a" + std::to_string(i);
    auto previous = together->GetArticleEntities(id);
    REQUIRE(previous.ok());
    REQUIRE(second->ReplaceArticleEntities(id, *previous, {Gazprom()}, kMar09).ok());
    Index(one_by_one.get(), id, {Gazprom()}, kMar09);
  }
  for (const std::string id : {"a1", "a2"}) {
    auto previous = together->GetArticleEntities(id);
    REQUIRE(previous.ok());
    REQUIRE(second->RemoveArticleEntities(id, *previous).ok());
    Remove(one_by_one.get(), id);
  }
  REQUIRE(second->ReplaceArticleEntities("a1", std::nullopt, {PutinInSecond()}, kFeb26).ok());
  Index(one_by_one.get(), "a1", {PutinInSecond()}, kFeb26);
  REQUIRE(together->Write(second.get(), false).ok());
  CHECK(Records(*together) == Records(*one_by_one));
  putin = Putin(*together);
  REQUIRE(putin);
  CHECK(putin->articles == 40 - 14 - 1);  // a0, a3, ... a39 and a2 no longer name him
}

TEST_CASE("the registry survives reopening, read-write and read-only", "[registry]") {
  TempDir dir;
  const std::string path = dir / "store";
  {
    auto store = OpenStore(path);
    Index(store.get(), "a1", {PutinInFirst(), Gazprom()}, kMar02);
    Index(store.get(), "a2", {PutinInSecond()}, kFeb26);
  }
  {
    // Reopening flushes the memtable; the operands written next meet the flushed ones
    // only in a merge, and a flush partially merges the new ones (negative counts kept).
    auto store = OpenStore(path);
    Index(store.get(), "a1", {Gazprom()}, kMar02);
    Index(store.get(), "a3", {PutinInSecond()}, kMar09);
  }
  {
    auto store = OpenStore(path);
    auto putin = Putin(*store);
    REQUIRE(putin);
    CHECK(putin->articles == 2);
    CHECK(Aliases(*putin) == "Putin=2, Vladimir Putin=2");
  }
  auto reader = OpenStore(path, /*read_only=*/true);
  auto putin = Putin(*reader);
  REQUIRE(putin);
  CHECK(putin->articles == 2);
  CHECK(putin->mentions == 4);
  CHECK(putin->last_seen == kMar09);
  CHECK(putin->DisplayName() == "Vladimir Putin");
  CHECK(WithAliasKey(*reader, "putin") == std::vector<std::string>{"person:vladimir putin"});
  CHECK(AllKeys(*reader) == std::vector<std::string>{"gazprom", "vladimir putin"});
}

// An archive written before the registry: RocksDB with only the old column families.
void CreateOldStore(const std::string& path) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {"default", "documents", "ids", "log", "state"}) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  REQUIRE(rocksdb::DB::Open(options, path, families, &handles, &db).ok());
  REQUIRE(db->Put(rocksdb::WriteOptions(), handles[1], "a1", "stored").ok());
  for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
  REQUIRE(db->Close().ok());
  delete db;
}

TEST_CASE("an archive without the entities family opens", "[registry]") {
  TempDir dir;
  const std::string path = dir / "store";
  CreateOldStore(path);
  {
    auto reader = OpenStore(path, /*read_only=*/true);
    auto doc = reader->GetDocument("a1");
    REQUIRE(doc.ok());
    CHECK(*doc == std::optional<std::string>("stored"));
    CHECK_FALSE(Putin(*reader));  // an empty registry
    CHECK(AllKeys(*reader).empty());
    CHECK(WithAliasKey(*reader, "putin").empty());
    CHECK(WithWordPrefix(*reader, "p").empty());
    auto contribution = reader->GetArticleEntities("a1");
    REQUIRE(contribution.ok());
    CHECK_FALSE(*contribution);
  }
  {
    StoreOptions options;  // a writable open of an existing archive adds the family
    auto store = DocumentStore::Open(path, options);
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    Index(store->get(), "a1", {PutinInSecond()}, kFeb26);
  }
  auto reader = OpenStore(path, /*read_only=*/true);
  auto putin = Putin(*reader);
  REQUIRE(putin);
  CHECK(putin->articles == 1);
}

TEST_CASE("malformed registry bytes are rejected without crashing", "[registry]") {
  const std::string valid = EncodeArticleEntities({PutinInFirst(), Gazprom()});
  REQUIRE(DecodeArticleEntityKeys(valid).ok());
  std::vector<std::string> garbage = {"", "garbage bytes", std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11),
                                      std::string("\x01\x02P\x7fvladimir", 11), valid + "x"};
  for (std::size_t n = 0; n < valid.size(); ++n) garbage.push_back(valid.substr(0, n));
  for (std::size_t i = 1; i < valid.size(); ++i) {
    std::string flipped = valid;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x80);
    garbage.push_back(flipped);
  }
  std::size_t rejected = 0;
  for (const std::string& bytes : garbage) {
    auto keys = DecodeArticleEntityKeys(bytes);
    if (!keys.ok()) {
      CHECK(keys.status().code() == StatusCode::kCorruption);
      ++rejected;
    }
    auto record = internal::DecodeEntityRow("EPputin", bytes);
    if (!record.ok()) CHECK(record.status().code() == StatusCode::kCorruption);
  }
  CHECK(rejected >= valid.size() + 5);  // every truncation and every listed garbage
  CHECK_FALSE(internal::DecodeEntityRow("EXputin", "").ok());  // unknown kind code

  // Random bytes, seeded: any outcome but a crash (the ASan build checks the reads).
  std::mt19937 random(20240611);
  auto merge = EntityRegistry::NewMergeOperator();
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(random() % 40, '\0');
    for (char& c : bytes) c = static_cast<char>(random() % 256);
    if (i % 2 == 0 && !bytes.empty()) bytes[0] = '\x01';  // past the version byte
    DecodeArticleEntityKeys(bytes).status().IgnoreError();        // outcome irrelevant
    internal::DecodeEntityRow("EPputin", bytes).status().IgnoreError();  // outcome irrelevant
    std::string merged;
    (void)merge->PartialMerge("EPputin", bytes, bytes, &merged, nullptr);  // outcome irrelevant
  }

  TempDir dir;
  auto store = OpenStore(dir / "store");
  auto batch = store->NewBatch();
  Status s = batch->ReplaceArticleEntities("a1", std::string("garbage"), {Gazprom()}, kFeb26);
  CHECK(s.code() == StatusCode::kCorruption);
  CHECK(batch->ApproximateBytes() == store->NewBatch()->ApproximateBytes());  // untouched

  std::string merged;
  CHECK_FALSE(merge->PartialMerge("EPputin", "garbage", "more garbage", &merged, nullptr));
  std::vector<rocksdb::Slice> operands = {"garbage"};
  rocksdb::Slice existing_operand;
  const rocksdb::Slice key("EPputin");  // MergeOperationInput keeps a reference
  rocksdb::MergeOperator::MergeOperationInput in(key, nullptr, operands, nullptr);
  rocksdb::MergeOperator::MergeOperationOutput out(merged, existing_operand);
  CHECK_FALSE(merge->FullMergeV2(in, &out));
}

}  // namespace
}  // namespace newsdex

// AliasTable: the user's corrections to entities (schemas/aliases.toml).
#include <toml++/toml.h>

#include "common/text/names.h"

namespace newsdex::text {
namespace {

std::string KindedKey(EntityKind kind, std::string_view key) {
  std::string out(1, static_cast<char>('0' + static_cast<int>(kind)));
  out += key;
  return out;
}

Status TableError(const toml::node& node, std::string_view message) {
  return Status::InvalidArgument("aliases file, line " + std::to_string(node.source().begin.line) +
                         ": " + std::string(message));
}

Result<EntityKind> KindOf(const toml::table& table) {
  const std::optional<std::string> kind = table["kind"].value<std::string>();
  if (!kind) return TableError(table, "missing kind (person, org or place)");
  std::optional<EntityKind> parsed = ParseEntityKind(*kind);
  if (!parsed) {
    return TableError(*table.get("kind"), "unknown kind '" + *kind + "' (person, org or place)");
  }
  return *parsed;
}

Result<std::vector<std::string>> StringList(const toml::table& table, std::string_view field) {
  std::vector<std::string> out;
  const toml::array* list = table[field].as_array();
  if (list == nullptr) return out;
  for (const toml::node& item : *list) {
    const std::optional<std::string> text = item.value<std::string>();
    if (!text) return TableError(item, std::string(field) + " must hold strings");
    out.push_back(*text);
  }
  return out;
}

}  // namespace

Result<AliasTable> AliasTable::FromToml(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument("aliases file, line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  AliasTable table;
  if (const toml::array* entities = root["entity"].as_array()) {
    for (const toml::node& node : *entities) {
      const toml::table* entity = node.as_table();
      if (entity == nullptr) return TableError(node, "[[entity]] must be a table");
      Result<EntityKind> kind = KindOf(*entity);
      if (!kind.ok()) return kind.status();
      const std::optional<std::string> name = (*entity)["name"].value<std::string>();
      if (!name || NameKey(*name).empty()) return TableError(node, "[[entity]] needs a name");
      Result<std::vector<std::string>> aliases = StringList(*entity, "aliases");
      if (!aliases.ok()) return aliases.status();
      Target target{NameKey(*name), *name, {}};
      table.merges_[KindedKey(*kind, target.key)] = target;
      for (const std::string& alias : *aliases) {
        const std::string key = NameKey(alias);
        if (!key.empty()) table.merges_[KindedKey(*kind, key)] = target;
      }
    }
  }
  if (const toml::array* splits = root["split"].as_array()) {
    for (const toml::node& node : *splits) {
      const toml::table* split = node.as_table();
      if (split == nullptr) return TableError(node, "[[split]] must be a table");
      Result<EntityKind> kind = KindOf(*split);
      if (!kind.ok()) return kind.status();
      const std::optional<std::string> alias = (*split)["alias"].value<std::string>();
      if (!alias || NameKey(*alias).empty()) return TableError(node, "[[split]] needs an alias");
      std::vector<Target>& targets = table.splits_[KindedKey(*kind, NameKey(*alias))];
      const toml::array* into = (*split)["entity"].as_array();
      if (into == nullptr) return TableError(node, "[[split]] needs [[split.entity]] tables");
      for (const toml::node& each : *into) {
        const toml::table* entity = each.as_table();
        const std::optional<std::string> name =
            entity ? (*entity)["name"].value<std::string>() : std::nullopt;
        if (!name || NameKey(*name).empty()) return TableError(each, "[[split.entity]] needs a name");
        Result<std::vector<std::string>> words = StringList(*entity, "words");
        if (!words.ok()) return words.status();
        Target target{NameKey(*name), *name, {}};
        for (const std::string& word : *words) target.context.push_back(NameKey(word));
        targets.push_back(std::move(target));
      }
    }
  }
  return table;
}

std::optional<std::pair<std::string, std::string>> AliasTable::Resolve(
    EntityKind kind, std::string_view key,
    const std::unordered_map<std::string, int>& article_words) const {
  const std::string kinded = KindedKey(kind, key);
  if (auto split = splits_.find(kinded); split != splits_.end()) {
    const Target* best = nullptr;
    int best_hits = 0;
    for (const Target& target : split->second) {
      int hits = 0;
      for (const std::string& word : target.context) {
        if (auto it = article_words.find(word); it != article_words.end()) hits += it->second;
      }
      if (hits > best_hits) {
        best = &target;
        best_hits = hits;
      }
    }
    if (best != nullptr) return std::make_pair(best->key, best->name);
  }
  if (auto merge = merges_.find(kinded); merge != merges_.end()) {
    return std::make_pair(merge->second.key, merge->second.name);
  }
  return std::nullopt;
}

std::vector<std::pair<EntityKind, std::string>> AliasTable::Keys() const {
  std::vector<std::pair<EntityKind, std::string>> keys;
  auto add = [&keys](const std::string& kinded) {
    keys.emplace_back(static_cast<EntityKind>(kinded[0] - '0'), kinded.substr(1));
  };
  for (const auto& [kinded, target] : merges_) add(kinded);
  for (const auto& [kinded, targets] : splits_) {
    add(kinded);
    for (const Target& target : targets) keys.emplace_back(static_cast<EntityKind>(kinded[0] - '0'), target.key);
  }
  return keys;
}

}  // namespace newsdex::text

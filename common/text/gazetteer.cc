// Gazetteer: the places, organisations and given names that name recognition looks up,
// built from ICU's English display names and the TOML files in schemas/ (compiled in).
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>
#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/strenum.h>

#include "common/text/names.h"

namespace newsdex::text::internal {
// Generated from schemas/*.toml by CMake (common/text/default_gazetteer.cc.in).
std::string_view DefaultPlacesToml();
std::string_view DefaultPeopleToml();
std::string_view DefaultOrgsToml();
}  // namespace newsdex::text::internal

namespace newsdex::text {
namespace {

constexpr std::uint8_t kGivenWord = 1;
constexpr std::uint8_t kFamilyFirstWord = 2;

// The top-level keys of places.toml, in the order they are read. The kind is documentary
// (every entry is an EntityKind::kPlace); the order decides which entry a later one with
// the same name joins.
constexpr std::string_view kPlaceKinds[] = {"country", "territory", "historic", "region",
                                            "water",   "state",     "city"};
// The top-level keys of orgs.toml, read in this order.
constexpr std::string_view kOrgKinds[] = {"intergovernmental", "central_bank", "government",
                                          "news_agency", "company", "other"};
// The keys of one place or organisation, and the tables of people.toml.
constexpr std::string_view kPlaceFields[] = {"name", "code", "aliases", "demonyms"};
constexpr std::string_view kOrgFields[] = {"name", "aliases", "over_place"};
constexpr std::string_view kPeopleSections[] = {"given", "family_first"};

std::string English(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

void ReplaceAll(std::string* text, std::string_view from, std::string_view to) {
  for (std::size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

// An ICU display name made into a name as the press writes it, plus the other forms
// that should find it: "Myanmar (Burma)" -> "Myanmar" + "Burma"; "Hong Kong SAR China" ->
// "Hong Kong"; "Trinidad & Tobago" -> "Trinidad and Tobago" (the raw form stays an alias).
struct IcuName {
  std::string name;
  std::vector<std::string> aliases;
};

IcuName CleanIcuName(std::string raw) {
  IcuName out;
  out.aliases.push_back(raw);
  std::string name = raw;
  ReplaceAll(&name, " SAR China", "");
  if (const std::size_t open = name.find(" ("); open != std::string::npos) {
    const std::size_t close = name.find(')', open);
    if (close != std::string::npos) {
      // Only a trailing parenthesis is another name of the whole ("Burma"); an inner one
      // ("Cocos (Keeling) Islands") is a part.
      if (close + 1 == name.size()) out.aliases.push_back(name.substr(open + 2, close - open - 2));
      name.erase(open, close + 1 - open);
    }
  }
  ReplaceAll(&name, " & ", " and ");
  if (name.rfind("St. ", 0) == 0) out.aliases.push_back("Saint " + name.substr(4));
  out.name = std::move(name);
  return out;
}

std::size_t WordCount(std::string_view key) {
  return static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

// The strings of a TOML value that is a string or an array of strings; nullopt (and
// `*bad` set to the offending node) when an element is something else.
std::optional<std::vector<std::pair<std::string, const toml::node*>>> Strings(
    const toml::node* node, const toml::node** bad) {
  std::vector<std::pair<std::string, const toml::node*>> out;
  if (node == nullptr) return out;
  if (const auto* s = node->as_string()) {
    out.emplace_back(s->get(), node);
    return out;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    *bad = node;
    return std::nullopt;
  }
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (s == nullptr) {
      *bad = &item;
      return std::nullopt;
    }
    out.emplace_back(s->get(), &item);
  }
  return out;
}

}  // namespace

// Builds a Gazetteer: ICU's places first, then places.toml, orgs.toml and people.toml.
// A key given to two entries by the TOML files is an error, so that an edit cannot
// silently send a name to the wrong entry. An entry whose name is already known (with the
// same kind) is merged into the known one. Not thread-safe; used by FromToml only.
struct Gazetteer::Builder {
  Gazetteer g;
  std::string file;  // "places.toml", ... for messages
  KeyMap<std::uint32_t> by_code;  // ISO 3166 code -> entry built from ICU

  Status Error(const toml::node& where, std::string_view message) const {
    std::ostringstream out;
    out << file << " line " << where.source().begin.line << ": " << message;
    return Status::InvalidArgument(out.str());
  }

  std::uint32_t NewEntry(EntityKind kind, std::string name) {
    const auto index = static_cast<std::uint32_t>(g.entries_.size());
    g.entry_keys_.push_back({NameKey(name)});
    g.entries_.push_back(Entry{kind, std::move(name)});
    return index;
  }

  // The entry already named by `key` with the same kind, or nullopt.
  std::optional<std::uint32_t> Existing(std::string_view key, EntityKind kind) const {
    auto it = g.keys_.find(key);
    if (it == g.keys_.end() || g.entries_[it->second].kind != kind) return std::nullopt;
    return it->second;
  }

  // Makes `key` find entry `index`. `where` is null for ICU's names, whose clashes are
  // ICU's business (the first wins). Between a place and an organisation the place keeps
  // the key, silently, unless `over_place`; then the organisation takes it (but not a
  // place's canonical name). Any other clash from the TOML files is an error.
  Status AddKey(const std::string& key, std::uint32_t index, const toml::node* where,
                bool over_place = false) {
    if (key.empty()) {
      return where == nullptr ? Status::Ok() : Error(*where, "a name without letters");
    }
    auto [it, inserted] = g.keys_.try_emplace(key, index);
    if (!inserted) {
      if (it->second == index || where == nullptr) return Status::Ok();
      const Entry& owner = g.entries_[it->second];
      const Entry& entry = g.entries_[index];
      if (owner.kind != EntityKind::kPlace || entry.kind != EntityKind::kOrg) {
        return Error(*where, "'" + key + "' already names " + owner.name + ", not " + entry.name);
      }
      if (!over_place) return Status::Ok();
      std::vector<std::string>& owner_keys = g.entry_keys_[it->second];
      if (owner_keys.front() == key) {
        return Error(*where, "'" + key + "' is the name of the place " + owner.name +
                                 " and cannot be taken by an organisation");
      }
      owner_keys.erase(std::find(owner_keys.begin(), owner_keys.end(), key));
      it->second = index;
    }
    std::vector<std::string>& keys = g.entry_keys_[index];
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    return Status::Ok();
  }

  // Gives entry `index` the canonical name `name`, keeping its old name as an alias.
  Status Rename(std::uint32_t index, std::string name, const toml::node& where) {
    const std::string key = NameKey(name);
    g.entries_[index].name = std::move(name);
    if (Status s = AddKey(key, index, &where); !s.ok()) return s;
    std::vector<std::string>& keys = g.entry_keys_[index];
    std::rotate(keys.begin(), std::find(keys.begin(), keys.end(), key),
                std::find(keys.begin(), keys.end(), key) + 1);
    return Status::Ok();
  }

  void AddIcuPlaces() {
    for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
      icu::UnicodeString display;
      icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), display);
      if (display.isEmpty() || display == icu::UnicodeString(*code, -1, US_INV)) continue;
      AddIcuPlace(*code, English(display));
    }
    for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT}) {
      UErrorCode err = U_ZERO_ERROR;
      std::unique_ptr<icu::StringEnumeration> regions(icu::Region::getAvailable(type, err));
      if (U_FAILURE(err) || regions == nullptr) continue;  // then the TOML names them
      int32_t length = 0;
      while (const char* code = regions->next(&length, err)) {
        if (U_FAILURE(err)) break;
        icu::UnicodeString display;
        icu::Locale("und", code).getDisplayCountry(icu::Locale::getEnglish(), display);
        if (display.isEmpty() || display == icu::UnicodeString(code, -1, US_INV)) continue;
        AddIcuPlace(code, English(display));
      }
    }
  }

  void AddIcuPlace(std::string code, std::string display) {
    IcuName clean = CleanIcuName(std::move(display));
    const std::string key = NameKey(clean.name);
    std::uint32_t index = 0;
    if (auto existing = Existing(key, EntityKind::kPlace)) {
      index = *existing;
    } else {
      if (g.keys_.count(key) != 0 || key.empty()) return;
      index = NewEntry(EntityKind::kPlace, clean.name);
      AddKey(key, index, nullptr).IgnoreError();  // ICU clashes cannot fail
    }
    for (const std::string& alias : clean.aliases) {
      AddKey(NameKey(alias), index, nullptr).IgnoreError();  // ICU clashes cannot fail
    }
    by_code.try_emplace(std::move(code), index);
  }

  template <typename Names>
  Status CheckKeys(const toml::table& table, const Names& known) {
    for (const auto& [name, value] : table) {
      if (std::find(std::begin(known), std::end(known), name.str()) == std::end(known)) {
        return Error(value, "unknown key '" + std::string(name.str()) + "'");
      }
    }
    return Status::Ok();
  }

  // `aliases` (and `demonyms`) of `table` for entry `index`.
  Status AddAliases(const toml::table& table, std::uint32_t index, bool over_place) {
    const toml::node* bad = nullptr;
    auto aliases = Strings(table.get("aliases"), &bad);
    if (!aliases) return Error(*bad, "'aliases' must be a list of strings");
    for (const auto& [alias, node] : *aliases) {
      if (Status s = AddKey(NameKey(alias), index, node, over_place); !s.ok()) return s;
    }
    auto demonyms = Strings(table.get("demonyms"), &bad);
    if (!demonyms) return Error(*bad, "'demonyms' must be a list of strings");
    for (const auto& [demonym, node] : *demonyms) {
      const std::string key = NameKey(demonym);
      if (key.empty()) return Error(*node, "a demonym without letters");
      auto [it, inserted] = g.demonyms_.try_emplace(key, index);
      if (!inserted && it->second != index) {
        return Error(*node, "demonym '" + key + "' already belongs to " +
                                g.entries_[it->second].name);
      }
    }
    return Status::Ok();
  }

  // One element of a kind's list in places.toml: a plain name or an inline table.
  Status AddPlace(const toml::node& node) {
    if (const auto* plain = node.as_string()) {
      const std::string key = NameKey(plain->get());
      if (Existing(key, EntityKind::kPlace)) return Status::Ok();  // "Singapore", the city
      return AddKey(key, NewEntry(EntityKind::kPlace, plain->get()), &node);
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) return Error(node, "a place must be a name or a table");
    if (Status s = CheckKeys(*table, kPlaceFields); !s.ok()) return s;
    auto name = (*table)["name"].value<std::string>();
    if (!name) return Error(node, "a place without a name");
    std::uint32_t index = 0;
    if (auto code = (*table)["code"].value<std::string>()) {
      auto it = by_code.find(*code);
      if (it == by_code.end()) return Error(node, "ICU knows no region '" + *code + "'");
      index = it->second;
      if (Status s = Rename(index, *name, node); !s.ok()) return s;
    } else if (auto existing = Existing(NameKey(*name), EntityKind::kPlace)) {
      index = *existing;
    } else {
      index = NewEntry(EntityKind::kPlace, *name);
      if (Status s = AddKey(g.entry_keys_[index].front(), index, &node); !s.ok()) return s;
    }
    return AddAliases(*table, index, false);
  }

  // One element of a kind's list in orgs.toml: a plain name or an inline table.
  Status AddOrg(const toml::node& node) {
    std::string name;
    const toml::table* table = node.as_table();
    if (const auto* plain = node.as_string()) {
      name = plain->get();
    } else if (table == nullptr) {
      return Error(node, "an organisation must be a name or a table");
    } else {
      if (Status s = CheckKeys(*table, kOrgFields); !s.ok()) return s;
      auto table_name = (*table)["name"].value<std::string>();
      if (!table_name) return Error(node, "an organisation without a name");
      name = std::move(*table_name);
    }
    const bool over_place = table != nullptr && (*table)["over_place"].value_or(false);
    const std::string key = NameKey(name);
    std::uint32_t index = 0;
    if (auto existing = Existing(key, EntityKind::kOrg)) {
      index = *existing;
    } else {
      index = NewEntry(EntityKind::kOrg, name);
      if (Status s = AddKey(key, index, &node, over_place); !s.ok()) return s;
    }
    return table == nullptr ? Status::Ok() : AddAliases(*table, index, over_place);
  }

  // Every string list in the table `section` of people.toml, as one-word keys.
  Status AddWords(const toml::table& root, std::string_view section, std::uint8_t flag) {
    const toml::node* node = root.get(section);
    if (node == nullptr) return Status::Ok();
    const toml::table* table = node->as_table();
    if (table == nullptr) return Error(*node, "[" + std::string(section) + "] must be a table");
    for (const auto& [group, value] : *table) {
      const toml::node* bad = nullptr;
      auto words = Strings(&value, &bad);
      if (!words) {
        return Error(*bad, "'" + std::string(group.str()) + "' must be a list of strings");
      }
      for (const auto& [word, item] : *words) {
        const std::string key = NameKey(word);
        if (key.empty() || key.find(' ') != std::string::npos) {
          return Error(*item, "'" + word + "' is not one word");
        }
        g.words_[key] |= flag;
      }
    }
    return Status::Ok();
  }

  // Parses `text` as the file `name`; on a syntax error, the error names the line.
  Result<toml::table> Parse(std::string_view name, std::string_view text) {
    file = std::string(name);
    try {
      return toml::parse(text);
    } catch (const toml::parse_error& e) {
      std::ostringstream out;
      out << file << " line " << e.source().begin.line << ": " << e.description();
      return Status::InvalidArgument(out.str());
    }
  }

  // Parses `text` as the file `name`, whose top-level keys are `kinds`, each a list;
  // passes every element of the lists to `add`, kind by kind in the order of `kinds`.
  template <std::size_t N, typename Add>
  Status ReadLists(std::string_view name, std::string_view text,
                   const std::string_view (&kinds)[N], Add add) {
    Result<toml::table> root = Parse(name, text);
    if (!root.ok()) return root.status();
    if (Status s = CheckKeys(*root, kinds); !s.ok()) return s;
    for (std::string_view kind : kinds) {
      const toml::node* node = root->get(kind);
      if (node == nullptr) continue;
      const toml::array* array = node->as_array();
      if (array == nullptr) return Error(*node, "'" + std::string(kind) + "' must be a list");
      for (const toml::node& item : *array) {
        if (Status s = add(item); !s.ok()) return s;
      }
    }
    return Status::Ok();
  }
};

Result<Gazetteer> Gazetteer::FromToml(std::string_view places_toml, std::string_view people_toml,
                                      std::string_view orgs_toml) {
  Builder b;
  b.AddIcuPlaces();

  if (Status s = b.ReadLists("places.toml", places_toml, kPlaceKinds,
                             [&](const toml::node& n) { return b.AddPlace(n); });
      !s.ok()) {
    return s;
  }
  if (Status s = b.ReadLists("orgs.toml", orgs_toml, kOrgKinds,
                             [&](const toml::node& n) { return b.AddOrg(n); });
      !s.ok()) {
    return s;
  }

  Result<toml::table> people = b.Parse("people.toml", people_toml);
  if (!people.ok()) return people.status();
  if (Status s = b.CheckKeys(*people, kPeopleSections); !s.ok()) return s;
  if (Status s = b.AddWords(*people, "given", kGivenWord); !s.ok()) return s;
  if (Status s = b.AddWords(*people, "family_first", kFamilyFirstWord); !s.ok()) return s;

  Gazetteer& g = b.g;
  auto note_words = [&g](const std::string& key) {
    const std::size_t words = WordCount(key);
    g.max_words_ = std::max(g.max_words_, words);
    std::uint8_t& most = g.first_words_[key.substr(0, key.find(' '))];
    most = static_cast<std::uint8_t>(std::max<std::size_t>(most, std::min<std::size_t>(words, 255)));
  };
  for (const auto& [key, index] : g.keys_) note_words(key);
  for (const auto& [key, index] : g.demonyms_) note_words(key);
  g.find_keys_.Build(g.keys_);
  g.find_demonyms_.Build(g.demonyms_);
  g.find_words_.Build(g.words_);
  g.find_first_words_.Build(g.first_words_);
  return std::move(g);
}

const Gazetteer& Gazetteer::Default() {
  static const Gazetteer gazetteer = [] {
    Result<Gazetteer> built = FromToml(internal::DefaultPlacesToml(),
                                       internal::DefaultPeopleToml(), internal::DefaultOrgsToml());
    assert(built.ok());  // the built-in data is tested (gazetteer_test.cc)
    if (!built.ok()) built = FromToml({}, {}, {});  // ICU's places at least
    return std::move(built).value();
  }();
  return gazetteer;
}

const Gazetteer::Entry* Gazetteer::Find(std::string_view key) const {
  const std::uint32_t* index = find_keys_.Find(key);
  return index == nullptr ? nullptr : &entries_[*index];
}

const std::vector<std::string>* Gazetteer::AliasesOf(std::string_view canonical_key) const {
  auto it = keys_.find(canonical_key);
  if (it == keys_.end()) return nullptr;
  const std::vector<std::string>& keys = entry_keys_[it->second];
  return keys.front() == canonical_key ? &keys : nullptr;
}

std::size_t Gazetteer::WordsFrom(std::string_view first_word) const {
  const std::uint8_t* words = find_first_words_.Find(first_word);
  return words == nullptr ? 0 : *words;
}

bool Gazetteer::IsDemonym(std::string_view key) const { return find_demonyms_.Find(key) != nullptr; }

bool Gazetteer::IsGivenName(std::string_view folded_word) const {
  const std::uint8_t* flags = find_words_.Find(folded_word);
  return flags != nullptr && (*flags & kGivenWord) != 0;
}

bool Gazetteer::IsFamilyNameFirst(std::string_view folded_word) const {
  const std::uint8_t* flags = find_words_.Find(folded_word);
  return flags != nullptr && (*flags & kFamilyFirstWord) != 0;
}

}  // namespace newsdex::text

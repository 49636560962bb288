#include "common/schema/schema.h"

#include <algorithm>
#include <array>
#include <sstream>

#include <toml++/toml.h>

namespace newsdex {
namespace {

// The fixed part of every known field: kind, prefix and slot. The TOML file chooses
// names, source keys, weights and facets; it cannot move a prefix or a slot, because
// archives on disk depend on them.
struct FixedField {
  std::string_view name;
  FieldKind kind;
  std::string_view prefix;
  unsigned slot;
};

constexpr std::array<FixedField, 14> kFixedFields = {{
    {"id", FieldKind::kId, kPrefixId, kNoSlot},
    {"title", FieldKind::kText, kPrefixTitle, kNoSlot},
    {"body", FieldKind::kText, kPrefixBody, kNoSlot},
    {"dateline", FieldKind::kKeyword, "XDL", kNoSlot},
    {"byline", FieldKind::kKeyword, kPrefixAuthor, kSlotAuthor},
    {"source", FieldKind::kKeyword, kPrefixSource, kSlotSource},
    {"section", FieldKind::kKeyword, kPrefixSection, kSlotSection},
    {"url", FieldKind::kKeyword, kPrefixUrl, kNoSlot},
    {"language", FieldKind::kKeyword, kPrefixLanguage, kSlotLanguage},
    {"published", FieldKind::kDate, "", kSlotPublished},
    {"people", FieldKind::kEntities, kPrefixPerson, kSlotPeople},
    {"orgs", FieldKind::kEntities, kPrefixOrg, kSlotOrgs},
    {"places", FieldKind::kEntities, kPrefixPlace, kSlotPlaces},
    {"topics", FieldKind::kTopics, kPrefixTopic, kSlotTopics},
}};

std::string_view KindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText: return "text";
    case FieldKind::kKeyword: return "keyword";
    case FieldKind::kEntities: return "entities";
    case FieldKind::kTopics: return "topics";
    case FieldKind::kDate: return "date";
    case FieldKind::kId: return "id";
  }
  return "?";
}

std::string Where(const toml::node& node) {
  std::ostringstream out;
  out << "line " << node.source().begin.line;
  return out.str();
}

std::vector<std::string> StringList(const toml::node_view<const toml::node>& node) {
  std::vector<std::string> out;
  if (const toml::array* array = node.as_array()) {
    for (const toml::node& item : *array) {
      if (auto s = item.value<std::string>()) out.push_back(*s);
    }
  } else if (auto s = node.value<std::string>()) {
    out.push_back(*s);
  }
  return out;
}

Result<FieldSpec> ReadField(const toml::table& table) {
  auto name = table["name"].value<std::string>();
  if (!name) return Status::InvalidArgument(Where(table) + ": [[field]] without a name");
  auto fixed = std::find_if(kFixedFields.begin(), kFixedFields.end(),
                            [&](const FixedField& f) { return f.name == *name; });
  if (fixed == kFixedFields.end()) {
    return Status::InvalidArgument(Where(table) + ": unknown field '" + *name + "'");
  }
  FieldSpec spec;
  spec.name = *name;
  spec.kind = fixed->kind;
  spec.prefix = std::string(fixed->prefix);
  spec.slot = fixed->slot;
  if (auto kind = table["kind"].value<std::string>(); kind && *kind != KindName(fixed->kind)) {
    return Status::InvalidArgument(Where(table) + ": field '" + *name + "' has kind '" +
                                   std::string(KindName(fixed->kind)) + "', not '" + *kind +
                                   "'");
  }
  spec.query_names = StringList(table["query"]);
  spec.source_keys = StringList(table["source"]);
  if (spec.source_keys.empty()) spec.source_keys.push_back(spec.name);
  spec.facet = table["facet"].value_or(std::string());
  int64_t weight = table["weight"].value_or(int64_t{1});
  if (weight < 1 || weight > 100) {
    return Status::InvalidArgument(Where(table) + ": weight must be between 1 and 100");
  }
  spec.weight = static_cast<unsigned>(weight);
  return spec;
}

}  // namespace

Result<Schema> Schema::FromToml(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    std::ostringstream out;
    out << "schema line " << e.source().begin.line << ": " << e.description();
    return Status::InvalidArgument(out.str());
  }
  Schema schema;
  schema.toml_ = std::string(toml_text);
  schema.default_language_ = root["archive"]["language"].value_or(std::string("en"));
  schema.section_is_topic_ = root["topics"]["from_section"].value_or(false);
  const auto positions = root["archive"]["positions"];
  if (positions && !positions.is_boolean()) {
    return Status::InvalidArgument(Where(*positions.node()) +
                                   ": [archive] positions must be true or false");
  }
  schema.word_positions_ = positions.value_or(true);
  const toml::array* fields = root["field"].as_array();
  if (fields == nullptr || fields->empty()) {
    return Status::InvalidArgument("schema declares no [[field]]");
  }
  for (const toml::node& node : *fields) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return Status::InvalidArgument(Where(node) + ": field is not a table");
    Result<FieldSpec> spec = ReadField(*table);
    if (!spec.ok()) return spec.status();
    if (schema.Find(spec->name) != nullptr) {
      return Status::InvalidArgument(Where(node) + ": field '" + spec->name + "' declared twice");
    }
    for (const std::string& q : spec->query_names) {
      if (schema.FindByQueryName(q) != nullptr) {
        return Status::InvalidArgument(Where(node) + ": query name '" + q + "' used twice");
      }
    }
    schema.fields_.push_back(std::move(*spec));
  }
  for (std::string_view required : {"id", "title", "body"}) {
    if (schema.Find(required) == nullptr) {
      return Status::InvalidArgument("schema lacks the required field '" +
                                     std::string(required) + "'");
    }
  }
  return schema;
}

const Schema& Schema::Default() {
  static const Schema schema = [] {
    Result<Schema> parsed = FromToml(DefaultToml());
    assert(parsed.ok());  // the built-in schema is tested
    return std::move(parsed).value();
  }();
  return schema;
}

const FieldSpec* Schema::Find(std::string_view name) const {
  for (const FieldSpec& f : fields_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FieldSpec* Schema::FindByQueryName(std::string_view query_name) const {
  for (const FieldSpec& f : fields_) {
    for (const std::string& q : f.query_names) {
      if (q == query_name) return &f;
    }
  }
  return nullptr;
}

const FieldSpec* Schema::FindBySourceKey(std::string_view key) const {
  for (const FieldSpec& f : fields_) {
    for (const std::string& k : f.source_keys) {
      if (k == key) return &f;
    }
  }
  return nullptr;
}

const FieldSpec* Schema::FindByFacet(std::string_view facet) const {
  if (facet.empty()) return nullptr;
  for (const FieldSpec& f : fields_) {
    if (f.facet == facet) return &f;
  }
  return nullptr;
}

}  // namespace newsdex

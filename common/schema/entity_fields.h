// Which schema field holds which kind of name: people, orgs and places. The indexer,
// the query parser and the searcher all map between the two through these functions.
#ifndef NEWSDEX_COMMON_SCHEMA_ENTITY_FIELDS_H_
#define NEWSDEX_COMMON_SCHEMA_ENTITY_FIELDS_H_

#include <optional>

#include "common/schema/schema.h"
#include "common/text/names.h"

namespace newsdex {

// The field holding names of `kind` ("people" for persons), or nullptr.
inline const FieldSpec* EntityField(const Schema& schema, text::EntityKind kind) {
  switch (kind) {
    case text::EntityKind::kPerson: return schema.Find("people");
    case text::EntityKind::kOrg: return schema.Find("orgs");
    case text::EntityKind::kPlace: return schema.Find("places");
  }
  return nullptr;
}

// The kind of names `field` holds; nullopt for a field that holds none.
inline std::optional<text::EntityKind> EntityKindOf(const FieldSpec& field) {
  if (field.kind != FieldKind::kEntities) return std::nullopt;
  if (field.name == "orgs") return text::EntityKind::kOrg;
  if (field.name == "places") return text::EntityKind::kPlace;
  return text::EntityKind::kPerson;
}

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_SCHEMA_ENTITY_FIELDS_H_

#include "common/schema/document_data.h"

namespace newsdex {

std::string EncodeHitNames(const EntityKeyLists& names) {
  std::string value = names[0];
  for (std::size_t i = 1; i < names.size(); ++i) {
    value.push_back('\0');
    value += names[i];
  }
  return value;
}

std::optional<EntityKeyViews> DecodeHitNames(std::string_view value) {
  EntityKeyViews names;
  std::size_t start = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::size_t end = value.find('\0', start);
    const bool last = i + 1 == names.size();
    if (last != (end == std::string_view::npos)) return std::nullopt;  // too few or many
    names[i] = value.substr(start, last ? std::string_view::npos : end - start);
    start = end + 1;
  }
  return names;
}

DocumentData DecodeDocumentData(std::string_view data) {
  DocumentData decoded;
  const std::size_t cut = data.find('\0');
  decoded.id = data.substr(0, cut);
  if (cut != std::string_view::npos) decoded.names = DecodeHitNames(data.substr(cut + 1));
  return decoded;
}

}  // namespace newsdex

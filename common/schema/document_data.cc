#include "common/schema/document_data.h"

#include <cassert>

namespace newsdex {

std::string EncodeDocumentData(std::string_view id, const EntityKeyLists& names) {
  assert(id.find('\0') == std::string_view::npos);
  std::string data(id);
  for (const std::string& list : names) {
    data.push_back('\0');
    data += list;
  }
  return data;
}

DocumentData DecodeDocumentData(std::string_view data) {
  DocumentData decoded;
  std::size_t cut = data.find('\0');
  decoded.id = data.substr(0, cut);
  if (cut == std::string_view::npos) return decoded;
  std::array<std::string_view, 3> names;
  for (std::string_view& list : names) {
    if (cut == std::string_view::npos) return decoded;  // too few lists
    const std::size_t next = data.find('\0', cut + 1);
    list = data.substr(cut + 1, next == std::string_view::npos ? std::string_view::npos
                                                               : next - cut - 1);
    cut = next;
  }
  if (cut != std::string_view::npos) return decoded;  // too many lists
  decoded.names = names;
  return decoded;
}

}  // namespace newsdex

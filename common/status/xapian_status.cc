#include "common/status/xapian_status.h"

#include <string>

namespace newsdex {

Status FromXapian(const Xapian::Error& e, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += e.get_msg();
  if (!e.get_context().empty()) msg += " (" + e.get_context() + ")";
  const std::string type = e.get_type();
  if (type == "DatabaseLockError") return Status::Busy(msg);
  if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError") {
    return Status::NotFound(msg);
  }
  if (type == "DatabaseCorruptError") return Status::Corruption(msg);
  if (type == "DatabaseVersionError") return Status::FailedPrecondition(msg);
  if (type == "InvalidArgumentError" || type == "QueryParserError") {
    return Status::InvalidArgument(msg);
  }
  return Status::IOError(msg);
}

}  // namespace newsdex

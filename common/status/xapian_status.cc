#include "common/status/xapian_status.h"

#include <string>

namespace newsdex {

Status FromXapian(const Xapian::Error& e, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += e.get_msg();
  if (!e.get_context().empty()) msg += " (" + e.get_context() + ")";
  const std::string type = e.get_type();
  // The operating system's reason, when there was one (errno as text).
  const char* reason = e.get_error_string();
  const std::string_view os_error = reason != nullptr ? reason : "";
  if (os_error.find("No space left") != std::string_view::npos ||
      os_error.find("File too large") != std::string_view::npos) {
    return Status::NoSpace(msg + " (" + std::string(os_error) + ")");
  }
  if (os_error.find("Permission denied") != std::string_view::npos) {
    return Status::PermissionDenied(msg + " (" + std::string(os_error) + ")");
  }
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

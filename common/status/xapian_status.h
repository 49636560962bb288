// Translation of Xapian exceptions into newsdex Status (internal; Xapian types allowed).
#ifndef NEWSDEX_COMMON_STATUS_XAPIAN_STATUS_H_
#define NEWSDEX_COMMON_STATUS_XAPIAN_STATUS_H_

#include <string_view>

#include <xapian.h>

#include "newsdex/status.h"

namespace newsdex {

// "<context>: <Xapian message>": DatabaseLockError -> Busy, DatabaseNotFoundError ->
// NotFound, DatabaseCorruptError -> Corruption, DatabaseVersionError ->
// FailedPrecondition, InvalidArgumentError/QueryParserError -> InvalidArgument,
// anything else -> IOError.
Status FromXapian(const Xapian::Error& e, std::string_view context);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_STATUS_XAPIAN_STATUS_H_

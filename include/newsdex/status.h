// Status and Result<T>: how every public newsdex call reports success or failure.
//
//   newsdex::Result<std::unique_ptr<newsdex::Searcher>> s = Searcher::Open({}, "archive");
//   if (!s.ok()) { std::cerr << s.status().ToString() << "\n"; return 2; }
//   auto results = (*s)->Search(request);
//
// No exception crosses the public API. Codes say what the caller can do next.
// Status and Result are plain values: not thread-safe to mutate, safe to copy and share read-only.
#ifndef NEWSDEX_STATUS_H_
#define NEWSDEX_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "newsdex/export.h"

namespace newsdex {

enum class StatusCode {
  kOk = 0,
  kNotFound,            // no such archive, article or file
  kInvalidArgument,     // bad query, schema, option or input record
  kCorruption,          // the archive is damaged; `newsdex-index check` can tell more
  kIOError,             // the operating system refused a read or write
  kBusy,                // another writer holds the archive: retry later
  kFailedPrecondition,  // e.g. schema or format mismatch: fix, then retry
  kInternal,            // a bug in newsdex
  kPermissionDenied,    // the operating system refused access: fix the permissions
  kNoSpace,             // the disk is (almost) full: free space, then retry
};

// The outcome of an operation that produces no value.
class [[nodiscard]] NEWSDEX_EXPORT Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
  static Status Busy(std::string msg) { return {StatusCode::kBusy, std::move(msg)}; }
  static Status FailedPrecondition(std::string msg) {
    return {StatusCode::kFailedPrecondition, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) {
    return {StatusCode::kPermissionDenied, std::move(msg)};
  }
  static Status NoSpace(std::string msg) { return {StatusCode::kNoSpace, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "InvalidArgument: <message>", or "OK".
  std::string ToString() const;

  // Returns a status with the same code and "<context>: <message>".
  Status WithContext(std::string_view context) const;

  // Marks a deliberately ignored status; write the reason next to the call.
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// The name of a code, as printed by Status::ToString(): "NotFound", "Busy", ...
NEWSDEX_EXPORT const char* StatusCodeName(StatusCode code);

// Either a value of type T or a non-OK Status (a stand-in for std::expected).
template <typename T>
class [[nodiscard]] Result {
 public:
  // REQUIRES: !status.ok().
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT
  Result(T value) : value_(std::move(value)) {}                                 // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace newsdex

#endif  // NEWSDEX_STATUS_H_

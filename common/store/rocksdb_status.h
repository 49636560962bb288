// Translation of RocksDB statuses into newsdex Status (internal; RocksDB types allowed).
#ifndef NEWSDEX_COMMON_STORE_ROCKSDB_STATUS_H_
#define NEWSDEX_COMMON_STORE_ROCKSDB_STATUS_H_

#include <string_view>

#include <rocksdb/status.h>

#include "newsdex/status.h"

namespace newsdex {

// "<context>: <RocksDB message>" with the code chosen by what the caller can do next.
Status FromRocks(const rocksdb::Status& s, std::string_view context);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_STORE_ROCKSDB_STATUS_H_

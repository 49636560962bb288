// The archive folder: its files, its manifest (newsdex.toml) and its format version.
//
//   ARCHIVE/newsdex.toml   [newsdex] format_version, archive_uuid; then the schema
//   ARCHIVE/xapian/        Xapian glass database (terms, positions, values), or the
//                          shards of one (common/archive/index_shards.h)
//   ARCHIVE/store/         RocksDB: documents, ids, log, state
//   ARCHIVE/LOCK           held (flock) by the one writer; holds its PID
//
//   auto manifest = newsdex::ReadManifest("newsdex-archive");  // NotFound if none
//
// Pure functions over the filesystem: safe from any thread.
#ifndef NEWSDEX_COMMON_ARCHIVE_ARCHIVE_LAYOUT_H_
#define NEWSDEX_COMMON_ARCHIVE_ARCHIVE_LAYOUT_H_

#include <cstdint>
#include <string>

#include "common/schema/schema.h"
#include "newsdex/status.h"

namespace newsdex {

struct ArchivePaths {
  explicit ArchivePaths(const std::string& root);
  std::string root, manifest, xapian, store, lock;
};

struct Manifest {
  std::uint32_t format_version = kFormatVersion;
  std::string archive_uuid;  // also kept in both stores; all three must agree
  Schema schema;
};

// Reads ARCHIVE/newsdex.toml. Returns NotFound ("no archive at PATH") when the folder or
// the manifest is missing, IOError when unreadable, FailedPrecondition when the archive
// was written by a newer format, InvalidArgument when the file does not parse.
Result<Manifest> ReadManifest(const std::string& root);

// Writes ARCHIVE/newsdex.toml atomically (temporary file, fsync, rename).
Status WriteManifest(const std::string& root, const std::string& archive_uuid,
                     const Schema& schema);

// Writes `text` to `path` atomically and durably: a temporary file beside it (PATH.tmp),
// fsync, rename. Readers see the old file or the new one, never a part.
Status WriteFileAtomically(const std::string& path, const std::string& text);

// Checks that `root` can hold an archive: a folder (created when `create` is true) that
// this process can read and write. Gives a one-line reason otherwise; Xapian and RocksDB
// would report such problems as misleading lock or not-found errors.
Status CheckArchiveFolder(const std::string& root, bool create, bool need_write);

// Checks that a folder about to receive a new archive holds nothing else: creating an
// archive in, say, a home folder would scatter its files among the user's. The pieces
// of an archive whose creation was interrupted are allowed. InvalidArgument otherwise.
Status CheckFolderIsFreeForArchive(const std::string& root);

// A random UUID (version 4) in its usual text form.
std::string NewArchiveUuid();

// Bytes used by the files under `path` (0 when missing).
std::uint64_t DiskUsage(const std::string& path);

// Bytes free for an unprivileged writer on the filesystem holding `path`.
Result<std::uint64_t> FreeDiskBytes(const std::string& path);

}  // namespace newsdex

#endif  // NEWSDEX_COMMON_ARCHIVE_ARCHIVE_LAYOUT_H_

// Fault points: named places in the commit protocol where a test build can make the
// writer crash, fail, or follow a deliberately broken protocol, so that crash tests can
// prove recovery (and prove that their checker catches a broken protocol).
//
// Compiled in only when NEWSDEX_FAULT_INJECTION is defined (CMake option of the same
// name, on in test builds); otherwise every function here is an inline no-op.
//
// Environment, read once per process:
//   NEWSDEX_FAULT=POINT[@N]   exit abruptly (status 86, no destructors, no flushing, as a
//                             power cut would) the N-th time POINT is reached (N = 1 when
//                             omitted). Crash points of the writer:
//                               before-store   a commit, before its store batch (a)
//                               after-store    after (a), before Xapian (b)
//                               mid-xapian     inside (b), after half its documents
//                                              of the first shard (reached only by
//                                              commits that have some for it)
//                               mid-shards     inside (b), after each index shard's
//                                              commit but the last's (so N - 1 times
//                                              per commit of N shards)
//                               after-xapian   after (b), before the final mark (c)
//                               after-finish   after (c), before the commit returns
//                               mid-replay     recovery, after re-analysing, before (b)
//                               after-replay   recovery, after (b), before (c)
//   NEWSDEX_FAULT=xapian-error@N[+]
//                             make the N-th Xapian apply (and, with "+", every later one)
//                             throw as a failing disk would, before its commit.
//   NEWSDEX_FAULT_PROTOCOL=xapian-first | replay-add
//                             negative controls: write Xapian before the store, or replay
//                             with add_document instead of replace_document.
#ifndef NEWSDEX_INDEXER_FAULT_POINTS_H_
#define NEWSDEX_INDEXER_FAULT_POINTS_H_

#include <string_view>

namespace newsdex::indexer::fault {

// Exit status of a process stopped at a crash point.
inline constexpr int kCrashExitStatus = 86;

enum class Protocol { kCorrect, kXapianFirst, kReplayAdd };

#ifdef NEWSDEX_FAULT_INJECTION
// Exits the process when `point` is the configured crash point and its count is reached.
void Reach(std::string_view point);
// True when this reach of error point `point` must fail.
bool ShouldFail(std::string_view point);
// True when NEWSDEX_FAULT names a point: the writer then commits index shards in turn,
// not in parallel, so that "mid-shards" stops between them at a known place.
bool Armed();
// The protocol variant this process follows.
Protocol ProtocolVariant();
#else
inline bool Armed() { return false; }
inline void Reach(std::string_view) {}
inline bool ShouldFail(std::string_view) { return false; }
inline Protocol ProtocolVariant() { return Protocol::kCorrect; }
#endif

}  // namespace newsdex::indexer::fault

#endif  // NEWSDEX_INDEXER_FAULT_POINTS_H_

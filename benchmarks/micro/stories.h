// Stories: the texts micro_bench measures on, read once with newsdex's readers and kept
// for the whole run, so that no benchmark times reading or decompression.
//
//   const std::vector<newsdex::Article>& stories = newsdex::micro::ReutersStories();
//   for (const newsdex::Article& story : stories) Measure(story.body);
//
// Each function reads its files on first use (a function-local static) and ends the
// program with a message on stderr when they are missing. Thread-safe (C++ static
// initialisation); the returned objects are immutable.
#ifndef NEWSDEX_BENCHMARKS_MICRO_STORIES_H_
#define NEWSDEX_BENCHMARKS_MICRO_STORIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "newsdex/document.h"

namespace newsdex::micro {

// All 21,578 Reuters-21578 stories (reut2-*.sgm.gz under NEWSDEX_CORPORA_DIR), in
// corpus order, as the SGML reader gives them to the indexer.
const std::vector<Article>& ReutersStories();

// The text of every <DATE> element of Reuters-21578 as written
// ("26-FEB-1987 15:01:01.79"), in corpus order.
const std::vector<std::string>& ReutersDates();

// Stories written with letters beyond ASCII (accents, Cyrillic, Greek) from the JSON
// Lines fixtures under NEWSDEX_TEST_DATA_DIR (names/annotated.jsonl, e2e/wire.jsonl).
const std::vector<Article>& NonAsciiStories();

// Bytes of title, dateline and body: the text the indexer analyses.
std::uint64_t TextBytes(const Article& story);
std::uint64_t TextBytes(const std::vector<Article>& stories);

}  // namespace newsdex::micro

#endif  // NEWSDEX_BENCHMARKS_MICRO_STORIES_H_

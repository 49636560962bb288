// Symbol visibility for the newsdex library: NEWSDEX_EXPORT marks the public API.
//
//   class NEWSDEX_EXPORT Searcher { ... };
//
// The library is built with hidden visibility; only marked declarations are exported.
#ifndef NEWSDEX_EXPORT_H_
#define NEWSDEX_EXPORT_H_

#if defined(_WIN32)
#define NEWSDEX_EXPORT
#else
#define NEWSDEX_EXPORT [[gnu::visibility("default")]]
#endif

#endif  // NEWSDEX_EXPORT_H_

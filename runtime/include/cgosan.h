/* cgosan.h: what C code can tell cgosan. Every call is a no-op unless the file is compiled by
 * cgosan (which defines __CGOSAN__), so the header can be vendored into a package and the package
 * still builds with a plain C compiler.
 *
 * Pinned memory: Go code that pins an object with runtime.Pinner may let C keep a pointer to it
 * until Unpin. Say so with one call where C keeps the pointer (or anywhere before the cgo call
 * that lends it returns):
 *
 *     saved = p;
 *     cgosan_pinned(p, sizeof *p);   // Go pinned *p with runtime.Pinner
 *
 * and cgosan_unpinned(p) when Go unpins it (the memory is then judged as any other again).
 */
#ifndef CGOSAN_H
#define CGOSAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __CGOSAN__
void __cgosan_pin(const void *p, size_t size);
void __cgosan_unpin(const void *p);
/* [p, p+size) is pinned Go memory (size 0: the address p alone). */
static inline void cgosan_pinned(const void *p, size_t size) { __cgosan_pin(p, size); }
/* The pin that starts at p has ended. */
static inline void cgosan_unpinned(const void *p) { __cgosan_unpin(p); }
#else
static inline void cgosan_pinned(const void *p, size_t size) {
  (void)p;
  (void)size;
}
static inline void cgosan_unpinned(const void *p) { (void)p; }
#endif

#ifdef __cplusplus
}
#endif

#endif

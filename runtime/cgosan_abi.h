/* The contract between the cgosan LLVM pass and the cgosan runtime.
 *
 * The pass emits one constant `cgosan_site` per instrumented instruction and one `cgosan_call`
 * per cgo wrapper, and calls the `__cgosan_*` entry points below. Both sides build against this
 * header (the pass mirrors the struct layouts in IR), so a change here is an ABI change: bump
 * CGOSAN_ABI_VERSION, which the pass stamps into every object and the runtime checks at start-up.
 */
#ifndef CGOSAN_ABI_H
#define CGOSAN_ABI_H

#include <stddef.h>
#include <stdint.h>

#define CGOSAN_ABI_VERSION 11

/* The symbol every instrumented object references and the runtime defines, named after the ABI
 * version: linking objects and a runtime of different versions fails naming it. */
#define CGOSAN_CAT_(a, b) a##b
#define CGOSAN_CAT(a, b) CGOSAN_CAT_(a, b)
#define CGOSAN_STR_(a) #a
#define CGOSAN_STR(a) CGOSAN_STR_(a)
#define CGOSAN_ABI_MARKER CGOSAN_CAT(__cgosan_abi_v, CGOSAN_ABI_VERSION)
#define CGOSAN_ABI_MARKER_NAME CGOSAN_STR(CGOSAN_ABI_MARKER)

/* The version of the JSON-lines report format (docs/REPORT-FORMAT.md): the "cgosan" field of every
 * line the runtime writes, which `cgosan report` checks. */
#define CGOSAN_REPORT_FORMAT_VERSION 1

/* After a call returns, an access this far past the highest byte C touched during the call is
 * still taken as the same object's (runtime/lent_memory.h); the pass's pruning of repeated checks
 * stays within it. */
#define CGOSAN_RETURNED_SLACK 1024

/* The inline checks look up 64 KiB regions of the address space: a byte per region says whether
 * the Go runtime has memory in it (runtime/go_memory.h). Small enough that C blocks malloc
 * mapped next to Go's own mappings rarely share a region with them; the 2^32 bytes of the table
 * cover the 48-bit address space (a value above it shares the byte of the region 2^48 below). */
#define CGOSAN_REGION_SHIFT 16
#define CGOSAN_REGIONS (1ull << 32)

/* What the inline code reads lies at fixed addresses, as AddressSanitizer's shadow does
 * (runtime/fixed_tables.h): instrumented code reads it through absolute addresses, with no GOT
 * load and no register held for the table's base, and every copy of the runtime in a process (a
 * program and a -buildmode=c-shared library it loads each link one) maps, reads and writes the
 * same tables. Below 2 GiB, so that x86-64 encodes each address in an instruction's 32-bit
 * displacement: a header page (struct cgosan_fixed_header), then the region table. */
#define CGOSAN_FIXED_BASE 0x7ffe0000ull
#define CGOSAN_REGION_TABLE (CGOSAN_FIXED_BASE + 0x10000ull)
#define CGOSAN_FIXED_SIZE (0x10000ull + CGOSAN_REGIONS)
#define CGOSAN_FIXED_MAGIC 0x31786966736f6763ull /* "cgosfix1" */
/* Offsets in the header of the level masks the inline code reads. */
#define CGOSAN_FIXED_READ_MASK 16
#define CGOSAN_FIXED_WRITE_MASK 24

#ifdef __cplusplus
extern "C" {
#endif

/* The calling convention of the hooks the inline checks call (see below). */
#if defined(__x86_64__) && defined(__clang__)
#define CGOSAN_CHECK_CC __attribute__((preserve_most))
#else
#define CGOSAN_CHECK_CC
#endif

/* The page at CGOSAN_FIXED_BASE. The first runtime in a process maps the tables and writes the
 * magic and its ABI version; another copy that finds them mapped checks both, then shares them. */
struct cgosan_fixed_header {
  uint64_t magic;       /* CGOSAN_FIXED_MAGIC */
  uint32_t abi_version; /* CGOSAN_ABI_VERSION */
  uint32_t reserved;
  uintptr_t read_mask;  /* at CGOSAN_FIXED_READ_MASK: nonzero at level 2 */
  uintptr_t write_mask; /* at CGOSAN_FIXED_WRITE_MASK: nonzero from level 1 */
};

/* Where an instrumented instruction is in the C source (from its debug location; cgo preamble
 * code carries #line directives, so `file` is the .go file that holds it). */
struct cgosan_site {
  const char *file;     /* "" when the object was compiled without -g */
  const char *function; /* the C function the instruction belongs to (after inlining: the callee) */
  uint32_t line;
  uint32_t column;
  const char *object; /* name of the C global the instruction stores to, or NULL */
  uint32_t flags;     /* CGOSAN_SITE_* */
  uint32_t reserved;
};

#define CGOSAN_SITE_TLS 1u /* `object` is a thread-local variable */
/* The whole chain of inlined locations is in system headers (a libstdc++ template, say): the
 * report's location is the first frame of the stack in the user's code instead. */
#define CGOSAN_SITE_SYSTEM 2u

/* Where system headers and libraries live: code there is not the user's, and a report points at
 * the first place in the user's code that led to it. Both the pass and the runtime use this list.
 */
#define CGOSAN_SYSTEM_PREFIXES "/usr/include/", "/usr/lib/", "/usr/local/include/", "/lib/"

/* Which 8-byte words of a memcpy/memmove may hold a pointer (from the copied type): word i of the
 * copy is word i % period of the layout, set in words[]. period 0: none can. */
struct cgosan_copy_layout {
  uint32_t period;
  uint32_t reserved;
  uint64_t words[]; /* (period + 63) / 64 of them: bit i of words[i / 64] */
};

/* One cgo wrapper `_cgo_<hash>_Cfunc_<name>` (Go's `C.<name>`), or one export stub of
 * `_cgo_export.c` (a Go function C calls). */
struct cgosan_call {
  const char *name;    /* "keep" for C.keep; the exported Go function's name for a stub */
  const char *wrapper; /* the wrapper's or stub's symbol */
  const struct cgosan_site *callee; /* where the C function Go calls is defined, or NULL */
};

/* The call path. A wrapper pushes its call onto the thread's stack of calls in progress itself,
 * inline, and pops it before returning (passes/CallPath.cpp); the hooks below are its rare paths.
 * The thread's state (runtime/thread_state.h) is the initial-exec thread-local __cgosan_thread,
 * which starts with these fields (byte offsets; the runtime checks them at compile time):
 *
 *   entry:  if (write_mask == 0) skip                           (level 0)
 *           d = depth
 *           if (d >= inline_limit): __cgosan_call_enter, then __cgosan_lend per argument
 *           else f = frames[d]: call, stack_hi = ret_slot + 8, go_frame,
 *                first_record = nrecords, serial += 1, lent_count = K,
 *                lent[i] = lent_end[i] = argument i, lent_index[i];
 *                depth = d + 1 (release)
 *   return: if (write_mask == 0) skip
 *           d = depth - 1
 *           if (d >= inline_limit): __cgosan_call_exit
 *           lent_cache = {0, 0}; depth = d (release), then (compiler barrier) read exit_work
 *           if (exit_work || nrecords != f.first_record || f.lent_count != K)
 *             __cgosan_call_exit_slow
 *           else each lent[i] in a Go region goes into the history ring: an entry
 *             {base, touched_end = lent_end[i], call, go_frame, kept_site = 0, argument},
 *             which becomes last_entry; a call's one lend the same as last_entry's (base
 *             and call) only raises its touched_end
 *
 * inline_limit is 0 until the thread's first call has registered it (and for good when call
 * exits must fence: held_records.cpp), so every call takes the hooks then. lent[] holds the
 * pointer arguments as passed, C pointers too: the runtime tells Go memory apart when it looks. */
#define CGOSAN_INLINE_FRAMES 64
#define CGOSAN_MAX_LENT 8
#define CGOSAN_T_DEPTH 0         /* uint32_t: calls in progress */
#define CGOSAN_T_INLINE_LIMIT 4  /* uint32_t */
#define CGOSAN_T_NRECORDS 8      /* uint32_t: store records in use */
#define CGOSAN_T_HISTORY_NEXT 12 /* uint32_t: history entries ever written (release) */
#define CGOSAN_T_EXIT_WORK 16    /* uint64_t: nonzero when a return needs the runtime */
#define CGOSAN_T_LENT_CACHE 24   /* uintptr_t[2] */
#define CGOSAN_T_HISTORY 40      /* the history ring, CGOSAN_HISTORY entries */
#define CGOSAN_T_LAST_ENTRY 48   /* the ring's newest entry (a zeroed one before the first) */
#define CGOSAN_T_FRAMES 64       /* the frames, CGOSAN_FRAME_SIZE bytes each */
#define CGOSAN_FRAME_SIZE 256
#define CGOSAN_F_CALL 0          /* const struct cgosan_call * */
#define CGOSAN_F_STACK_HI 8      /* uintptr_t: the upper end of the call's C stack frames */
#define CGOSAN_F_GO_FRAME 16     /* uintptr_t: the wrapper's argument */
#define CGOSAN_F_FIRST_RECORD 24 /* uint32_t */
#define CGOSAN_F_SERIAL 28       /* uint32_t */
#define CGOSAN_F_LENT_COUNT 32   /* uint32_t */
#define CGOSAN_F_LENT 40         /* uintptr_t[CGOSAN_MAX_LENT] */
#define CGOSAN_F_LENT_END 104    /* uintptr_t[CGOSAN_MAX_LENT] */
#define CGOSAN_F_LENT_INDEX 168  /* uint32_t[CGOSAN_MAX_LENT] */
#define CGOSAN_HISTORY 1024      /* entries of the history ring, a power of two */
#define CGOSAN_HISTORY_ENTRY_SIZE 64
#define CGOSAN_H_BASE 0        /* uintptr_t */
#define CGOSAN_H_TOUCHED_END 8 /* uintptr_t */
#define CGOSAN_H_CALL 16       /* const struct cgosan_call * */
#define CGOSAN_H_GO_FRAME 24   /* uintptr_t */
#define CGOSAN_H_KEPT_SITE 32  /* const struct cgosan_site * */
#define CGOSAN_H_ARGUMENT 48   /* uint32_t */

/* Go called C.<name> and the inline entry cannot start the call: `ret_slot` is the address of the
 * wrapper's return address, the upper end of the C stack frames this call creates; `go_frame` is
 * the wrapper's argument, which points into the calling goroutine's stack. The arguments it
 * lends follow, one __cgosan_lend each. */
void __cgosan_call_enter(const struct cgosan_call *call, void *ret_slot, const void *go_frame);
/* The wrapper is about to return to Go and the inline return cannot end the call: end it and
 * judge what C kept. */
void __cgosan_call_exit(void);
/* The inline return has ended the call (popped it) and the runtime has work: judge what C kept,
 * records other threads handed to the call, a long call's end. */
void __cgosan_call_exit_slow(void);
/* The wrapper lends pointer argument `index` (0-based; UINT32_MAX if not known) to the call in
 * progress: a pointer read from its argument frame, Go's or not. */
void __cgosan_lend(const void *p, uint32_t index);
/* Instrumented C code just stored pointer `value` at `addr`. */
CGOSAN_CHECK_CC void __cgosan_store_ptr(void *const *addr, const void *value,
                                        const struct cgosan_site *site);
/* Level 2: instrumented C code just stored pointer-sized integer `value` at `addr` (a pointer
 * hidden in a uintptr_t). */
CGOSAN_CHECK_CC void __cgosan_store_int(void *const *addr, uintptr_t value,
                                        const struct cgosan_site *site);
/* The pass inlines the common case of every load and store check (runtime/fast_path.h):
 *
 *   if (region_table[(addr >> 16) & (CGOSAN_REGIONS - 1)])
 *     __cgosan_write(addr, site);
 *   if (read_mask != 0 && region_table[(addr >> 16) & (CGOSAN_REGIONS - 1)])
 *     __cgosan_read(addr, site);
 *
 * C memory lies in no 64 KiB region where Go has memory: a load and a compare. The table is empty
 * at level 0, so no test ever calls the runtime there; the read mask is 0 below level 2, where
 * reads (and the words a copy moves, and pointer-sized integers) are not followed, and each
 * function loads it once. The hook answers the rest: the exact page, then memory a call in
 * progress on this thread lent. On x86-64 the hooks keep every general-purpose register but r11
 * (preserve_most), so the rare call costs the checked code no spills. The runtime maps, at fixed
 * addresses (above):
 *   uint8_t region_table[CGOSAN_REGIONS];  at CGOSAN_REGION_TABLE (go_memory.h)
 *   uintptr_t read_mask;   at CGOSAN_FIXED_BASE + CGOSAN_FIXED_READ_MASK (fast_path.h)
 *   uintptr_t write_mask;  at CGOSAN_FIXED_BASE + CGOSAN_FIXED_WRITE_MASK (fast_path.h; 0 at
 *                          level 0: only the call path's level test reads it)
 * A pointer store's hook runs only when the value or the address lies in such a region; a copy's
 * only when its destination does, or at level 2 its source or a word it moved (small copies; every
 * larger one at level 2). */

/* Instrumented C code is about to read or write memory at `addr` (reads are checked at level 2). */
CGOSAN_CHECK_CC void __cgosan_read(const void *addr, const struct cgosan_site *site);
CGOSAN_CHECK_CC void __cgosan_write(const void *addr, const struct cgosan_site *site);
/* Instrumented C code just copied `size` bytes from `src` to `dst` (memcpy/memmove): a write of
 * dst at level 1; at level 2 also a read of src, and every word that arrived holding a Go pointer,
 * among those `layout` says may hold one (null: the copied type is unknown, every word), a store
 * of it. */
CGOSAN_CHECK_CC void __cgosan_copy(void *dst, const void *src, size_t size,
                                   const struct cgosan_site *site,
                                   const struct cgosan_copy_layout *layout);
/* The export stub of Go function `fn` is about to return `value` to the C code at `caller_pc`. */
void __cgosan_export_return(const void *value, const struct cgosan_call *fn, void *caller_pc);
/* Instrumented C code just got `size` bytes at `p` from malloc/calloc/realloc. */
void __cgosan_heap_alloc(const void *p, size_t size, const struct cgosan_site *site);

/* cgosan.h: the user says Go pinned [p, p+size) with runtime.Pinner (size 0: the one address),
 * so C may keep it; and that the pin ended. */
void __cgosan_pin(const void *p, size_t size);
void __cgosan_unpin(const void *p);

#ifdef __cplusplus
}
#endif

#endif

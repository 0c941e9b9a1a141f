// A function's summary: what calling it does to memory outside its frame, in terms of its
// parameters, so that a caller (in any translation unit of the package) can apply it at a call
// site and an entry point can be judged with the Go side's knowledge of its arguments.
#ifndef CGOSAN_VET_SUMMARY_H
#define CGOSAN_VET_SUMMARY_H

#include "abstract_values.h"

#include <map>
#include <string>
#include <vector>

namespace cgosan {
namespace vet {

// A read or write through a pointer (base: the pointer's atom, flags cleared).
struct Access {
  Atom base;
  bool write = false;
  Origin origin;
};

// A store of `value` into the memory `dest_base` points to (dest_base is a Param, Loaded or
// ExportRet atom): kept even when a later store overwrites it, since a store of a Go pointer
// into Go memory is a violation when it happens.
struct StoreEvent {
  Atom dest_base;
  std::string path;
  Atom value;
  Origin origin;
};

// A thread started with pthread_create or thrd_create and not joined by the function.
struct ThreadStart {
  uint32_t handle_loc = 0; // where the thread id was written (Interner loc), 0 if unknown
  std::string routine;     // the start routine's function key ("" if not known)
  std::string handle_key;  // the handle's place, as the function that holds this names it
  ValueSet arg;
  Origin origin;
};

// A call into code without a body (or through a function pointer) that was handed a value.
struct UnknownCall {
  std::string callee; // "" for a call through a pointer
  Atom value;
  Origin origin;
};

// A call of an exported Go function that returns a pointer (the atom is ExportRet of the site).
struct ExportCall {
  std::string name;
  Origin origin;
};

struct Summary {
  std::map<uint32_t, Cell> cells; // non-local memory (Interner loc) as it may be at return
  ValueSet returns;
  std::vector<Access> accesses;
  std::vector<StoreEvent> stores;
  std::vector<ThreadStart> threads;
  std::vector<uint32_t> joins; // locs of thread handles joined
  ValueSet frees;              // pointers freed
  ValueSet pins;               // pointers declared pinned (cgosan_pinned)
  std::vector<UnknownCall> unknown_calls;
  std::vector<ExportCall> export_calls;
  // Calls of exported Go functions the function itself makes (whatever they return).
  std::vector<ExportCall> calls_back;
  bool complete = true;  // false while a recursive cycle is still being summarized
  bool given_up = false; // too large to follow, or past the time budget: says nothing
};

} // namespace vet
} // namespace cgosan

#endif

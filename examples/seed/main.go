// Command seed runs the scenarios of seed-cgo-memory.md, the document cgosan grew from, under
// cgosan. Each scenario prints a numbered heading on stdout; cgosan's reports go to stderr.
//
//	CGOSAN_OPTIONS=halt_on_error=0 build/bin/cgosan go run ./examples/seed
//
// Expected: three retained-go-pointer reports, one per C line marked "REPORTED":
//
//	scenario 2, C.keep       stored at main.go:32      kept in C global 'saved'
//	scenario 3, C.keepStack  stored at noescape.go:17  kept in C global 'stack_saved' (Go 1.24+)
//	scenario 5, C.newHolder  stored at main.go:50      kept in a heap block allocated at main.go:49
//
// and nothing for scenarios 1, 4 and 6. Scenario 3 is in noescape.go (noescape_old.go stands in
// before Go 1.24); the exported Go callback of scenario 6 is in callback.go.
package main

/*
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

// 1. C reads Go memory only while the call lasts: allowed (cgo pins it until C returns). Clean.
static void printString(const char *s, int n) {
	for (int i = 0; i < n; i++)
		putchar(s[i]);
	putchar('\n');
	fflush(stdout);
}

// 2. C keeps a Go pointer in a static global after the call returns. REPORTED.
static const char *saved;
static void keep(const char *p) {
	saved = p; // REPORTED: retained-go-pointer, kept in C global 'saved'
}

// 4. C memory is stable: C may keep a malloc'd pointer as long as it likes. Clean.
static void *makeslice(size_t n) {
	return malloc(n); // C memory: Go may use it as a slice (the seed's makeslice)
}
static void *kept_c;
static void keepC(void *p) {
	kept_c = p; // clean: p points to C memory
}

// 5. A heap block C allocated holds a Go pointer when the call returns. REPORTED.
struct holder {
	const char *name;
};
static struct holder *newHolder(const char *name) {
	struct holder *h = malloc(sizeof *h); // the report names this line as the block's allocation site
	h->name = name; // REPORTED: retained-go-pointer, kept in a heap block
	return h;
}

// 6. The right way: C keeps a cgo.Handle (an integer) and gives it back to Go. Clean.
extern void goCallback(uintptr_t ctx); // exported in callback.go
static uintptr_t cb_ctx;
static void setCallback(uintptr_t ctx) {
	cb_ctx = ctx; // clean: an integer handle, not a Go pointer
}
static void fire(void) {
	goCallback(cb_ctx);
}
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
	"strings"
	"unsafe"
)

func main() {
	fmt.Println("1. printString: C reads a Go string during the call (clean)")
	msg := strings.Repeat("hello, ", 2) + "cgo" // built at run time: Go heap memory
	C.printString((*C.char)(unsafe.Pointer(unsafe.StringData(msg))), C.int(len(msg)))

	fmt.Println("2. keep: C keeps a Go pointer in a static global (reported)")
	buf := []byte("kept by C\x00") // Go heap memory
	C.keep((*C.char)(unsafe.Pointer(&buf[0])))

	fmt.Println("3. keepStack: C keeps a #cgo noescape argument: a goroutine stack address (reported)")
	noescapeScenario() // noescape.go

	fmt.Println("4. makeslice/keepC: C keeps C memory (clean)")
	p := C.makeslice(16)
	s := unsafe.Slice((*byte)(p), 16) // C memory used as a Go slice
	copy(s, "C memory\x00")
	C.keepC(p)

	fmt.Println("5. newHolder: a malloc'd C struct holds a Go pointer after the call (reported)")
	name := []byte("holder\x00")
	h := C.newHolder((*C.char)(unsafe.Pointer(&name[0])))
	C.free(unsafe.Pointer(h))

	fmt.Println("6. setCallback/fire: C keeps a cgo.Handle, not a Go pointer (clean)")
	ctx := cgo.NewHandle(&callbackState{greeting: "hello from a cgo.Handle"})
	C.setCallback(C.uintptr_t(ctx))
	C.fire() // C calls goCallback(ctx), which looks the Go value up
	ctx.Delete()

	fmt.Println("done")
}

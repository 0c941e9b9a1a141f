// Command seed runs the scenarios of seed-cgo-memory.md, the document cgosan grew from, under
// cgosan. Each scenario prints a numbered heading on stdout; cgosan's reports go to stderr.
//
//	GODEBUG=cgocheck=0 build/bin/cgosan go run ./examples/seed   # make demo; the run fails with 66
//
// Expected: one report per C line marked "REPORTED":
//
//	scenario 2, C.keep       retained-go-pointer           stored at main.go:40, C global 'saved'
//	scenario 3, C.keepStack  retained-go-pointer           noescape.go:17 (Go 1.24+)
//	scenario 5, C.newHolder  retained-go-pointer           main.go:60, heap block from main.go:59
//	scenario 7, C.useGoPtr   returned-go-pointer           main.go:77, getGoPtr returned it
//	                         write-to-returned-go-pointer  main.go:78, *p = 42
//	scenario 8, C.poke       use-after-return              main.go:43, through 'saved' of scenario 2
//
// and nothing for scenarios 1, 4 and 6. Scenario 3 is in noescape.go (noescape_old.go stands in
// before Go 1.24); the exported Go functions of scenarios 6 and 7 are in callback.go. Scenario 7
// is the seed's cgocheck example: Go's own check (GODEBUG=cgocheck=1, the default) panics when
// getGoPtr returns, so it runs only with GODEBUG=cgocheck=0, as `make demo` sets, where cgosan
// still names the C lines. `go run` strips the executable's debug information, which the
// returned-go-pointer line comes from; `make demo` keeps it with -ldflags='-s=0 -w=0'.
// tests/e2e checks this list (TestSeedExampleReportsWhatItsCommentSays).
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
// 8. A later call writes through the pointer scenario 2 kept. REPORTED.
static void poke(void) { ((char *)saved)[0] = 'K'; } // REPORTED: use-after-return

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

// 7. The seed's cgocheck example: an exported Go function returns a Go pointer, C writes it.
extern int *getGoPtr(void); // exported in callback.go
static int useGoPtr(void) {
	int *p = getGoPtr(); // REPORTED: returned-go-pointer
	*p = 42;             // REPORTED: write-to-returned-go-pointer
	return *p;
}
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
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

	if strings.Contains(os.Getenv("GODEBUG"), "cgocheck=0") {
		fmt.Println("7. useGoPtr: an exported Go function returns a Go pointer and C writes it (reported)")
		fmt.Println("   C read back", C.useGoPtr())
	} else {
		fmt.Println("7. skipped: Go's own cgocheck would panic first; run with GODEBUG=cgocheck=0")
	}

	fmt.Println("8. poke: a later call writes through the pointer C kept in scenario 2 (reported)")
	C.poke()
	runtime.KeepAlive(buf)

	fmt.Println("done")
}

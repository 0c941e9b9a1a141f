// Peer check of Go's cgo pointer table (cmd/cgo/internal/testerrors/ptr_test.go), exported
// functions and strings: exported Go functions return C memory that C then writes through, and
// Go strings travel into C and back. Ideas of exportok and passstring, plus correct twins of
// export1 (return C memory, not Go memory), retstring (return a C string) and retmap (return a
// cgo.Handle to a Go map, not the map).
// cgosan-env: CGOSAN=2
package main

/*
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern unsigned char *goAlloc(void);
extern int *goCGlobal(void);
extern char *goCString(void);
extern uintptr_t goMapHandle(void);
extern int goMapGet(uintptr_t h, int k);
extern long goStrLen(_GoString_ s);

static int c_counter;
static int *c_counter_addr(void) { return &c_counter; }

// exportok: write through C memory an exported Go function returned, then free it.
static int fill_from_go(void) {
	unsigned char *b = goAlloc();
	b[0] = 200;
	int v = b[0];
	free(b);
	return v;
}

// export1 twin: the exported function returns a C global's address.
static int bump_from_go(void) {
	int *p = goCGlobal();
	*p += 1;
	return *p;
}

// retstring twin: the exported function returns a C string; C keeps, reads, then frees it.
static char *kept_name;
static size_t take_name(void) {
	kept_name = goCString();
	kept_name[0] = 'G';
	return strlen(kept_name);
}
static const char *name_now(void) { return kept_name; }
static void drop_name(void) { free(kept_name); kept_name = 0; }

// retmap twin: C keeps a handle (an integer) and asks Go to look into the map.
static uintptr_t kept_handle;
static void take_map(void) { kept_handle = goMapHandle(); }
static int map_get(int k) { return goMapGet(kept_handle, k); }

// passstring: a Go string's header goes to C by value and comes back unchanged.
typedef struct { const char *p; ptrdiff_t n; } gostr;
static gostr echo(gostr s) { return s; }

// A _GoString_ read while the call lasts, and a C buffer handed to Go as a Go string.
static int count_byte(_GoString_ s, char c) {
	int n = 0;
	for (size_t i = 0; i < _GoStringLen(s); i++)
		n += _GoStringPtr(s)[i] == c;
	return n;
}
static long c_buffer_to_go(void) {
	static char buf[] = "from C memory";
	_GoString_ s = {buf, (ptrdiff_t)strlen(buf)};
	return goStrLen(s);
}

// C returns the Go pointer it was lent, and keeps nothing.
static int *identity(int *p) { *p += 1; return p; }
*/
import "C"
import (
	"fmt"
	"runtime/cgo"
	"strings"
	"unsafe"
)

//export goAlloc
func goAlloc() *byte { return (*byte)(C.malloc(1)) }

//export goCGlobal
func goCGlobal() *C.int { return C.c_counter_addr() }

//export goCString
func goCString() *C.char { return C.CString("gopher") }

var mapHandle cgo.Handle

//export goMapHandle
func goMapHandle() C.uintptr_t {
	mapHandle = cgo.NewHandle(map[int]int{0: 1, 5: 6})
	return C.uintptr_t(mapHandle)
}

//export goMapGet
func goMapGet(h C.uintptr_t, k C.int) C.int {
	return C.int(cgo.Handle(h).Value().(map[int]int)[int(k)])
}

//export goStrLen
func goStrLen(s string) C.long {
	if s != "from C memory" {
		panic("bad string from C: " + s)
	}
	return C.long(len(s))
}

func check(ok bool, what string) {
	if !ok {
		panic("wrong result: " + what)
	}
}

func main() {
	// exportok, called from Go through the C stub and from C.
	b := C.goAlloc()
	*b = 1
	C.free(unsafe.Pointer(b))
	check(C.fill_from_go() == 200, "exportok")

	// export1 twin
	check(C.bump_from_go() == 1 && C.bump_from_go() == 2, "export1 twin")

	// retstring twin
	check(C.take_name() == 6, "retstring twin")
	check(C.GoString(C.name_now()) == "Gopher", "retstring twin contents")
	C.drop_name()

	// retmap twin
	C.take_map()
	check(C.map_get(5) == 6, "retmap twin")
	mapHandle.Delete()

	// passstring
	s := strings.Repeat("a", 3)
	r := C.echo(*(*C.gostr)(unsafe.Pointer(&s)))
	check(*(*string)(unsafe.Pointer(&r)) == s, "passstring")

	check(C.count_byte(strings.Repeat("ab", 4), 'b') == 4, "_GoString_ read")
	check(C.c_buffer_to_go() == 13, "C string to Go")

	x := new(C.int)
	check(*C.identity(x) == 1 && x == C.identity(x), "identity")

	fmt.Println("done")
}

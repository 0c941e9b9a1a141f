// A _GoString_ argument's data is a Go pointer: C may never keep it.
package main

/*
#include <stddef.h>
static const char *kept;
static size_t kept_len;
static void keep_name(_GoString_ s) {
	kept = _GoStringPtr(s); // want retained-go-pointer
	kept_len = _GoStringLen(s);
}
static size_t name_len(_GoString_ s) { return _GoStringLen(s); }
*/
import "C"
import (
	"fmt"
	"strings"
)

func main() {
	name := strings.Repeat("gopher", 3) // heap-allocated string data
	if C.name_len(name) != 18 {
		panic("bad length")
	}
	C.keep_name(name)
	fmt.Println("done")
}

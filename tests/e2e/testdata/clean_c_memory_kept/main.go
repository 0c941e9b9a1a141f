// Clean: C keeps pointers to C memory (malloc, C globals, C.CString, its own stack during the
// call) in C globals: none of it is Go memory.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
#include <string.h>
static char *kept_string;
static void *kept_block;
static int c_global = 5;
static int *kept_global_ptr;
static __thread void *kept_tls;

static void keep_string(char *s) { kept_string = s; }
static void keep_block(void) { kept_block = malloc(64); kept_tls = kept_block; }
static void keep_global(void) { kept_global_ptr = &c_global; }
static size_t kept_len(void) { return strlen(kept_string); }
*/
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	s := C.CString("hello from C memory")
	C.keep_string(s)
	C.keep_block()
	C.keep_global()
	if C.kept_len() != 19 {
		panic("bad length")
	}
	C.free(unsafe.Pointer(s))
	fmt.Println("done")
}

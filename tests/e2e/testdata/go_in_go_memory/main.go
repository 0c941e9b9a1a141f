// C stores Go pointers into Go memory, where no write barrier sees them: a field of a lent Go
// struct (`b->item = item`, both from Go), the slots of a lent Go slice, and a Go global variable
// (in the executable's data, not in the Go heap). C pointers stored into
// Go memory, and Go pointers stored into C memory and cleared before the return, are fine.
package main

/*
#include <stddef.h>
struct item { int v; };
struct box { struct item *item; long n; };
static struct item c_item;
static void put(struct box *b, struct item *item) {
	b->item = item; // want go-pointer-in-go-memory
	b->n++;
}
static void put_c(struct box *b) { b->item = &c_item; }
static void set_global(struct item **g, struct item *item) {
	*g = item; // want go-pointer-in-go-memory
}
static void fill(long **out, long *base, size_t n) {
	for (size_t i = 0; i < n; i++)
		out[i] = base + i; // want go-pointer-in-go-memory
}
*/
import "C"
import (
	"fmt"
	"unsafe"
)

var global *C.struct_item

func main() {
	b := new(C.struct_box)
	item := new(C.struct_item)
	C.put(b, item)
	b.item = nil
	C.put_c(b)
	buf := make([]C.long, 4)
	ptrs := make([]*C.long, 4)
	C.fill((**C.long)(unsafe.Pointer(&ptrs[0])), &buf[0], 4)
	clear(ptrs)
	C.set_global(&global, new(C.struct_item))
	global = nil
	fmt.Println("done")
}

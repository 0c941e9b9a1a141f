// Peer check of Go's cgo pointer table (cmd/cgo/internal/testerrors/ptr_test.go), struct fields:
// C gets the address of one field of a Go struct whose other fields hold Go pointers, and touches
// only that field while the call lasts. Ideas of ok1, ptrfieldok, structfield, structfield2,
// structfieldcast and union2, plus correct twins of ptr1/ptr2 (a struct whose pointer field holds
// C memory, not Go memory).
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rec { int i; int *p; };
typedef struct holder { int *p; } holder;
static int c_int = 42;

// ok1: write the int field; the sibling pointer field is never looked at.
static void set_int(int *p, int v) { *p = v + *p; }

// ptrfieldok: the pointer field holds nil; C fills it with a C pointer.
static void set_c_ptr(int **pp) {
	if (*pp == 0)
		*pp = &c_int;
}

// structfield: fill a byte array field.
static void fill_bytes(void *p, int n, int v) { memset(p, v, (size_t)n); }

// structfield2: two field addresses of one struct in one call.
static long two_fields(void *a, int n, void *b) {
	const unsigned char *ab = a;
	long s = 0;
	for (int i = 0; i < n; i++)
		s += ab[i];
	*(int64_t *)b = s;
	return s;
}

// structfieldcast: a C struct embedded in a Go struct; its pointer field gets a C pointer.
static int use_embedded(struct rec *r) {
	r->i = 7;
	r->p = &c_int;
	return r->i + *r->p;
}

// union2: a union without pointer fields laid over a Go variable that holds a Go pointer;
// C only looks at the integer.
typedef union { unsigned long i; } ulong_union;
static int ulong_nonzero(ulong_union *u) { return u->i != 0; }

// ptr1/ptr2 twins: the struct is Go memory, its pointer field points to C memory.
static int *c_cell(int v) { int *p = malloc(sizeof *p); *p = v; return p; }
static int read_holder(holder *h) { *h->p += 1; return *h->p; }
static void free_holder(holder *h) { free(h->p); h->p = 0; }
*/
import "C"
import (
	"fmt"
	"unsafe"
)

type withBytes struct {
	p *int
	a [8]byte
	u uintptr
}

type twoFields struct {
	a [8]byte
	p *int
	b int64
}

type embedsC struct {
	p *int
	a C.struct_rec
}

func check(ok bool, what string) {
	if !ok {
		panic("wrong result: " + what)
	}
}

func main() {
	// ok1
	r := &C.struct_rec{i: 1, p: new(C.int)}
	C.set_int(&r.i, 4)
	check(r.i == 5, "ok1")

	// ptrfieldok
	type two struct{ p1, p2 *C.int }
	t := &two{p1: nil, p2: new(C.int)}
	C.set_c_ptr(&t.p1)
	check(*t.p1 == 42, "ptrfieldok")

	// structfield
	s := &withBytes{p: new(int)}
	C.fill_bytes(unsafe.Pointer(&s.a), C.int(len(s.a)), 3)
	check(s.a[7] == 3, "structfield")

	// structfield2
	s2 := &twoFields{p: new(int)}
	for i := range s2.a {
		s2.a[i] = byte(i)
	}
	got := C.two_fields(unsafe.Pointer(&s2.a), C.int(len(s2.a)), unsafe.Pointer(&s2.b))
	check(got == 28 && s2.b == 28, "structfield2")

	// structfieldcast
	e := &embedsC{p: new(int)}
	check(C.use_embedded((*C.struct_rec)(&e.a)) == 49, "structfieldcast")
	check(*e.a.p == 42, "structfieldcast field")

	// union2
	var b C.char
	pb := &b
	check(C.ulong_nonzero((*C.ulong_union)(unsafe.Pointer(&pb))) == 1, "union2")

	// ptr1 / ptr2 twins
	check(C.read_holder(&C.holder{C.c_cell(9)}) == 10, "ptr1 twin")
	h := &C.holder{C.c_cell(20)}
	check(C.read_holder(h) == 21, "ptr2 twin")
	check(C.read_holder(h) == 22, "ptr2 twin again")
	C.free_holder(h)

	fmt.Println("done")
}

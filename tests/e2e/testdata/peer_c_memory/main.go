// Peer check of Go's cgo pointer table (cmd/cgo/internal/testerrors/ptr_test.go), Go values copied
// into C memory: Go stores values that are not Go pointers (C pointers, integers that happen to
// hold a Go address) into malloc'd memory and lends it to C. Ideas of ptrdata1 and ptrdata2, plus
// correct twins of barrier, barrierstruct, barrierslice, barriergcprogarray,
// barriergcprogarrayheap, barriergcprogstruct and barriergcprogstructheap (the stored pointers are
// C pointers, never Go pointers).
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BIG 32769

struct small { char *a[10]; };
struct big { char *a[BIG]; };
struct wrap { struct big f; };

static char c_chars[4] = {'w', 'x', 'y', 'z'};
static char *c_char(int i) { return &c_chars[i]; }

// barrier twin
static char **one_slot(void) { return malloc(sizeof(char *)); }
static int read_slot(char **p) { return **p; }

// barrierstruct / barrierslice twins
static struct small *new_small(void) { return calloc(1, sizeof(struct small)); }
static int read_small(struct small *p) {
	int s = 0;
	for (int i = 0; i < 10; i++)
		if (p->a[i])
			s += *p->a[i];
	return s;
}

// barriergcprog* twins: a value too large for a pointer bitmap.
static struct big *new_big(void) { return calloc(1, sizeof(struct big)); }
static struct wrap *new_wrap(void) { return calloc(1, sizeof(struct wrap)); }
static int read_big(struct big *p) { return *p->a[0] + (p->a[BIG - 1] != 0); }
static int read_wrap(struct wrap *p) { return read_big(&p->f); }
static int count_nil(void *p, int n) {
	char **a = p;
	int c = 0;
	for (int i = 0; i < n; i++)
		c += a[i] == 0;
	return c;
}

// ptrdata1 / ptrdata2: C reads the bytes and checks the integer field, without keeping it.
static int sum_region(const void *p, size_t off, size_t n) {
	const unsigned char *b = (const unsigned char *)p + off;
	int s = 0;
	for (size_t i = 0; i < n; i++)
		s += b[i];
	return s;
}
static int word_nonzero(const void *p, size_t off) {
	uintptr_t v;
	memcpy(&v, (const char *)p + off, sizeof v);
	return v != 0;
}
*/
import "C"
import (
	"fmt"
	"unsafe"
)

type withUintptr struct {
	p *int
	a [8 * 8]byte
	u uintptr
}

type withBigUintptr struct {
	p *int
	a [32769 * 8]byte
	q *int
	u uintptr
}

func check(ok bool, what string) {
	if !ok {
		panic("wrong result: " + what)
	}
}

func main() {
	// barrier twin
	p := C.one_slot()
	*p = C.c_char(0)
	check(C.read_slot(p) == 'w', "barrier twin")
	C.free(unsafe.Pointer(p))

	// barrierstruct twin
	sm := C.new_small()
	sm.a = [10]*C.char{C.c_char(1)}
	check(C.read_small(sm) == 'x', "barrierstruct twin")

	// barrierslice twin
	copy(sm.a[:], []*C.char{C.c_char(2), C.c_char(3)})
	check(C.read_small(sm) == 'y'+'z', "barrierslice twin")
	C.free(unsafe.Pointer(sm))

	// barriergcprogarray twin
	bg := C.new_big()
	bg.a = [C.BIG]*C.char{C.c_char(0)}
	check(C.read_big(bg) == 'w', "barriergcprogarray twin")

	// barriergcprogarrayheap twin: the source array is Go heap memory holding a C pointer.
	n := &[C.BIG]*C.char{C.c_char(1)}
	bg.a = *n
	check(C.read_big(bg) == 'x', "barriergcprogarrayheap twin")
	n[0] = nil
	check(C.count_nil(unsafe.Pointer(n), C.BIG) == C.BIG, "barriergcprogarrayheap twin source")
	C.free(unsafe.Pointer(bg))

	// barriergcprogstruct twin
	wr := C.new_wrap()
	wr.f = C.struct_big{[C.BIG]*C.char{C.c_char(2)}}
	check(C.read_wrap(wr) == 'y', "barriergcprogstruct twin")

	// barriergcprogstructheap twin
	ns := &C.struct_big{[C.BIG]*C.char{C.c_char(3)}}
	wr.f = *ns
	check(C.read_wrap(wr) == 'z', "barriergcprogstructheap twin")
	ns.a[0] = nil
	check(C.count_nil(unsafe.Pointer(ns), C.BIG) == C.BIG, "barriergcprogstructheap twin source")
	C.free(unsafe.Pointer(wr))

	// ptrdata1: a struct whose uintptr field holds a Go address, copied into C memory.
	i := 0
	src := &withUintptr{u: uintptr(unsafe.Pointer(&i))}
	for k := range src.a {
		src.a[k] = 1
	}
	q := (*withUintptr)(C.malloc(C.size_t(unsafe.Sizeof(*src))))
	*q = *src
	check(C.sum_region(unsafe.Pointer(q), C.size_t(unsafe.Offsetof(q.a)), C.size_t(len(q.a))) == 64, "ptrdata1")
	check(C.word_nonzero(unsafe.Pointer(q), C.size_t(unsafe.Offsetof(q.u))) == 1, "ptrdata1 word")
	C.free(unsafe.Pointer(q))

	// ptrdata2: the same with a type large enough to use a GC program.
	j := 0
	big := withBigUintptr{u: uintptr(unsafe.Pointer(&j))}
	big.a[len(big.a)-1] = 5
	qb := (*withBigUintptr)(C.malloc(C.size_t(unsafe.Sizeof(big))))
	*qb = big
	check(C.sum_region(unsafe.Pointer(qb), C.size_t(unsafe.Offsetof(qb.a)), C.size_t(len(qb.a))) == 5, "ptrdata2")
	check(C.word_nonzero(unsafe.Pointer(qb), C.size_t(unsafe.Offsetof(qb.u))) == 1, "ptrdata2 word")
	C.free(unsafe.Pointer(qb))

	fmt.Println("done")
}

// Peer check of Go's cgo pointer table (cmd/cgo/internal/testerrors/ptr_test.go), byte slices and
// arrays: C gets the address of the first element of pointer-free Go memory (often inside a struct
// that also holds Go pointers) and reads or writes it only while the call lasts. Ideas of sliceok3,
// sliceok4, slicedata2, arraypointer, buffer and stringdata, plus correct twins of sliceptr1,
// sliceptr2, slicedata and arraypointer2 (slices and arrays whose elements are nil or C pointers).
// cgosan-env: CGOSAN=2
package main

/*
#include <stddef.h>
#include <stdlib.h>

typedef void *PV;

static int sum_bytes(const void *p, int n) {
	const unsigned char *b = p;
	int s = 0;
	for (int i = 0; i < n; i++)
		s += b[i];
	return s;
}

static void iota_bytes(void *p, int n) {
	unsigned char *b = p;
	for (int i = 0; i < n; i++)
		b[i] = (unsigned char)(i + 1);
}

// sliceok4: the argument's type is a typedef of void *.
static int sum_pv(PV p, int n) { return sum_bytes(p, n); }

// Twins of the failing pointer-slice cases: every element is nil or C memory.
static int c_cells[4] = {10, 20, 30, 40};
static void *c_cell(int i) { return &c_cells[i]; }
static int sum_ptrs(void **p, int n) {
	int s = 0;
	for (int i = 0; i < n; i++)
		if (p[i])
			s += *(int *)p[i];
	return s;
}
static void point_all(void **p, int n) {
	for (int i = 0; i < n; i++)
		p[i] = &c_cells[i % 4];
}
*/
import "C"
import (
	"bytes"
	"fmt"
	"unsafe"
)

type withArray struct {
	p *int
	a [4]byte
}

func check(ok bool, what string) {
	if !ok {
		panic("wrong result: " + what)
	}
}

func main() {
	i := 0

	// sliceok3: a slice of an array field, converted to unsafe.Pointer.
	s3 := &withArray{p: &i}
	sl := s3.a[:]
	C.iota_bytes(unsafe.Pointer(&sl[0]), C.int(len(sl)))
	check(s3.a == [4]byte{1, 2, 3, 4}, "sliceok3")

	// sliceok4: the same through a C typedef of void *.
	s4 := &withArray{p: &i, a: [4]byte{5, 5, 5, 5}}
	check(C.sum_pv(C.PV(unsafe.Pointer(&s4.a[0])), 4) == 20, "sliceok4")

	// slicedata2: unsafe.SliceData of the array field.
	s5 := struct {
		a [4]byte
		p *int
	}{p: new(int)}
	C.iota_bytes(unsafe.Pointer(unsafe.SliceData(s5.a[:])), 4)
	check(C.sum_bytes(unsafe.Pointer(unsafe.SliceData(s5.a[:])), 4) == 10, "slicedata2")

	// arraypointer: the first element of a pointer to an array.
	a := new([10]byte)
	C.iota_bytes(unsafe.Pointer(&a[0]), 10)
	check(a[9] == 10, "arraypointer")

	// buffer: indexing a slice that a method call returns.
	var b bytes.Buffer
	b.WriteString("abc")
	check(C.sum_bytes(unsafe.Pointer(&b.Bytes()[0]), C.int(b.Len())) == 'a'+'b'+'c', "buffer")

	// stringdata: unsafe.StringData of a string over a struct's byte array; C only reads.
	st := struct {
		a [4]byte
		p *int
	}{a: [4]byte{1, 1, 1, 1}, p: new(int)}
	str := unsafe.String(&st.a[0], 4)
	check(C.sum_bytes(unsafe.Pointer(unsafe.StringData(str)), 4) == 4, "stringdata")

	// sliceptr1 / sliceptr2 twins: a []unsafe.Pointer holding nil and C pointers.
	ps := []unsafe.Pointer{nil, C.c_cell(1)}
	check(C.sum_ptrs(&ps[0], 2) == 20, "sliceptr twin")

	// slicedata twin: SliceData of a slice of C pointers, filled by C.
	cs := make([]unsafe.Pointer, 6)
	C.point_all(unsafe.SliceData(cs), C.int(len(cs)))
	check(C.sum_ptrs(unsafe.SliceData(cs), C.int(len(cs))) == 130, "slicedata twin")

	// arraypointer2 twin: a pointer to an array of nil and C pointers.
	ap := &[2]unsafe.Pointer{nil, C.c_cell(3)}
	check(C.sum_ptrs(&ap[0], 2) == 40, "arraypointer2 twin")

	fmt.Println("done")
}

// Peer check of Go's cgo pointer table (cmd/cgo/internal/testerrors/ptr_test.go), C pointers kept in
// Go memory: C gets the address of a Go slice or array element that holds nil or a C pointer, and
// stores C pointers there; Go keeps them and lends them back later. Ideas of sliceok1, sliceok2,
// varok, chanrecv and defer2.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
#include <string.h>

static int c_token = 99;

// sliceok1 / sliceok2: the slot holds nil; C puts a C pointer there.
static void put_token(void **slot) {
	if (*slot == 0)
		*slot = &c_token;
}
static int read_token(void **slot) { return *(int *)*slot; }

// varok: the array holds a pointer to a pointer-free Go global; C reads through it.
static int count_chars(char **parg, int n) {
	int c = 0;
	while (c < n && parg[0][c] != 0)
		c++;
	return c;
}

// chanrecv / defer2: C fills a slot of a []*C.char with a C string.
static void name_slot(char **p, int which) {
	static const char *names[] = {"chanrecv", "defer2"};
	*p = strdup(names[which]);
}

// A slice of C pointers that lives in Go memory across calls: made by C in one call,
// read in a second, freed in a third.
static void make_names(char **out, int n) {
	for (int i = 0; i < n; i++) {
		out[i] = malloc(8);
		out[i][0] = (char)('a' + i);
		out[i][1] = 0;
	}
}
static int first_letters(char **names, int n) {
	int s = 0;
	for (int i = 0; i < n; i++)
		s += names[i][0];
	return s;
}
static void free_names(char **names, int n) {
	for (int i = 0; i < n; i++) {
		free(names[i]);
		names[i] = 0;
	}
}
*/
import "C"
import (
	"fmt"
	"time"
	"unsafe"
)

var hello = [...]C.char{'h', 'e', 'l', 'l', 'o', 0}

type withSlice struct {
	p *int
	s []unsafe.Pointer
}

type inner struct{ s []*C.char }
type outer struct{ ps *inner }

func check(ok bool, what string) {
	if !ok {
		panic("wrong result: " + what)
	}
}

// deferred runs defer2: the argument &p.ps.s[0] is evaluated at the defer statement, before p.ps
// is cleared; the slot it names is filled by C when the deferred call runs.
func deferred() (slot *[]*C.char) {
	p := &outer{&inner{[]*C.char{nil}}}
	s := p.ps.s
	slot = &s
	defer C.name_slot(&p.ps.s[0], 1)
	p.ps = nil
	return slot
}

func main() {
	i := 0

	// sliceok1
	s := []unsafe.Pointer{nil}
	C.put_token(&s[0])
	check(C.read_token(&s[0]) == 99, "sliceok1")

	// sliceok2
	w := &withSlice{p: &i, s: []unsafe.Pointer{nil}}
	C.put_token(&w.s[0])
	check(C.read_token(&w.s[0]) == 99, "sliceok2")

	// varok
	parg := [1]*C.char{&hello[0]}
	check(C.count_chars(&parg[0], 10) == 5, "varok")

	// chanrecv: the slice comes straight out of a channel receive.
	c := make(chan []*C.char, 2)
	got := make([]*C.char, 1)
	c <- got
	go func() {
		time.Sleep(10 * time.Second)
		panic("received twice from chan")
	}()
	C.name_slot(&(<-c)[0], 0)
	check(C.GoString(got[0]) == "chanrecv", "chanrecv")
	C.free(unsafe.Pointer(got[0]))

	// defer2
	slot := deferred()
	check(C.GoString((*slot)[0]) == "defer2", "defer2")
	C.free(unsafe.Pointer((*slot)[0]))

	// C pointers in a Go slice, across three calls.
	names := make([]*C.char, 3)
	C.make_names(&names[0], 3)
	check(C.first_letters(&names[0], 3) == 'a'+'b'+'c', "names")
	C.free_names(&names[0], 3)
	check(names[2] == nil, "names freed")

	fmt.Println("done")
}

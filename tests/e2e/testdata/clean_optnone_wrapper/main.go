// Clean (level 2): `#pragma clang optimize off` in the preamble (tree-sitter's grammars include
// such a parser.c) makes cgo's wrappers optnone. A wrapper's own store of the result into its Go
// argument frame is cgo's code, never user code, even when the goroutine stack holding the frame
// lies in memory an earlier call lent.
// cgosan-env: CGOSAN=2
package main

/*
#cgo noescape fill
#pragma clang optimize off
static void fill(long *p, int n) {
	for (int i = 0; i < n; i++)
		p[i] = i;
}
static long answer(void) { return 42; }
static long *echo(long *p) { return p; }
*/
import "C"
import "fmt"

// Lends a local on the goroutine stack (fill is noescape), at the depth where stackWork's next
// cgo calls put their argument frames.
//
//go:noinline
func lendLocal() C.long {
	var local [64]C.long
	C.fill(&local[0], 64)
	return local[63]
}

//go:noinline
func stackWork() C.long {
	x := new(C.long)
	return lendLocal() + C.answer() + *C.echo(x)
}

func main() {
	for i := 0; i < 100; i++ {
		if got := stackWork(); got != 105 {
			panic(fmt.Sprint("bad result ", got))
		}
	}
	fmt.Println("done")
}

// With #cgo noescape and nocallback (Go 1.24+) the argument stays on the goroutine stack, which
// moves: C keeping it keeps a pointer into a stack.
package main

/*
#cgo noescape keep_stack
#cgo nocallback keep_stack
static long *saved_stack;
static void keep_stack(long *p) { saved_stack = p; } // want retained-go-pointer
*/
import "C"
import "fmt"

//go:noinline
func call() {
	var local C.long = 3
	C.keep_stack(&local)
}

func main() {
	call()
	fmt.Println("done")
}

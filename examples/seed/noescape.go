//go:build go1.24

package main

// Scenario 3 needs `#cgo noescape` and `#cgo nocallback` (Go 1.24+); noescape_old.go stands in
// on older Go.

/*
#cgo noescape keepStack
#cgo nocallback keepStack

// 3. With both `#cgo noescape` and `#cgo nocallback` (Go 1.24+), Go leaves keepStack's pointer
// arguments on the goroutine stack. Goroutine stacks move when they grow or shrink, so a copy
// that C keeps soon points into freed stack memory (the seed's first scenario). REPORTED.
static int *stack_saved;
static void keepStack(int *p) {
	stack_saved = p; // REPORTED: retained-go-pointer, kept in C global 'stack_saved'
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

func noescapeScenario() {
	var x C.int = 42
	C.keepStack(&x) // x stays on this goroutine's stack
	before := uintptr(unsafe.Pointer(&x))
	growStack(1000) // the stack is copied elsewhere; stack_saved still holds the old address
	fmt.Printf("   &x was %#x during the call, is %#x now\n", before, uintptr(unsafe.Pointer(&x)))
}

// growStack uses about n*128 bytes of stack, forcing the runtime to copy the goroutine's stack.
func growStack(n int) byte {
	var pad [128]byte
	pad[n%128] = byte(n)
	if n == 0 {
		return pad[0]
	}
	return growStack(n-1) + pad[n%128]
}

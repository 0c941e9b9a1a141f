package main

// A file with //export may only declare things in its preamble, so the exported Go functions of
// scenarios 6 and 7 live here; their C sides (setCallback, fire, useGoPtr) are in main.go.

/*
#include <stdint.h>
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
)

type callbackState struct {
	greeting string
}

// goCallback is called from C (fire in main.go) with the handle C kept.
//
//export goCallback
func goCallback(ctx C.uintptr_t) {
	st := cgo.Handle(ctx).Value().(*callbackState)
	fmt.Println("   goCallback:", st.greeting)
}

// kept holds what getGoPtr returned, so that C's write lands in live memory.
var kept []*C.int

// getGoPtr returns a Go pointer to C: the seed's example of what cgocheck forbids (scenario 7).
//
//export getGoPtr
func getGoPtr() *C.int {
	p := new(C.int)
	kept = append(kept, p)
	return p
}

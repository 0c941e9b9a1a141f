package main

// A file with //export may only declare things in its preamble, so the exported callback of
// scenario 6 lives here; the C side (setCallback, fire) is in main.go.

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

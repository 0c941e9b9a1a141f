//go:build !go1.24

package main

import "fmt"

// Before Go 1.24 cgo refuses `#cgo noescape`, and every pointer passed to C escapes to the heap.
func noescapeScenario() {
	fmt.Println("   skipped: #cgo noescape needs Go 1.24 or newer")
}

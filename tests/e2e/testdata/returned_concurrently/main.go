// Two C threads call an exported Go function that returns a Go pointer, from thirty lines each,
// at the same moments: every report must name its own caller's line (the location travels with
// the report, not through shared state).
// cgosan-env: GODEBUG=cgocheck=0
package main

// #cgo LDFLAGS: -lpthread
// void run_threads(void);
import "C"
import "fmt"

//export getPtr
func getPtr() *C.int { return new(C.int) }

func main() {
	C.run_threads()
	fmt.Println("done")
}

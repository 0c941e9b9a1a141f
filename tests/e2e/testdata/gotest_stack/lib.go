// C keeps a Go pointer three C frames deep, under `go test` (whose binaries the go command builds
// without DWARF): every frame of the report is still symbolized.
package lib

/*
static int *saved;
__attribute__((noinline)) static void deep(int *p) { saved = p; } // want retained-go-pointer
__attribute__((noinline)) static void mid(int *p) { deep(p); }
static void keep(int *p) { mid(p); }
*/
import "C"

// Keep hands C a Go pointer it keeps.
func Keep() { C.keep(new(C.int)) }

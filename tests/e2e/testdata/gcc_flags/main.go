// C flags written for gcc: warning options clang lacks, a GCC warning level and -Werror, which
// turns clang's "unknown warning option" into an error. cgosan compiles cgo C code with clang and
// leaves out what clang does not have, so the package builds and is checked. (More GCC-only flags,
// which #cgo CFLAGS does not allow, go through CGO_CFLAGS in TestGccOnlyFlagsDoNotBreakTheBuild.)
package main

/*
#cgo CFLAGS: -Wall -Werror -Wno-maybe-uninitialized -Wno-stringop-overflow -Wimplicit-fallthrough=3 -Wno-error=stringop-truncation
static int *saved;
static void keep(int *p) { saved = p; } // want retained-go-pointer
static int sum(int *p, int n) {
	int s = 0;
	for (int i = 0; i < n; i++)
		s += p[i];
	return s;
}
*/
import "C"
import "fmt"

func main() {
	v := make([]C.int, 4)
	for i := range v {
		v[i] = C.int(i)
	}
	fmt.Println("sum:", C.sum(&v[0], 4))
	C.keep(&v[0])
	fmt.Println("done")
}

// C keeps a Go pointer in a thread-local variable.
package main

/*
static __thread int *tls_saved;
static void keep_tls(int *p) { tls_saved = p; } // want retained-go-pointer
*/
import "C"
import "fmt"

func main() {
	C.keep_tls(new(C.int))
	fmt.Println("done")
}

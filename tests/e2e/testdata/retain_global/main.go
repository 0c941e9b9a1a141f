// C keeps a Go pointer in a static global after the call returns (the example).
package main

/*
static int *saved;
static void keep(int *p) { saved = p; } // want retained-go-pointer
static int read_saved(void) { return saved ? 1 : 0; }
*/
import "C"
import "fmt"

func main() {
	x := new(C.int)
	*x = 7
	C.keep(x)
	fmt.Println("saved:", C.read_saved())
	fmt.Printf("go pointer %p\n", x)
	fmt.Println("done")
}

// Go -> C -> Go -> C: the inner call keeps the pointer it was lent; the outer call keeps its own
// pointer only while it lasts.
package main

/*
extern void goMiddle(void);
static int *outer_current;
static int *inner_saved;
static void inner(int *p) { inner_saved = p; } // want retained-go-pointer
static int outer(int *p) {
	outer_current = p;
	goMiddle();
	int r = *outer_current;
	outer_current = 0;
	return r;
}
*/
import "C"
import "fmt"

//export goMiddle
func goMiddle() {
	C.inner(new(C.int))
}

func main() {
	x := new(C.int)
	*x = 5
	if C.outer(x) != 5 {
		panic("bad result")
	}
	fmt.Println("done")
}

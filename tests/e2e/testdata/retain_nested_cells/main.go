// Go -> C (outer, lent the cells) -> Go -> C (inner, lent &cells[i]): the inner call stores
// &cells[i] in a C global and nothing clears it. Pinned by the outer call while it lasts, the
// pointer is still kept when the outer call returns: reported at the inner call's store.
package main

/*
extern void goVisit(int i);
static long *current;
static void inner(long *cell) {
	current = cell; // want retained-go-pointer
}
static void outer(long *cells, int n) {
	for (int i = 0; i < n; i++)
		goVisit(i);
}
*/
import "C"
import "fmt"

var cells []C.long

//export goVisit
func goVisit(i C.int) { C.inner(&cells[i]) }

func main() {
	cells = make([]C.long, 16)
	C.outer(&cells[0], C.int(len(cells)))
	fmt.Println("done")
}

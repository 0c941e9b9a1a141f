// Clean: Go -> C (outer, lent the cells) -> Go -> C (inner, lent &cells[i]); the inner call stores
// &cells[i] in a C global and the outer call clears it before it returns. Every cell is part of
// the memory the outer call was lent, pinned until it returns.
package main

/*
extern void goVisit(int i);
static long *current;
static long sum;
static void inner(long *cell) {
	current = cell;
	sum += *cell;
}
static long outer(long *cells, int n) {
	sum = 0;
	for (int i = 0; i < n; i++)
		goVisit(i);
	current = 0;
	return sum + cells[0] * 0;
}
*/
import "C"
import "fmt"

var cells []C.long

//export goVisit
func goVisit(i C.int) { C.inner(&cells[i]) }

func main() {
	cells = make([]C.long, 16)
	for i := range cells {
		cells[i] = C.long(i)
	}
	if got := C.outer(&cells[0], C.int(len(cells))); got != 120 {
		panic(fmt.Sprint("bad sum ", got))
	}
	fmt.Println("done")
}

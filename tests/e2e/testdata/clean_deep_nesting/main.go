// Clean (level 2): Go -> C -> Go -> C ... 100 calls deep, every call using its own pointer and
// the ones enclosing calls lent, and clearing what it stored before it returns.
// cgosan-env: CGOSAN=2
package main

/*
extern long goDeeper(int depth);
static long *current[128];
static long level(long *p, int depth) {
	current[depth] = p;
	long r = *p;
	if (depth < 100)
		r += goDeeper(depth + 1);
	for (int d = 0; d <= depth; d++)
		r += *current[d] * 0;
	current[depth] = 0;
	return r;
}
*/
import "C"
import "fmt"

//export goDeeper
func goDeeper(depth C.int) C.long {
	x := new(C.long)
	*x = 1
	return C.level(x, depth)
}

func main() {
	x := new(C.long)
	*x = 1
	if got := C.level(x, 0); got != 101 {
		panic(fmt.Sprint("bad result ", got))
	}
	fmt.Println("done")
}

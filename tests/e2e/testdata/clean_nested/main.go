// Clean: Go -> C -> Go -> C where every call uses its pointers only while it lasts, and the outer
// call's pointer stays stored (legally) across the nested call.
// cgosan-env: CGOSAN=2
package main

/*
extern int goMiddle(int depth);
static int *current[4];
static int level(int *p, int depth) {
	current[depth] = p;
	int r = *p;
	if (depth < 3)
		r += goMiddle(depth + 1);
	r += *current[depth];
	current[depth] = 0;
	return r;
}
*/
import "C"
import "fmt"

//export goMiddle
func goMiddle(depth C.int) C.int {
	x := new(C.int)
	*x = 1
	return C.level(x, depth)
}

func main() {
	x := new(C.int)
	*x = 1
	if got := C.level(x, 0); got != 8 {
		panic(fmt.Sprint("bad result ", got))
	}
	fmt.Println("done")
}

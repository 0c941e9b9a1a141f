// Go -> C -> Go -> C ... 100 calls deep: the innermost calls each keep the pointer they were
// lent, at depths far beyond any fixed per-thread table.
package main

/*
extern void goDeeper(int depth);
static long *kept[128];
static void level(long *p, int depth) {
	if (depth >= 70 && depth % 10 == 0)
		kept[depth] = p; // want retained-go-pointer
	if (depth < 100)
		goDeeper(depth + 1);
}
*/
import "C"
import "fmt"

//export goDeeper
func goDeeper(depth C.int) { C.level(new(C.long), depth) }

func main() {
	C.level(new(C.long), 0)
	fmt.Println("done")
}

// Clean: C stores the Go pointer into heap blocks (small and large, the large one returned to the
// kernel by free) and frees them before the call returns.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
struct ctx { int *item; char pad[8]; };
struct big { char pad[1 << 20]; int *item; };
static struct ctx *cur_small;
static struct big *cur_big;
static int use(int *item) {
	cur_small = malloc(sizeof *cur_small);
	cur_small->item = item;
	cur_big = malloc(sizeof *cur_big);
	cur_big->item = item;
	int r = *cur_small->item + *cur_big->item;
	free(cur_small);
	free(cur_big);
	return r;
}
static int use_realloc(int *item) {
	int **v = malloc(sizeof(int *));
	v[0] = item;
	v = realloc(v, 4096 * sizeof(int *));
	int r = *v[0];
	free(v);
	return r;
}
*/
import "C"
import "fmt"

func main() {
	x := new(C.int)
	*x = 21
	for i := 0; i < 20; i++ {
		if C.use(x) != 42 || C.use_realloc(x) != 21 {
			panic("bad result")
		}
	}
	fmt.Println("done")
}

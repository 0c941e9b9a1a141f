// The clean twin of uar_guarded_loop: the same loops without a preheader, run on a Go buffer
// during the call that lends it and on C memory kept across calls. Nothing is reported.
// cgosan-env: CGOSAN=2
package main

/*
#include <stddef.h>
#include <stdlib.h>
static unsigned *table;
__attribute__((noinline)) static unsigned next_val(size_t i) { return (unsigned)(i * 3 + 1); }
static void refill(unsigned *k, size_t n) {
	for (size_t i = 0; i < n; i++)
		k[i] = next_val(i);
}
static unsigned total(const unsigned *k, size_t n) {
	unsigned s = 0;
	for (size_t i = 0; i < n; i++)
		s += k[i] * next_val(i);
	return s;
}
static unsigned table_round(size_t n) {
	if (!table)
		table = calloc(n, sizeof *table);
	refill(table, n);
	return total(table, n);
}
*/
import "C"
import "fmt"

func main() {
	buf := make([]C.uint, 16)
	C.refill(&buf[0], 16)
	fmt.Println("total:", C.total(&buf[0], 16) != 0)
	fmt.Println("table:", C.table_round(64) != 0, C.table_round(64) != 0)
	fmt.Println("done")
}

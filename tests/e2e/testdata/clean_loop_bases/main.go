// Clean, at level 2: loops over C hash tables reached through pointers read once before the loop,
// over a lent Go buffer while the call lasts (read and written at computed indexes), and over a
// C array whose index runs past one 64 KiB region into the next. Nothing is kept.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
#include <stddef.h>
struct table { unsigned *slots; unsigned char *tags; size_t n; };
static struct table *tab;
static unsigned *big;
static void init(void) {
	tab = malloc(sizeof *tab);
	tab->n = 1 << 16;
	tab->slots = calloc(tab->n, sizeof *tab->slots);
	tab->tags = calloc(tab->n, 1);
	big = calloc(1 << 20, sizeof *big);
}
static unsigned work(unsigned *lent, size_t len, size_t n) {
	struct table *t = tab;
	unsigned s = 0;
	for (size_t i = 0; i < n; i++) {
		size_t h = (i * 2654435761u) % t->n;
		t->slots[h] = (unsigned)i;
		t->tags[h] = (unsigned char)i;
		lent[(i * 13) % len] += t->slots[(h + 1) % t->n];
		s += lent[i % len];
	}
	for (size_t i = 0; i < (1u << 20); i += 4099)
		big[i] = (unsigned)i;
	return s;
}
*/
import "C"
import "fmt"

func main() {
	C.init()
	buf := make([]C.uint, 4096)
	var s C.uint
	for round := 0; round < 4; round++ {
		s += C.work(&buf[0], C.size_t(len(buf)), 100000)
	}
	if s == 0 {
		panic("no work done")
	}
	fmt.Println("done")
}

// C keeps only C pointers across calls, in C memory: a list of malloc'd nodes that point at
// themselves, at each other and at a static sentinel, hung from a static, built during calls that
// lend a Go buffer which C reads and writes only while the call runs. Nothing to report, at any
// level.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
#include <string.h>
typedef struct node {
	struct node *next;
	struct node *self;
	void *data;
	unsigned char first;
} node;
static node *list;
static node sentinel;
static void add(unsigned char *buf, size_t n, int which) {
	node *x = malloc(sizeof *x);
	if (!x)
		abort();
	x->next = list;
	x->self = x;
	x->data = which ? (void *)&sentinel : (void *)x;
	x->first = n ? buf[0] : 0;
	memset(buf, which, n);
	list = x;
}
static node **slots;
static void fill(int n) {
	slots = calloc(n, sizeof *slots);
	if (!slots)
		abort();
	for (int i = 0; i < n; i++)
		slots[i] = list;
}
static int count(void) {
	int n = 0;
	for (node *x = list; x; x = x->next)
		n += (x->self == x) + (x->data == &sentinel) + x->first;
	return n + (slots[0] == list);
}
*/
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	buf := make([]byte, 64)
	for i := 0; i < 4; i++ {
		C.add((*C.uchar)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), C.int(i&1))
	}
	C.fill(4)
	fmt.Println("count:", C.count(), buf[0])
	fmt.Println("done")
}

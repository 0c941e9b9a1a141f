// Workload 2: C doing real work on a lent Go buffer, and storing C pointers into C memory.
//
// Each call gets a 4 MiB Go buffer. The C side checksums it (loads), transforms it in place
// (loads and stores), then builds a malloc'd linked list whose nodes hold C pointers (pointer
// stores into C heap memory, the stores cgosan must look at and let go), walks it and frees it.
package main

/*
#include <stdint.h>
#include <stdlib.h>

typedef struct node {
	struct node *next;
	unsigned char *self; // a C pointer stored into C memory
	uint64_t v;
} node;

static uint64_t work(unsigned char *buf, size_t n, uint32_t key, int nodes) {
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + buf[i];
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)((buf[i] ^ (key + i)) * 7u);
	node *head = NULL;
	for (int i = 0; i < nodes; i++) {
		node *x = malloc(sizeof *x);
		if (!x)
			abort();
		x->next = head;
		x->self = (unsigned char *)x;
		x->v = sum + (uint64_t)i;
		head = x;
	}
	while (head) {
		node *next = head->next;
		sum += head->v + (uint64_t)(head->self != NULL);
		free(head);
		head = next;
	}
	return sum;
}
*/
import "C"

import (
	"flag"
	"fmt"
	"time"
	"unsafe"
)

func main() {
	n := flag.Int("n", 100, "timed calls")
	size := flag.Int("size", 4<<20, "buffer bytes")
	nodes := flag.Int("nodes", 32768, "list nodes built per call")
	flag.Parse()

	buf := make([]byte, *size)
	for i := range buf {
		buf[i] = byte(i * 13)
	}
	call := func(i int) uint64 {
		return uint64(C.work((*C.uchar)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), C.uint32_t(i), C.int(*nodes)))
	}
	var sink uint64
	for i := 0; i < 3; i++ { // warm-up
		sink += call(i)
	}
	start := time.Now()
	for i := 0; i < *n; i++ {
		sink += call(i)
	}
	el := time.Since(start)
	fmt.Printf("RESULT ns_per_op=%.1f ops=%d seconds=%.4f MBps=%.1f sink=%d\n",
		float64(el.Nanoseconds())/float64(*n), *n, el.Seconds(),
		float64(*n)*float64(*size)/el.Seconds()/1e6, sink&1)
}

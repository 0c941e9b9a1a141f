// Package buffer is workload 2: C work on a lent Go buffer, with small struct moves.
//
// Each call lends a Go buffer to C, which checksums it (loads), transforms it in place (loads and
// stores), builds, walks and frees a malloc'd list whose nodes hold a C pointer and a 16-byte
// struct (pointer stores into C heap memory, the stores cgosan must look at and let go), and moves
// 16-byte structs between the lent buffer, locals and long-lived heap nodes. Those struct copies
// are what clang emits as small fixed-size memcpys: the kind of code where an out-of-line copy
// hook per struct costs more than the copy.
package buffer

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	uint64_t key, val;
} pair; // 16 bytes, always moved as a whole

typedef struct node {
	struct node *next;
	unsigned char *self; // a C pointer stored into C memory
	pair kv;
} node;

// Nodes kept across calls, so that the pass cannot see them as a fresh heap block.
static node *table;
static size_t table_len;

static void table_init(size_t n) {
	free(table);
	table = calloc(n, sizeof *table);
	if (!table)
		abort();
	table_len = n;
	for (size_t i = 0; i < n; i++)
		table[i].kv = (pair){i, ~(uint64_t)i};
}

static uint64_t work(unsigned char *buf, size_t n, uint32_t key, int nodes, int moves) {
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + buf[i];
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)((buf[i] ^ (key + i)) * 7u);

	node *head = NULL;
	pair p = {sum, key};
	for (int i = 0; i < nodes; i++) {
		node *x = malloc(sizeof *x);
		if (!x)
			abort();
		x->next = head;
		x->self = (unsigned char *)x;
		p.val += (uint64_t)i;
		x->kv = p; // local -> heap node
		head = x;
	}
	while (head) {
		node *next = head->next;
		pair q = head->kv; // heap node -> local
		sum += q.key + q.val + (uint64_t)(head->self != NULL);
		free(head);
		head = next;
	}

	size_t slots = n / sizeof(pair);
	for (int i = 0; i < moves; i++) {
		size_t s = ((size_t)i * 2654435761u) % slots;
		node *a = &table[(size_t)i % table_len];
		node *b = &table[((size_t)i * 7 + 3) % table_len];
		pair t, u;
		memcpy(&t, buf + s * sizeof t, sizeof t); // lent Go buffer -> local
		u = a->kv;                                // heap node -> local
		a->kv = b->kv;                            // heap node -> heap node
		b->kv = t;                                // local -> heap node
		memcpy(buf + s * sizeof u, &u, sizeof u); // local -> lent Go buffer
		sum += u.key ^ t.val;
	}
	return sum;
}
*/
import "C"

import "unsafe"

// Sizes of one operation.
const (
	BufferBytes = 1 << 20 // lent Go buffer
	ListNodes   = 8192    // malloc'd list built, walked and freed
	StructMoves = 65536   // rounds of five 16-byte struct copies
	TableNodes  = 4096    // long-lived heap nodes the struct moves go through
)

// Setup allocates the long-lived C nodes; call it once before Work.
func Setup() { C.table_init(TableNodes) }

// Work is one operation: one cgo call lending buf.
func Work(buf []byte, key int) uint64 {
	return uint64(C.work((*C.uchar)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), C.uint32_t(key),
		ListNodes, StructMoves))
}

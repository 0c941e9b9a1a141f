// Clean (level 2): a struct built in a local and copied into a heap node (tree-sitter's stack.c
// builds its StackLink this way). The last word of the struct is a bool and seven bytes of padding
// that were never written and hold what an earlier call left in that stack slot: a Go pointer.
// Only the words the copied type says can hold a pointer count.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
struct node { long *data; struct node *next; bool flag; }; // 24 bytes: 7 of padding after flag
static struct node *head;
// Leaves Go pointers in the stack slots the next call at this depth uses for its local.
__attribute__((noinline)) static long dirty(long *p) {
	long *volatile slots[64];
	for (int i = 0; i < 64; i++)
		slots[i] = p + (i % 8);
	return *slots[3];
}
__attribute__((noinline)) static void push(long *p) {
	struct node local;
	local.data = p;
	local.next = head;
	local.flag = true;
	struct node *n = malloc(sizeof *n);
	memcpy(n, &local, sizeof local);
	n->data = 0; // the Go pointer itself is not kept
	head = n;
}
static void work(long *p) {
	dirty(p);
	push(p);
}
*/
import "C"
import "fmt"

func main() {
	for i := 0; i < 10; i++ {
		buf := make([]C.long, 16)
		C.work(&buf[0])
	}
	fmt.Println("done")
}

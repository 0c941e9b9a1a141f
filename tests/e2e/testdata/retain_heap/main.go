// C stores a Go pointer into a malloc'd struct that outlives the call.
package main

/*
#include <stdlib.h>
struct node { int *item; struct node *next; };
static struct node *list;
static void push(int *item) {
	struct node *n = malloc(sizeof *n);
	n->next = list;
	n->item = item; // want retained-go-pointer
	list = n;
}
*/
import "C"
import "fmt"

func main() {
	C.push(new(C.int))
	fmt.Println("done")
}

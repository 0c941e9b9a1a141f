// Level 2: C keeps a Go pointer by copying a struct that holds it (memcpy, memmove, struct
// assignment), or through a uintptr_t. Copies of plain data out of lent Go memory, of structs that
// hold C pointers, and uintptr_t values of C pointers are fine.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
struct ref { long tag; long *p; };
static struct ref kept_a, kept_b, kept_c, fine;
static uintptr_t bits;
static long c_long;
static char copy_of_data[64];
static void keep(long *p) {
	struct ref r = { 1, p };
	memcpy(&kept_a, &r, sizeof r); // want retained-go-pointer
	memmove(&kept_b, &r, sizeof r); // want retained-go-pointer
	struct ref *heap = malloc(sizeof *heap);
	*heap = r;
	kept_c = *heap; // want retained-go-pointer
	free(heap);
	bits = (uintptr_t)p + 8; // want retained-go-pointer
}
static void fine_copies(long *data) {
	struct ref r = { 2, &c_long };
	memcpy(&fine, &r, sizeof r);
	memcpy(copy_of_data, data, sizeof copy_of_data);
	bits = (uintptr_t)&c_long;
}
*/
import "C"
import "fmt"

func main() {
	C.keep(new(C.long))
	data := make([]C.long, 8)
	C.fine_copies(&data[0])
	fmt.Println("done")
}

// C keeps Go pointers through atomic operations: an atomic store and an atomic exchange (which
// clang lowers to integer operations) keep a pointer as a plain store does. An atomic exchange
// that swaps the pointer back out before the return keeps nothing.
package main

/*
#include <stdatomic.h>
static void *saved;
static _Atomic(long *) slot;
static _Atomic(long *) temp;
static void keep(long *p, long *q) {
	__atomic_store_n(&saved, p, __ATOMIC_SEQ_CST); // want retained-go-pointer
	atomic_exchange(&slot, q); // want retained-go-pointer
}
static long use_briefly(long *p) {
	atomic_exchange(&temp, p);
	long *back = atomic_exchange(&temp, (long *)0);
	return *back;
}
*/
import "C"
import "fmt"

func main() {
	C.keep(new(C.long), new(C.long))
	fmt.Println(C.use_briefly(new(C.long)))
	fmt.Println("done")
}

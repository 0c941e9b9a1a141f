// Goroutine A's call lends a buffer and never returns; goroutine B's call stores a pointer into
// it in a C global and returns. While A's call lasts the pointer is legal, and the program ends
// before it returns: nothing is reported, and the summary of `cgosan exec` says that one kept
// pointer was never judged (tests/e2e/trust_test.go).
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
#include <unistd.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int holding;
static char *slot;
static void hold_forever(char *buf) {
	pthread_mutex_lock(&mu);
	holding = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (;;)
		pause();
}
static void store_into(char *p) {
	pthread_mutex_lock(&mu);
	while (!holding)
		pthread_cond_wait(&cv, &mu);
	slot = p; // vet-want retained-go-pointer: p points into the buffer C.hold_forever was lent, a call still in progress on another goroutine when the program ends; vet does not see which calls overlap in time
	pthread_mutex_unlock(&mu);
}
*/
import "C"
import "fmt"

func main() {
	buf := make([]C.char, 4096)
	go C.hold_forever(&buf[0])
	C.store_into(&buf[100])
	fmt.Println("done")
}

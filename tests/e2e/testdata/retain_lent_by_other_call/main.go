// Goroutine A's call lends a buffer and waits; goroutine B's call stores a pointer into it in a C
// global and returns; A's call returns without clearing it. Legal while A's call lasted, the
// pointer is kept after the last call that pinned it returned: reported at B's store.
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stored, holding;
static char *slot;
static void hold(char *buf) {
	pthread_mutex_lock(&mu);
	holding = 1;
	pthread_cond_broadcast(&cv);
	while (!stored)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}
static void store_into(char *p) {
	pthread_mutex_lock(&mu);
	while (!holding)
		pthread_cond_wait(&cv, &mu);
	slot = p; // want retained-go-pointer
	stored = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}
*/
import "C"
import (
	"fmt"
	"sync"
)

func main() {
	buf := make([]C.char, 4096)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); C.hold(&buf[0]) }()
	go func() { defer wg.Done(); C.store_into(&buf[100]) }()
	wg.Wait()
	fmt.Println("done")
}

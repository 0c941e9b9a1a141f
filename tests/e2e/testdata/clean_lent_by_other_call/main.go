// Clean: goroutine A's call lends a buffer and waits; goroutine B's call, on another thread,
// stores a pointer into that buffer in a C global; A's call clears it before it returns. The
// buffer is pinned for as long as A's call lasts, so B's call may leave the pointer stored.
// B's return races A's clear and return: B's call judges its 256 stores one after the other while
// A wakes, clears them and returns, so in most rounds some store is read before A cleared it and
// judged after A returned (cgosan reported those as kept, though A had cleared them).
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int stored, holding;
static char *slot[256];
static void hold(char *buf) {
	pthread_mutex_lock(&mu);
	holding = 1;
	pthread_cond_broadcast(&cv);
	while (!stored)
		pthread_cond_wait(&cv, &mu);
	for (int i = 0; i < 256; i++)
		slot[i] = 0; // A's call clears what B stored
	stored = 0;
	holding = 0;
	pthread_mutex_unlock(&mu);
}
static void store_into(char *p) {
	pthread_mutex_lock(&mu);
	while (!holding)
		pthread_cond_wait(&cv, &mu);
	for (int i = 0; i < 256; i++)
		slot[i] = p; // vet-want retained-go-pointer: p points into the buffer A's call (C.hold) was lent, still in progress on another thread, which clears slot before it returns; vet does not see which calls overlap in time
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
	for round := 0; round < 200; round++ {
		buf := make([]C.char, 4096)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); C.hold(&buf[0]) }()
		go func() { defer wg.Done(); C.store_into(&buf[100]) }()
		wg.Wait()
	}
	fmt.Println("done")
}

// Two threads, each calling getPtr from its own thirty lines as fast as it can: while one prints a
// report, the other reaches its next one and waits for the print lock.
#include <pthread.h>

#include "_cgo_export.h"

static int sink;

static void *thread_a(void *arg) {
	(void)arg;
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	return 0;
}

static void *thread_b(void *arg) {
	(void)arg;
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	sink += *getPtr() * 0; // want returned-go-pointer
	return 0;
}

void run_threads(void) {
	pthread_t a, b;
	pthread_create(&a, 0, thread_a, 0);
	pthread_create(&b, 0, thread_b, 0);
	pthread_join(a, 0);
	pthread_join(b, 0);
}

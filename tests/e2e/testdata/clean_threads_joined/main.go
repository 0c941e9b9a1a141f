// Clean (level 2): C starts threads during the call that read and write the lent Go buffer, and
// joins them before the call returns. Another goroutine makes cgo calls meanwhile.
// cgosan-env: CGOSAN=2
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
struct part { long *buf; long n; long sum; };
static void *work(void *arg) {
	struct part *pt = arg;
	for (long i = 0; i < pt->n; i++) {
		pt->sum += pt->buf[i];
		pt->buf[i] = -pt->buf[i];
	}
	return 0;
}
static long parallel_sum(long *buf, long n) {
	enum { T = 4 };
	pthread_t th[T];
	struct part parts[T];
	for (int t = 0; t < T; t++) {
		parts[t].buf = buf + t * (n / T);
		parts[t].n = t == T - 1 ? n - t * (n / T) : n / T;
		parts[t].sum = 0;
		pthread_create(&th[t], 0, work, &parts[t]);
	}
	long s = 0;
	for (int t = 0; t < T; t++) {
		pthread_join(th[t], 0);
		s += parts[t].sum;
	}
	return s;
}
static long inc(long *p) { return ++*p; }
// An earlier call that lent the same buffer: its memory is in cgosan's history, so a worker's
// access that cgosan failed to see as lent to the call in progress would be reported.
static void prepare(long *buf, long n) {
	for (long i = 0; i < n; i++)
		buf[i] = i;
}
*/
import "C"
import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 2000; i++ {
			C.inc(new(C.long))
		}
	}()
	for round := 0; round < 20; round++ {
		buf := make([]C.long, 10000)
		C.prepare(&buf[0], C.long(len(buf)))
		if s := C.parallel_sum(&buf[0], C.long(len(buf))); s != 49995000 || buf[7] != -7 {
			panic(fmt.Sprint("wrong sum ", s))
		}
	}
	wg.Wait()
	fmt.Println("done")
}

// Clean: threads C starts during the call store pointers into the lent buffer in C globals and in
// their own locals; the call clears the global after joining them, before it returns.
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
struct part { long *buf; long n; long **out; };
static long *found;
static void *scan(void *arg) {
	struct part *pt = arg;
	long *local_best = 0;
	long **where = &local_best;
	for (long i = 0; i < pt->n; i++)
		if (pt->buf[i] == 42) {
			*where = &pt->buf[i];
			found = &pt->buf[i];
		}
	*pt->out = local_best;
	return 0;
}
static long find42(long *buf, long n) {
	enum { T = 4 };
	pthread_t th[T];
	struct part parts[T];
	long *results[T];
	for (int t = 0; t < T; t++) {
		parts[t].buf = buf + t * (n / T);
		parts[t].n = n / T;
		parts[t].out = &results[t];
		pthread_create(&th[t], 0, scan, &parts[t]);
	}
	for (int t = 0; t < T; t++)
		pthread_join(th[t], 0);
	long at = found ? found - buf : -1;
	found = 0;
	return at;
}
*/
import "C"
import "fmt"

func main() {
	for round := 0; round < 5; round++ {
		buf := make([]C.long, 4000)
		buf[2500] = 42
		if at := C.find42(&buf[0], C.long(len(buf))); at != 2500 {
			panic(fmt.Sprint("found at ", at))
		}
	}
	fmt.Println("done")
}

// C starts threads during the call that scan the lent buffer; one stores &p[i] in a C global. The
// threads are joined, and the call returns with the global still holding a Go pointer.
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
struct part { long *buf; long n; };
static long *found;
static void *scan(void *arg) {
	struct part *pt = arg;
	for (long i = 0; i < pt->n; i++)
		if (pt->buf[i] == 42)
			found = &pt->buf[i]; // want retained-go-pointer
	return 0;
}
static void find42(long *buf, long n) {
	enum { T = 4 };
	pthread_t th[T];
	struct part parts[T];
	for (int t = 0; t < T; t++) {
		parts[t].buf = buf + t * (n / T);
		parts[t].n = n / T;
		pthread_create(&th[t], 0, scan, &parts[t]);
	}
	for (int t = 0; t < T; t++)
		pthread_join(th[t], 0);
}
*/
import "C"
import "fmt"

func main() {
	buf := make([]C.long, 4000)
	buf[2500] = 42
	C.find42(&buf[0], C.long(len(buf)))
	fmt.Println("done")
}

// Clean: the call stores a Go pointer into a heap block and hands the block to a thread it starts;
// that thread uses the pointer and frees the block, and the call joins it before returning. The
// block went back to the allocator on another thread: it retains nothing.
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
#include <stdlib.h>
struct job { long *data; long n; long sum; };
static void *run(void *arg) {
	struct job *j = arg;
	for (long i = 0; i < j->n; i++)
		j->sum += j->data[i];
	long s = j->sum;
	free(j);
	return (void *)s;
}
static long sum_in_thread(long *data, long n) {
	struct job *j = malloc(sizeof *j);
	j->data = data;
	j->n = n;
	j->sum = 0;
	pthread_t th;
	pthread_create(&th, 0, run, j);
	void *r;
	pthread_join(th, &r);
	return (long)r;
}
*/
import "C"
import "fmt"

func main() {
	for round := 0; round < 5; round++ {
		data := make([]C.long, 100)
		for i := range data {
			data[i] = 1
		}
		if s := C.sum_in_thread(&data[0], 100); s != 100 {
			panic(fmt.Sprint("bad sum ", s))
		}
	}
	fmt.Println("done")
}

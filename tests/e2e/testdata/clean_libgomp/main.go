// Clean (level 2): GNU libgomp's thread pool (GOMP_parallel, what GCC's `#pragma omp parallel`
// compiles to; clang's own OpenMP code targets libomp) works on the lent Go buffer during the call.
// cgosan-env: CGOSAN=2
package main

/*
#cgo LDFLAGS: -lgomp
extern void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
extern int omp_get_thread_num(void);
extern int omp_get_num_threads(void);
struct job { long *buf; long n; };
static void body(void *arg) {
	struct job *j = arg;
	long t = omp_get_thread_num(), nt = omp_get_num_threads();
	for (long i = t; i < j->n; i += nt)
		j->buf[i] = j->buf[i] * 3 + 1;
}
static void transform(long *buf, long n) {
	struct job j = { buf, n };
	GOMP_parallel(body, &j, 4, 0);
}
// An earlier call that lent the same buffer: its memory is in cgosan's history, so a worker's
// access that cgosan failed to see as lent to the call in progress would be reported.
static void prepare(long *buf, long n) {
	for (long i = 0; i < n; i++)
		buf[i] = i;
}
*/
import "C"
import "fmt"

func main() {
	for round := 0; round < 10; round++ {
		buf := make([]C.long, 50000)
		C.prepare(&buf[0], C.long(len(buf)))
		C.transform(&buf[0], C.long(len(buf)))
		if buf[1000] != 3001 {
			panic("wrong result")
		}
	}
	fmt.Println("done")
}

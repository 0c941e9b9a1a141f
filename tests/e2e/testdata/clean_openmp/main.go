// Clean (level 2): an OpenMP `parallel for` (clang's OpenMP runtime, libomp) reads and writes the
// lent Go buffer from its worker threads during the call. The workers outlive the call (libomp
// keeps its thread pool) but touch nothing after it.
// cgosan-env: CGOSAN=2
package main

/*
#cgo CFLAGS: -fopenmp
#cgo LDFLAGS: -fopenmp
static double scale_sum(double *v, long n, double k) {
	double s = 0;
	#pragma omp parallel for reduction(+:s) num_threads(4)
	for (long i = 0; i < n; i++) {
		v[i] *= k;
		s += v[i];
	}
	return s;
}
*/
import "C"
import "fmt"

func main() {
	for round := 0; round < 10; round++ {
		v := make([]C.double, 100000)
		for i := range v {
			v[i] = 1
		}
		if s := C.scale_sum(&v[0], C.long(len(v)), 2); s != 200000 || v[99999] != 2 {
			panic(fmt.Sprint("wrong sum ", s))
		}
	}
	fmt.Println("done")
}

// An OpenMP worker (libomp's thread pool, not the calling thread) stores a pointer into the lent
// buffer in a C global; the call returns with it still there.
package main

/*
#cgo CFLAGS: -fopenmp
#cgo LDFLAGS: -fopenmp
static double *largest;
static void find_largest(double *v, long n) {
	#pragma omp parallel for num_threads(4)
	for (long i = 0; i < n; i++)
		if (v[i] > 100)
			largest = &v[i]; // want retained-go-pointer
}
*/
import "C"
import "fmt"

func main() {
	v := make([]C.double, 100000)
	v[77777] = 1000
	C.find_largest(&v[0], C.long(len(v)))
	fmt.Println("done")
}

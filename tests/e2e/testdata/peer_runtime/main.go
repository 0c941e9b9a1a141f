// Peer check of Go's cgo pointer table (cmd/cgo/internal/testerrors/ptr_test.go), runtime
// interplay: cgo calls that lend Go memory while the runtime preempts, changes GOMAXPROCS, runs
// the poller, sweeps and finalizes, and while the memory comes from reflect. Ideas of
// preemptduringcall, deadline, finalizer and structof.
// cgosan-env: CGOSAN=2
package main

/*
#include <string.h>
#define DEADLINE_US 10
static void stamp(void *p, int n, int v) { memset(p, v, (size_t)n); }
static int first(const unsigned char *p) { return p[0]; }
static void set_long(long *p, long v) { *p = v; }
*/
import "C"
import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

type myInt int

func (i myInt) Get() int { return int(i) }

type getter interface{ Get() int }

var keep [][]byte

func check(ok bool, what string) {
	if !ok {
		panic("wrong result: " + what)
	}
}

func main() {
	// preemptduringcall: many goroutines enter C with their own buffer while GOMAXPROCS changes.
	procs := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	wg.Add(100)
	for i := 0; i < 100; i++ {
		go func(i int) {
			defer wg.Done()
			buf := make([]byte, 64)
			for j := 0; j < 100; j++ {
				C.stamp(unsafe.Pointer(&buf[0]), C.int(len(buf)), C.int(j))
				if C.first((*C.uchar)(&buf[63])) != C.int(j) {
					panic("preemptduringcall")
				}
				runtime.GOMAXPROCS(i%8 + 1)
			}
		}(i)
	}
	wg.Wait()
	runtime.GOMAXPROCS(procs)

	// deadline: a read through the poller times out; the buffer is then lent to C.
	r, w, err := os.Pipe()
	check(err == nil, "pipe")
	r.SetDeadline(time.Now().Add(C.DEADLINE_US * time.Microsecond))
	rb := make([]byte, 8)
	_, err = r.Read(rb)
	check(os.IsTimeout(err), "deadline")
	C.stamp(unsafe.Pointer(&rb[0]), 8, 'd')
	check(rb[7] == 'd', "deadline buffer")
	r.Close()
	w.Close()

	// finalizer: allocation churn with files left to finalizers, each block lent to C once.
	for i := 0; i < 10000; i++ {
		b := make([]byte, 4096)
		C.stamp(unsafe.Pointer(&b[0]), 16, C.int(i&0xff))
		keep = append(keep, b)
		if i%100 == 0 {
			keep = nil
			if f, err := os.Open(os.Args[0]); err == nil {
				_ = f // left for the finalizer to close
			}
			runtime.GC()
		}
	}

	// structof: memory of a struct type made at run time by reflect, filled by C.
	t := reflect.StructOf([]reflect.StructField{{Name: "MyInt", Type: reflect.TypeOf(myInt(0)), Anonymous: true}})
	v := reflect.New(t)
	C.set_long((*C.long)(v.UnsafePointer()), 41)
	check(v.Elem().Interface().(getter).Get() == 41, "structof")

	fmt.Println("done")
}

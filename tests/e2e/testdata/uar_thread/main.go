// A thread C starts during the call keeps working on the lent Go buffer after the call returned,
// while Go goes on with other work. The thread's read is reported at level 2, its write at 1.
// cgosan-env: CGOSAN=2
package main

/*
#cgo LDFLAGS: -lpthread
#include <pthread.h>
#include <unistd.h>
static pthread_t worker;
static volatile int go_on;
static void *work(void *arg) {
	long *buf = arg;
	while (!go_on)
		usleep(1000);
	long v = buf[1]; // want use-after-return
	buf[0] = v + 1; // want use-after-return
	return 0;
}
static void start(long *buf) { pthread_create(&worker, 0, work, buf); }
static void release(void) { go_on = 1; }
static void finish(void) { pthread_join(worker, 0); }
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	buf := make([]C.long, 2)
	C.start(&buf[0])
	// Go is doing something else when the thread touches buf.
	for i := 0; i < 3; i++ {
		_ = make([]byte, 1<<16)
	}
	C.release()
	C.finish()
	runtime.KeepAlive(buf)
	fmt.Println("done")
}

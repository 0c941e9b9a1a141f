// Clean: eight goroutines call C at once, each storing its pointer in its own slot and clearing it
// before returning.
// cgosan-env: CGOSAN=2
package main

/*
static int *slots[8];
static int use_slot(int i, int *p) {
	slots[i] = p;
	int r = *slots[i] + 1;
	slots[i] = 0;
	return r;
}
*/
import "C"
import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				x := new(C.int)
				*x = C.int(i)
				if C.use_slot(C.int(g), x) != C.int(i+1) {
					panic("bad result")
				}
				if i%500 == 0 {
					runtime.GC()
				}
			}
		}(g)
	}
	wg.Wait()
	fmt.Println("done")
}

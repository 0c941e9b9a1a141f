// Eight goroutines call C at once; each call keeps its pointer in its own slot.
package main

/*
static int *slots[8];
static void keep_slot(int i, int *p) { slots[i] = p; } // want retained-go-pointer
*/
import "C"
import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				C.keep_slot(C.int(g), new(C.int))
			}
		}(g)
	}
	wg.Wait()
	fmt.Println("done")
}

// The store happens three C calls deep: the report's stack shows every C frame.
package main

/*
static int *saved;
static void __attribute__((noinline)) deep(int *p) { saved = p; } // want retained-go-pointer
static void __attribute__((noinline)) mid(int *p) { deep(p); }
static void keep(int *p) { mid(p); }
*/
import "C"
import "fmt"

func main() {
	C.keep(new(C.int))
	fmt.Println("done")
}

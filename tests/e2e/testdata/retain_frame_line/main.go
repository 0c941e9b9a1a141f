// C keeps a Go pointer and goes on with other statements: frame #0 of the report is the store's
// line, not the next one's.
package main

/*
static int *saved;
static int count;
static void keep(int *p) {
	saved = p; // want retained-go-pointer
	count++;
	count *= 2;
}
*/
import "C"
import "fmt"

func main() {
	C.keep(new(C.int))
	fmt.Println("done")
}

// The seed's getGoPtr: an exported Go function returns a Go pointer to C, and C writes through
// it. Go's own check (cgocheck=1) would panic at the return; it is off here, as it is in
// programs that set GODEBUG=cgocheck=0, and cgosan still reports both the return and the write.
// cgosan-env: GODEBUG=cgocheck=0
package main

/*
extern int *getGoPtr(void);
extern int *getCPtr(void);
static int use_go(void) {
	int *p = getGoPtr(); // want returned-go-pointer
	*p = 42; // want write-to-returned-go-pointer
	return *p;
}
static int use_c(void) {
	int *p = getCPtr();
	*p = 7;
	return *p;
}
*/
import "C"
import "fmt"

var kept []*C.int

//export getGoPtr
func getGoPtr() *C.int {
	p := new(C.int)
	kept = append(kept, p) // keep it alive: the write must not corrupt anything
	return p
}

var cInt = (*C.int)(C.malloc(4))

//export getCPtr
func getCPtr() *C.int { return cInt }

func main() {
	fmt.Println(C.use_go(), C.use_c())
	fmt.Println("done")
}

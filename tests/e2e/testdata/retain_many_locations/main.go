// Forty distinct C lines each keep a Go pointer: forty reports, symbolized by one llvm-symbolizer
// process that the runtime starts at the first report and keeps (tests/e2e/trust_test.go counts
// how many were started).
package main

/*
static int *kept0;
static int *kept1;
static int *kept2;
static int *kept3;
static int *kept4;
static int *kept5;
static int *kept6;
static int *kept7;
static int *kept8;
static int *kept9;
static int *kept10;
static int *kept11;
static int *kept12;
static int *kept13;
static int *kept14;
static int *kept15;
static int *kept16;
static int *kept17;
static int *kept18;
static int *kept19;
static int *kept20;
static int *kept21;
static int *kept22;
static int *kept23;
static int *kept24;
static int *kept25;
static int *kept26;
static int *kept27;
static int *kept28;
static int *kept29;
static int *kept30;
static int *kept31;
static int *kept32;
static int *kept33;
static int *kept34;
static int *kept35;
static int *kept36;
static int *kept37;
static int *kept38;
static int *kept39;
static void keep(int *p) {
	kept0 = p; // want retained-go-pointer
	kept1 = p; // want retained-go-pointer
	kept2 = p; // want retained-go-pointer
	kept3 = p; // want retained-go-pointer
	kept4 = p; // want retained-go-pointer
	kept5 = p; // want retained-go-pointer
	kept6 = p; // want retained-go-pointer
	kept7 = p; // want retained-go-pointer
	kept8 = p; // want retained-go-pointer
	kept9 = p; // want retained-go-pointer
	kept10 = p; // want retained-go-pointer
	kept11 = p; // want retained-go-pointer
	kept12 = p; // want retained-go-pointer
	kept13 = p; // want retained-go-pointer
	kept14 = p; // want retained-go-pointer
	kept15 = p; // want retained-go-pointer
	kept16 = p; // want retained-go-pointer
	kept17 = p; // want retained-go-pointer
	kept18 = p; // want retained-go-pointer
	kept19 = p; // want retained-go-pointer
	kept20 = p; // want retained-go-pointer
	kept21 = p; // want retained-go-pointer
	kept22 = p; // want retained-go-pointer
	kept23 = p; // want retained-go-pointer
	kept24 = p; // want retained-go-pointer
	kept25 = p; // want retained-go-pointer
	kept26 = p; // want retained-go-pointer
	kept27 = p; // want retained-go-pointer
	kept28 = p; // want retained-go-pointer
	kept29 = p; // want retained-go-pointer
	kept30 = p; // want retained-go-pointer
	kept31 = p; // want retained-go-pointer
	kept32 = p; // want retained-go-pointer
	kept33 = p; // want retained-go-pointer
	kept34 = p; // want retained-go-pointer
	kept35 = p; // want retained-go-pointer
	kept36 = p; // want retained-go-pointer
	kept37 = p; // want retained-go-pointer
	kept38 = p; // want retained-go-pointer
	kept39 = p; // want retained-go-pointer
}
*/
import "C"
import "fmt"

func main() {
	C.keep(new(C.int))
	fmt.Println("done")
}

package callloop

import "testing"

var sink int

// BenchmarkCallLoop: one operation is one cgo call lending a 64-byte Go heap buffer.
func BenchmarkCallLoop(b *testing.B) {
	buf := make([]byte, 64)
	sink += Calls(buf, b.N)
}

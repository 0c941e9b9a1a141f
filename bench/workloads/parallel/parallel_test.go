package parallel

import "testing"

// BenchmarkParallel: one operation is one cgo call; b.N calls are spread over eight goroutines.
func BenchmarkParallel(b *testing.B) {
	Calls(b.N)
}

package buffer

import "testing"

var sink uint64

// BenchmarkBuffer: one operation is one call of Work on a 1 MiB Go buffer.
func BenchmarkBuffer(b *testing.B) {
	Setup()
	buf := make([]byte, BufferBytes)
	for i := range buf {
		buf[i] = byte(i * 13)
	}
	for i := 0; i < b.N; i++ {
		sink += Work(buf, i)
	}
}

package workload

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// PayloadBytes is the size of zstd's input: large enough that one operation is mostly the
// codec's work, small enough that a callgrind run stays short.
const PayloadBytes = 1 << 20

// zstdPayload writes DataDog/zstd's benchmark input (its benchmarks read the file $PAYLOAD): a
// service log, generated from a fixed seed so that every machine compresses the same bytes. It
// compresses about as well as real logs do (repeated keys, varying values).
func zstdPayload(dir string) ([]string, error) {
	path := filepath.Join(dir, "zstd-payload.log")
	if err := os.WriteFile(path, logText(PayloadBytes), 0o644); err != nil {
		return nil, err
	}
	return []string{"PAYLOAD=" + path}, nil
}

func logText(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	levels := []string{"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"}
	methods := []string{"GET", "GET", "POST", "PUT", "DELETE"}
	paths := []string{"/v1/items", "/v1/users", "/v1/orders", "/healthz", "/v2/search"}
	msgs := []string{"request served", "cache miss", "retrying upstream", "slow query", "bad request"}
	var b strings.Builder
	for t := 0; b.Len() < size; t++ {
		fmt.Fprintf(&b, "2025-03-%02dT%02d:%02d:%02d.%03dZ %-5s service=api-%d method=%s path=%s/%d status=%d latency_ms=%.1f user=u%05d msg=%q\n",
			1+t/86400%28, t/3600%24, t/60%60, t%60, r.IntN(1000),
			levels[r.IntN(len(levels))], r.IntN(8), methods[r.IntN(len(methods))],
			paths[r.IntN(len(paths))], r.IntN(100000), []int{200, 200, 200, 201, 404, 500}[r.IntN(6)],
			r.ExpFloat64()*20, r.IntN(50000), msgs[r.IntN(len(msgs))])
	}
	return []byte(b.String()[:size])
}

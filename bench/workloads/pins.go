// Package workloads holds the harness's benchmark workloads, one package each (callloop, buffer,
// parallel), and pins the versions of the two cgo libraries whose own benchmarks the harness
// runs: go-sqlite3 and DataDog/zstd (both bundle their C sources). The harness builds their test
// binaries from this module (`go test -c github.com/mattn/go-sqlite3`), so go.mod fixes what is
// measured.
package workloads

import (
	_ "github.com/DataDog/zstd"
	_ "github.com/mattn/go-sqlite3"
)

module cgosan.bench/workloads

go 1.24

require (
	github.com/DataDog/zstd v1.5.7
	github.com/mattn/go-sqlite3 v1.14.53
)

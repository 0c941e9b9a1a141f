// Package config reads the harness's settings from the environment (documented in
// bench/README.md). Nothing else in the harness reads environment variables of its own.
package config

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is one run's settings.
type Config struct {
	Quick  bool
	Rounds int
	// Only names the workloads to run; nil runs all.
	Only map[string]bool
	// Target is the plain CPU time one timed benchmark run aims at; every variant then runs
	// the same number of operations.
	Target time.Duration
	// Callgrind turns on instruction counts; CallgrindTarget is the plain native time one
	// callgrind run's difference of iteration counts aims at.
	Callgrind       bool
	CallgrindTarget time.Duration
	CallgrindRepeat int
	CompileRounds   int  // timed compiles of sqlite3-binding.c per build kind (0: none)
	SqliteSuite     bool // go-sqlite3's test suite under CGOSAN=2
	BenchDir        string
	Out             string
	BuildDir        string // cgosan build tree to snapshot
	CgosanBin       string // measure this cgosan as it is
}

// FromEnv reads Config; benchDir is the bench/ directory. A setting that does not parse is an
// error, not a silent default.
func FromEnv(benchDir string) (Config, error) {
	var bad []string
	envInt := func(k string, def int) int {
		v := os.Getenv(k)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			bad = append(bad, k+"="+v+" (want a count)")
			return def
		}
		return n
	}
	envDuration := func(k string, def time.Duration) time.Duration {
		v := os.Getenv(k)
		if v == "" {
			return def
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad = append(bad, k+"="+v+" (want a duration such as 300ms)")
			return def
		}
		return d
	}
	c := Config{BenchDir: benchDir, Quick: os.Getenv("BENCH_QUICK") == "1"}
	c.Rounds = envInt("BENCH_ROUNDS", pick(c.Quick, 3, 5))
	c.Target = envDuration("BENCH_TARGET", pick(c.Quick, 150*time.Millisecond, 300*time.Millisecond))
	c.Callgrind = os.Getenv("BENCH_CALLGRIND") != "0"
	c.CallgrindTarget = envDuration("BENCH_CALLGRIND_TARGET", pick(c.Quick, 3*time.Millisecond, 5*time.Millisecond))
	c.CallgrindRepeat = envInt("BENCH_CALLGRIND_REPEAT", 1)
	c.CompileRounds = envInt("BENCH_COMPILE_ROUNDS", 1)
	c.SqliteSuite = os.Getenv("BENCH_SQLITE_SUITE") != "0"
	c.Out = envStr("BENCH_OUT", filepath.Join(benchDir, "out"))
	c.BuildDir = envStr("CGOSAN_BUILD_DIR", filepath.Join(filepath.Dir(benchDir), "build"))
	c.CgosanBin = os.Getenv("CGOSAN_BIN")
	if s := os.Getenv("BENCH_ONLY"); s != "" {
		c.Only = map[string]bool{}
		for _, w := range strings.Split(s, ",") {
			c.Only[strings.TrimSpace(w)] = true
		}
	}
	if c.Rounds == 0 {
		bad = append(bad, "BENCH_ROUNDS=0 (want at least 1)")
	}
	if len(bad) > 0 {
		return c, errors.New("bad setting: " + strings.Join(bad, "; "))
	}
	return c, nil
}

// Wants says whether workload name is to run.
func (c Config) Wants(name string) bool { return c.Only == nil || c.Only[name] }

// Knobs lists the settings in force, for the output's header.
func (c Config) Knobs() string {
	only := "all"
	if c.Only != nil {
		only = os.Getenv("BENCH_ONLY")
	}
	return "BENCH_QUICK=" + b01(c.Quick) + " BENCH_ROUNDS=" + strconv.Itoa(c.Rounds) +
		" BENCH_ONLY=" + only + " BENCH_TARGET=" + c.Target.String() +
		" BENCH_CALLGRIND=" + b01(c.Callgrind) + " BENCH_CALLGRIND_TARGET=" + c.CallgrindTarget.String() +
		" BENCH_CALLGRIND_REPEAT=" + strconv.Itoa(c.CallgrindRepeat) +
		" BENCH_COMPILE_ROUNDS=" + strconv.Itoa(c.CompileRounds) + " BENCH_SQLITE_SUITE=" + b01(c.SqliteSuite)
}

func pick[T any](q bool, quick, full T) T {
	if q {
		return quick
	}
	return full
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func envStr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

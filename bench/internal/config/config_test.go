package config

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultsAndQuick(t *testing.T) {
	t.Setenv("BENCH_QUICK", "1")
	c, err := FromEnv("/x/bench")
	if err != nil {
		t.Fatal(err)
	}
	if c.Rounds != 3 || c.Target != 150*time.Millisecond || !c.Callgrind || c.Out != "/x/bench/out" || c.BuildDir != "/x/build" {
		t.Errorf("got %+v", c)
	}
}

func TestBadSettingIsAnError(t *testing.T) {
	t.Setenv("BENCH_ROUNDS", "five")
	t.Setenv("BENCH_TARGET", "300")
	_, err := FromEnv("/x/bench")
	if err == nil || !strings.Contains(err.Error(), "BENCH_ROUNDS=five") || !strings.Contains(err.Error(), "BENCH_TARGET=300") {
		t.Errorf("got %v", err)
	}
}

func TestOnly(t *testing.T) {
	t.Setenv("BENCH_ONLY", "callloop, zstd")
	c, err := FromEnv("/x/bench")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Wants("zstd") || !c.Wants("callloop") || c.Wants("sqlite") {
		t.Errorf("got %v", c.Only)
	}
}

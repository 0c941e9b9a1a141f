// Package measure runs benchmark processes and measures them: CPU time (user+sys from wait4's
// rusage, taken by rusage-exec), peak RSS, wall time, and callgrind instruction counts.
package measure

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// A Process is what one finished process cost.
type Process struct {
	CPU    time.Duration // user+sys of the process and the children it waited for
	Wall   time.Duration
	MaxRSS int64 // KB
	Stdout string
	Stderr string
}

// Wrapper is the rusage-exec program (bench/tools/rusage-exec.c) every measured process starts
// through; BuildWrapper sets it.
var Wrapper string

// BuildWrapper compiles rusage-exec from src into dir.
func BuildWrapper(src, dir string) error {
	out := filepath.Join(dir, "rusage-exec")
	if b, err := exec.Command("clang-14", "-O2", "-Wall", "-Wextra", "-o", out, src).CombinedOutput(); err != nil {
		return fmt.Errorf("compile %s: %v: %s", src, err, b)
	}
	Wrapper = out
	return nil
}

// Run runs cmd to the end through Wrapper and reads its rusage. The error is the command's
// (non-zero exit too).
func Run(cmd *exec.Cmd) (Process, error) {
	if Wrapper == "" {
		return Process{}, errors.New("measure.Wrapper not built")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return Process{}, err
	}
	cmd.Args = append([]string{Wrapper, cmd.Path}, cmd.Args[1:]...)
	cmd.Path = Wrapper
	cmd.ExtraFiles = []*os.File{w} // fd 3
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err = cmd.Start()
	w.Close()
	var report []byte
	if err == nil {
		report, _ = io.ReadAll(r)
		err = cmd.Wait()
	}
	r.Close()
	p := Process{Wall: time.Since(t0), Stdout: stdout.String(), Stderr: stderr.String()}
	var user, sys int64
	if _, serr := fmt.Sscanf(string(report), "%d %d %d", &user, &sys, &p.MaxRSS); serr != nil && err == nil {
		err = fmt.Errorf("no rusage from %s: %q", Wrapper, report)
	}
	p.CPU = time.Duration(user + sys)
	return p, err
}

// Env is the harness's environment without the variables a variant or workload sets, plus add.
func Env(add ...string) []string {
	drop := []string{"CGOSAN=", "CGOSAN_OPTIONS=", "ASAN_OPTIONS=", "GOMAXPROCS=", "GODEBUG=", "PAYLOAD=", "CGOSAN_SYMBOLIZER_PATH="}
	var out []string
next:
	for _, e := range os.Environ() {
		for _, d := range drop {
			if strings.HasPrefix(e, d) {
				continue next
			}
		}
		out = append(out, e)
	}
	return append(out, add...)
}

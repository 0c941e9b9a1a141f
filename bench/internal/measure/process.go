// Package measure runs benchmark processes and measures them: CPU time (user+sys from wait4's
// rusage), peak RSS, wall time, and callgrind instruction counts.
package measure

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
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

// Run runs cmd to the end and reads its rusage. The error is the command's (non-zero exit too).
func Run(cmd *exec.Cmd) (Process, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	p := Process{Wall: time.Since(t0), Stdout: stdout.String(), Stderr: stderr.String()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			p.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			p.MaxRSS = ru.Maxrss
		}
	}
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

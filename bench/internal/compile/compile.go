// Package compile measures the compile of go-sqlite3's sqlite3-binding.c (the 271k-line SQLite
// amalgamation, nearly all of go-sqlite3's C) with the go command's own command line for each
// build kind: compiler CPU time and peak RSS, the object's .text size, and the pass's statistics.
package compile

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/measure"
)

// Source is the file measured, in go-sqlite3's package directory.
const Source = "sqlite3-binding.c"

// A Result is one compile of Source.
type Result struct {
	Kind    string
	Command string // as run (the go command's line, $WORK replaced)
	CPU     time.Duration
	Wall    time.Duration
	RSSKB   int64
	Text    int64 // bytes of .text* sections in the object
	Err     error
}

// Commands returns, for each build kind, the go command's compile of Source, from
// `go test -a -c -n` (-asan for asan; through cgosan for cgosan), with $WORK set to work.
func Commands(b build.Builder, pkg, work string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, kind := range build.Kinds {
		cmd := b.Command(pkg, kind, os.DevNull)
		// -a: print every step, cached or not; -n: print, do not run.
		cmd.Args = append(cmd.Args[:len(cmd.Args)-1], "-a", "-n", pkg)
		text, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", build.Quote(cmd), err, build.Head(string(text), 20))
		}
		line := ""
		for _, l := range strings.Split(string(text), "\n") {
			if strings.HasSuffix(l, " -c "+Source) {
				line = l
			}
		}
		if line == "" {
			return nil, fmt.Errorf("no compile of %s in the output of %s", Source, build.Quote(cmd))
		}
		line = strings.TrimPrefix(line, "TERM='dumb' ")
		line = regexp.MustCompile(`\$WORK/b\d+/`).ReplaceAllString(line, work+"/")
		line = strings.ReplaceAll(line, "$WORK", work)
		out[kind] = strings.Fields(line)
	}
	return out, nil
}

// Run compiles Source in dir with argv and measures it. statsFile, if set, is passed on as
// -Xclang -stats-file (it only writes the counters the pass keeps anyway).
func Run(argv []string, kind, dir, statsFile string) Result {
	args := append([]string(nil), argv[1:]...)
	if statsFile != "" {
		args = append(args, "-Xclang", "-stats-file="+statsFile)
	}
	cmd := exec.Command(argv[0], args...)
	cmd.Dir = dir
	cmd.Env = measure.Env("TERM=dumb")
	r := Result{Kind: kind, Command: build.Quote(cmd)}
	p, err := measure.Run(cmd)
	r.CPU, r.Wall, r.RSSKB = p.CPU, p.Wall, p.MaxRSS
	if err != nil {
		r.Err = fmt.Errorf("%v\n%s", err, build.Head(p.Stderr+p.Stdout, 20))
		return r
	}
	r.Text, r.Err = textSize(output(argv, dir))
	return r
}

// output is the object file argv writes (its -o argument), relative to dir.
func output(argv []string, dir string) string {
	for i, a := range argv {
		if a == "-o" && i+1 < len(argv) {
			if strings.HasPrefix(argv[i+1], "/") {
				return argv[i+1]
			}
			return dir + "/" + argv[i+1]
		}
	}
	return ""
}

// textSize adds up the sizes of an object's .text sections (`size -A`).
func textSize(obj string) (int64, error) {
	out, err := exec.Command("size", "-A", obj).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("size -A %s: %v: %s", obj, err, out)
	}
	var total int64
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && (f[0] == ".text" || strings.HasPrefix(f[0], ".text.")) {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			total += n
		}
	}
	return total, nil
}

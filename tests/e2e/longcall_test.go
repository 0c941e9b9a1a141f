// long-cgo-call (issue 13): a cgo call holding lent Go memory past long_call_ms is reported while
// it runs and again when it returns, as a warning that neither halts nor fails the run.
package e2e

import (
	"regexp"
	"strings"
	"testing"
)

func TestLongCallsAreReportedWhileRunningAndAtReturn(t *testing.T) {
	exe := build(t, "testdata/long_call")
	r := cgosanCmd(t, ".", []string{"CGOSAN_OPTIONS=long_call_ms=150:halt_on_error=1"}, "exec", exe)
	if r.exit != 0 || !strings.Contains(r.out, "done") {
		t.Fatalf("exit %d: a warning must neither halt nor fail the run:\n%s", r.exit, r.out)
	}
	got := sortedStrings(parseReports(t, r.out))
	want := "long-cgo-call at main.go:10\nlong-cgo-call at main.go:10"
	if strings.Join(got, "\n") != want {
		t.Fatalf("reports:\n%s\nwant two for sleepy (defined at main.go:10), none for the others:\n%s",
			strings.Join(got, "\n"), r.out)
	}
	for _, re := range []string{
		`(?m)^==\d+==WARNING: cgosan: long-cgo-call: C\.sleepy has held Go memory for more than 0\.\d s and still runs$`,
		`(?m)^==\d+==WARNING: cgosan: long-cgo-call: C\.sleepy returned after holding Go memory for more than 0\.[5-9] s$`,
		`it holds Go pointer 0x[0-9a-f]+, lent as argument 1`,
		`cgosan: summary: long-cgo-call: 2 locations, 2 reports`,
	} {
		if !regexp.MustCompile(re).MatchString(r.out) {
			t.Errorf("output lacks %s:\n%s", re, r.out)
		}
	}
	if strings.Contains(r.out, "the run fails") {
		t.Errorf("a warning failed the run:\n%s", r.out)
	}
	// Off: nothing.
	r = cgosanCmd(t, ".", []string{"CGOSAN_OPTIONS=long_call_ms=0"}, "exec", exe)
	if r.exit != 0 || strings.Contains(r.out, "long-cgo-call") {
		t.Errorf("long_call_ms=0 reported:\n%s", r.out)
	}
}

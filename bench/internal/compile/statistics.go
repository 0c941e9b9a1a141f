package compile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// A Statistic is one of the pass's counters for the compile.
type Statistic struct {
	Name, Description string
	Value             int64
}

// Statistics reads the pass's counters (the "cgosan." keys) from a -stats-file, with the
// description each has where the pass declares it (STATISTIC or ALWAYS_ENABLED_STATISTIC in
// passDir's sources). Counters that stayed zero are not in the file.
func Statistics(statsFile, passDir string) ([]Statistic, error) {
	b, err := os.ReadFile(statsFile)
	if err != nil {
		return nil, err
	}
	var all map[string]int64
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	desc := descriptions(passDir)
	var out []Statistic
	for k, v := range all {
		if name, ok := strings.CutPrefix(k, "cgosan."); ok {
			out = append(out, Statistic{Name: name, Description: desc[name], Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

var statDecl = regexp.MustCompile(`(?s)STATISTIC\(\s*(\w+)\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)`)
var strPart = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

func descriptions(dir string) map[string]string {
	out := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.cpp"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*.cpp"))
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, m := range statDecl.FindAllStringSubmatch(string(b), -1) {
			var d strings.Builder
			for _, p := range strPart.FindAllStringSubmatch(m[2], -1) {
				d.WriteString(p[1])
			}
			out[m[1]] = d.String()
		}
	}
	return out
}

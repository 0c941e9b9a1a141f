package compile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStatisticsReadsCountersAndDescriptions(t *testing.T) {
	dir := t.TempDir()
	src := "ALWAYS_ENABLED_STATISTIC(NumReads, \"loads instrumented\");\n" +
		"ALWAYS_ENABLED_STATISTIC(NumStoresLocal,\n    \"pointer stores skipped: \"\n    \"non-escaping alloca\");\n"
	if err := os.WriteFile(filepath.Join(dir, "Pass.cpp"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stats := filepath.Join(dir, "s.json")
	json := `{"cgosan.NumReads": 26354, "cgosan.NumStoresLocal": 3, "file-search.NumDirLookups": 11}`
	if err := os.WriteFile(stats, []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Statistics(stats, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "NumReads" || got[0].Value != 26354 || got[0].Description != "loads instrumented" ||
		got[1].Description != "pointer stores skipped: non-escaping alloca" {
		t.Errorf("got %+v", got)
	}
}

// Package build holds the cgosan build a benchmark run measures.
package build

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Snapshot installs a cgosan build tree into dir (`cmake --install`, the layout users get), so
// that a rebuild of the tree during a run does not mix two builds, and returns the installed
// executable.
func Snapshot(buildDir, dir string) (string, error) {
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(buildDir, "bin", "cgosan")); err != nil {
		return "", fmt.Errorf("%v (run `make build` first)", err)
	}
	if out, err := exec.Command("cmake", "--install", buildDir, "--prefix", dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("cmake --install %s --prefix %s: %v\n%s", buildDir, dir, err, out)
	}
	return filepath.Join(dir, "bin", "cgosan"), nil
}

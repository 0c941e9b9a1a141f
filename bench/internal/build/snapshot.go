package build

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// Snapshot copies a cgosan build tree's executable, pass plugin, runtime and headers into dir,
// so that a rebuild of the tree during a run does not mix two builds, and returns the copied
// executable.
func Snapshot(buildDir, dir string) (string, error) {
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	for _, d := range []string{"bin", "lib"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return "", err
		}
	}
	for _, f := range []string{"bin/cgosan", "lib/libcgosan_pass.so", "lib/libcgosan_rt.a"} {
		if err := copyFile(filepath.Join(buildDir, f), filepath.Join(dir, f)); err != nil {
			return "", fmt.Errorf("%v (run `make build` first)", err)
		}
	}
	for _, l := range []string{"cgosan-cc", "cgosan-c++"} {
		if err := os.Symlink("cgosan", filepath.Join(dir, "bin", l)); err != nil {
			return "", err
		}
	}
	if _, err := os.Stat(filepath.Join(buildDir, "include")); err == nil {
		if out, err := exec.Command("cp", "-r", filepath.Join(buildDir, "include"), filepath.Join(dir, "include")).CombinedOutput(); err != nil {
			return "", fmt.Errorf("copy include/: %v: %s", err, out)
		}
	}
	return filepath.Join(dir, "bin", "cgosan"), nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, st.Mode())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateMaxSize checks that validate refuses a file over --max-size
// with a file:line:col problem, and accepts it when the limit is raised.
func TestValidateMaxSize(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/tutorial.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.ToSlash(filepath.Join(t.TempDir(), "tutorial.yaml"))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	small := fmt.Sprint(len(data) - 1)
	code, out, _ := ttx(t, "validate", "--max-size", small, path)
	want := fmt.Sprintf("%s:1:1: the file is %d bytes, more than the limit of %s bytes", path, len(data), small)
	if code != 1 || !strings.HasPrefix(out, want) {
		t.Errorf("validate --max-size %s: exit %d, %q; want 1, %q", small, code, out, want)
	}
	if code, out, errOut := ttx(t, "validate", "--max-size", fmt.Sprint(len(data)), path); code != 0 {
		t.Errorf("validate with the limit at the size: exit %d, %s%s", code, out, errOut)
	}
	if code, _, errOut := ttx(t, "simulate", "--max-size", small, "--out", filepath.Join(t.TempDir(), "x.jsonl"), path); code != 1 || !strings.Contains(errOut, "more than the limit") {
		t.Errorf("simulate --max-size %s: exit %d, %q", small, code, errOut)
	}
}

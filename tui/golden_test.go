package tui

import (
	"os"
	"testing"
)

// compareGolden compares a screen, ANSI stripped, with its golden file in
// testdata, or rewrites the file when update is set (each screen has its
// own -update-… flag, named in hint).
func compareGolden(t *testing.T, name, got string, update bool, hint string) {
	t.Helper()
	path := "testdata/" + name + ".golden"
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s)", err, hint)
	}
	if got != string(want) {
		t.Errorf("screen %s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplayRefusesBadLogs: ttx replay fails with a clear message and exit
// code 1 before drawing anything when the file is not a log it can replay.
func TestReplayRefusesBadLogs(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(junk, []byte("minutes of the meeting\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"replay"}, 2, "give one debrief LOG"},
		{[]string{"replay", "a.log", "b.log"}, 2, "give one debrief LOG"},
		{[]string{"replay", filepath.Join(dir, "missing.log")}, 1, "no such file"},
		{[]string{"replay", dir}, 1, "is a directory"},
		{[]string{"replay", junk}, 1, "line 1: not a debrief log header"},
	} {
		code, out, errOut := ttx(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" && c.code == 1 {
			t.Errorf("ttx %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, out, errOut, c.code, c.want)
		}
	}
}

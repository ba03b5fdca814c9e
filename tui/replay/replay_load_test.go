package replay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
)

// TestReplayBadLogs: what is not a debrief log fails before any screen; a
// log damaged after its header fails as it loads, and the viewer quits
// leaving nothing on the screen.
func TestReplayBadLogs(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "missing.log"), Options{}); err == nil {
		t.Error("a missing file opens")
	}
	if _, err := New(dir, Options{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a directory: %v", err)
	}
	junk := filepath.Join(dir, "junk.log")
	os.WriteFile(junk, []byte("hello\n"), 0o644)
	if _, err := New(junk, Options{}); err == nil || !strings.Contains(err.Error(), "not a debrief log") {
		t.Errorf("junk: %v", err)
	}

	path := replayTestLog(t, dir, "tutorial", "doctrine", 1, time.Minute)
	lines := strings.SplitAfter(string(replayFile(t, path)), "\n")
	lines[40] = strings.Replace(lines[40], `"t":`, `"t": `, 1)
	bad := filepath.Join(dir, "tampered.log")
	os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644)
	m, err := New(bad, Options{})
	if err != nil {
		t.Fatalf("the header is good, so New should succeed: %v", err)
	}
	msg := replayLoad(bad, m.header)()
	for {
		p, ok := msg.(replayProgressMsg)
		if !ok {
			break
		}
		msg = <-p.ch
	}
	next, cmd := m.Update(msg)
	m = next.(Model)
	if m.Err() == nil || !strings.Contains(m.Err().Error(), "line 41") {
		t.Errorf("tampered log: %v", m.Err())
	}
	if cmd == nil || cmd() != tea.Quit() {
		t.Error("the viewer does not quit on a bad log")
	}
	if v := m.View(); v.Content != "" || v.AltScreen {
		t.Errorf("after a bad log the viewer draws %q", v.Content)
	}

	other := filepath.Join(dir, "other-engine.log")
	os.WriteFile(other, []byte(strings.Replace(string(replayFile(t, path)), `"engine":"`+engine.Version+`"`, `"engine":"0.0.1"`, 1)), 0o644)
	if _, err := New(other, Options{}); err == nil || !strings.Contains(err.Error(), "engine 0.0.1") {
		t.Errorf("a log of another engine version: %v", err)
	}
}

// TestReplayLoadProgress: reading a log reports progress as it goes.
func TestReplayLoadProgress(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "wyatn-large-scale", "doctrine", 1, time.Second)
	m, err := New(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var reports []int64
	d, err := replayReadFile(path, m.header, func(events, bytes int64) { reports = append(reports, events) })
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) == 0 || reports[len(reports)-1] != int64(len(d.events)) {
		t.Errorf("progress %v for %d events", reports, len(d.events))
	}
}

// TestReplayPartialLogs: a log cut at the end of a command (a server still
// writing, or stopped) and a log with no events open and say so.
func TestReplayPartialLogs(t *testing.T) {
	dir := t.TempDir()
	path := replayTestLog(t, dir, "tutorial", "doctrine", 1, time.Minute)
	full := replayLoaded(t, path, 80, 24)
	lines := strings.SplitAfter(string(replayFile(t, path)), "\n")
	cut := full.d.batchEnd[20]
	for _, c := range []struct {
		name  string
		lines int
	}{{"unfinished", 1 + cut}, {"empty", 1}} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".log")
			if err := os.WriteFile(p, []byte(strings.Join(lines[:c.lines], "")), 0o644); err != nil {
				t.Fatal(err)
			}
			m := replayLoaded(t, p, 80, 24)
			if len(m.d.events) != c.lines-1 {
				t.Fatalf("%d events, want %d", len(m.d.events), c.lines-1)
			}
			m = replayKeys(m, "end", "2")
			got := replayScreen(m)
			replayCheckSize(t, c.name, got, 80, 24)
			if !strings.Contains(got, "log unfinished") {
				t.Errorf("the title does not say the log is unfinished:\n%s", got)
			}
			for _, k := range []string{"right", "left", "home", "3", "4", "1", "space"} {
				m = replayKeys(m, k)
				replayCheckSize(t, c.name+" "+k, replayScreen(m), 80, 24)
			}
		})
	}
}

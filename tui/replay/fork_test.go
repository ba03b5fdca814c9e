package replay

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/tui/internal/tuitest"
)

// TestReplayFork: x forks the log at the cursor beside it, says the
// command to continue the fork, and a second fork at the same moment gets
// a name of its own; at the start there is nothing to fork.
func TestReplayFork(t *testing.T) {
	dir := t.TempDir()
	path := replayTestLog(t, dir, "tutorial", "naive", 1, time.Minute)
	m := replayLoaded(t, path, 200, 40)
	next, cmd := m.Update(tuitest.Key("x"))
	if m = next.(Model); cmd != nil || !strings.Contains(m.status, "Step to an event first") {
		t.Fatalf("x at the start: status %q", m.status)
	}
	m = replayKeys(m, "right", "right", "right", "right", "right")
	seq := m.d.events[m.cursor-1].Seq
	var outs []string
	for range 2 {
		next, cmd := m.Update(tuitest.Key("x"))
		m = next.(Model)
		if cmd == nil {
			t.Fatalf("x at #%d: no command; status %q", seq, m.status)
		}
		msg := cmd().(replayForkedMsg)
		if msg.err != nil {
			t.Fatal(msg.err)
		}
		m = replaySend(m, msg)
		if !strings.Contains(m.status, "ttx simulate --from "+msg.path) || !strings.Contains(m.status, "ttx serve --from "+msg.path) {
			t.Fatalf("status after the fork: %q", m.status)
		}
		outs = append(outs, msg.path)
	}
	if outs[0] == outs[1] || !strings.HasSuffix(outs[1], "-2.jsonl") {
		t.Fatalf("two forks at one moment: %v", outs)
	}
	parent, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fork, err := os.ReadFile(outs[0])
	if err != nil {
		t.Fatal(err)
	}
	rp, err := engine.VerifyFork(bytes.NewReader(fork))
	if err != nil {
		t.Fatal(err)
	}
	if f := rp.Header.Fork; f == nil || f.Seq < seq {
		t.Fatalf("the fork's header: %+v, want a fork at #%d or after", f, seq)
	}
	if err := engine.CheckFork(bytes.NewReader(parent), bytes.NewReader(fork)); err != nil {
		t.Fatal(err)
	}
}

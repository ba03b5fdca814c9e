package engine_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/scenarios"
)

// fork cuts log at p, checks the fork on its own and against its parent,
// and returns it.
func fork(t testing.TB, log []byte, p engine.ForkPoint) []byte {
	t.Helper()
	var out bytes.Buffer
	h, err := engine.ForkLog(bytes.NewReader(log), "parent.jsonl", p, &out, fixedWall())
	if err != nil {
		t.Fatalf("fork at %s: %v", p, err)
	}
	if h.Fork == nil || h.Fork.Parent != "parent.jsonl" || h.Fork.Seq < p.Seq {
		t.Fatalf("fork at %s: header's fork %+v", p, h.Fork)
	}
	rp, err := engine.VerifyFork(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("verify the fork at %s: %v", p, err)
	}
	if rp.Ended || rp.LastSeq != h.Fork.Seq {
		t.Fatalf("fork at %s: ended %v, last seq %d, want %d", p, rp.Ended, rp.LastSeq, h.Fork.Seq)
	}
	if err := engine.CheckFork(bytes.NewReader(log), bytes.NewReader(out.Bytes())); err != nil {
		t.Fatalf("check the fork at %s against its parent: %v", p, err)
	}
	return out.Bytes()
}

// playOn continues a log with bots of the given kind and returns the
// whole new log, its header the log's.
func playOn(t testing.TB, log []byte, bots string) []byte {
	t.Helper()
	var evs []engine.Event
	var cmds []engine.Command
	rp, err := engine.ReplayLog(bytes.NewReader(log), func(e *engine.Event) {
		evs = append(evs, *e)
		if e.Type == engine.EvCommand {
			cmds = append(cmds, *e.Payload.Command)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, rp.Header)
	if err != nil {
		t.Fatal(err)
	}
	write := func(evs []engine.Event) error {
		for i := range evs {
			if err := lw.Append(&evs[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := write(evs); err != nil {
		t.Fatal(err)
	}
	if err := engine.Continue(rp, cmds, engine.SimulateOptions{Default: bots, Wall: fixedWall}, write); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// firstOf returns the seq of the first event of type typ.
func firstOf(t testing.TB, log []byte, typ string) int64 {
	t.Helper()
	for _, e := range events(t, log) {
		if e.Type == typ {
			return e.Seq
		}
	}
	t.Fatalf("no %s event", typ)
	return 0
}

// TestForkAndPlayOn: a naive run of each bundled scenario, forked at its
// first identification and played on by doctrine bots, scores higher; the
// fork and its continuation verify on their own and against the parent.
func TestForkAndPlayOn(t *testing.T) {
	for _, id := range scenarios.IDs() {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			parent := simulate(t, id, "naive", 1, fixedWall)
			seq := firstOf(t, parent, engine.CmdIdentify)
			f := fork(t, parent, engine.ForkPoint{Seq: seq})
			done := playOn(t, f, "doctrine")
			rp, err := engine.VerifyFork(bytes.NewReader(done))
			if err != nil {
				t.Fatalf("verify the continuation: %v", err)
			}
			if err := engine.CheckFork(bytes.NewReader(parent), bytes.NewReader(done)); err != nil {
				t.Fatalf("check the continuation against the parent: %v", err)
			}
			naive := verify(t, parent)
			if !rp.Ended || rp.Score.Total <= naive.Score.Total {
				t.Fatalf("forked at #%d and played on by doctrine bots: ended %v, score %d; the naive run scored %d", seq, rp.Ended, rp.Score.Total, naive.Score.Total)
			}
			t.Logf("naive %d; forked at #%d, doctrine from there %d", naive.Score.Total, seq, rp.Score.Total)
		})
	}
}

// TestForkByTime: a fork at an exercise time holds every command up to
// then and nothing after; forking again at its own point gives the same
// events.
func TestForkByTime(t *testing.T) {
	parent := simulate(t, "tutorial", "doctrine", 1, fixedWall)
	f := fork(t, parent, engine.ForkPoint{T: (2*time.Minute + 30*time.Second).Milliseconds()})
	evs := events(t, f)
	last := evs[len(evs)-1]
	if last.T > 150_000 {
		t.Fatalf("the fork's last event is at %d ms, after 2:30", last.T)
	}
	pevs := events(t, parent)
	if next := pevs[len(evs)]; next.Type == engine.EvCommand && next.Payload.Command.T <= 150_000 {
		t.Fatalf("the parent's next event, #%d, is a command at %d ms, before the fork time", next.Seq, next.Payload.Command.T)
	}
	again := fork(t, parent, engine.ForkPoint{Seq: last.Seq})
	if !bytes.Equal(events2(t, again), events2(t, f)) {
		t.Fatal("forking at the fork's own last event gives other events")
	}
}

// events2 is the log's events re-encoded, without their header.
func events2(t testing.TB, log []byte) []byte {
	t.Helper()
	_, rest, _ := bytes.Cut(log, []byte("\n"))
	return rest
}

// TestForkRefusals: no fork past the end of the exercise or of the log;
// a log that is not the parent is named as such.
func TestForkRefusals(t *testing.T) {
	parent := simulate(t, "tutorial", "doctrine", 1, fixedWall)
	evs := events(t, parent)
	var out bytes.Buffer
	_, err := engine.ForkLog(bytes.NewReader(parent), "p.jsonl", engine.ForkPoint{Seq: evs[len(evs)-1].Seq}, &out, fixedWall())
	if err == nil || !strings.Contains(err.Error(), "ended") {
		t.Fatalf("fork at the end: %v, want a refusal naming the end", err)
	}
	_, err = engine.ForkLog(bytes.NewReader(parent), "p.jsonl", engine.ForkPoint{Seq: 1 << 40}, &out, fixedWall())
	if err == nil {
		t.Fatal("fork past the log's last event: no error")
	}
	f := fork(t, parent, engine.ForkPoint{Seq: 40})
	other := simulate(t, "tutorial", "naive", 1, fixedWall)
	if err := engine.CheckFork(bytes.NewReader(other), bytes.NewReader(f)); !errors.Is(err, engine.ErrNotParent) {
		t.Fatalf("check against another run: %v, want ErrNotParent", err)
	}
	if err := engine.CheckFork(bytes.NewReader(parent), bytes.NewReader(parent)); err == nil {
		t.Fatal("check a log that is not a fork: no error")
	}
}

func TestParseForkPoint(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want engine.ForkPoint
		bad  bool
	}{
		{"#12", engine.ForkPoint{Seq: 12}, false},
		{"0:05:00", engine.ForkPoint{T: 300_000}, false},
		{"1:02:03", engine.ForkPoint{T: 3_723_000}, false},
		{"#0", engine.ForkPoint{}, true},
		{"5:00", engine.ForkPoint{}, true},
		{"0:60:00", engine.ForkPoint{}, true},
		{"x", engine.ForkPoint{}, true},
	} {
		got, err := engine.ParseForkPoint(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseForkPoint(%q) = %+v, %v", tc.in, got, err)
		}
		if !tc.bad && got.String() != tc.in {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tc.in)
		}
	}
}

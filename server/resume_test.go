package server

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/server/wire"
)

// resume stops h's server and starts another on the same data directory
// that resumes h's exercise from its log, as ttx serve --resume does.
func (h *harness) resume() *harness {
	h.t.Helper()
	path := h.srv.LogPath(h.info.Exercise)
	h.stop()
	srv, err := New(Options{DataDir: h.srv.opts.DataDir, Now: h.clock.Now})
	if err != nil {
		h.t.Fatal(err)
	}
	info, err := srv.Resume(path)
	if err != nil {
		h.t.Fatalf("resume: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	r := &harness{t: h.t, srv: srv, ts: ts, url: "ws" + strings.TrimPrefix(ts.URL, "http") + wire.Path, info: info, clock: h.clock}
	h.t.Cleanup(r.stop)
	return r
}

// botCommands returns the commands in the log that bots took.
func botCommands(evs []engine.Event) []engine.Command {
	var out []engine.Command
	for _, e := range evs {
		if e.Type == engine.EvCommand && e.Payload.Command != nil && strings.HasPrefix(e.Payload.Command.ID, "bot:") {
			out = append(out, *e.Payload.Command)
		}
	}
	return out
}

// playBots moves the exercise on until its bots have taken n commands in
// all.
func (h *harness) playBots(fac *tclient, n int) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; len(botCommands(h.readLog())) < n; i++ {
		if time.Now().After(deadline) {
			h.t.Fatalf("the bots took %d commands, not %d", len(botCommands(h.readLog())), n)
		}
		h.clock.Add(time.Second)
		fac.send(wire.Control{Type: wire.TypeControl, ID: fmt.Sprintf("adv-%d", i), Op: wire.OpAdvance})
		time.Sleep(50 * time.Millisecond)
	}
}

// TestResumeKeepsBots resumes an exercise played by bots from its log, in
// process, twice: the resumed log verifies (no command id is used twice)
// and no bot takes an action it took before a restart.
func TestResumeKeepsBots(t *testing.T) {
	// Leeds, not the tutorial: the tutorial ends itself at ten minutes,
	// before the bots have done enough at this pace.
	h := newHarness(t, "leeds-2013", map[string]string{"police": "doctrine", "housing": "doctrine", "health": "naive"})
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	fac.control("pace", wire.OpPace, func(c *wire.Control) { c.Pace = 120 })
	h.playBots(fac, 4)
	for range 2 {
		before := len(botCommands(h.readLog()))
		h = h.resume()
		fac = h.facilitator()
		h.playBots(fac, before+3)
	}
	h.stop()
	f, err := os.Open(h.srv.LogPath(h.info.Exercise))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []engine.Event
	if _, err := engine.ReplayLog(f, func(e *engine.Event) { evs = append(evs, *e) }); err != nil {
		t.Fatalf("the resumed log does not verify: %v", err)
	}
	seen := make(map[string]string)
	for _, c := range botCommands(evs) {
		switch c.Type {
		case engine.CmdRemove, engine.CmdAllocate, engine.CmdRefuse, engine.CmdDecide, engine.CmdLogDecision:
			continue // taken again when the situation asks for it
		}
		k := fmt.Sprintf("%s %s %s %s %v %s", c.Actor, c.Type, c.Person, c.Agency, c.To, c.Text)
		if c.Type == engine.CmdMethane {
			// A report is filed again at each phase; a prompt is answered once.
			if c.Inject == "" {
				continue
			}
			k += " answers " + c.Inject
		}
		if id, ok := seen[k]; ok {
			t.Errorf("a bot acted twice: %s (%s and %s)", k, id, c.ID)
		}
		seen[k] = c.ID
	}
}

// TestResumeCutsTornEnd resumes from a log whose server died mid-line: the
// unfinished line is cut, the exercise continues on the chain, and the log
// verifies.
func TestResumeCutsTornEnd(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	fac.command("a", engine.Command{Actor: "police", Type: engine.CmdLogDecision, Stage: 1, Text: "one", Rationale: "r"})
	path := h.srv.LogPath(h.info.Exercise)
	h.stop()
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(whole, `{"seq":99,"t":1,"wa`...), 0o600); err != nil {
		t.Fatal(err)
	}
	h = h.resume()
	fac = h.facilitator()
	if a := fac.command("b", engine.Command{Actor: "police", Type: engine.CmdLogDecision, Stage: 1, Text: "two", Rationale: "r"}); a.Status != wire.Accepted {
		t.Fatalf("after resuming: %+v", a)
	}
	if a := fac.command("a", engine.Command{Actor: "police", Type: engine.CmdLogDecision, Stage: 1, Text: "one", Rationale: "r"}); a.Status != wire.Accepted {
		t.Fatalf("a retry after resuming: %+v", a)
	}
	evs := h.readLog()
	if n := len(eventsOf(evs, engine.CmdLogDecision)); n != 2 {
		t.Errorf("%d decision-log events, want 2 (the retry is answered, not applied)", n)
	}
}

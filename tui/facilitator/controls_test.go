package facilitator

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
)

// TestFacilitatorControls: each control's keys send the command or
// control the server expects.
func TestFacilitatorControls(t *testing.T) {
	t.Parallel()
	msgs := facMessages(8, 12)
	cases := []struct {
		name    string
		msgs    []any
		keys    []string
		cmd     *engine.Command
		control *wire.Control
		views   []wire.ViewRequest
	}{
		{name: "start", msgs: msgs[:2], keys: []string{"s"}, control: &wire.Control{Op: wire.OpStart}},
		{name: "pause", keys: []string{"space"}, cmd: &engine.Command{Type: engine.CmdPause}},
		{name: "pace up", keys: []string{"+"}, control: &wire.Control{Op: wire.OpPace, Pace: 20}},
		{name: "pace down", keys: []string{"-"}, control: &wire.Control{Op: wire.OpPace, Pace: 5}},
		{name: "advance", keys: []string{"n"}, control: &wire.Control{Op: wire.OpAdvance}},
		{name: "advance while paused", msgs: append(append([]any{}, msgs...), &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9999, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvPaused}}),
			keys: []string{"n"}},
		{name: "resume", msgs: append(append([]any{}, msgs...), &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9999, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvPaused}}),
			keys: []string{"space"}, cmd: &engine.Command{Type: engine.CmdResume}},
		{name: "trigger", keys: []string{"t", `"gp-concern"`, "enter"}, cmd: &engine.Command{Type: engine.CmdReleaseInject, Inject: "gp-concern"}},
		{name: "trigger suggested", keys: []string{"t", `"dwp"`, "tab", "enter"}, cmd: &engine.Command{Type: engine.CmdReleaseInject, Inject: "dwp-chases"}},
		{name: "release selected", keys: []string{"2", "enter", "y"}, cmd: &engine.Command{Type: engine.CmdReleaseInject, Inject: "gp-concern"}},
		{name: "adhoc", keys: []string{"a", "space", "down", "space", "tab", "right", "right", "tab", `"Duty inspector"`, "tab", `"Press are outside."`, "enter"},
			cmd: &engine.Command{Type: engine.CmdAdhocInject, To: []string{"police", "border_force"}, Channel: "radio", From: "Duty inspector", Text: "Press are outside."}},
		{name: "no play", keys: []string{"!", `"NO PLAY: fire alarm"`, "enter"}, cmd: &engine.Command{Type: engine.CmdNoPlay, Text: "NO PLAY: fire alarm"}},
		{name: "lift no play", msgs: append(append([]any{}, msgs...), &wire.Clock{Type: wire.TypeClock, Started: true, Pace: 10, NoPlay: "NO PLAY: fire alarm"}),
			keys: []string{"!", "y"}, cmd: &engine.Command{Type: engine.CmdLiftNoPlay}},
		{name: "end", keys: []string{"E", "y"}, cmd: &engine.Command{Type: engine.CmdEnd}},
		{name: "end refused", keys: []string{"E", "n"}},
		{name: "RG negative", keys: []string{"3", "down", "r", "right", "enter"}, cmd: &engine.Command{Type: engine.CmdCADecision, Person: "p04", Kind: "rg", Outcome: "negative"}},
		{name: "CG", keys: []string{"3", "c", "right", "enter"}, cmd: &engine.Command{Type: engine.CmdCADecision, Person: "p01", Kind: "cg", Outcome: "victim_of_slavery"}},
		{name: "days for R7", keys: []string{"3", "d", "enter"}, cmd: &engine.Command{Type: engine.CmdAdvanceClock, Days: 45}},
		{name: "bot", keys: []string{"1", "down", "down", "b", "enter"}, control: &wire.Control{Op: wire.OpBot, Seat: "cps", Bot: "doctrine"}},
		{name: "bot back", keys: []string{"down", "b", "enter"}, control: &wire.Control{Op: wire.OpBot, Seat: "border_force"}},
		{name: "view as", keys: []string{"down", "v"}, views: []wire.ViewRequest{{Type: wire.TypeView, Agency: "border_force"}}},
		{name: "view as next", keys: []string{"5", "right"}, views: []wire.ViewRequest{{Type: wire.TypeView, Agency: "police"}, {Type: wire.TypeView, Agency: "border_force"}}},
		{name: "create", keys: []string{"6", "down", "enter"}, control: &wire.Control{Op: wire.OpCreate, Scenario: "tutorial"}},
		{name: "form cancelled", keys: []string{"a", "space", "esc", "enter"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.msgs
			if m == nil {
				m = msgs
			}
			f := newFacTest(m, 120, 40)
			rec := &facRecorder{}
			f.link = rec
			runCmds(f, f.keysForTest(c.keys...)...)
			var wantCmds []engine.Command
			if c.cmd != nil {
				wantCmds = append(wantCmds, *c.cmd)
			}
			if !reflect.DeepEqual(rec.cmds, wantCmds) {
				t.Errorf("commands %+v, want %+v", rec.cmds, wantCmds)
			}
			var wantSent []any
			if c.control != nil {
				ctl := *c.control
				ctl.Type, ctl.ID = wire.TypeControl, "ctl-1"
				wantSent = append(wantSent, ctl)
			}
			for _, v := range c.views {
				wantSent = append(wantSent, v)
			}
			if !reflect.DeepEqual(rec.sent, wantSent) {
				t.Errorf("sent %+v, want %+v", rec.sent, wantSent)
			}
		})
	}
}

// TestFacilitatorAnswers: acknowledgements, refusals and the R7 refusal
// reach the screen in words.
func TestFacilitatorAnswers(t *testing.T) {
	t.Parallel()
	f := newFacTest(facMessages(8, 12), 120, 40)
	rec := &facRecorder{}
	f.link = rec
	runCmds(f, f.keysForTest("3", "c", "enter")...)
	f.Update(&wire.Ack{Type: wire.TypeAck, ID: "c1", Status: wire.Rejected, Rule: "R7", Reason: "the recovery period of 45 days runs until 2015-10-18"})
	s := facScreen(f)
	for _, want := range []string{"✗ CG victim of trafficking for Ionut (p01) refused: the recovery period of 45 days runs until 2015-10-18 (R7)",
		"d advances the clock 45 days"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	// After the clock is advanced, the engine's view says the CG is due.
	fv := *f.fv
	fv.Cases = append([]engine.CaseView(nil), fv.Cases...)
	fv.InWorld = "2015-10-18 09:20"
	f.Update(&wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9998, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvClockAdvanced, Payload: engine.Payload{Days: 45, InWorld: "2015-10-18 09:20"}}})
	f.Update(&wire.Snapshot{Type: wire.TypeSnapshot, Seq: 9998, Clock: wire.Clock{T: 1_200_000, InWorld: "2015-10-18 09:20", Started: true, Running: true, Pace: 10}, Facilitator: &fv})
	if s := facScreen(f); !strings.Contains(s, "c: make the Conclusive Grounds decision") {
		t.Errorf("after the clock was advanced, the CG decision is not offered:\n%s", s)
	}
	// An answer that comes before its command's id is matched later.
	f.Update(&wire.Ack{Type: wire.TypeAck, ID: "early", Status: wire.Accepted})
	f.Update(facSent{id: "early", what: "pause"})
	if !strings.Contains(facScreen(f), "✓ done: pause") {
		t.Errorf("the early answer was lost:\n%s", facScreen(f))
	}
	// Events heard twice after a reconnect are folded once.
	n := len(f.events)
	f.Update(&wire.Event{Type: wire.TypeEvent, Event: f.events[n-1]})
	if len(f.events) != n {
		t.Errorf("an event heard again was added: %d events, want %d", len(f.events), n)
	}
	// The clock runs on between clock messages, at its pace.
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f.Update(facIn{msg: &wire.Clock{Type: wire.TypeClock, T: 60_000, Started: true, Running: true, Pace: 10}, at: at})
	f.Update(facTick(at.Add(3 * time.Second)))
	if got := f.exerciseTime(); got != 90_000 {
		t.Errorf("3 s at pace 10 after 0:01:00 reads %d ms, want 90000", got)
	}
}

// TestFacilitatorRefresh: events ask for a fresh facilitator view at most
// once a second, the asks in between coalesced into one.
func TestFacilitatorRefresh(t *testing.T) {
	t.Parallel()
	f := newFacTest(facMessages(8, 12), 120, 40)
	rec := &facRecorder{}
	f.link = rec
	asks := func() int {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		n := 0
		for _, m := range rec.sent {
			if v, ok := m.(wire.ViewRequest); ok && v.Agency == "" {
				n++
			}
		}
		return n
	}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	seq := f.lastSeq
	ev := func(at time.Duration, typ string) tea.Cmd {
		seq++
		_, cmd := f.Update(facIn{msg: &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: seq, T: 1_300_000, Actor: "police", Type: typ, Payload: engine.Payload{Person: "p06"}}}, at: t0.Add(at)})
		return cmd
	}
	runCmds(f, ev(0, engine.CmdNRMReferral))
	if n := asks(); n != 1 {
		t.Fatalf("after the first event: %d asks, want 1", n)
	}
	for i := range 5 {
		ev(time.Duration(100*(i+1))*time.Millisecond, engine.EvLearned) // not run: each is at most a wait
	}
	if n := asks(); n != 1 || !f.refreshDue {
		t.Fatalf("within the second: %d asks (want 1), refresh due %v", asks(), f.refreshDue)
	}
	runCmds(f, func() tea.Msg { return facRefresh{at: t0.Add(time.Second)} })
	if n := asks(); n != 2 || f.refreshDue {
		t.Fatalf("when the second is up: %d asks (want 2), refresh due %v", n, f.refreshDue)
	}
	// A command event brings nothing of its own: no ask.
	runCmds(f, ev(3*time.Second, engine.EvCommand))
	if n := asks(); n != 2 {
		t.Errorf("a command event asked for a view: %d asks", n)
	}
	runCmds(f, ev(3*time.Second, engine.EvRG))
	if n := asks(); n != 3 {
		t.Errorf("an event a second and more after the last ask: %d asks, want 3", n)
	}
}

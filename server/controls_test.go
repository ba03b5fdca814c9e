package server

import (
	"slices"
	"testing"
	"time"

	"ttx/engine"
	"ttx/server/wire"
)

func eventsOf(evs []engine.Event, typ string) []engine.Event {
	var out []engine.Event
	for _, e := range evs {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

// TestPauseStopsTimeExactly: nothing fires during a pause, and time goes
// on from where it stopped.
func TestPauseStopsTimeExactly(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	h.clock.Add(10 * time.Second)
	if a := fac.command("p", engine.Command{Type: engine.CmdPause, Text: "coffee"}); a.Status != wire.Accepted {
		t.Fatalf("pause: %+v", a)
	}
	until(fac, wire.TypeClock, func(c wire.Clock) bool { return !c.Running })
	h.clock.Add(time.Hour)
	fac.send(wire.ViewRequest{Type: wire.TypeView})
	// The answer to this view, not the snapshot sent when the console joined.
	snap := until(fac, wire.TypeSnapshot, func(s wire.Snapshot) bool { return s.Clock.Started })
	if snap.Clock.T != 10_000 || snap.Clock.Running {
		t.Fatalf("an hour into the pause the clock reads %d ms, running %v", snap.Clock.T, snap.Clock.Running)
	}
	if n := len(eventsOf(h.readLog(), engine.EvInject)); n != 1 { // only the 0s welcome
		t.Fatalf("%d injects fired by the pause, want 1", n)
	}
	fac.command("r", engine.Command{Type: engine.CmdResume})
	h.clock.Add(25 * time.Second)
	fac.send(wire.ViewRequest{Type: wire.TypeView}) // wake the exercise after the clock jump
	call := until(fac, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Payload.Inject == "call" })
	if call.Event.T != 30_000 {
		t.Errorf("the 30s inject fired at %d ms", call.Event.T)
	}
	evs := h.readLog()
	if p, r := eventsOf(evs, "paused"), eventsOf(evs, "resumed"); len(p) != 1 || len(r) != 1 || p[0].T != 10_000 || r[0].T != 10_000 {
		t.Errorf("pause and resume at %v and %v, want both at 10000 ms", p, r)
	}
	if n := len(eventsOf(evs, engine.EvInject)); n != 2 {
		t.Errorf("%d injects, want 2 (welcome, call): nothing twice", n)
	}
}

func TestNoPlay(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	police, _ := h.join(h.info.Seats["police"])
	fac.command("np", engine.Command{Type: engine.CmdNoPlay, Text: "NO PLAY: a fire alarm in the building"})
	e := until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == "no_play" })
	if e.Event.Payload.Text == "" {
		t.Error("NO PLAY without its message")
	}
	until(police, wire.TypeClock, func(c wire.Clock) bool { return c.NoPlay != "" && !c.Running })
	if a := police.command("1", engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}); a.Status != wire.Rejected {
		t.Errorf("a command during NO PLAY: %+v", a)
	}
	fac.command("lift", engine.Command{Type: engine.CmdLiftNoPlay})
	until(police, wire.TypeClock, func(c wire.Clock) bool { return c.NoPlay == "" && c.Running })
	if a := police.command("2", engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}); a.Status != wire.Accepted {
		t.Errorf("a command after NO PLAY: %+v", a)
	}
}

func TestFacilitatorControls(t *testing.T) {
	h := newHarness(t, endlessTutorial(t), nil)
	fac := h.facilitator()
	police, _ := h.join(h.info.Seats["police"])
	seat := until(fac, wire.TypeSeat, func(s wire.Seat) bool { return s.Seat.Seat == "police" && s.Seat.Connected == 1 })
	if seat.Seat.Kind != "police" {
		t.Errorf("seat: %+v", seat)
	}
	if a := fac.control("s", wire.OpStart, nil); a.Status != wire.Accepted {
		t.Fatalf("start: %+v", a)
	}
	fac.send(wire.Control{Type: wire.TypeControl, ID: "p", Op: wire.OpPace, Pace: 500})
	if e := fac.errorFor("p"); e.Code != wire.CodeBadField {
		t.Errorf("pace 500: %+v", e)
	}
	// Trigger a scripted inject now, and send an improvised one.
	fac.command("t1", engine.Command{Type: engine.CmdReleaseInject, Inject: "step-decline"})
	until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Payload.Inject == "step-decline" })
	fac.command("t2", engine.Command{Type: engine.CmdAdhocInject, To: []string{"police"}, From: "Duty inspector", Channel: "radio", Text: "Press are outside."})
	adhoc := until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Payload.Cause == "adhoc" })
	if adhoc.Event.Payload.Text != "Press are outside." {
		t.Errorf("ad-hoc inject: %+v", adhoc.Event.Payload)
	}
	// Advance to the next scheduled thing.
	fac.control("adv", wire.OpAdvance, nil)
	until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Payload.Inject == "call" })
	// The competent authority's decision needs a referral first.
	if a := fac.command("ca", engine.Command{Type: engine.CmdCADecision, Person: "ionut", Kind: "rg", Outcome: "positive"}); a.Status != wire.Rejected || a.Rule != "R6" {
		t.Errorf("RG without referral: %+v", a)
	}
	// The facilitator plays an absent role.
	if a := fac.command("as-health", engine.Command{Actor: "health", Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}); a.Status != wire.Accepted {
		t.Errorf("facilitator as health: %+v", a)
	}
	// View as any agency.
	fac.send(wire.ViewRequest{Type: wire.TypeView, Agency: "housing"})
	if s := until[wire.Snapshot](fac, wire.TypeSnapshot, func(s wire.Snapshot) bool { return s.View != nil }); s.View.Agency != "housing" {
		t.Errorf("view as housing: %+v", s.View)
	}
	// Hand a seat to a bot: it acts.
	fac.control("pace", wire.OpPace, func(c *wire.Control) { c.Pace = 120 })
	fac.send(wire.Control{Type: wire.TypeControl, ID: "bot", Op: wire.OpBot, Seat: "housing", Bot: "doctrine"})
	until(fac, wire.TypeSeat, func(s wire.Seat) bool { return s.Seat.Seat == "housing" && s.Seat.Bot == "doctrine" })
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.clock.Add(time.Second)
		fac.send(wire.ViewRequest{Type: wire.TypeView})
		until[wire.Snapshot](fac, wire.TypeSnapshot, nil)
		if slices.ContainsFunc(h.readLog(), func(e engine.Event) bool { return e.Type == engine.EvCommand && e.Actor == "housing" }) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the housing bot never acted")
		}
		time.Sleep(50 * time.Millisecond)
	}
	fac.send(wire.Control{Type: wire.TypeControl, ID: "unbot", Op: wire.OpBot, Seat: "housing"})
	until(fac, wire.TypeSeat, func(s wire.Seat) bool { return s.Seat.Seat == "housing" && s.Seat.Bot == "" })
	// Start another exercise and join it.
	fac.send(wire.Control{Type: wire.TypeControl, ID: "new", Op: wire.OpCreate, Scenario: "leeds-2013"})
	created := until(fac, wire.TypeCreated, func(c wire.Created) bool { return c.ID == "new" })
	if created.Join.Scenario != "leeds-2013" || len(created.Join.Seats) == 0 {
		t.Fatalf("created: %+v", created)
	}
	_, w := h.join(created.Join.Seats["police"])
	if w.Exercise != created.Join.Exercise {
		t.Errorf("joined %s, want %s", w.Exercise, created.Join.Exercise)
	}
	// End: the score is recorded and play stops.
	fac.command("end", engine.Command{Type: engine.CmdEnd})
	ended := until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == "ended" })
	if ended.Event.Payload.Score == nil {
		t.Error("the end carries no score")
	}
	if a := police.command("late", engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}); a.Status != wire.Rejected {
		t.Errorf("a command after the end: %+v", a)
	}
	until[wire.Score](fac, wire.TypeScore, nil)
}

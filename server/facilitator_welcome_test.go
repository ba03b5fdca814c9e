package server

import (
	"testing"

	"ttx/engine"
	"ttx/server/wire"
)

// TestFacilitatorWelcome: only the facilitator's welcome lists the
// scenario's injects and people, and a facilitator's first connection
// gets every event so far, since its snapshot has no view.
func TestFacilitatorWelcome(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	police, w := h.join(h.info.Seats["police"])
	if len(w.Injects) != 0 || len(w.People) != 0 {
		t.Errorf("a player's welcome lists %d injects and %d people", len(w.Injects), len(w.People))
	}
	if _, w := h.join(h.info.Observer); len(w.Injects) != 0 || len(w.People) != 0 {
		t.Errorf("an observer's welcome lists %d injects and %d people", len(w.Injects), len(w.People))
	}

	first := h.facilitator()
	first.control("s", wire.OpStart, nil)
	first.command("adhoc", engine.Command{Type: engine.CmdAdhocInject, To: []string{"police"}, Channel: "radio", Text: "Press are outside."})
	until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Payload.Cause == "adhoc" })

	c := h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: h.info.Facilitator, Exercise: h.info.Exercise})
	fw := until[wire.Welcome](c, wire.TypeWelcome, nil)
	if len(fw.People) != 3 {
		t.Errorf("the facilitator's welcome names %d people, want 3: %+v", len(fw.People), fw.People)
	}
	var timed, untimed bool
	for _, in := range fw.Injects {
		if in.ID == "" || len(in.To) == 0 || in.Text == "" {
			t.Errorf("inject without id, recipients or text: %+v", in)
		}
		switch {
		case in.ID == "call":
			timed = in.Timed && in.At == 30_000
		case !in.Timed:
			untimed = true
		}
	}
	if !timed || !untimed {
		t.Errorf("injects: want the 30s call timed and at least one untimed: %+v", fw.Injects)
	}
	// History: the started event, then the ad-hoc inject, in order.
	started := until(c, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == engine.EvStarted })
	adhoc := until(c, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Payload.Cause == "adhoc" })
	if started.Event.Seq >= adhoc.Event.Seq || adhoc.Event.Seq > fw.Seq {
		t.Errorf("history out of order: started %d, ad-hoc %d, welcome seq %d", started.Event.Seq, adhoc.Event.Seq, fw.Seq)
	}
}

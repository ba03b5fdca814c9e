package server

import (
	"testing"
	"time"

	"ttx/engine"
	"ttx/server/wire"
)

// TestSeatsInTheLog: the log records who played each seat (a player's
// name when they join and when they leave, a bot taking a seat over), and
// the facilitator's snapshot carries the engine's facilitator view.
func TestSeatsInTheLog(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	c := h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"], Name: "Insp. Khan"})
	until[wire.Welcome](c, wire.TypeWelcome, nil)
	fac.control("s", wire.OpStart, nil)
	fac.control("b", wire.OpBot, func(m *wire.Control) { m.Seat, m.Bot = "health", "doctrine" })
	c.ws.Close()
	want := []struct{ agency, kind, name string }{
		{"police", engine.SeatPerson, "Insp. Khan"},
		{"health", engine.SeatBot, "doctrine"},
		{"police", engine.SeatEmpty, ""},
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var got []engine.Event
		for _, e := range h.readLog() {
			if e.Type == engine.EvSeat {
				got = append(got, e)
			}
		}
		if len(got) == len(want) {
			for i, w := range want {
				if p := got[i].Payload; p.Agency != w.agency || p.Kind != w.kind || p.Text != w.name {
					t.Errorf("seat line %d: %s %s %q, want %s %s %q", i, p.Agency, p.Kind, p.Text, w.agency, w.kind, w.name)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("seat lines %+v, want %d", got, len(want))
		}
		time.Sleep(20 * time.Millisecond)
	}
	fac.send(wire.ViewRequest{Type: wire.TypeView})
	s := until(fac, wire.TypeSnapshot, func(s wire.Snapshot) bool { return s.Facilitator != nil && len(s.Facilitator.Seats) > 0 })
	if s.Facilitator.Seats[0].Agency != "police" {
		t.Errorf("the facilitator view's seats: %+v", s.Facilitator.Seats)
	}
}

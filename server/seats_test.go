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

// TestSeatUpdatesAreChanges: after the welcome's whole list, the
// facilitator hears of each seat that changes, one seat a message, never
// the whole list again.
func TestSeatUpdatesAreChanges(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	for _, seat := range []string{"police", "housing", "health"} {
		h.join(h.info.Seats[seat])
		got := until(fac, wire.TypeSeat, func(s wire.Seat) bool { return s.Seat.Connected == 1 })
		if got.Seat.Seat != seat {
			t.Errorf("seat message for %s, want %s", got.Seat.Seat, seat)
		}
	}
	fac.send(wire.ViewRequest{Type: wire.TypeView})
	until[wire.Snapshot](fac, wire.TypeSnapshot, nil)
	for {
		select {
		case f, ok := <-fac.frames:
			if !ok {
				return
			}
			if f.typ == wire.TypeSeats {
				t.Fatalf("a whole seat list after the welcome: %s", f.raw)
			}
		default:
			return
		}
	}
}

package server

import (
	"strings"
	"testing"

	"ttx/engine"
	"ttx/server/wire"
)

// TestPlayerTextIsCleaned: names and free text reach the log and other
// screens without escape sequences or control characters, and over-long
// fields are refused.
func TestPlayerTextIsCleaned(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)

	p := h.dial()
	p.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"], Name: "\x1b[2J\x1b[HSgt\x07 Patel\n"})
	until[wire.Welcome](p, wire.TypeWelcome, nil)
	seat := until(fac, wire.TypeSeat, func(s wire.Seat) bool { return s.Seat.Seat == "police" && s.Seat.Connected == 1 })
	if got := seat.Seat.Players; len(got) != 1 || got[0] != "Sgt Patel " {
		t.Errorf("the facilitator sees the name %q", got)
	}

	// A name of MaxName characters is fine; one more is refused.
	ok := h.dial()
	ok.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["health"], Name: strings.Repeat("é", wire.MaxName)})
	until[wire.Welcome](ok, wire.TypeWelcome, nil)
	for _, name := range []string{strings.Repeat("x", wire.MaxName+1), strings.Repeat("x", 60<<10)} {
		c := h.dial()
		c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["health"], Name: name})
		if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeBadField {
			t.Errorf("a name of %d bytes: %s, want bad_field", len(name), e.Code)
		}
		if code := c.closed(); code != wire.CloseHandshake {
			t.Errorf("a name of %d bytes: close %d", len(name), code)
		}
	}

	// Free text keeps its lines and loses the rest.
	a := p.command("d1", engine.Command{Type: engine.CmdLogDecision, Stage: 1,
		Text:      "line one\r\n\x1b[31mline two\x1b[0m\tend\u202e",
		Rationale: "\x1b]0;pwned\x07why", From: "\x1b[2Jme"})
	if a.Status != wire.Accepted {
		t.Fatalf("log_decision: %+v", a)
	}
	ev := until(fac, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == engine.CmdLogDecision })
	if got, want := ev.Event.Payload.Text, "line one\nline two\tend"; got != want {
		t.Errorf("relayed text %q, want %q", got, want)
	}
	if got := ev.Event.Payload.Rationale; got != "why" {
		t.Errorf("relayed rationale %q", got)
	}
	for _, e := range h.readLog() {
		if e.Type == engine.EvCommand && e.Payload.Command != nil {
			c := e.Payload.Command
			for _, s := range []string{c.Text, c.Rationale, c.From} {
				if strings.ContainsAny(s, "\x1b\x07\r\u202e") {
					t.Errorf("the log holds %q", s)
				}
			}
		}
	}

	// Over-long text, and ids with control characters, are refused.
	refused := []wire.Command{
		{Type: wire.TypeCommand, ID: "long", Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: strings.Repeat("x", wire.MaxText+1), Rationale: "r"}},
		{Type: wire.TypeCommand, ID: "word", Command: engine.Command{Type: engine.CmdObserve, Person: strings.Repeat("x", wire.MaxWord+1)}},
		{Type: wire.TypeCommand, ID: "list", Command: engine.Command{Type: engine.CmdShare, Person: "ionut", To: make([]string, wire.MaxList+1)}},
	}
	for _, m := range refused {
		p.send(m)
		if e := p.errorFor(m.ID); e.Code != wire.CodeBadField {
			t.Errorf("%s: %s, want bad_field", m.ID, e.Code)
		}
	}
	p.send(wire.Command{Type: wire.TypeCommand, ID: "\x1b[2J", Command: engine.Command{Type: engine.CmdObserve}})
	if e := until[wire.Error](p, wire.TypeError, nil); e.Code != wire.CodeBadField {
		t.Errorf("an id with an escape: %s", e.Code)
	}
}

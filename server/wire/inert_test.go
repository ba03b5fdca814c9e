package wire

import (
	"testing"

	"ttx/engine"
)

// TestMakeInert: a client cleans what it renders, however deep in a
// message a string sits.
func TestMakeInert(t *testing.T) {
	bad := "Insp.\x1b[2J Khan\x07"
	v := engine.View{Name: bad, People: []engine.PersonView{{Alias: bad, Notes: []string{bad}}}, Inbox: []engine.InjectView{{Text: "line one\nline \x1b]0;title\x07two"}}}
	m := &Snapshot{Type: TypeSnapshot, View: &v}
	e := &Event{Type: TypeEvent, Event: engine.Event{Payload: engine.Payload{Text: bad, Command: &engine.Command{Rationale: bad}}}}
	s := &Seats{Type: TypeSeats, Seats: []SeatInfo{{Name: bad, Players: []string{bad}}}}
	for _, msg := range []any{m, e, s} {
		MakeInert(msg)
	}
	for _, got := range []string{v.Name, v.People[0].Alias, v.People[0].Notes[0], e.Event.Payload.Text, e.Event.Payload.Command.Rationale, s.Seats[0].Name, s.Seats[0].Players[0]} {
		if got != "Insp. Khan" {
			t.Errorf("cleaned to %q, want %q", got, "Insp. Khan")
		}
	}
	if got := v.Inbox[0].Text; got != "line one\nline two" {
		t.Errorf("multi-line text cleaned to %q", got)
	}
}

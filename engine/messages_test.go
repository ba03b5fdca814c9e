package engine

import (
	"strings"
	"testing"
	"time"
)

// TestMessagesReachTheOtherScreen: what one agency sends another is in
// the other's inbox, with the sender and the time; a request alerts the
// agency asked, and its answer the asker.
func TestMessagesReachTheOtherScreen(t *testing.T) {
	sc := loadFixture(t, "rules.yaml")
	type want struct {
		agency, kind, from, text string
	}
	tests := []struct {
		name string
		cmds []Command
		want []want
		not  string // an agency that must get nothing
	}{
		{name: "a message with no person",
			cmds: []Command{{Actor: "health", Type: CmdMessage, To: []string{"police", "housing"}, Text: "Police may bring a man with burns"}},
			want: []want{{"police", InboxMessage, "health", "Police may bring a man with burns"}, {"housing", InboxMessage, "health", "Police may bring a man with burns"}},
			not:  "cps"},
		{name: "a share carries its note and its sender",
			cmds: []Command{{Actor: "police", Type: CmdShare, Person: "slovak", To: []string{"housing"}, Text: "please prepare a bed"}},
			want: []want{{"housing", InboxShare, "police", "About Jan. please prepare a bed"}}, not: "health"},
		{name: "a request alerts the agency asked",
			cmds: []Command{{Actor: "police", Type: CmdRequest, Person: "adult", Agency: "health", Kind: "medic"}},
			want: []want{{"health", InboxRequest, "police", "Asks you for a medic for Anna"}}, not: "housing"},
		{name: "an answer reaches the asker",
			cmds: []Command{{Actor: "police", Type: CmdRequest, Person: "adult", Agency: "housing", Kind: "bed"}, {Actor: "housing", Type: CmdAllocate, Request: "q1"}},
			want: []want{{"housing", InboxRequest, "police", "Asks you for a bed for Anna"}, {"police", InboxAnswer, "housing", "Allocated a bed for Anna"}}, not: "health"},
		{name: "a charging request alerts the CPS",
			cmds: []Command{{Actor: "police", Type: CmdChargingRequest, Person: "boss", Text: "file attached"}},
			want: []want{{"cps", InboxRequest, "police", "Asks for charging advice on Boss. file attached"}}, not: "housing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := New(sc, Options{})
			for i, c := range tc.cmds {
				c.T = int64(i+1) * 60_000
				if got := outcome(c, x.Apply(c, time.Time{})); got != "" {
					t.Fatalf("%s refused: %s", c.Type, got)
				}
			}
			for _, w := range tc.want {
				var found bool
				for _, in := range x.View(w.agency).Inbox {
					if in.Kind == w.kind && in.FromAgency == w.from && strings.HasPrefix(in.Text, w.text) && in.T > 0 && in.From != "" {
						found = true
					}
				}
				if !found {
					t.Errorf("%s's inbox has no %s from %s saying %q: %+v", w.agency, w.kind, w.from, w.text, x.View(w.agency).Inbox)
				}
			}
			for _, in := range x.View(tc.not).Inbox {
				if in.Kind != "" {
					t.Errorf("%s got %+v, meant for others", tc.not, in)
				}
			}
		})
	}
}

// TestMessageCountsAsShare: a message meets what a share would, in
// expectations and rubric items (J1).
func TestMessageCountsAsShare(t *testing.T) {
	sc, err := Load("msg.yaml", []byte(`
id: msg
title: Message
rules_as_of: 2024-01-01
clock: {start: 2024-01-01T08:00}
agencies:
  - {id: police, name: Police, kind: police}
  - {id: health, name: NHS, kind: health}
injects:
  - {id: tip, at: 1m, to: [health], channel: email, text: a school email, expect: [{id: pass, action: share, by: [health], within: 15m, points: 2}]}
rubric:
  - {id: msg, text: sent a message, points: 1, event: message, agencies: [health]}
  - {id: log, text: police log, points: 1, event: log_decision, agencies: [police]}
`))
	if err != nil {
		t.Fatal(err)
	}
	x := New(sc, Options{})
	x.Apply(Command{Actor: "health", Type: CmdMessage, To: []string{"police"}, Text: "the school is worried", T: 120_000}, time.Time{})
	x.Apply(Command{Actor: "police", Type: CmdLogDecision, Stage: 1, Text: "noted", Rationale: "the school email", T: 180_000}, time.Time{})
	x.Apply(Command{Actor: Facilitator, Type: CmdEnd, T: 30 * 60_000}, time.Time{})
	if got := x.Score(); got.Total != 100 {
		t.Errorf("a message scored %d, want 100: %+v", got.Total, got.Shortfalls)
	}
}

// TestFacilitatorView: the engine computes the cases, what the competent
// authority owes and by when, open requests and decisions, and the seats.
func TestFacilitatorView(t *testing.T) {
	sc := loadFixture(t, "rules.yaml")
	x := New(sc, Options{})
	apply := func(c Command) {
		t.Helper()
		c.T = x.Now() + 1000
		if got := outcome(c, x.Apply(c, time.Time{})); got != "" {
			t.Fatalf("%s refused: %s", c.Type, got)
		}
	}
	apply(Command{Actor: Facilitator, Type: CmdSeat, Agency: "police", Kind: SeatPerson, Text: "Insp. Khan"})
	apply(Command{Actor: "police", Type: CmdRequest, Person: "adult", Agency: "housing", Kind: "bed"})
	v := x.FacilitatorView()
	if len(v.Requests) != 1 || v.Requests[0].Holder != "housing" {
		t.Errorf("open requests %+v, want police's request to housing", v.Requests)
	}
	if len(v.Seats) != 1 || v.Seats[0].Name != "Insp. Khan" || v.Seats[0].Kind != SeatPerson {
		t.Errorf("seats %+v", v.Seats)
	}
	apply(Command{Actor: "housing", Type: CmdAllocate, Request: "q1"})
	apply(Command{Actor: "police", Type: CmdRemove, Person: "adult"})
	apply(Command{Actor: "police", Type: CmdSeekConsent, Person: "adult"})
	apply(Command{Actor: "police", Type: CmdNRMReferral, Person: "adult"})
	v = x.FacilitatorView()
	if len(v.Cases) != 1 || v.Cases[0].Awaiting != "rg" || v.Cases[0].ReferredBy != "police" {
		t.Fatalf("cases %+v, want Anna awaiting RG", v.Cases)
	}
	if v.Mode == "engine" && v.Cases[0].Due <= v.T {
		t.Errorf("the engine's RG decision is due at %d, not after now (%d)", v.Cases[0].Due, v.T)
	}
	apply(Command{Actor: Facilitator, Type: CmdCADecision, Person: "adult", Kind: "rg", Outcome: "positive"})
	c := x.FacilitatorView().Cases[0]
	if c.RG != "positive" || c.Awaiting != "cg" || c.RecoveryEnds == "" || c.CGFrom != c.RecoveryEnds {
		t.Errorf("after a positive RG: %+v, want CG awaited from the end of the recovery period (R7)", c)
	}
	if got := outcome(Command{Actor: Facilitator, Type: CmdSeat, Agency: "police", Kind: "robot"}, x.Apply(Command{Actor: Facilitator, Type: CmdSeat, Agency: "police", Kind: "robot", T: x.Now()}, time.Time{})); got != "invalid" {
		t.Errorf("a seat of kind robot: %q, want invalid", got)
	}
}

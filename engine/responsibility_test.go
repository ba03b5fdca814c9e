package engine

import (
	"testing"
	"time"
)

// responsibilityScenario has one agency for each way a shortfall can be
// charged: a lead that did not act, a holder asked and silent, a holder
// that refused, an asker that never asked, and an item that could not
// follow its prerequisite.
const responsibilityScenario = `
id: responsibility
title: Responsibility fixture
rules_as_of: 2024-01-01
clock: {start: 2024-01-01T08:00}
agencies:
  - {id: police, name: Police, kind: police}
  - id: housing
    name: Housing
    kind: housing
    resources: [{kind: bed, count: 1}]
  - {id: cps, name: CPS, kind: cps}
  - {id: children, name: Children, kind: child_safeguarding}
people:
  - id: a1
    alias: Ana
    age: 30
    languages: [en]
    known: [police]
    indicators: [{id: i, kind: physical, text: bruises, revealed: [{by: observe}]}]
    truth: {victim: true, accepts_support: true, consents: true}
  - id: c1
    alias: Cata
    age: 15
    languages: [en]
    known: [police]
    indicators: [{id: j, kind: situational, text: lives at work, revealed: [{by: observe}]}]
    truth: {victim: true, accepts_support: true}
  - id: s1
    alias: Sal
    age: 40
    languages: [en]
    known: [police]
    indicators: [{id: k, kind: offending, text: holds passports, revealed: [{by: observe}]}]
    truth: {suspect: true}
injects:
  - id: call
    at: 10m
    to: [police]
    channel: phone
    text: go and look at Ana
    expect: [{id: look, action: observe, by: [police], person: a1, within: 5m, points: 3}]
rubric:
  - {id: place, text: a bed for Ana, points: 2, people: [a1], event: allocate_resource, agencies: [housing], asked: {action: request_resource, by: [police]}}
  - {id: advice, text: advice on Sal, points: 3, people: [s1], event: charging_advice, agencies: [cps], asked: {action: request_charging, by: [police]}}
  - {id: safeguard, text: Cata to children's services, points: 2, people: [c1], event: child_safeguarding, agencies: [police]}
  - {id: refer-child, text: Cata referred, points: 3, people: [c1], event: nrm_referral, agencies: [children], after: [safeguard]}
`

func TestResponsibility(t *testing.T) {
	sc, err := Load("responsibility.yaml", []byte(responsibilityScenario))
	if err != nil {
		t.Fatal(err)
	}
	at := func(m int, c Command) Command { c.T = (time.Duration(m) * time.Minute).Milliseconds(); return c }
	askBed := Command{Actor: "police", Type: CmdRequest, Person: "a1", Agency: "housing", Kind: "bed"}
	type charge struct{ item, agency, cause string }
	tests := []struct {
		name  string
		cmds  []Command
		want  []charge
		score map[string]int // agency -> score; absent: not scored
	}{
		{name: "nothing done: every shortfall is the police's",
			want: []charge{{"place", "police", CauseNotAsked}, {"advice", "police", CauseNotAsked}, {"safeguard", "police", CauseNotDone},
				{"refer-child", "police", CauseNotDone}, {"call.look", "police", CauseNotDone}},
			score: map[string]int{"police": 0}},
		{name: "asked and not answered: the holder's",
			cmds: []Command{at(1, askBed)},
			want: []charge{{"place", "housing", CauseNotAnswered}, {"advice", "police", CauseNotAsked}, {"safeguard", "police", CauseNotDone},
				{"refer-child", "police", CauseNotDone}, {"call.look", "police", CauseNotDone}},
			score: map[string]int{"police": 0, "housing": 0}},
		{name: "refused: the asker should have asked elsewhere",
			cmds: []Command{at(1, askBed), at(2, Command{Actor: "housing", Type: CmdRefuse, Request: "q1", Text: "no beds tonight"})},
			want: []charge{{"place", "police", CauseRefused}, {"advice", "police", CauseNotAsked}, {"safeguard", "police", CauseNotDone},
				{"refer-child", "police", CauseNotDone}, {"call.look", "police", CauseNotDone}},
			score: map[string]int{"police": 0}},
		{name: "answered, and acting before the inject counts",
			cmds: []Command{at(1, Command{Actor: "police", Type: CmdObserve, Person: "a1"}), at(2, askBed), at(3, Command{Actor: "housing", Type: CmdAllocate, Request: "q1"}),
				at(4, Command{Actor: "police", Type: CmdChildSafeguarding, Person: "c1"})},
			want:  []charge{{"advice", "police", CauseNotAsked}, {"refer-child", "children", CauseNotDone}},
			score: map[string]int{"police": 63, "housing": 100, "children": 0}},
		{name: "charging asked and not given: the CPS's",
			cmds:  []Command{at(1, Command{Actor: "police", Type: CmdChargingRequest, Person: "s1"})},
			want:  []charge{{"place", "police", CauseNotAsked}, {"advice", "cps", CauseNotAnswered}, {"safeguard", "police", CauseNotDone}, {"refer-child", "police", CauseNotDone}, {"call.look", "police", CauseNotDone}},
			score: map[string]int{"police": 0, "cps": 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := New(sc, Options{})
			for _, c := range tc.cmds {
				for _, e := range x.Apply(c, time.Time{}) {
					if e.Type == EvRejected {
						t.Fatalf("%s refused: %s", c.Type, e.Payload.Reason)
					}
				}
			}
			x.Apply(Command{Actor: Facilitator, Type: CmdEnd, T: (30 * time.Minute).Milliseconds()}, time.Time{})
			got := x.Score()
			var charges []charge
			for _, s := range got.Shortfalls {
				charges = append(charges, charge{s.Item, s.Agency, s.Cause})
				if s.Reason == "" || s.Points <= 0 {
					t.Errorf("shortfall %+v: no reason or no points", s)
				}
			}
			if len(charges) != len(tc.want) {
				t.Fatalf("shortfalls %v, want %v", charges, tc.want)
			}
			for i := range charges {
				if charges[i] != tc.want[i] {
					t.Errorf("shortfall %d: %v, want %v", i, charges[i], tc.want[i])
				}
			}
			if len(got.Agencies) != len(tc.score) {
				t.Errorf("scored agencies %v, want %v", got.Agencies, tc.score)
			}
			for a, w := range tc.score {
				if g, ok := got.Agencies[a]; !ok || g != w {
					t.Errorf("%s scored %d (scored: %v), want %d", a, g, ok, w)
				}
			}
			// Whole points, and what each agency lost adds up to its
			// shortfalls.
			lost := map[string]int{}
			for _, s := range got.Shortfalls {
				if s.Cause != CausePenalty {
					lost[s.Agency] += s.Points
				}
			}
			for _, d := range got.Detail {
				if d.Possible-d.Earned != lost[d.Agency] {
					t.Errorf("%s: possible %d - earned %d, but shortfalls charged %d", d.Agency, d.Possible, d.Earned, lost[d.Agency])
				}
			}
		})
	}
}

package engine

import (
	"testing"
	"time"
)

const scoringScenario = `
id: scoring
title: Scoring fixture
rules_as_of: 2024-01-01
clock: {start: 2024-01-01T08:00}
agencies:
  - {id: police, name: Police, kind: police}
  - {id: health, name: NHS, kind: health}
people:
  - id: v1
    alias: V1
    age: 30
    languages: [en]
    known: [police, health]
    indicators: [{id: i, kind: physical, text: bruises, revealed: [{by: observe}]}]
    truth: {victim: true, accepts_support: true, consents: true}
  - {id: v2, alias: V2, age: 30, languages: [en], known: [police, health], truth: {victim: true}}
  - {id: n1, alias: N1, age: 30, languages: [en], known: [police, health]}
injects:
  - id: call
    at: 1m
    to: [police]
    channel: phone
    text: go and look
    expect: [{id: look, action: observe, by: [police], person: v1, within: 5m, points: 3}]
rubric:
  - {id: identify, text: identify victims, points: 2, for_each: victim, event: identify, agencies: [police, health]}
  - {id: fast, text: identify within 10m of first indicator, points: 1, for_each: victim, event: identify, within: 10m, from: first_indicator, agencies: [police]}
  - {id: wrong, text: identified a non-victim, points: -1, for_each: non_victim, event: identify}
  - {id: r1, text: non-first-responder referral, points: -4, event: rejected, rule: R1}
`

func TestScoring(t *testing.T) {
	sc, err := Load("scoring.yaml", []byte(scoringScenario))
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		at  time.Duration
		cmd Command
	}
	obs := func(a, p string) Command { return Command{Actor: a, Type: CmdObserve, Person: p} }
	idf := func(a, p string) Command { return Command{Actor: a, Type: CmdIdentify, Person: p} }
	tests := []struct {
		name    string
		steps   []step
		total   int
		police  int
		health  int
		earned  int
		penalty int
	}{
		{name: "nothing done", steps: nil, total: 0, police: 0, health: 0},
		{name: "all done in time",
			steps: []step{{2 * time.Minute, obs("police", "v1")}, {3 * time.Minute, idf("police", "v1")}, {3 * time.Minute, idf("health", "v2")}},
			// Possible: identify 2x2, fast 1x2, look 3 = 9. Health identified
			// V2 without having seen an indicator (R15), so that earns half:
			// 1 of 2. Police never identified V2 for the fast item. Earned:
			// identify 2+1, fast 1, look 3 = 7.
			// Police was responsible for identify V1, fast V1 and V2, look:
			// 2+1+3 of 2+2+3 = 86. Health took identify V2 on itself as a
			// lead: 1 of 2 = 50.
			earned: 7, total: 78, police: 86, health: 50},
		{name: "too slow",
			steps: []step{{2 * time.Minute, obs("police", "v1")}, {20 * time.Minute, idf("police", "v1")}},
			// Police is the first lead listed that knew of V2, so identify V2
			// is expected of it: 2 + 3 of 2+2+1+1+3.
			earned: 5, total: 56, police: 56, health: 0},
		{name: "expectation missed: observed after its deadline",
			steps:  []step{{7 * time.Minute, obs("police", "v1")}},
			earned: 0, total: 0, police: 0, health: 0},
		{name: "penalties once per agency and person",
			steps: []step{{time.Minute, idf("police", "n1")}, {2 * time.Minute, idf("health", "n1")},
				{3 * time.Minute, Command{Actor: "health", Type: CmdNRMReferral, Person: "v1"}},
				{4 * time.Minute, Command{Actor: "health", Type: CmdNRMReferral, Person: "v1"}}},
			penalty: 6, total: 0, police: 0, health: 0},
		{name: "penalty set against earnings",
			steps: []step{{2 * time.Minute, obs("police", "v1")}, {3 * time.Minute, idf("police", "v1")}, {3 * time.Minute, idf("police", "v2")}, {4 * time.Minute, idf("police", "n1")}},
			// V2 has no indicator, so identifying V2 breaks R15 and earns
			// half of each item it meets: identify 1 of 2, fast 0 of 1.
			// Earned 2+1+1+0+3 = 7, less the penalty: 6 of 9.
			earned: 7, penalty: 1, total: 67, police: 67, health: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := New(sc, Options{})
			var all []Event
			for _, s := range tc.steps {
				s.cmd.T = s.at.Milliseconds()
				all = append(all, x.Apply(s.cmd, time.Time{})...)
			}
			all = append(all, x.Apply(Command{Actor: Facilitator, Type: CmdEnd, T: (30 * time.Minute).Milliseconds()}, time.Time{})...)
			got := x.Score()
			if got.Earned != tc.earned || got.Penalty != tc.penalty || got.Total != tc.total || got.Agencies["police"] != tc.police || got.Agencies["health"] != tc.health {
				t.Errorf("earned %d penalty %d total %d police %d health %d; want %d %d %d %d %d",
					got.Earned, got.Penalty, got.Total, got.Agencies["police"], got.Agencies["health"], tc.earned, tc.penalty, tc.total, tc.police, tc.health)
			}
			again := ScoreEvents(sc, all)
			if again.Total != got.Total || again.Earned != got.Earned || again.Penalty != got.Penalty {
				t.Errorf("re-scoring the events gives %d/%d/%d, live %d/%d/%d", again.Total, again.Earned, again.Penalty, got.Total, got.Earned, got.Penalty)
			}
			for _, it := range got.Items {
				for _, a := range it.Awards {
					if a.Seq == 0 {
						t.Errorf("item %s: an award without its event", it.ID)
					}
				}
			}
		})
	}
}

package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"ttx/engine"
)

// TestCoordinateCountsRefusals checks that refused and unanswered
// requests, and charging requests never advised on, count against
// co-ordination (J1).
func TestCoordinateCountsRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		reqs requestStats
		open int // requests never answered
		want string
	}{
		{"33 of 40 refused", requestStats{made: 40, allocated: 7, refusedN: 33}, 0, NotShown},
		{"all allocated", requestStats{made: 40, allocated: 40}, 0, Shown},
		{"half unanswered", requestStats{made: 10, allocated: 6}, 4, PartlyShown},
		{"charging requests never advised on", requestStats{made: 2, allocated: 2, charging: 6}, 0, NotShown},
		{"charging advice given", requestStats{made: 2, allocated: 2, charging: 6, advised: 6}, 0, Shown},
		{"nothing asked", requestStats{}, 0, NotMeasurable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := &Builder{sc: &engine.Scenario{}, reqs: tc.reqs, requests: map[string]int64{}}
			for i := range tc.open {
				b.requests[string(rune('a'+i))] = 0
			}
			if got := b.coordinate(&Report{}).Rating; got != tc.want {
				t.Errorf("rating %q, want %q", got, tc.want)
			}
		})
	}
}

// TestJudgeStage checks that a decision-log entry's Joint Decision Model
// stage (J2) is judged by what it records.
func TestJudgeStage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, rationale, risk string
		want                  int
	}{
		{"Working strategy for phase: entry", "shared picture of threat and risk with partner agencies; safeguard first", "", 2},
		{"Decision timing: option two-waves", "the option that keeps potential victims safe", "", 4},
		{"No NRM referral for Jozef", "adult does not consent; no Duty to Notify exists on this date", "", 3},
		{"Removed six people to the reception centre", "safeguard first", "", 5},
		{"Gather what partners know of the address", "build the picture", "", 1},
		{"Jozef stays at the address", "his choice", "remains with the exploiters", 2},
		{"review beds (3)", "demand is rising", "", 5},
		{"noted", "ok", "", 0},
	}
	for _, tc := range tests {
		if got := judgeStage(tc.text, tc.rationale, tc.risk); got != tc.want {
			t.Errorf("judgeStage(%q, %q, %q) = %d, want %d", tc.text, tc.rationale, tc.risk, got, tc.want)
		}
	}
}

// TestJointRiskIgnoresWrongTags checks that "Jointly understand risk" is
// judged by what decision-log entries say, not by their stage tags, and
// that mismatches are reported.
func TestJointRiskIgnoresWrongTags(t *testing.T) {
	t.Parallel()
	type entry struct {
		agency, text, rationale string
		stage                   int
	}
	tests := []struct {
		name       string
		entries    []entry
		want       string
		mismatches int
	}{
		{"risk assessments tagged as other stages still count", []entry{
			{"police", "Working strategy for phase: entry", "threat and risk to victims at the sites", 5},
			{"housing", "Risk to families in the HMO", "overcrowding and fire risk", 1},
		}, Shown, 2},
		{"actions tagged stage 2 are not risk assessments", []entry{
			{"police", "Removed six people to the reception centre", "safeguard first", 2},
			{"housing", "Allocated four beds", "demand is rising", 2},
		}, NotShown, 2},
		{"correct tags: no mismatch", []entry{
			{"police", "Threat assessment of the sites", "intelligence from Border Force", 2},
		}, PartlyShown, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := &Builder{sc: &engine.Scenario{Agencies: []engine.Agency{{ID: "police"}, {ID: "housing"}}}, riskBy: map[string]int{}}
			for i := range b.stages {
				b.stages[i] = stageState{agencies: map[string]int{}, entries: map[[3]string]*DecisionEntry{}}
			}
			b.inMin = map[string]bool{}
			for _, en := range tc.entries {
				b.logDecision(&engine.Event{Actor: en.agency, Type: engine.CmdLogDecision, Payload: engine.Payload{Stage: en.stage, Text: en.text, Rationale: en.rationale}})
			}
			p := b.jointRisk()
			if p.Rating != tc.want {
				t.Errorf("rating %q, want %q: %v", p.Rating, tc.want, p.Signals)
			}
			if b.mismatches != tc.mismatches {
				t.Errorf("%d mismatches, want %d", b.mismatches, tc.mismatches)
			}
		})
	}
}

// TestCommunicateIsProportionate checks that "Communicate" is shown only
// when sharing reached the agencies with a role for each victim and no
// more than one in ten recipients of a person's details had no role for
// the person (J1; [engine.HasRole]).
func TestCommunicateIsProportionate(t *testing.T) {
	t.Parallel()
	agencies := []engine.Agency{
		{ID: "police", Name: "Police", Kind: "police"},
		{ID: "children", Name: "Children's services", Kind: "child_safeguarding"},
		{ID: "adults", Name: "Adult social care", Kind: "adult_safeguarding"},
		{ID: "housing", Name: "Housing", Kind: "housing"},
		{ID: "health", Name: "Health", Kind: "health"},
		{ID: "cps", Name: "CPS", Kind: "cps"},
	}
	var people []engine.Person
	for i := range 10 {
		people = append(people, engine.Person{ID: fmt.Sprintf("v%d", i), Age: 30, Truth: engine.Truth{Victim: true}})
	}
	people = append(people, engine.Person{ID: "boss", Age: 45, Truth: engine.Truth{Suspect: true}})
	withRole := []string{"adults", "housing", "health"}
	all := []string{"children", "adults", "housing", "health", "cps"}
	tests := []struct {
		name    string
		to      func(person string) []string
		heldBy  []string // agencies that end up holding each victim's indicators
		want    string
		signal  string // a signal the principle must list
		without string // a signal it must not
	}{
		{"only agencies with a role", func(p string) []string {
			if p == "boss" {
				return []string{"cps"}
			}
			return withRole
		}, []string{"police", "adults", "housing", "health"}, Shown, "40 of 40 agencies with a role", "no role"},
		{"every victim to every agency", func(p string) []string { return all }, []string{"police", "children", "adults", "housing", "health", "cps"}, PartlyShown,
			"24 of 55 recipients of a person's details had no role for that person (not necessary and proportionate): Children's services got details of 11 people; Adult social care got details of 1 person; Housing got details of 1 person; Health got details of 1 person; CPS got details of 10 people", ""},
		{"the CPS told of one victim: within a tenth", func(p string) []string {
			switch p {
			case "boss":
				return []string{"cps"}
			case "v0":
				return append(slices.Clone(withRole), "cps")
			}
			return withRole
		}, []string{"police", "adults", "housing", "health"}, Shown, "1 of 32 recipients", ""},
		{"a role never reached", func(p string) []string { return []string{"housing"} }, []string{"police", "housing"}, PartlyShown, "20 of 40 agencies with a role", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := &engine.Scenario{Agencies: agencies, People: people}
			b := NewBuilder(engine.Header{}, sc)
			for _, p := range people {
				if p.Truth.Victim {
					for _, a := range tc.heldBy {
						b.sawInd[[2]string{a, p.ID}] = seen{}
					}
				}
				b.share(&engine.Event{Actor: "police", Type: engine.CmdShare, Payload: engine.Payload{Person: p.ID, Agencies: tc.to(p.ID)}})
			}
			// Every holder passes something back: a message, about no one.
			for _, a := range tc.heldBy[1:] {
				b.share(&engine.Event{Actor: a, Type: engine.CmdShare, Payload: engine.Payload{Agencies: []string{"police"}}})
			}
			pr := b.communicate(&Report{})
			signals := strings.Join(pr.Signals, "\n")
			if pr.Rating != tc.want {
				t.Errorf("rating %q, want %q: %s", pr.Rating, tc.want, signals)
			}
			if !strings.Contains(signals, tc.signal) {
				t.Errorf("signals lack %q:\n%s", tc.signal, signals)
			}
			if tc.without != "" && strings.Contains(signals, tc.without) {
				t.Errorf("signals have %q:\n%s", tc.without, signals)
			}
		})
	}
}

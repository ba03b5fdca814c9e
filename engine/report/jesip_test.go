package report

import (
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

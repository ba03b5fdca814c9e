package engine_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"ttx/engine"
)

// exampleRun is the run the worked example of docs/scenario-format.md
// (section 18) describes, command by command, at its exercise minutes.
func exampleRun(bed bool, bedAt int) []engine.Command {
	at := func(min int, c engine.Command) engine.Command {
		c.T = (time.Duration(min) * time.Minute).Milliseconds()
		return c
	}
	cmds := []engine.Command{
		at(5, engine.Command{Actor: "wyp", Type: engine.CmdLogDecision, Stage: 1, Text: "Tip-off about the car wash", Rationale: "gather intelligence before acting"}),
		at(10, engine.Command{Actor: "wyp", Type: engine.CmdShare, To: []string{"council", "sa"}, Text: "Possible labour exploitation at Sparkle Hand Car Wash"}),
		at(12, engine.Command{Actor: "wyp", Type: engine.CmdDecide, Decision: "d1_timing", Option: "plan"}),
		at(50, engine.Command{Actor: "wyp", Type: engine.CmdObserve, Person: "andrei"}),
		at(50, engine.Command{Actor: "wyp", Type: engine.CmdIdentify, Person: "andrei"}),
		at(51, engine.Command{Actor: "wyp", Type: engine.CmdRequest, Person: "andrei", Agency: "sa", Kind: "interpreter", Language: "ro"}),
		at(52, engine.Command{Actor: "sa", Type: engine.CmdAllocate, Request: "q1"}),
		at(55, engine.Command{Actor: "wyp", Type: engine.CmdObserve, Person: "florin"}),
		at(55, engine.Command{Actor: "wyp", Type: engine.CmdIdentify, Person: "florin"}),
		at(56, engine.Command{Actor: "wyp", Type: engine.CmdRequest, Person: "florin", Agency: "sa", Kind: "interpreter", Language: "ro"}),
		at(57, engine.Command{Actor: "sa", Type: engine.CmdAllocate, Request: "q2"}),
		at(58, engine.Command{Actor: "wyp", Type: engine.CmdOfferSupport, Person: "florin"}),
		at(59, engine.Command{Actor: "wyp", Type: engine.CmdRecordDecline, Person: "florin", Text: "will not leave; afraid for his family", Risk: "stays on site with the manager"}),
		at(60, engine.Command{Actor: "wyp", Type: engine.CmdSeekConsent, Person: "florin"}),
		at(61, engine.Command{Actor: "wyp", Type: engine.CmdDutyToNotify, Person: "florin"}),
		at(62, engine.Command{Actor: "wyp", Type: engine.CmdArrest, Person: "gheorghe"}),
	}
	if bed {
		cmds = append(cmds,
			at(bedAt, engine.Command{Actor: "wyp", Type: engine.CmdRequest, Person: "andrei", Agency: "council", Kind: "bed"}),
			at(bedAt+1, engine.Command{Actor: "council", Type: engine.CmdAllocate, Request: "q3"}),
			at(bedAt+2, engine.Command{Actor: "wyp", Type: engine.CmdRemove, Person: "andrei", Place: "supported house"}),
			at(bedAt+3, engine.Command{Actor: "wyp", Type: engine.CmdSeekConsent, Person: "andrei"}),
			at(bedAt+4, engine.Command{Actor: "wyp", Type: engine.CmdNRMReferral, Person: "andrei"}),
		)
	}
	return cmds
}

// TestWorkedExample loads docs/examples/car-wash.yaml, checks that the
// format reference shows it as it is, plays the run the reference
// describes and its variations, and checks the scores the reference
// states.
func TestWorkedExample(t *testing.T) {
	data, err := os.ReadFile("../docs/examples/car-wash.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(doc), "## 18. A complete worked example")
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(string(doc[i:]))
	if i < 0 || m == nil || m[1] != string(data) {
		t.Fatal("section 18 of docs/scenario-format.md does not show docs/examples/car-wash.yaml as it is")
	}
	sc, err := engine.Load("docs/examples/car-wash.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	type charge struct{ item, agency, cause string }
	tests := []struct {
		name     string
		cmds     []engine.Command
		total    int
		agencies map[string]int
		charges  []charge
	}{
		{name: "as described: Florin observed late",
			cmds: exampleRun(true, 64), total: 96, agencies: map[string]int{"wyp": 96, "council": 100, "sa": 100},
			charges: []charge{{"r_observe", "wyp", engine.CauseLate}}},
		{name: "the bed never asked for",
			cmds: exampleRun(false, 0), total: 54, agencies: map[string]int{"wyp": 50, "sa": 100},
			charges: []charge{{"r_observe", "wyp", engine.CauseLate}, {"r_safe", "wyp", engine.CauseNotDone}, {"r_bed", "wyp", engine.CauseNotAsked},
				{"r_refer", "wyp", engine.CauseNotDone}, {"i2_entry.e2_remove", "wyp", engine.CauseNotDone}}},
		{name: "the bed asked for and never answered",
			cmds:  append(exampleRun(false, 0), engine.Command{Actor: "wyp", Type: engine.CmdRequest, Person: "andrei", Agency: "council", Kind: "bed", T: (64 * time.Minute).Milliseconds()}),
			total: 54, agencies: map[string]int{"wyp": 54, "council": 0, "sa": 100},
			charges: []charge{{"r_observe", "wyp", engine.CauseLate}, {"r_safe", "wyp", engine.CauseNotDone}, {"r_bed", "council", engine.CauseNotAnswered},
				{"r_refer", "wyp", engine.CauseNotDone}, {"i2_entry.e2_remove", "wyp", engine.CauseNotDone}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := engine.New(sc, engine.Options{Seed: 1})
			for _, c := range tc.cmds {
				for _, e := range x.Apply(c, time.Time{}) {
					if e.Type == engine.EvRejected {
						t.Fatalf("%s %s refused: %s", c.Actor, c.Type, e.Payload.Reason)
					}
				}
			}
			x.Apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdEnd, T: (90 * time.Minute).Milliseconds()}, time.Time{})
			got := x.Score()
			if got.Total != tc.total || len(got.Agencies) != len(tc.agencies) {
				t.Errorf("total %d, agencies %v; want %d, %v", got.Total, got.Agencies, tc.total, tc.agencies)
			}
			for a, w := range tc.agencies {
				if got.Agencies[a] != w {
					t.Errorf("%s scored %d, want %d", a, got.Agencies[a], w)
				}
			}
			var charges []charge
			for _, s := range got.Shortfalls {
				charges = append(charges, charge{s.Item, s.Agency, s.Cause})
			}
			if len(charges) != len(tc.charges) {
				t.Fatalf("shortfalls %v, want %v", charges, tc.charges)
			}
			for i := range charges {
				if charges[i] != tc.charges[i] {
					t.Errorf("shortfall %d: %v, want %v", i, charges[i], tc.charges[i])
				}
			}
		})
	}
}

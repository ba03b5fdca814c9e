package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"ttx/engine/report"
)

// runs simulates a bundled scenario with both kinds of bot and several
// seeds, and returns the labels and reports.
func runs(t *testing.T, id string, seeds ...int64) ([]string, []*report.Report) {
	t.Helper()
	var labels []string
	var reps []*report.Report
	for _, bots := range []string{"doctrine", "naive"} {
		for _, seed := range seeds {
			labels = append(labels, fmt.Sprintf("%s-%d", bots, seed))
			reps = append(reps, build(t, simulate(t, id, bots, seed)))
		}
	}
	return labels, reps
}

func TestCompare(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"tutorial", "wyatn-large-scale"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			labels, reps := runs(t, id, 1, 2, 3)
			c, err := report.Compare(labels, reps, report.CompareOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Runs) != 6 || c.Scenario != id {
				t.Fatalf("%d runs of %s", len(c.Runs), c.Scenario)
			}
			for i, run := range c.Runs {
				if run.Label != labels[i] || run.Total != reps[i].Scores.Total || run.Victims != len(reps[i].Journeys) {
					t.Errorf("run %d: %+v", i, run)
				}
			}
			// Good practice beats first impressions in every pairing.
			for i := range 3 {
				if c.Runs[i].Total <= c.Runs[i+3].Total || c.Runs[i].Findings > c.Runs[i+3].Findings {
					t.Errorf("doctrine %+v\nnaive %+v", c.Runs[i], c.Runs[i+3])
				}
			}
			for _, a := range c.Agencies {
				if len(a.Scores) != 6 || a.Scores[0] == nil {
					t.Errorf("agency %s: %v", a.Agency, a.Scores)
				}
			}
			if len(c.Journeys) != len(reps[0].Journeys) {
				t.Errorf("%d journeys, %d victims", len(c.Journeys), len(reps[0].Journeys))
			}
			differ := 0
			for _, it := range c.Items {
				if !it.Same() {
					differ++
				}
			}
			if differ == 0 {
				t.Error("no item differs between good practice and first impressions")
			}
			var b bytes.Buffer
			if err := c.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"6 runs side by side", "doctrine-1", "naive-3", "AGENCY", "VICTIM", "RULE FINDINGS"} {
				if !strings.Contains(b.String(), want) {
					t.Errorf("text lacks %q", want)
				}
			}
		})
	}
}

func TestCompareRefuses(t *testing.T) {
	t.Parallel()
	a := build(t, simulate(t, "tutorial", "doctrine", 1))
	b := build(t, simulate(t, "leeds-2013", "doctrine", 1))
	if _, err := report.Compare([]string{"a", "b"}, []*report.Report{a, b}, report.CompareOptions{}); !errors.Is(err, report.ErrDifferentScenarios) || !strings.Contains(err.Error(), "leeds-2013") {
		t.Errorf("different scenarios: %v", err)
	}
	if _, err := report.Compare([]string{"a"}, []*report.Report{a}, report.CompareOptions{}); err == nil {
		t.Error("compared one run")
	}
	// Another version of the same scenario.
	revised := *a
	revised.Summary.ScenarioSHA256 = strings.Repeat("0", 64)
	if _, err := report.Compare([]string{"a", "v2"}, []*report.Report{a, &revised}, report.CompareOptions{}); !errors.Is(err, report.ErrRevisedScenario) {
		t.Errorf("a revised scenario: %v", err)
	}
	c, err := report.Compare([]string{"a", "v2"}, []*report.Report{a, &revised}, report.CompareOptions{AllowRevised: true})
	if err != nil || len(c.Notes) == 0 {
		t.Errorf("allowed revised scenario: %v, notes %v", err, c)
	}
}

// revise edits the tutorial's rubric: one item's points changed, one
// removed (renamed), one added.
func revise(t testing.TB) []byte {
	_, data := bundled(t, "tutorial")
	s := string(data)
	for _, r := range [][2]string{
		{"  - id: police-log\n", "  - id: police-logs\n"},
		{"  - id: seek-consent\n    text: Sought informed consent, through an interpreter, from each adult victim.\n    evidences: [R2, o3]\n    agencies: [police, housing]\n    points: 2\n",
			"  - id: seek-consent\n    text: Sought informed consent, through an interpreter, from each adult victim.\n    evidences: [R2, o3]\n    agencies: [police, housing]\n    points: 4\n"},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("the tutorial no longer has %q", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	return []byte(s + "  - id: shared-fast\n    text: Police shared with partners within three minutes.\n    evidences: [J1, o4]\n    agencies: [police]\n    points: 3\n    event: share\n    within: 3m\n")
}

func TestRescore(t *testing.T) {
	t.Parallel()
	rev := revise(t)
	_, same := bundled(t, "tutorial")
	for _, bots := range []string{"doctrine", "naive"} {
		for _, seed := range []int64{1, 2, 4} {
			t.Run(fmt.Sprintf("%s-%d", bots, seed), func(t *testing.T) {
				t.Parallel()
				log := simulate(t, "tutorial", bots, seed)
				rs, err := report.Rescore(bytes.NewReader(log), "tutorial-v2.yaml", rev)
				if err != nil {
					t.Fatal(err)
				}
				r := build(t, log)
				if rs.Old.Total != r.Scores.Total || rs.Recorded == nil || *rs.Recorded != rs.Old.Total {
					t.Errorf("old total %d, the report's %d, recorded %v", rs.Old.Total, r.Scores.Total, rs.Recorded)
				}
				change := map[string]string{}
				for _, it := range rs.Items {
					change[it.ID] = it.Change
				}
				if change["police-log"] != report.Removed || change["police-logs"] != report.Added || change["shared-fast"] != report.Added || change["seek-consent"] != report.Changed || change["observe-first"] != report.Same {
					t.Errorf("changes %v", change)
				}
				if rs.New.Possible != rs.Old.Possible+3+4 {
					t.Errorf("possible %d -> %d, want +7", rs.Old.Possible, rs.New.Possible)
				}
				var b bytes.Buffer
				if err := rs.WriteText(&b); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(b.String(), "points 2 -> 4") || !strings.Contains(b.String(), "shared-fast") {
					t.Errorf("text:\n%s", b.String())
				}
				// The same scenario changes nothing.
				unchanged, err := report.Rescore(bytes.NewReader(log), "tutorial.yaml", same)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range unchanged.Items {
					if it.Change != report.Same {
						t.Errorf("unchanged rubric: %s %s", it.ID, it.Change)
					}
				}
				if unchanged.New != unchanged.Old {
					t.Errorf("unchanged rubric: %+v -> %+v", unchanged.Old, unchanged.New)
				}
			})
		}
	}
	_, leeds := bundled(t, "leeds-2013")
	if _, err := report.Rescore(bytes.NewReader(simulate(t, "tutorial", "naive", 1)), "leeds.yaml", leeds); !errors.Is(err, report.ErrDifferentScenarios) {
		t.Errorf("another scenario: %v", err)
	}
	if _, err := report.Rescore(bytes.NewReader(simulate(t, "tutorial", "naive", 1)), "bad.yaml", []byte("id: [")); err == nil {
		t.Error("a broken revised scenario was accepted")
	}
}

func TestTrends(t *testing.T) {
	t.Parallel()
	tb := report.NewTrends()
	labels, reps := runs(t, "tutorial", 1, 2, 3)
	for i, r := range reps {
		tb.Add(labels[i], r)
	}
	// Two runs in which health says nothing: it misses what it is told.
	for seed := range int64(2) {
		p := mixed()
		p.seed = seed + 1
		tb.Add(fmt.Sprintf("mixed-%d", p.seed), build(t, p.log(t)))
	}
	tr := tb.Result(2)
	if len(tr.Logs) != 8 {
		t.Fatalf("%d logs", len(tr.Logs))
	}
	need := func(agency, evidence string) bool {
		for _, n := range tr.Needs {
			if n.Agency == agency && n.Evidence == evidence && n.Logs >= 2 {
				return true
			}
		}
		return false
	}
	// Naive police refer adults without consent in every naive run.
	if !need("police", "R2") {
		t.Errorf("no repeated R2 need for police: %+v", tr.Needs)
	}
	missed := false
	for _, m := range tr.Missed {
		missed = missed || (m.Agency == "health" && m.Logs == 2)
	}
	if !missed || !need("health", "J1, R15") {
		t.Errorf("health's missed indicators in both mixed runs not found: %+v", tr.Missed)
	}
	for _, n := range tr.Needs {
		if n.Logs < 2 || n.Train == "" {
			t.Errorf("need %+v", n)
		}
	}
	// With a higher bar, fewer needs.
	if strict := tb.Result(4); len(strict.Needs) >= len(tr.Needs) {
		t.Errorf("min 4: %d needs, min 2: %d", len(strict.Needs), len(tr.Needs))
	}
	var b bytes.Buffer
	if err := tr.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Training needs across 8 debrief logs of 1 scenario", "MISSED INDICATORS", "RULES BROKEN", "GOOD PRACTICE NOT EARNED"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

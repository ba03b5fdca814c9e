package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ttx/engine"
	"ttx/engine/report"
	"ttx/scenarios"
)

// simulateMixed plays a bundled scenario with the bots given for some
// seats and bots of kind def in the rest, as 'ttx simulate' does, and
// returns its log.
func simulateMixed(t testing.TB, id string, bots map[string]string, def string, seed int64) []byte {
	t.Helper()
	sc, data := bundled(t, id)
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, header(sc, id, data, seed))
	if err != nil {
		t.Fatal(err)
	}
	err = engine.Simulate(sc, engine.SimulateOptions{Options: engine.Options{Seed: seed}, Bots: bots, Default: def, Wall: fixedWall}, func(evs []engine.Event) error {
		for i := range evs {
			if err := lw.Append(&evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestScoresPractitionersTrust holds the scores to what a practitioner
// would say of each run: good practice everywhere scores well for every
// agency; first impressions everywhere score badly; when only police play
// badly, police is lowest and owns the top of the improvement plan; and
// the debrief's journey summary agrees with its table.
func TestScoresPractitionersTrust(t *testing.T) {
	for _, id := range scenarios.IDs() {
		for seed := int64(1); seed <= 5; seed++ {
			t.Run(fmt.Sprintf("%s/%d", id, seed), func(t *testing.T) {
				t.Parallel()
				doctrine := buildReport(t, simulateMixed(t, id, nil, "doctrine", seed))
				if doctrine.Scores.Total < 95 {
					t.Errorf("doctrine: total %d, want at least 95", doctrine.Scores.Total)
				}
				for _, a := range doctrine.Scores.Agencies {
					if a.Scored && a.Score < 90 {
						t.Errorf("doctrine: %s scored %d, want at least 90 (lost %v)", a.Agency, a.Score, a.Lost)
					}
				}
				naive := buildReport(t, simulateMixed(t, id, nil, "naive", seed))
				if naive.Scores.Total > 20 {
					t.Errorf("naive: total %d, want at most 20", naive.Scores.Total)
				}
				if len(naive.Missed) == 0 {
					t.Error("naive: no missed opportunities listed")
				}
				police := buildReport(t, simulateMixed(t, id, map[string]string{"police": "naive"}, "doctrine", seed))
				var low int = 101
				for _, a := range police.Scores.Agencies {
					if a.Scored && a.Agency != "police" {
						low = min(low, a.Score)
					}
				}
				if p := agencyScore(police, "police"); p >= low {
					t.Errorf("police naive: police scored %d, not below every other agency (lowest other %d)", p, low)
				}
				for i, im := range police.Plan.Improvements[:min(3, len(police.Plan.Improvements))] {
					if im.Owner != "police" {
						t.Errorf("police naive: improvement %d is owned by %s: %v", i+1, im.Owner, im.Observations)
					}
				}
				for _, sh := range police.Scores.Shortfalls {
					if sh.Agency != "police" && sh.Agency != "" {
						t.Errorf("police naive: %d points charged to %s: %s", sh.Points, sh.Agency, sh.Reason)
					}
				}
				for _, r := range []*report.Report{doctrine, naive, police} {
					checkJourneyTotals(t, r)
				}
			})
		}
	}
}

func buildReport(t testing.TB, log []byte) *report.Report {
	t.Helper()
	r, err := report.FromLog(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func agencyScore(r *report.Report, id string) int {
	for _, a := range r.Scores.Agencies {
		if a.Agency == id {
			return a.Score
		}
	}
	return -1
}

// checkJourneyTotals counts the journey table's rows and compares them
// with the summary.
func checkJourneyTotals(t *testing.T, r *report.Report) {
	t.Helper()
	var identified, safe, declined, referred, notified int
	for _, j := range r.Journeys {
		if j.Identified != nil {
			identified++
		}
		switch {
		case j.Safe != nil:
			safe++
		case j.Declined != nil:
			declined++
		}
		switch {
		case j.Referred != nil:
			referred++
		case j.Notified != nil:
			notified++
		}
	}
	tot := r.JourneyTotals
	got := []int{tot.Victims, tot.Identified.Count, tot.Safe.Count, tot.Declined.Count, tot.Referred.Count, tot.Notified.Count}
	want := []int{len(r.Journeys), identified, safe, declined, referred, notified}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("journey summary %v, table %v", got, want)
			break
		}
	}
	for _, st := range []report.StepTotal{tot.Identified, tot.Safe, tot.Declined, tot.Referred, tot.Notified} {
		if st.MeanDelay < 0 || st.After+st.Before != st.Count {
			t.Errorf("journey step total %+v: negative or not adding up", st)
		}
	}
}

// TestTrendsBlameTheResponsibleAgency: across logs where only police
// played badly, the training needs name police and no other agency.
func TestTrendsBlameTheResponsibleAgency(t *testing.T) {
	dir := t.TempDir()
	tb := report.NewTrends()
	for _, id := range scenarios.IDs() {
		for seed := int64(1); seed <= 2; seed++ {
			log := simulateMixed(t, id, map[string]string{"police": "naive"}, "doctrine", seed)
			name := fmt.Sprintf("%s-%d.jsonl", id, seed)
			if err := os.WriteFile(filepath.Join(dir, name), log, 0o644); err != nil {
				t.Fatal(err)
			}
			tb.Add(name, buildReport(t, log))
		}
	}
	tr := tb.Result(3)
	if len(tr.Needs) == 0 {
		t.Fatal("no training needs found in six runs with police naive")
	}
	for _, n := range tr.Needs {
		if n.Agency != "police" {
			t.Errorf("training need for %s: %s", n.Agency, n.Need)
		}
	}
}

// TestAdultSafeguardingByDate: a debrief of the 2013 Leeds case cites the
// adult protection of its day ("No Secrets"), not the Care Act 2014 s.42
// enquiry, in force only from 1 April 2015 (R12); a 2016 one cites s.42.
func TestAdultSafeguardingByDate(t *testing.T) {
	tests := []struct {
		id, want, not string
	}{
		{"leeds-2013", `"No Secrets"`, "Care Act 2014 s.42 enquiry in parallel"},
		{"wyatn-large-scale", "Care Act 2014 s.42 enquiry in parallel", `"No Secrets" guidance, 2000`},
	}
	for _, tc := range tests {
		r := buildReport(t, simulateMixed(t, tc.id, nil, "naive", 1))
		var md bytes.Buffer
		if err := r.Markdown(&md); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(md.String(), tc.want) || strings.Contains(md.String(), tc.not) {
			t.Errorf("%s: the debrief should cite %q and not %q", tc.id, tc.want, tc.not)
		}
	}
}

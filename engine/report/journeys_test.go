package report

import (
	"strings"
	"testing"
)

func at(t int64, agency string) *Step { return &Step{T: t, Agency: agency} }

// TestJourneyTotalsMatchTable checks that the summary under the journey
// table counts what the table shows, and averages delays only over the
// steps taken after a first indicator.
func TestJourneyTotalsMatchTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		journeys []Journey
		want     []string // each must be in the summary
		not      []string // none may be
	}{
		{
			name: "identified before any indicator is counted, not averaged",
			journeys: []Journey{
				{Alias: "A", Identified: at(46*minuteMillis, "police"), FirstIndicator: at(48*minuteMillis, "police"), Safe: at(48*minuteMillis, "police")},
				{Alias: "B", Identified: at(6*minuteMillis, "health"), FirstIndicator: at(6*minuteMillis, "health")},
				{Alias: "C", Identified: at(46*minuteMillis, "police")},
				{Alias: "D", Identified: at(50*minuteMillis, "police")},
			},
			want: []string{"Of 4 victims:", "4 identified (1 of them on average 0s after the first indicator; 3 before any indicator of them was seen)", "1 made safe (on average 0s after the first indicator)"},
			not:  []string{"-"},
		},
		{
			name: "children referred without an indicator are counted",
			journeys: []Journey{
				{Alias: "A", Child: true, Identified: at(48*minuteMillis, "police"), Referred: at(54*minuteMillis, "child_safeguarding")},
				{Alias: "B", Child: true, Identified: at(51*minuteMillis, "police"), Referred: at(52*minuteMillis, "child_safeguarding")},
				{Alias: "C", Identified: at(51*minuteMillis, "police")},
			},
			want: []string{"3 identified", "2 referred into the NRM (2 before any indicator of them was seen)", "0 made safe"},
		},
		{
			name: "declines and Duty to Notify reports are counted as the table shows them",
			journeys: []Journey{
				{Alias: "A", FirstIndicator: at(0, "police"), Identified: at(minuteMillis, "police"), Declined: at(3*minuteMillis, "police"), Notified: at(4*minuteMillis, "police")},
				{Alias: "B", FirstIndicator: at(0, "police"), Identified: at(minuteMillis, "police"), Safe: at(2*minuteMillis, "police"), Declined: at(3*minuteMillis, "police")},
				{Alias: "C", FirstIndicator: at(0, "police"), Identified: at(minuteMillis, "police"), Safe: at(2*minuteMillis, "police"), Referred: at(5*minuteMillis, "police"), Notified: at(6*minuteMillis, "police")},
			},
			want: []string{"3 identified (on average 1m after the first indicator)", "2 made safe (on average 2m after", "1 not made safe but recorded as declining support (on average 3m after",
				"1 referred into the NRM (on average 5m after", "1 notified to the Home Office under the Duty to Notify (R4) (on average 4m after"},
		},
		{
			name:     "no victims, no summary",
			journeys: nil,
			want:     nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tot := totalJourneys(tc.journeys)
			got := journeyStats(tot)
			if tc.want == nil && got != "" {
				t.Fatalf("summary %q, want none", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("summary lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("summary has %q:\n%s", n, got)
				}
			}
			// Each count is the table's: a row per journey with the step.
			ids, safe := 0, 0
			for _, j := range tc.journeys {
				if j.Identified != nil {
					ids++
				}
				if j.Safe != nil {
					safe++
				}
			}
			if tot.Identified.Count != ids || tot.Safe.Count != safe {
				t.Errorf("totals %+v, want %d identified and %d safe", tot, ids, safe)
			}
			for _, st := range []StepTotal{tot.Identified, tot.Safe, tot.Declined, tot.Referred, tot.Notified} {
				if st.MeanDelay < 0 || st.After+st.Before != st.Count {
					t.Errorf("step total %+v", st)
				}
			}
		})
	}
}

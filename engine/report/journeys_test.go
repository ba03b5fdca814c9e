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

// TestDeclinedRecordedIsDrawnApart checks that a recorded decline of
// support is drawn, in the chart and in the table, as a state of its own,
// not as an open "safe, not yet referred" stretch (R9).
func TestDeclinedRecordedIsDrawnApart(t *testing.T) {
	t.Parallel()
	x := func(t int64) float64 { return float64(t) / 1000 }
	end := int64(60 * minuteMillis)
	tests := []struct {
		name      string
		j         Journey
		declined  bool   // a "declined, recorded" bar is drawn
		openSafe  bool   // an open (faded) "safe" bar is drawn
		cell      string // in the table's "safe or declined" column
		noCellHas string
	}{
		{
			name:     "made safe, then declined: the decline ends the safe bar",
			j:        Journey{Alias: "A", FirstIndicator: at(0, "p"), Identified: at(minuteMillis, "p"), Safe: at(2*minuteMillis, "p"), Declined: at(3*minuteMillis, "p")},
			declined: true, cell: "0:02:00 p; declined, recorded 0:03:00 p",
		},
		{
			name:     "declined where they were",
			j:        Journey{Alias: "B", FirstIndicator: at(0, "p"), Identified: at(minuteMillis, "p"), Declined: at(3*minuteMillis, "p")},
			declined: true, cell: "declined, recorded 0:03:00 p",
		},
		{
			name:     "made safe, never referred: open",
			j:        Journey{Alias: "C", FirstIndicator: at(0, "p"), Identified: at(minuteMillis, "p"), Safe: at(2*minuteMillis, "p")},
			openSafe: true, cell: "0:02:00 p", noCellHas: "declined",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svg := spans(tc.j, x, 0, end)
			if got := strings.Contains(svg, `class="span declined"`); got != tc.declined {
				t.Errorf("declined bar drawn: %v, want %v\n%s", got, tc.declined, svg)
			}
			if got := strings.Contains(svg, `fill="#2680c2" opacity="0.45"`); got != tc.openSafe {
				t.Errorf("open safe bar drawn: %v, want %v\n%s", got, tc.openSafe, svg)
			}
			cell := safeCell(tc.j)
			if cell != tc.cell {
				t.Errorf("table cell %q, want %q", cell, tc.cell)
			}
			if tc.noCellHas != "" && strings.Contains(cell, tc.noCellHas) {
				t.Errorf("table cell %q has %q", cell, tc.noCellHas)
			}
		})
	}
}

// TestCompetentAuthorityInWorld checks that RG and CG decisions show the
// in-world date they bear, in the table and in the chart (R6, R8).
func TestCompetentAuthorityInWorld(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		step *Step
		want string
	}{
		{"RG", &Step{T: 74 * minuteMillis, Detail: "positive", InWorld: "2025-06-10 10:00"}, "in-world 2025-06-10 10:00"},
		{"CG", &Step{T: 114 * minuteMillis, Detail: "victim_of_trafficking", InWorld: "2025-07-12 09:00"}, "in-world 2025-07-12 09:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			j := Journey{Alias: "A", Child: true, Identified: at(0, "p"), Referred: at(minuteMillis, "p")}
			if tc.name == "RG" {
				j.RG = tc.step
			} else {
				j.RG, j.CG = &Step{T: tc.step.T - minuteMillis, Detail: "positive", InWorld: "2025-06-10 10:00"}, tc.step
			}
			r := &Report{Journeys: []Journey{j}, JourneyTotals: totalJourneys([]Journey{j})}
			var md strings.Builder
			for _, b := range r.journeysSection().Blocks {
				for _, row := range b.Rows {
					for _, c := range row {
						md.WriteString(strings.Join(c.Lines, " ") + "|")
					}
				}
			}
			if !strings.Contains(md.String(), tc.want) {
				t.Errorf("journey table lacks %q:\n%s", tc.want, md.String())
			}
			if svg := spans(j, func(t int64) float64 { return float64(t) }, 0, 200*minuteMillis); !strings.Contains(svg, tc.want) {
				t.Errorf("chart lacks %q:\n%s", tc.want, svg)
			}
		})
	}
}

func TestNameLanguages(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Milan was removed without an interpreter in sk", "Milan was removed without an interpreter in Slovak"},
		{"Jozef speaks sk/rom: consent cannot be informed without an interpreter", "Jozef speaks Slovak and Romani: consent cannot be informed without an interpreter"},
		{"removed without an interpreter in sk/rom/xx", "removed without an interpreter in Slovak, Romani or xx"},
		{"no interpreter in stock", "no interpreter in stock"},
		{"Anna speaks en", "Anna speaks English"},
	}
	for _, tc := range tests {
		if got := nameLanguages(tc.in); got != tc.want {
			t.Errorf("nameLanguages(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClipNeverCutsAWord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		n    int
		want string
	}{
		{"short enough", 20, "short enough"},
		{"Remove potential victims to a place of safety", 20, "Remove potential…"},
		{"Remove potential victims", 0, "Remove potential victims"},
		{"a verylongwordthatrunspastthelimit and more", 10, "a verylongwordthatrunspastthelimit…"},
		{"nospacesatalltocutat", 5, "nospacesatalltocutat"},
		{"exactly ten", 11, "exactly ten"},
		{"cut at, a comma", 8, "cut at…"},
	}
	for _, tc := range tests {
		if got := clip(tc.text, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.text, tc.n, got, tc.want)
		}
	}
}

// TestTextsKeptWhole checks that the model keeps texts whole, Markdown
// shows them whole, and HTML cuts only on screen, keeping the full text in
// a title attribute.
func TestTextsKeptWhole(t *testing.T) {
	t.Parallel()
	long := "Pursue offenders without criminalising victims: arrests, early investigative advice, charging advice with the section 45 defence considered for victim-suspects (R13), and identify the training each agency needs."
	tests := []struct {
		name string
		text string
	}{
		{"the short function keeps the text", short(long, 90)},
	}
	for _, tc := range tests {
		if tc.text != long && !strings.HasSuffix(tc.text, long) {
			t.Errorf("%s: %q, want the whole text", tc.name, tc.text)
		}
	}
	c := clipped(100, cell{Lines: []string{long}})
	html := string(cellHTML(c))
	if !strings.Contains(html, `title="`+long+`"`) || !strings.Contains(html, "…") {
		t.Errorf("HTML cell %s: want the cut text with the full text as its title", html)
	}
	var md strings.Builder
	r := &Report{Plan: Plan{Objectives: []ObjectiveRating{{ID: "o6", Text: long, Rating: "U"}}}}
	for _, b := range r.planSection().Blocks {
		for _, row := range b.Rows {
			for _, c := range row {
				md.WriteString(strings.Join(c.Lines, "; "))
			}
		}
	}
	if !strings.Contains(md.String(), long) {
		t.Errorf("the plan's objectives table lacks the whole objective:\n%s", md.String())
	}
}

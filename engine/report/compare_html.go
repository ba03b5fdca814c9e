package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// runColours are the fills of each run's bars, in turn.
var runColours = []string{"#1f5f99", "#f0b429", "#3ebd93", "#e66a6a", "#9446ed", "#2cb1bc", "#8d6e63", "#7b8794"}

// HTML writes the comparison as one self-contained HTML page, in the same
// shell as the after-action report ([Report.HTML]): a bar chart of the
// scores overall and per agency with the runs side by side, then the
// tables of [Comparison.WriteText]. It has no scripts and no external
// assets, prints on A4 and is well-formed XML.
func (c *Comparison) HTML(w io.Writer) error {
	if err := writePage(w, c.document(), "", fmt.Sprintf("Made by ttx compare from %s of scenario %s.", countOf(len(c.Runs), "debrief log"), c.Scenario)); err != nil {
		return fmt.Errorf("write HTML comparison: %w", err)
	}
	return nil
}

func (c *Comparison) document() doc {
	d := doc{Title: c.Title + ": " + countOf(len(c.Runs), "run") + " side by side", Subtitle: "Scenario " + c.Scenario + "."}
	labels := mapSlice(c.Runs, func(r RunSummary) string { return r.Label })
	head := append([]string{""}, labels...)

	sec := section{ID: "scores", Title: "1. Scores"}
	for _, n := range c.Notes {
		sec.Blocks = append(sec.Blocks, block{Kind: bNote, Text: n})
	}
	sec.Blocks = append(sec.Blocks, block{Kind: bChart, SVG: template.HTML(c.SVG()),
		Text: "The total score and each agency's score, one bar per run in the order given."})
	t := block{Kind: bTable, Head: head}
	row := func(name string, f func(RunSummary) string) {
		t.Rows = append(t.Rows, append([]cell{c1(name)}, mapCells(c.Runs, f)...))
	}
	row("Seed", func(r RunSummary) string { return fmt.Sprint(r.Seed) })
	row("Date", func(r RunSummary) string { return r.Created.UTC().Format("2006-01-02") })
	row("Rules as of", func(r RunSummary) string { return r.RulesAsOf })
	row("Score", func(r RunSummary) string { return fmt.Sprintf("%d/100", r.Total) })
	row("Events", func(r RunSummary) string { return fmt.Sprint(r.Events) })
	row("Length", func(r RunSummary) string { return clock(r.Length) })
	row("Identified", func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.Identified, r.Victims) })
	row("Safe or declined", func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.SafeOrDeclined, r.Victims) })
	row("Referred or notified", func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.Referred, r.Victims) })
	row("First sign to identified", func(r RunSummary) string { return meanText(r.ToIdentify) })
	row("First sign to safe", func(r RunSummary) string { return meanText(r.ToSafe) })
	row("First sign to referral", func(r RunSummary) string { return meanText(r.ToReferral) })
	row("Missed opportunities", func(r RunSummary) string { return fmt.Sprint(r.Missed) })
	row("Rule findings", func(r RunSummary) string { return fmt.Sprint(r.Findings) })
	row("Shares", func(r RunSummary) string { return fmt.Sprint(r.Shares) })
	row("Decision-log entries", func(r RunSummary) string { return fmt.Sprint(r.Decisions) })
	row("Good-practice choices", func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.GoodChoices, r.Choices) })
	sec.Blocks = append(sec.Blocks, t)
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "agencies", Title: "2. Agencies"}
	t = block{Kind: bTable, Head: append([]string{"Agency"}, labels...)}
	for _, a := range c.Agencies {
		t.Rows = append(t.Rows, append([]cell{c1(a.Name + " (" + a.Agency + ")")}, mapCells(a.Scores, intText)...))
	}
	sec.Blocks = append(sec.Blocks, t)
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "items", Title: "3. Items that differ"}
	t = block{Kind: bTable, Head: append([]string{"Item"}, labels...)}
	same := 0
	for _, it := range c.Items {
		if it.Same() {
			same++
			continue
		}
		cells := []cell{{Lines: []string{it.ID, it.Text}}}
		for i := range c.Runs {
			switch {
			case it.Earned[i] == nil:
				cells = append(cells, c1("-"))
			case it.Points < 0:
				cells = append(cells, c1(fmt.Sprint(*it.Earned[i])))
			default:
				cells = append(cells, c1(fmt.Sprintf("%d/%d", *it.Earned[i], *it.Possible[i])))
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	sec.Blocks = append(sec.Blocks, tableOr(t, "Every item scored the same in every run."), block{Kind: bNote, Text: countOf(same, "item") + " scored the same in every run."})
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "journeys", Title: "4. Victims"}
	t = block{Kind: bTable, Head: append([]string{"Victim"}, labels...)}
	for _, j := range c.Journeys {
		cells := []cell{c1(j.Alias)}
		for _, jc := range j.Runs {
			cells = append(cells, cell{Lines: []string{"identified " + optClock(jc.Identified), "safe or declined " + optClock(jc.SafeOrDeclined), "referred " + optClock(jc.Referred), jc.Outcome}})
		}
		t.Rows = append(t.Rows, cells)
	}
	sec.Blocks = append(sec.Blocks, tableOr(t, "No victims."))
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "rules", Title: "5. Rule findings"}
	t = block{Kind: bTable, Head: append([]string{"Rule"}, labels...)}
	for _, r := range c.Rules {
		t.Rows = append(t.Rows, append([]cell{c1(r.Rule + " " + r.Name)}, mapCells(r.Counts, func(n int) string { return fmt.Sprint(n) })...))
	}
	sec.Blocks = append(sec.Blocks, tableOr(t, "No rule findings in any run."))
	d.Sections = append(d.Sections, sec)
	return d
}

// c1 is a one-line cell, for where c is the receiver.
func c1(s string) cell { return c(s) }

func mapCells[T any](xs []T, f func(T) string) []cell {
	out := make([]cell, len(xs))
	for i, x := range xs {
		out[i] = c(f(x))
	}
	return out
}

// SVG draws the total score and each agency's score as groups of bars,
// one bar per run side by side, with a legend of the runs, as an SVG
// element for [Comparison.HTML].
func (c *Comparison) SVG() string {
	type group struct {
		label  string
		scores []*int
	}
	groups := []group{{"Total", mapPtrs(c.Runs)}}
	for _, a := range c.Agencies {
		groups = append(groups, group{a.Agency, a.Scores})
	}
	lo, hi := 0, 100
	for _, g := range groups {
		for _, p := range g.scores {
			if p != nil {
				lo, hi = min(lo, *p), max(hi, *p)
			}
		}
	}
	for lo%25 != 0 {
		lo-- // down to a gridline
	}
	n := len(c.Runs)
	bar := max(8, min(chartBarW, 160/max(n, 1)))
	groupW := n*bar + 24
	legendH := 18 * ((n + 3) / 4)
	top := 20 + legendH
	width := 50 + len(groups)*groupW + 20
	height := top + chartPlotH + chartBottom
	y := func(v int) float64 { return float64(top) + float64(chartPlotH)*float64(hi-v)/float64(hi-lo) }
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="cmp-title" font-family="Helvetica, Arial, sans-serif" font-size="11">`+"\n", max(width, 4*180+20), height)
	fmt.Fprintf(&s, `<title id="cmp-title">Scores of %s, overall and per agency</title>`+"\n", countOf(n, "run"))
	for i, r := range c.Runs {
		x, ly := 50+(i%4)*180, 8+18*(i/4)
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" fill="#1f2933">%s</text>`+"\n", x, ly, runColours[i%len(runColours)], x+16, ly+10, esc(r.Label))
	}
	for v := lo; v <= hi; v += 25 {
		fmt.Fprintf(&s, `<line x1="46" y1="%.1f" x2="%d" y2="%.1f" stroke="#d9e2ec"/><text x="42" y="%.1f" text-anchor="end" fill="#52606d">%d</text>`+"\n", y(v), width-10, y(v), y(v)+4, v)
	}
	fmt.Fprintf(&s, `<line x1="46" y1="%.1f" x2="%d" y2="%.1f" stroke="#334e68"/>`+"\n", y(0), width-10, y(0))
	for gi, g := range groups {
		x0 := 50 + gi*groupW + 12
		for i, p := range g.scores {
			if p == nil {
				continue
			}
			x := x0 + i*bar
			y1, y2 := y(max(*p, 0)), y(min(*p, 0))
			fmt.Fprintf(&s, `<g class="bar"><title>%s, %s: %d</title><rect x="%d" y="%.1f" width="%d" height="%.1f" fill="%s"/>`, esc(g.label), esc(c.Runs[i].Label), *p, x, y1, bar-2, y2-y1, runColours[i%len(runColours)])
			if bar >= 16 {
				fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="middle" font-size="9" fill="#102a43">%d</text>`, x+bar/2-1, y1-3, *p)
			}
			s.WriteString("</g>\n")
		}
		cx := x0 + n*bar/2
		fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="end" transform="rotate(-35 %d %.1f)" fill="#334e68">%s</text>`+"\n", cx, y(lo)+16, cx, y(lo)+16, esc(g.label))
	}
	s.WriteString("</svg>\n")
	return s.String()
}

func mapPtrs(runs []RunSummary) []*int {
	out := make([]*int, len(runs))
	for i, r := range runs {
		out[i] = ptr(r.Total)
	}
	return out
}

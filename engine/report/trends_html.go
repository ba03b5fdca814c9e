package report

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"
)

// Chart geometry shared by the trends and comparison charts.
const (
	chartLeft   = 150 // room for row labels
	chartCell   = 44  // a heat-map cell's side
	chartTop    = 120 // room for slanted column labels
	chartBarW   = 28
	chartPlotH  = 180
	chartBottom = 110 // room for slanted labels under bars
)

// heatShades are the fills of a heat-map cell, from none to the most.
var heatShades = []string{"#f8fafc", "#dceefb", "#b6e0fe", "#84c5f4", "#4098d7", "#1f5f99"}

// heatColumn is one kind of shortfall in the trends heat map.
type heatColumn struct {
	group, key, label, title string
}

// HTML writes the training-needs analysis as one self-contained HTML
// page, in the same shell as the after-action report ([Report.HTML]): a
// chart of each log's score in order of its date, a heat map of agencies
// by kind of shortfall, the training needs, and the tables of patterns
// with the logs behind each. It has no scripts and no external assets,
// prints on A4 and is well-formed XML.
func (tr *Trends) HTML(w io.Writer) error {
	if err := writePage(w, tr.document(), "", "Made by ttx trends from "+countOf(len(tr.Logs), "debrief log")+"."); err != nil {
		return fmt.Errorf("write HTML trends: %w", err)
	}
	return nil
}

func (tr *Trends) document() doc {
	scen := map[string]bool{}
	for _, l := range tr.Logs {
		scen[l.Scenario] = true
	}
	d := doc{Title: "Training needs across " + countOf(len(tr.Logs), "debrief log"),
		Subtitle: fmt.Sprintf("%s: %s. A pattern is repeated when it shows in %d or more logs.", countOf(len(scen), "scenario"), strings.Join(sortedKeys(scen), ", "), tr.MinLogs)}

	logs := tr.byDate()
	sec := section{ID: "logs", Title: "1. Scores over time"}
	sec.Blocks = append(sec.Blocks, block{Kind: bChart, SVG: template.HTML(tr.ScoreSVG()),
		Text: "Each log's total score out of 100, in the order of the date it was created."})
	t := block{Kind: bTable, Head: []string{"Log", "Scenario", "Seed", "Date", "Score"}}
	for _, l := range logs {
		t.Rows = append(t.Rows, []cell{c(l.Label), c(l.Scenario), c(fmt.Sprint(l.Seed)), c(l.Created.UTC().Format("2006-01-02")), c(fmt.Sprintf("%d/100", l.Total))})
	}
	sec.Blocks = append(sec.Blocks, t)
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "needs", Title: "2. Training needs"}
	if len(tr.Needs) == 0 {
		sec.Blocks = append(sec.Blocks, para("No agency repeatedly missed indicators, broke a rule or fell short of good practice."))
	} else {
		t := block{Kind: bTable, Head: []string{"Agency", "Logs", "Repeatedly", "Train"}}
		for _, n := range tr.Needs {
			t.Rows = append(t.Rows, []cell{c(tr.name(n.Agency)), c(fmt.Sprint(n.Logs)), c(n.Need), c(n.Train)})
		}
		sec.Blocks = append(sec.Blocks, t)
	}
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "heatmap", Title: "3. Shortfalls by agency"}
	sec.Blocks = append(sec.Blocks, block{Kind: bChart, SVG: template.HTML(tr.HeatSVG()),
		Text: "One row per agency, one column per kind of shortfall: indicators seen and neither acted on nor shared (by kind), times a rule was broken, and points of good practice not earned (by the rule or objective the items evidence). The number is summed over all logs; the shade compares it with the others in its group."})
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "missed", Title: "4. Missed indicators"}
	t = block{Kind: bTable, Head: []string{"Agency", "Kind", "Logs", "Indicators", "Victims", "In logs"}}
	for _, m := range tr.Missed {
		t.Rows = append(t.Rows, []cell{c(tr.name(m.Agency)), c(m.Kind), c(fmt.Sprint(m.Logs)), c(fmt.Sprint(m.Indicators)), c(fmt.Sprint(m.People)), c(m.LogLabels...)})
	}
	sec.Blocks = append(sec.Blocks, tableOr(t, "No agency missed an indicator."))
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "rules", Title: "5. Rules broken"}
	t = block{Kind: bTable, Head: []string{"Agency", "Rule", "Logs", "Times", "In logs"}}
	for _, r := range tr.Rules {
		t.Rows = append(t.Rows, []cell{c(tr.name(r.Agency)), c(r.Rule + " " + r.Name), c(fmt.Sprint(r.Logs)), c(fmt.Sprint(r.Count)), c(r.LogLabels...)})
	}
	sec.Blocks = append(sec.Blocks, tableOr(t, "No agency broke a rule."))
	d.Sections = append(d.Sections, sec)

	sec = section{ID: "practice", Title: "6. Good practice not earned"}
	t = block{Kind: bTable, Head: []string{"Agency", "Evidence", "Logs", "Points lost", "In logs"}}
	for _, p := range tr.Practice {
		t.Rows = append(t.Rows, []cell{c(tr.name(p.Agency)), c(practiceName(p)), c(fmt.Sprint(p.Logs)), c(fmt.Sprintf("%d of %d", p.Lost, p.Possible)), c(p.LogLabels...)})
	}
	sec.Blocks = append(sec.Blocks, tableOr(t, "Every agency earned every point of good practice expected of it."))
	d.Sections = append(d.Sections, sec)
	return d
}

func tableOr(t block, none string) block {
	if len(t.Rows) == 0 {
		return para("%s", none)
	}
	return t
}

func practiceName(p PracticeTrend) string {
	if isRule(p.Evidence) {
		return p.Evidence + " " + p.Name
	}
	return p.Evidence
}

// name is an agency's name and id, or its id alone.
func (tr *Trends) name(agency string) string {
	if n := tr.Names[agency]; n != "" && n != agency {
		return n + " (" + agency + ")"
	}
	return agency
}

// byDate is the logs in order of their dates, ties in the order added.
func (tr *Trends) byDate() []TrendLog {
	logs := slices.Clone(tr.Logs)
	slices.SortStableFunc(logs, func(a, b TrendLog) int { return a.Created.Compare(b.Created) })
	return logs
}

// ScoreSVG draws each log's total score, one bar per log in the order of
// its date, joined by a line, as an SVG element for [Trends.HTML].
func (tr *Trends) ScoreSVG() string {
	logs := tr.byDate()
	step := chartBarW + 16
	width := chartLeft + max(len(logs), 1)*step + 20
	height := 20 + chartPlotH + chartBottom
	y := func(v int) float64 { return 20 + float64(chartPlotH)*(1-float64(min(max(v, 0), 100))/100) }
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="scores-title" font-family="Helvetica, Arial, sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&s, `<title id="scores-title">Total score of each of %s, in order of date</title>`+"\n", countOf(len(logs), "log"))
	for _, v := range []int{0, 25, 50, 75, 100} {
		fmt.Fprintf(&s, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d9e2ec"/><text x="%d" y="%.1f" text-anchor="end" fill="#52606d">%d</text>`+"\n", chartLeft-4, y(v), width-10, y(v), chartLeft-8, y(v)+4, v)
	}
	var pts []string
	for i, l := range logs {
		x := chartLeft + 8 + i*step
		cx := float64(x) + chartBarW/2.0
		fmt.Fprintf(&s, `<g class="log"><title>%s, %s: %d/100</title><rect x="%d" y="%.1f" width="%d" height="%.1f" fill="#b6e0fe"/>`, esc(l.Label), l.Created.UTC().Format(time.DateOnly), l.Total, x, y(l.Total), chartBarW, y(0)-y(l.Total))
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#102a43">%d</text>`, cx, y(l.Total)-4, l.Total)
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="end" transform="rotate(-40 %.1f %.1f)" fill="#334e68">%s</text></g>`+"\n", cx, y(0)+14, cx, y(0)+14, esc(l.Label))
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", cx, y(l.Total)))
	}
	if len(pts) > 1 {
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="#1f5f99" stroke-width="2"/>`+"\n", strings.Join(pts, " "))
	}
	s.WriteString("</svg>\n")
	return s.String()
}

// HeatSVG draws a heat map of agencies (rows) by kind of shortfall
// (columns: missed indicator kinds, rules broken, good practice not
// earned), each cell shaded by its count and showing it, as an SVG element
// for [Trends.HTML].
func (tr *Trends) HeatSVG() string {
	val := map[[2]string]int{} // agency, column key
	agencies := map[string]bool{}
	var missed, rules, practice []heatColumn
	for _, m := range tr.Missed {
		col := heatColumn{"Missed indicators", "m:" + m.Kind, m.Kind, m.Kind + " indicators missed"}
		missed = appendNew(missed, col)
		val[[2]string{m.Agency, col.key}] += m.Indicators
		agencies[m.Agency] = true
	}
	for _, r := range tr.Rules {
		col := heatColumn{"Rules broken", "r:" + r.Rule, r.Rule, r.Rule + " " + r.Name + ": times broken"}
		rules = appendNew(rules, col)
		val[[2]string{r.Agency, col.key}] += r.Count
		agencies[r.Agency] = true
	}
	for _, p := range tr.Practice {
		col := heatColumn{"Points lost", "p:" + p.Evidence, p.Evidence, practiceName(p) + ": points of good practice not earned"}
		practice = appendNew(practice, col)
		val[[2]string{p.Agency, col.key}] += p.Lost
		agencies[p.Agency] = true
	}
	byLabel := func(a, b heatColumn) int { return cmp.Compare(a.label, b.label) }
	slices.SortFunc(missed, byLabel)
	slices.SortFunc(rules, func(a, b heatColumn) int { return cmp.Compare(ruleOrder(a.label), ruleOrder(b.label)) })
	slices.SortFunc(practice, func(a, b heatColumn) int {
		rank := func(c heatColumn) int {
			if isRule(c.label) {
				return ruleOrder(c.label)
			}
			return 1 << 20
		}
		return cmp.Or(cmp.Compare(rank(a), rank(b)), byLabel(a, b))
	})
	cols := slices.Concat(missed, rules, practice)
	rows := sortedKeys(agencies)
	groupMax := map[string]int{}
	for k, v := range val {
		for _, col := range cols {
			if col.key == k[1] {
				groupMax[col.group] = max(groupMax[col.group], v)
			}
		}
	}
	width := chartLeft + max(len(cols), 1)*chartCell + 20
	height := chartTop + max(len(rows), 1)*chartCell + 20
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="heat-title" font-family="Helvetica, Arial, sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&s, `<title id="heat-title">Shortfalls of %s by %s</title>`+"\n", countOf(len(rows), "agency"), countOf(len(cols), "kind"))
	if len(cols) == 0 {
		fmt.Fprintf(&s, `<text x="%d" y="%d" fill="#52606d">No shortfalls in any log.</text>`+"\n", chartLeft, chartTop)
	}
	// Group brackets above the columns.
	for i := 0; i < len(cols); {
		j := i
		for j < len(cols) && cols[j].group == cols[i].group {
			j++
		}
		x1, x2 := chartLeft+i*chartCell+2, chartLeft+j*chartCell-2
		fmt.Fprintf(&s, `<line x1="%d" y1="16" x2="%d" y2="16" stroke="#334e68" stroke-width="2"/><text x="%d" y="12" fill="#102a43" font-weight="bold">%s</text>`+"\n", x1, x2, x1, esc(cols[i].group))
		i = j
	}
	for i, col := range cols {
		x := chartLeft + i*chartCell + chartCell/2
		fmt.Fprintf(&s, `<text x="%d" y="%d" transform="rotate(-50 %d %d)" fill="#334e68"><title>%s</title>%s</text>`+"\n", x, chartTop-6, x, chartTop-6, esc(col.title), esc(col.label))
	}
	for r, a := range rows {
		y := chartTop + r*chartCell
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" fill="#1f2933">%s</text>`+"\n", chartLeft-6, y+chartCell/2+4, esc(a))
		for i, col := range cols {
			v := val[[2]string{a, col.key}]
			shade := 0
			if v > 0 {
				shade = 1 + (len(heatShades)-2)*v/max(groupMax[col.group], 1)
			}
			ink := "#102a43"
			if shade >= len(heatShades)-2 {
				ink = "#ffffff"
			}
			x := chartLeft + i*chartCell
			fmt.Fprintf(&s, `<g class="cell"><title>%s, %s: %d</title><rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff"/>`, esc(a), esc(col.title), v, x, y, chartCell, chartCell, heatShades[shade])
			if v > 0 {
				fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="middle" fill="%s">%d</text>`, x+chartCell/2, y+chartCell/2+4, ink, v)
			}
			s.WriteString("</g>\n")
		}
	}
	s.WriteString("</svg>\n")
	return s.String()
}

func appendNew[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

package report

import (
	"fmt"
	"html"
	"strings"
)

// bins counts timeline marks per lane and kind in bins of equal width. When
// a time falls past the last bin, the width doubles and neighbouring bins
// merge, so no more than maxBins are ever held per lane and kind.
type bins struct {
	width  int64
	kinds  int
	counts [][]int32 // lane*kinds+kind -> count per bin
	totals []int
}

func newBins(lanes, kinds int) *bins {
	return &bins{width: firstBin, kinds: kinds, counts: make([][]int32, lanes*kinds), totals: make([]int, lanes*kinds)}
}

func (b *bins) add(lane, kind int, t int64) {
	if kind < 0 {
		return
	}
	t = max(t, 0)
	for t/b.width >= maxBins {
		b.double()
	}
	i := int(t / b.width)
	j := lane*b.kinds + kind
	c := b.counts[j]
	if len(c) <= i {
		c = append(c, make([]int32, i+1-len(c))...)
	}
	c[i]++
	b.counts[j] = c
	b.totals[j]++
}

// double doubles the width of the bins, merging each pair in place: bin k
// is written after bins 2k and 2k+1 are read.
func (b *bins) double() {
	b.width *= 2
	for j, c := range b.counts {
		n := (len(c) + 1) / 2
		for k := range n {
			v := c[2*k]
			if 2*k+1 < len(c) {
				v += c[2*k+1]
			}
			c[k] = v
		}
		b.counts[j] = c[:n]
	}
}

// timeline turns the bins into lanes; the facilitator's lane is left out
// when it has no marks.
func (b *bins) timeline(lanes []string, end int64) Timeline {
	tl := Timeline{End: end, Bin: b.width}
	for li, id := range lanes {
		ln := Lane{Agency: id, Totals: make(map[string]int)}
		any := false
		for ki, kind := range markKinds() {
			j := li*b.kinds + ki
			if b.totals[j] > 0 {
				ln.Totals[kind] = b.totals[j]
				any = true
			}
			for i, n := range b.counts[j] {
				if n > 0 {
					ln.Marks = append(ln.Marks, Mark{Kind: kind, T: int64(i) * b.width, Count: int(n)})
				}
			}
		}
		if id == facilitatorLane && !any {
			continue
		}
		tl.Lanes = append(tl.Lanes, ln)
	}
	return tl
}

// The SVG's layout, in user units of its viewBox.
const (
	svgWidth   = 1000
	svgLeft    = 150 // labels
	svgRight   = 16
	svgTop     = 44 // phase labels and the axis
	laneHeight = 26
	rowHeight  = 13 // a victim's row
	svgGap     = 22
	legendH    = 40
)

// SVG draws the report's timeline: a lane per agency (and the facilitator)
// with injects and actions as marks, each victim's journey from the first
// indicator through identification and removal to referral as a span, the
// phases, and the facilitator's pauses and NO PLAY shaded. The result is a
// standalone SVG document fragment (an <svg> element with its namespace).
func (r *Report) SVG() string {
	tl := &r.Timeline
	end := max(tl.End, 60_000)
	plotW := float64(svgWidth - svgLeft - svgRight)
	x := func(t int64) float64 { return float64(svgLeft) + plotW*float64(min(max(t, 0), end))/float64(end) }
	victims := r.Journeys
	lanesH := len(tl.Lanes) * laneHeight
	victimsTop := svgTop + lanesH + svgGap
	victimsH := 0
	if len(victims) > 0 {
		victimsH = 16 + len(victims)*rowHeight
	}
	axisY := victimsTop + victimsH + 4
	height := axisY + 24 + legendH

	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="tl-title" font-family="Helvetica, Arial, sans-serif" font-size="11">`+"\n", svgWidth, height)
	fmt.Fprintf(&s, `<title id="tl-title">Timeline of %s: %d lanes, %d victims, %s of exercise time</title>`+"\n", esc(r.Summary.Title), len(tl.Lanes), len(victims), clock(tl.End))
	s.WriteString(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef0f3"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b8bec8" stroke-width="2"/></pattern></defs>` + "\n")
	fmt.Fprintf(&s, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", svgWidth, height)

	// Lanes' backgrounds and labels.
	for i, ln := range tl.Lanes {
		y := svgTop + i*laneHeight
		fill := "#f6f7f9"
		if i%2 == 1 {
			fill = "#ffffff"
		}
		fmt.Fprintf(&s, `<rect class="lane" x="%d" y="%d" width="%d" height="%d" fill="%s"/>`+"\n", svgLeft, y, svgWidth-svgLeft-svgRight, laneHeight, fill)
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" fill="#1f2933">%s</text>`+"\n", svgLeft-6, y+laneHeight/2+4, esc(ln.Agency))
	}

	// Pauses and NO PLAY, shaded across every lane and row.
	for _, iv := range r.Summary.Pauses {
		x0, x1 := x(iv.From), x(iv.To)
		fill, label := `url(#hatch)`, "paused"
		if iv.Kind == evNoPlay {
			fill, label = "#f9d6d5", "NO PLAY"
		}
		w := max(x1-x0, 5)
		fmt.Fprintf(&s, `<rect class="pause" x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" opacity="0.85"><title>%s at %s for %s by the wall clock</title></rect>`+"\n",
			x0-w/2+(x1-x0)/2, svgTop, w, axisY-svgTop, fill, label, clock(iv.From), duration(iv.Wall))
	}

	// Phases: a dashed line and a label, alternating between two rows; a
	// label that would overlap the last one in its row is left out (the
	// line's tooltip still names the phase).
	lastLabel := [2]float64{-1e9, -1e9}
	for i, ph := range r.Summary.Phases {
		px := x(ph.T)
		fmt.Fprintf(&s, `<line class="phase" x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#7b8794" stroke-dasharray="3,3"><title>%s: %s from %s</title></line>`+"\n", px, svgTop-14+(i%2)*10, px, axisY, esc(ph.ID), esc(ph.Title), clock(ph.T))
		if px-lastLabel[i%2] < float64(6*len(ph.ID)+8) {
			continue
		}
		lastLabel[i%2] = px
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" font-size="9" fill="#52606d">%s<title>%s</title></text>`+"\n", px+2, svgTop-16+(i%2)*10, esc(ph.ID), esc(ph.Title))
	}

	if len(victims) > 0 {
		fmt.Fprintf(&s, `<text x="%d" y="%d" font-weight="bold" fill="#1f2933">Victims: first indicator, identified, safe, referred</text>`+"\n", svgLeft+4, victimsTop+10)
	}

	// Marks.
	half := tl.Bin / 2
	for i, ln := range tl.Lanes {
		y := float64(svgTop + i*laneHeight)
		for _, m := range ln.Marks {
			mx := x(m.T + half)
			title := fmt.Sprintf("%s: %s at %s", ln.Agency, plural(m.Count, m.Kind), clock(m.T))
			s.WriteString(markShape(m.Kind, mx, y+markY(m.Kind), title))
		}
	}

	// Victims' spans.
	for i, j := range victims {
		y := float64(victimsTop + 16 + i*rowHeight)
		mid := y + rowHeight/2
		fmt.Fprintf(&s, `<text x="%d" y="%.1f" text-anchor="end" font-size="10" fill="#1f2933">%s</text>`+"\n", svgLeft-6, mid+3.5, esc(j.Alias))
		s.WriteString(spans(j, x, y, tl.End))
	}

	// Axis.
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#3e4c59"/>`+"\n", svgLeft, axisY, svgWidth-svgRight, axisY)
	step := tickStep(end)
	for t := int64(0); t <= end; t += step {
		tx := x(t)
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#3e4c59"/><text x="%.1f" y="%d" text-anchor="middle" font-size="10" fill="#3e4c59">%s</text>`+"\n",
			tx, axisY, tx, axisY+4, tx, axisY+15, shortClock(t))
	}

	// Legend.
	ly := float64(axisY + 30)
	lx := float64(svgLeft)
	for _, k := range markKinds() {
		s.WriteString(markShape(k, lx+4, ly-3, legendLabel(k)))
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" font-size="10" fill="#3e4c59">%s</text>`+"\n", lx+11, ly+1, legendLabel(k))
		lx += 96
	}
	ly += 16
	lx = float64(svgLeft)
	for _, l := range []struct{ fill, text string }{{"#9aa5b1", "seen, not yet identified"}, {"#f0b429", "identified, not yet safe"}, {"#2680c2", "safe, not yet referred"}, {"#7c5e10", "declined, recorded"}, {"url(#hatch)", "facilitator's pause"}} {
		fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="14" height="8" fill="%s"/><text x="%.1f" y="%.1f" font-size="10" fill="#3e4c59">%s</text>`+"\n", lx, ly-7, l.fill, lx+18, ly+1, l.text)
		lx += 150
	}
	s.WriteString("</svg>\n")
	return s.String()
}

// markY is where in a lane (from its top) marks of a kind are centred:
// injects above, actions and decisions in the middle, problems below.
func markY(kind string) float64 {
	switch kind {
	case MarkInject:
		return 6
	case MarkAction, MarkDecision:
		return 13
	}
	return 20.5
}

// markShape draws one mark of a kind centred at (x, y).
func markShape(kind string, x, y float64, title string) string {
	t := "<title>" + esc(title) + "</title>"
	switch kind {
	case MarkInject:
		return fmt.Sprintf(`<path class="m-inject" d="M%.1f %.1f h7 l-3.5 6 z" fill="#3e4c59">%s</path>`+"\n", x-3.5, y-3, t)
	case MarkAction:
		return fmt.Sprintf(`<circle class="m-action" cx="%.1f" cy="%.1f" r="2.6" fill="#2680c2">%s</circle>`+"\n", x, y, t)
	case MarkDecision:
		return fmt.Sprintf(`<path class="m-decision" d="M%.1f %.1f l3 3 l-3 3 l-3 -3 z" fill="#147d64">%s</path>`+"\n", x, y-3, t)
	case MarkRejected:
		return fmt.Sprintf(`<path class="m-rejected" d="M%.1f %.1f l5 5 m0 -5 l-5 5" stroke="#ba2525" stroke-width="1.6" fill="none">%s</path>`+"\n", x-2.5, y-2.5, t)
	case MarkFlagged:
		return fmt.Sprintf(`<path class="m-flagged" d="M%.1f %.1f l3 5.5 h-6 z" fill="#de911d">%s</path>`+"\n", x, y-3, t)
	case MarkMissed:
		return fmt.Sprintf(`<circle class="m-missed" cx="%.1f" cy="%.1f" r="2.4" fill="none" stroke="#616e7c" stroke-width="1.2">%s</circle>`+"\n", x, y, t)
	}
	return ""
}

func legendLabel(kind string) string {
	switch kind {
	case MarkInject:
		return "inject received"
	case MarkAction:
		return "action"
	case MarkDecision:
		return "decision logged"
	case MarkRejected:
		return "refused"
	case MarkFlagged:
		return "flagged"
	case MarkMissed:
		return "deadline missed"
	}
	return kind
}

// spans draws one victim's journey in the row whose top is y: seen (first
// indicator) to identified, identified to safe or declined, safe to
// referred or notified, then ticks for the referral and the competent
// authority's decisions. A stretch still open when the log ends is drawn
// faded to the end.
func spans(j Journey, x func(int64) float64, y float64, end int64) string {
	var s strings.Builder
	bar := func(from, to int64, fill, title string, open bool) {
		op := "1"
		if open {
			op = "0.45"
		}
		x0, x1 := x(from), x(to)
		fmt.Fprintf(&s, `<rect class="span" x="%.1f" y="%.1f" width="%.1f" height="8" fill="%s" opacity="%s"><title>%s: %s</title></rect>`+"\n", x0, y+2.5, max(x1-x0, 1.5), fill, op, esc(j.Alias), esc(title))
	}
	at := func(st *Step) (int64, bool) {
		if st == nil {
			return 0, false
		}
		return st.T, true
	}
	fi, hasFI := at(j.FirstIndicator)
	id, hasID := at(j.Identified)
	safe, hasSafe := at(j.Safe)
	dec, hasDec := at(j.Declined)
	ref, hasRef := at(j.Referred)
	if !hasRef {
		ref, hasRef = at(j.Notified)
	}
	out, hasOut := safe, hasSafe
	if !hasOut {
		out, hasOut = dec, hasDec
	}
	if hasFI {
		to, open := end, true
		if hasID {
			to, open = id, false
		}
		if to > fi {
			bar(fi, to, "#9aa5b1", fmt.Sprintf("first indicator %s, identified %s", clock(fi), stepClock(j.Identified)), open)
		}
	}
	if hasID {
		to, open := end, true
		if hasOut {
			to, open = out, false
		}
		bar(id, max(to, id), "#f0b429", fmt.Sprintf("identified %s, safe or declined %s", clock(id), clockIf(out, hasOut)), open)
	}
	if hasSafe {
		to, open := end, true
		if hasRef {
			to, open = ref, false
		}
		if hasDec && dec >= safe && (!hasRef || dec < ref) {
			to, open = dec, false
		}
		bar(safe, max(to, safe), "#2680c2", fmt.Sprintf("safe %s, referred %s", clock(safe), clockIf(ref, hasRef)), open)
	}
	switch {
	case hasDec && (!hasSafe || dec >= safe):
		// A recorded decline is where the person chose to be: a state of
		// its own, drawn solid to the end (or a later Duty to Notify
		// report), not an open "safe, not yet referred" stretch (R9).
		to := end
		if hasRef && ref > dec {
			to = ref
		}
		fmt.Fprintf(&s, `<rect class="span declined" x="%.1f" y="%.1f" width="%.1f" height="8" fill="#7c5e10"><title>%s: declined support %s, recorded with the offer, reasons and risk</title></rect>`+"\n", x(dec), y+2.5, max(x(to)-x(dec), 5), esc(j.Alias), clock(dec))
	case hasDec:
		fmt.Fprintf(&s, `<rect class="span declined" x="%.1f" y="%.1f" width="5" height="8" fill="#7c5e10"><title>%s: declined support %s, recorded, before being made safe</title></rect>`+"\n", x(dec)-2.5, y+2.5, esc(j.Alias), clock(dec))
	}
	tick := func(t int64, colour, title string) {
		fmt.Fprintf(&s, `<line class="tick" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"><title>%s: %s</title></line>`+"\n", x(t), y, x(t), y+13, colour, esc(j.Alias), esc(title))
	}
	if hasRef {
		what := "referred into the NRM"
		if j.Referred == nil {
			what = "Duty to Notify report"
		}
		tick(ref, "#102a43", what+" "+clock(ref))
	}
	if j.RG != nil {
		tick(j.RG.T, "#147d64", "Reasonable Grounds "+j.RG.Detail+" "+clock(j.RG.T)+inWorldText(j.RG))
	}
	if j.CG != nil {
		tick(j.CG.T, "#0c6b58", "Conclusive Grounds "+strings.ReplaceAll(j.CG.Detail, "_", " ")+" "+clock(j.CG.T)+inWorldText(j.CG))
	}
	return s.String()
}

func stepClock(st *Step) string {
	if st == nil {
		return "never"
	}
	return clock(st.T)
}

func clockIf(t int64, ok bool) string {
	if !ok {
		return "never"
	}
	return clock(t)
}

// tickStep is a round interval giving at most about a dozen axis ticks.
func tickStep(end int64) int64 {
	for _, m := range []int64{1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440} {
		if step := m * minuteMillis; end/step <= 12 {
			return step
		}
	}
	return 1440 * minuteMillis * (end/(1440*minuteMillis)/12 + 1)
}

func esc(s string) string { return html.EscapeString(s) }

func plural(n int, kind string) string {
	what := legendLabel(kind)
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d × %s", n, what)
}

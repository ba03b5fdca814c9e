package facilitator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"ttx/tui/components"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"
)

func (f *Model) header(w int) string {
	left := " ttx facilitator"
	if f.clock.NoPlay != "" {
		left = " ⛔ NO PLAY · ttx facilitator"
	}
	// The exercise id goes before the title, and only where the console's
	// name still fits beside it.
	right := f.state.String() + " "
	if withEx := f.exercise + " · " + right; f.exercise != "" && ansi.StringWidth(left)+1+ansi.StringWidth(withEx) <= w {
		right = withEx
	}
	avail := max(w-ansi.StringWidth(right)-1, 0)
	if f.scenario.Title != "" {
		if t := facCutWords(f.scenario.Title, avail-ansi.StringWidth(left)-3); t != "" {
			left += " · " + t
		}
	}
	return f.st.Bar.Render(components.Cell(left, avail) + " " + styles.Truncate(right, w))
}

// facCutWords shortens s to at most w cells: to what comes before its
// colon (a title's short form), else at a word boundary with an ellipsis;
// it is empty when not even the first word fits.
func facCutWords(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	if head, _, ok := strings.Cut(s, ": "); ok && ansi.StringWidth(head) <= w {
		return head
	}
	for cut := strings.LastIndexByte(s, ' '); cut > 0; cut = strings.LastIndexByte(s[:cut], ' ') {
		head := strings.TrimRight(s[:cut], " :;,·-")
		if head != "" && ansi.StringWidth(head)+1 <= w {
			return head + "…"
		}
	}
	return ""
}

func (f *Model) clockLine(w int) string {
	if !f.joined {
		return components.Cell(" … waiting for the server to welcome the facilitator", w)
	}
	c := &f.clock
	t := f.exerciseTime()
	var state string
	switch {
	case c.Ended:
		state = f.st.Bold.Render("■ ENDED") + " at " + styles.Clock(t)
	case c.NoPlay != "":
		state = f.st.Bad.Render("⛔ NO PLAY") + " " + styles.Clock(t)
	case !c.Started:
		state = f.st.Warn.Render("○ NOT STARTED") + " " + styles.Clock(t) + " · s starts"
	case !c.Running:
		state = f.st.Warn.Render("⏸ PAUSED") + " " + styles.Clock(t) + " · space resumes"
	default:
		state = f.st.Good.Render("▶ RUNNING") + " " + styles.Clock(t)
	}
	// Most needed first: a narrow screen drops whole parts from the end,
	// each in its shorter form where the long one does not fit.
	parts := [][]string{}
	if c.Next > 0 && !c.Ended {
		at := f.nextAt(t)
		parts = append(parts, []string{"next event " + at, "next " + at})
	}
	parts = append(parts, []string{"pace ×" + facPace(c.Pace)})
	if c.InWorld != "" {
		parts = append(parts, []string{"in-world " + f.inWorld(t), f.inWorld(t)})
	}
	if f.haveScore {
		parts = append(parts, []string{"score " + strconv.Itoa(f.score.Total)})
	}
	if c.Phase != "" {
		parts = append(parts, []string{"phase: " + c.Phase})
	}
	// Long forms first; the short ones where they show more parts.
	line, n := facParts(" "+state, parts, w, false)
	if short, m := facParts(" "+state, parts, w, true); m > n {
		line = short
	}
	return components.Cell(line, w)
}

// facParts adds to line, while they fit in w cells, the parts in their
// first form that fits (or only their last, shortest, form); it returns
// the line and how many parts it holds.
func facParts(line string, parts [][]string, w int, shortest bool) (string, int) {
	lw := ansi.StringWidth(line)
	for n, forms := range parts {
		if shortest {
			forms = forms[len(forms)-1:]
		}
		fit := false
		for _, p := range forms {
			if pw := 3 + ansi.StringWidth(p); lw+pw <= w {
				line, lw, fit = line+" · "+p, lw+pw, true
				break
			}
		}
		if !fit {
			return line, n
		}
	}
	return line, len(parts)
}

// inWorld is the in-world time at exercise time t, run on from the last
// clock read.
func (f *Model) inWorld(t int64) string {
	w, err := time.Parse(facInWorld, f.clock.InWorld)
	if err != nil || t <= f.clock.T {
		return f.clock.InWorld
	}
	return w.Add(time.Duration(t-f.clock.T) * time.Millisecond).Format(facInWorld)
}

// nextAt says when the next scheduled event is due: its time and how soon.
func (f *Model) nextAt(t int64) string {
	at := styles.Clock(f.clock.Next)
	if d := f.clock.Next - t; d > 0 {
		at += " (in " + facSpan(d) + ")"
	} else {
		at += " (due now)"
	}
	return at
}

// facSpan says a span of exercise milliseconds briefly: 45s, 2m30s, 1h05m.
func facSpan(ms int64) string {
	s := ms / 1000
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		if s%60 == 0 {
			return fmt.Sprintf("%dm", s/60)
		}
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s/60%60)
}

// facAgo says how long ago, in exercise time, briefly.
func facAgo(ms int64) string {
	switch m := ms / 60_000; {
	case m < 1:
		return "just now"
	case m < 60:
		return fmt.Sprintf("%dm ago", m)
	default:
		return fmt.Sprintf("%dh%02dm ago", m/60, m%60)
	}
}

func (f *Model) noPlayBanner(w int) []string {
	inner := max(w-4, 10)
	body := []string{facFirstFit(inner, "⛔ NO PLAY IN FORCE · play is stopped on every screen · ! lifts it", "⛔ NO PLAY IN FORCE · ! lifts it")}
	msg := facWrap(strings.Join(strings.Fields(f.clock.NoPlay), " "), inner)
	if len(msg) > 2 {
		msg = msg[:2]
		msg[1] = styles.Truncate(msg[1]+"…", inner)
	}
	body = append(body, msg...)
	s := f.st.Bad
	out := []string{s.Render("╔" + strings.Repeat("═", max(w-2, 0)) + "╗")}
	for _, l := range body {
		out = append(out, s.Render("║ ")+s.Render(components.Cell(l, inner))+s.Render(" ║"))
	}
	return append(out, s.Render("╚"+strings.Repeat("═", max(w-2, 0))+"╝"))
}

// facTab is a tab in the tab bar: its label and the cells it takes.
type facTab struct {
	label string
	x, w  int
}

// tabs lays out the tab bar, for drawing and for the mouse: the full
// labels with a space either side, else shorter ones, else the shorter
// ones one space apart.
func (f *Model) tabs() []facTab {
	short := [facPanes]string{"Seats", "Injects", "NRM", "Feed", "View as", "Exercises"}
	var labels [facPanes]string
	for _, brief := range []bool{false, true} {
		total := 0
		for p := range facPanes {
			name := facPaneNames[p]
			if brief {
				name = short[p]
			}
			switch p {
			case facPaneNRM:
				if n := f.owed(); n > 0 {
					name += fmt.Sprintf(" (%d)", n)
				}
			case facPaneView:
				if f.viewAs != "" && !brief {
					name += " " + f.viewAs
				}
			}
			labels[p] = fmt.Sprintf("%d %s", p+1, name)
			total += ansi.StringWidth(labels[p]) + 2
		}
		if total <= f.width {
			break
		}
	}
	out := make([]facTab, facPanes)
	x, total := 0, 0
	for _, l := range labels {
		total += ansi.StringWidth(l) + 2
	}
	tight := total > f.width
	for p, l := range labels {
		w := ansi.StringWidth(l) + 2
		if tight && p != f.pane {
			w -= 2
		}
		if tight && p > 0 {
			x++
		}
		out[p] = facTab{label: l, x: x, w: w}
		x += w
	}
	return out
}

func (f *Model) tabBar(w int) string {
	var b strings.Builder
	x := 0
	for p, t := range f.tabs() {
		b.WriteString(strings.Repeat(" ", t.x-x))
		switch {
		case p == f.pane:
			b.WriteString(f.st.Selected.Render("[" + t.label + "]"))
		case t.w > ansi.StringWidth(t.label):
			b.WriteString(" " + t.label + " ")
		default:
			b.WriteString(t.label)
		}
		x = t.x + t.w
	}
	return components.Cell(b.String(), w)
}

// flashLines says how the last command or control went: one line, or two
// on a narrow screen tall enough to spare one, so that a refusal's reason
// is not cut.
func (f *Model) flashLines(w int) []string {
	if f.flash == "" {
		return []string{components.Cell("", w)}
	}
	st := f.st.Good
	if f.flashBad {
		st = f.st.Bad
	}
	lines := []string{f.flash}
	if ansi.StringWidth(f.flash) > w-1 && f.height >= 16 {
		lines = facWrap(f.flash, w-1)
		if len(lines) > 2 {
			lines = lines[:2]
			lines[1] += "…"
		}
	}
	for i, l := range lines {
		lines[i] = components.Cell(" "+st.Render(l), w)
	}
	return lines
}

// ---- panes ----

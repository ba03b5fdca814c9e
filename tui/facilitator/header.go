package facilitator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"
)

func (f *Model) header(w int) string {
	left := " ttx facilitator"
	if f.clock.NoPlay != "" {
		left = " ⛔ NO PLAY · ttx facilitator"
	}
	if f.scenario.Title != "" {
		left += " · " + f.scenario.Title
	}
	right := f.state.String() + " "
	if f.exercise != "" {
		right = f.exercise + " · " + right
	}
	rw := ansi.StringWidth(right)
	if rw+10 > w {
		right = f.state.String() + " "
		rw = ansi.StringWidth(right)
	}
	return f.st.Bar.Render(facPad(left, max(w-rw-1, 0)) + " " + styles.Truncate(right, w))
}

func (f *Model) clockLine(w int) string {
	if !f.joined {
		return facPad(" … waiting for the server to welcome the facilitator", w)
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
	// Most needed first: a narrow screen cuts from the end.
	parts := []string{state}
	if c.Next > 0 && !c.Ended {
		parts = append(parts, f.nextText(t))
	}
	parts = append(parts, "pace ×"+facPace(c.Pace))
	if c.InWorld != "" {
		parts = append(parts, "in-world "+f.inWorld(t))
	}
	if f.haveScore {
		parts = append(parts, "score "+strconv.Itoa(f.score.Total))
	}
	if c.Phase != "" {
		parts = append(parts, "phase: "+c.Phase)
	}
	return facPad(" "+strings.Join(parts, " · "), w)
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

// nextText says when the next scheduled event is due.
func (f *Model) nextText(t int64) string {
	s := "next event " + styles.Clock(f.clock.Next)
	if d := f.clock.Next - t; d > 0 {
		s += " (in " + facSpan(d) + ")"
	} else {
		s += " (due now)"
	}
	return s
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
	body := []string{"⛔ NO PLAY IN FORCE · play is stopped on every screen · ! lifts it"}
	msg := facWrap(strings.Join(strings.Fields(f.clock.NoPlay), " "), inner)
	if len(msg) > 2 {
		msg = msg[:2]
		msg[1] = styles.Truncate(msg[1]+"…", inner)
	}
	body = append(body, msg...)
	s := f.st.Bad
	out := []string{s.Render("╔" + strings.Repeat("═", max(w-2, 0)) + "╗")}
	for _, l := range body {
		out = append(out, s.Render("║ ")+s.Render(facPad(l, inner))+s.Render(" ║"))
	}
	return append(out, s.Render("╚"+strings.Repeat("═", max(w-2, 0))+"╝"))
}

// tabLabels are the tab bar's labels, for drawing and for the mouse:
// shorter when the full ones do not fit.
func (f *Model) tabLabels() []string {
	short := [facPanes]string{"Seats", "Injects", "NRM", "Feed", "View as", "Exercises"}
	for _, brief := range []bool{false, true} {
		out := make([]string, facPanes)
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
			out[p] = fmt.Sprintf("%d %s", p+1, name)
			total += ansi.StringWidth(out[p]) + 2
		}
		if total <= f.width || brief {
			return out
		}
	}
	return nil
}

func (f *Model) tabBar(w int) string {
	var b strings.Builder
	for p, l := range f.tabLabels() {
		if p == f.pane {
			b.WriteString(f.st.Selected.Render("[" + l + "]"))
		} else {
			b.WriteString(" " + l + " ")
		}
	}
	return facPad(b.String(), w)
}

func (f *Model) flashLine(w int) string {
	switch {
	case f.flash == "":
		return facPad("", w)
	case f.flashBad:
		return facPad(" "+f.st.Bad.Render(f.flash), w)
	}
	return facPad(" "+f.st.Good.Render(f.flash), w)
}

// ---- panes ----

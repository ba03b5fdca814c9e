package facilitator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"ttx/tui/components"
	"ttx/tui/styles"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/server/wire"
)

// View renders the console.
func (f *Model) View() tea.View {
	v := tea.NewView(f.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "ttx facilitator"
	if f.exercise != "" {
		v.WindowTitle += " · " + f.exercise
	}
	return v
}

// facGeometry is where the parts of the screen are, shared by the
// renderer and the mouse.
type facGeometry struct {
	noPlay       []string
	tabY         int
	mainY, mainH int
	help         string
	wide         bool
	stack        int // with the seats above it, in a tall narrow screen; 0 if none
	rects        [facPanes]facRect
	shown        [facPanes]bool
}

type facRect struct{ x, y, w, h int }

func (r facRect) has(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

func (f *Model) geometry() facGeometry {
	var g facGeometry
	if f.clock.NoPlay != "" {
		g.noPlay = f.noPlayBanner(f.width)
	}
	switch {
	case f.confirm != nil:
		g.help = f.help.ShortHelpView(facConfirmKeys)
	case f.form != nil:
		g.help = f.help.ShortHelpView(facFormKeys)
	default:
		g.help = f.help.ShortHelpView(f.keys.ShortHelp())
	}
	g.tabY = 2 + len(g.noPlay)
	g.mainY = g.tabY + 1
	g.mainH = max(f.height-g.mainY-2, 1)
	g.wide = f.width >= 150 && g.mainH >= 30
	topH := min(max(len(f.seats)+5, 9), g.mainH/2)
	if !g.wide && g.mainH >= 28 && f.pane <= facPaneFeed {
		// Tall enough to keep every seat in sight above the pane at work.
		lower := f.lower
		if f.pane != facPaneSeats {
			lower = f.pane
		}
		g.rects[facPaneSeats] = facRect{0, g.mainY, f.width, topH}
		g.rects[lower] = facRect{0, g.mainY + topH, f.width, g.mainH - topH}
		g.shown[facPaneSeats], g.shown[lower] = true, true
		g.stack = lower
		return g
	}
	if g.wide && f.pane <= facPaneFeed {
		lw := f.width / 2
		g.rects[facPaneSeats] = facRect{0, g.mainY, lw, topH}
		g.rects[facPaneNRM] = facRect{lw, g.mainY, f.width - lw, topH}
		g.rects[facPaneInjects] = facRect{0, g.mainY + topH, lw, g.mainH - topH}
		g.rects[facPaneFeed] = facRect{lw, g.mainY + topH, f.width - lw, g.mainH - topH}
		for p := range facPaneView {
			g.shown[p] = true
		}
		return g
	}
	g.rects[f.pane] = facRect{0, g.mainY, f.width, g.mainH}
	g.shown[f.pane] = true
	return g
}

func (f *Model) render() string {
	w := f.width
	g := f.geometry()
	out := make([]string, 0, f.height)
	out = append(out, f.header(w), f.clockLine(w))
	out = append(out, g.noPlay...)
	out = append(out, f.tabBar(w))
	var main []string
	switch {
	case f.confirm != nil:
		main = facCenter(f.confirm.view(f.st, min(w, 72), g.mainH), w, g.mainH)
	case f.form != nil:
		main = facCenter(f.form.view(f.st, min(w, 84), g.mainH), w, g.mainH)
	case f.help.ShowAll:
		main = f.helpPanel(w, g.mainH)
	case g.wide && f.pane <= facPaneFeed:
		top := facJoin(f.pane_(facPaneSeats, g.rects[facPaneSeats]), f.pane_(facPaneNRM, g.rects[facPaneNRM]))
		bottom := facJoin(f.pane_(facPaneInjects, g.rects[facPaneInjects]), f.pane_(facPaneFeed, g.rects[facPaneFeed]))
		main = append(top, bottom...)
	case g.stack != 0:
		main = append(f.pane_(facPaneSeats, g.rects[facPaneSeats]), f.pane_(g.stack, g.rects[g.stack])...)
	default:
		main = f.pane_(f.pane, g.rects[f.pane])
	}
	out = append(out, main...)
	for len(out) < g.mainY+g.mainH {
		out = append(out, "")
	}
	out = append(out[:g.mainY+g.mainH], f.flashLine(w), g.help)
	return styles.Fit(strings.Join(out, "\n"), w, f.height)
}

// facJoin sets two blocks of lines side by side.
func facJoin(a, b []string) []string {
	out := make([]string, max(len(a), len(b)))
	for i := range out {
		if i < len(a) {
			out[i] = a[i]
		}
		if i < len(b) {
			out[i] += b[i]
		}
	}
	return out
}

// facCenter places a box in the middle of an area w wide and h high.
func facCenter(box string, w, h int) []string {
	lines := strings.Split(box, "\n")
	pad := strings.Repeat(" ", max((w-ansi.StringWidth(lines[0]))/2, 0))
	out := make([]string, 0, h)
	top := max((h-len(lines))/3, 0)
	for range top {
		out = append(out, "")
	}
	for _, l := range lines {
		out = append(out, pad+l)
	}
	return out
}

// facPad cuts or pads s, which may be styled, to exactly w cells.
func facPad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if sw := ansi.StringWidth(s); sw > w {
		s = ansi.Truncate(s, w, "…")
	} else if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	if sw := ansi.StringWidth(s); sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// facRight pads s on the left to w cells.
func facRight(s string, w int) string {
	if sw := ansi.StringWidth(s); sw < w {
		return strings.Repeat(" ", w-sw) + s
	}
	return facPad(s, w)
}

// facWrap wraps plain text to width w.
func facWrap(s string, w int) []string {
	return strings.Split(ansi.Wrap(s, max(w, 8), ""), "\n")
}

// facBox frames lines in a box w wide and h high with the title in its top
// border; a focused box has a heavy border and a ▶ before its title, so
// that focus never rests on colour alone.
func facBox(st styles.Styles, title string, lines []string, w, h int, focused bool) string {
	return strings.Join(facBoxLines(st, title, lines, w, h, focused), "\n")
}

func facBoxLines(st styles.Styles, title string, lines []string, w, h int, focused bool) []string {
	if w < 4 || h < 2 {
		return make([]string, max(h, 0))
	}
	tl, tr, bl, br, hz, vt := "╭", "╮", "╰", "╯", "─", "│"
	border := st.Subtle
	if focused {
		tl, tr, bl, br, hz, vt = "┏", "┓", "┗", "┛", "━", "┃"
		border = st.Title
		title = "▶ " + title
	}
	inner := w - 4
	title = styles.Truncate(title, w-6)
	tw := ansi.StringWidth(title)
	out := make([]string, 0, h)
	out = append(out, border.Render(tl+hz)+" "+st.Bold.Render(title)+" "+border.Render(strings.Repeat(hz, max(w-tw-5, 0))+tr))
	left, right := border.Render(vt)+" ", " "+border.Render(vt)
	for i := range h - 2 {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, left+facPad(l, inner)+right)
	}
	out = append(out, border.Render(bl+strings.Repeat(hz, w-2)+br))
	return out
}

// facWindow returns the slice [start, end) of n rows to show in h lines
// so that sel is visible.
func facWindow(n, sel, h int) (int, int) {
	if n <= h {
		return 0, n
	}
	start := min(max(sel-h/2, 0), n-h)
	return start, start + h
}

// pane_ renders pane p into its rectangle.
func (f *Model) pane_(p int, r facRect) []string {
	cw, ch := r.w-4, r.h-2
	var title string
	var lines []string
	switch p {
	case facPaneSeats:
		title, lines = f.seatsPane(cw, ch)
	case facPaneInjects:
		title, lines = f.injectsPane(cw, ch)
	case facPaneNRM:
		title, lines = f.nrmPane(cw, ch)
	case facPaneFeed:
		title, lines = f.feedPane(cw, ch)
	case facPaneView:
		title, lines = f.viewPane(cw, ch)
	case facPaneExercises:
		title, lines = f.exercisesPane(cw, ch)
	}
	return facBoxLines(f.st, fmt.Sprintf("%d %s", p+1, title), lines, r.w, r.h, p == f.pane)
}

// helpPanel lists every key, its groups in as many columns as fit.
func (f *Model) helpPanel(w, h int) []string {
	groups := f.keys.helpGroups()
	keyW, descW, total := 0, 0, 0
	for _, g := range groups {
		for _, b := range g.keys {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
			descW = max(descW, ansi.StringWidth(b.Help().Desc))
		}
		total += len(g.keys) + 1
	}
	inner := w - 4
	colW := min(keyW+1+descW, inner)
	ncols := max(inner/(colW+2), 1)
	// The shortest columns that keep each group whole in ncols columns.
	pack := func(target int) [][]facHelpGroup {
		var cols [][]facHelpGroup
		n := 0
		for _, g := range groups {
			if len(cols) == 0 || (n > 0 && n+len(g.keys)+1 > target) {
				cols, n = append(cols, nil), 0
			}
			cols[len(cols)-1] = append(cols[len(cols)-1], g)
			n += len(g.keys) + 1
		}
		return cols
	}
	target := (total + ncols - 1) / ncols
	packed := pack(target)
	for len(packed) > ncols {
		target++
		packed = pack(target)
	}
	var cols [][]string
	for _, gs := range packed {
		var cur []string
		for _, g := range gs {
			cur = append(cur, f.st.Bold.Render("▸ "+g.title))
			for _, b := range g.keys {
				cur = append(cur, f.st.Accent.Render(facPad(b.Help().Key, keyW))+" "+b.Help().Desc)
			}
		}
		cols = append(cols, cur)
	}
	var lines []string
	for _, c := range cols {
		for i := range c {
			c[i] = facPad(c[i], colW+2)
		}
		lines = facJoin(facPadLines(lines, len(c)), c)
		for i := range lines {
			lines[i] = facPad(lines[i], ansi.StringWidth(lines[0]))
		}
	}
	lines = append(lines, f.st.Subtle.Render("? closes this help; pane keys work while that pane has the focus."))
	return facBoxLines(f.st, "Keys", lines, w, h, true)
}

// facPadLines makes lines at least n long, padding with blank lines as
// wide as the first.
func facPadLines(lines []string, n int) []string {
	w := 0
	if len(lines) > 0 {
		w = ansi.StringWidth(lines[0])
	}
	for len(lines) < n {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines
}

// ---- bars ----

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
				if n := f.pendingCount(); n > 0 {
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

// seatAct is a seat's latest action, from the server or the events.
func (f *Model) seatAct(s *wire.SeatInfo) (string, int64, bool) {
	a, ok := f.lastAct[s.Seat]
	if s.LastAction != "" && (!ok || s.LastT > a.t) {
		return s.LastAction, s.LastT, true
	}
	return a.what, a.t, ok
}

func (f *Model) seatsPane(w, h int) (string, []string) {
	title := "Seats"
	if f.haveScore {
		title += fmt.Sprintf(" · score %d", f.score.Total)
	}
	if len(f.seats) == 0 {
		return title, []string{f.st.Subtle.Render("No seats yet: waiting for the server.")}
	}
	idW := 0
	for _, s := range f.seats {
		idW = max(idW, ansi.StringWidth(s.Seat))
	}
	nameW := min(idW+1, 22)
	if w >= 120 {
		nameW = min(max(w/4, idW+1), 44)
	}
	whoW := min(max(w/5, 16), 34)
	scoreW := 5
	actW := max(w-2-nameW-whoW-scoreW-3, 8)
	lines := []string{f.st.Subtle.Render("  " + facPad("SEAT", nameW) + " " + facPad("PLAYED BY", whoW) + " " + facPad("LAST ACTION", actW) + " " + facRight("SCORE", scoreW))}
	now := f.exerciseTime()
	start, end := facWindow(len(f.seats), f.sel[facPaneSeats], h-2)
	for i := start; i < end; i++ {
		s := &f.seats[i]
		name := f.st.Bold.Render(s.Seat)
		if s.Name != "" && s.Name != s.Seat && nameW > idW+8 {
			name += " " + f.st.Subtle.Render(s.Name)
		}
		var who string
		switch {
		case s.Bot != "":
			who = "⚙ bot: " + s.Bot
			if s.Connected > 0 {
				who += fmt.Sprintf(" +%d watching", s.Connected)
			}
		case s.Connected == 0:
			who = f.st.Subtle.Render("○ empty")
		case len(s.Players) > 0:
			who = f.st.Good.Render("●") + fmt.Sprintf(" %d: %s", s.Connected, strings.Join(s.Players, ", "))
		default:
			who = f.st.Good.Render("●") + fmt.Sprintf(" %d connected", s.Connected)
		}
		act := f.st.Subtle.Render("—")
		if what, t, ok := f.seatAct(s); ok {
			act = strings.ReplaceAll(what, "_", " ")
			if actW >= 36 {
				act += " at " + styles.Clock(t)
			}
			act += f.st.Subtle.Render(", " + facAgo(now-t))
		}
		score := "–"
		if f.haveScore {
			score = strconv.Itoa(f.score.Agencies[s.Seat])
		}
		line := facPad(name, nameW) + " " + facPad(who, whoW) + " " + facPad(act, actW) + " " + facRight(score, scoreW)
		if i == f.sel[facPaneSeats] && f.pane == facPaneSeats {
			lines = append(lines, "› "+f.st.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if h > len(lines)+1 {
		lines = append(lines, "", f.st.Subtle.Render("⚙ bot · ● people connected · ○ empty   b: bot or back · v: view as"))
	}
	return title, lines
}

func (f *Model) injectSel(rows []facInjectRow) int {
	if !f.injFollow {
		return f.sel[facPaneInjects]
	}
	for i, r := range rows {
		if !r.released {
			return i
		}
	}
	return max(len(rows)-1, 0)
}

// facInjectLine describes an inject in a line.
func facInjectLine(to []string, channel, from, text string) string {
	s := "→ " + strings.Join(to, ", ") + " by " + channel
	if from != "" {
		s += " from " + from
	}
	return s + ": " + strings.Join(strings.Fields(text), " ")
}

func (f *Model) injectsPane(w, h int) (string, []string) {
	rows := f.injectRows()
	nRel := len(f.releases)
	title := fmt.Sprintf("Injects · ✓ %d released", nRel)
	if len(f.msel) > 0 {
		title += fmt.Sprintf(" · ◷ %d to come", len(rows)-nRel)
	}
	var lines []string
	switch {
	case f.clock.Ended:
		lines = append(lines, "The exercise has ended.")
	case f.clock.Next > 0:
		lines = append(lines, f.st.Bold.Render("Next scheduled: ")+strings.TrimPrefix(f.nextText(f.exerciseTime()), "next event ")+f.st.Subtle.Render(" · n advances to it"))
	default:
		lines = append(lines, "Nothing more is scheduled.")
	}
	if len(rows) == 0 {
		return title, append(lines, "", f.st.Subtle.Render("No inject yet. t triggers a scripted inject by id; a sends an ad-hoc one."))
	}
	sel := f.injectSel(rows)
	idW, markW := 8, 17
	for _, r := range rows {
		idW = max(idW, ansi.StringWidth(r.id))
	}
	idW = min(idW, max(w/6, 10))
	if w < 100 {
		markW = 10 // the time alone; the id says ad hoc
	}
	// The selected inject in full, below the list, when there is room.
	var detail []string
	if f.pane == facPaneInjects && sel < len(rows) && h >= 12 {
		r := rows[sel]
		detail = facWrap(r.id+" "+facInjectLine(r.to, r.channel, r.from, r.text), w)
		if len(detail) > 4 {
			detail = append(detail[:4], "…")
		}
		for i := range detail {
			detail[i] = f.st.Subtle.Render(detail[i])
		}
		detail = append([]string{""}, detail...)
	}
	start, end := facWindow(len(rows), sel, h-1-len(detail))
	for i := start; i < end; i++ {
		r := rows[i]
		var mark string
		switch {
		case r.released && r.cause == "adhoc" && markW > 10:
			mark = "✓ " + styles.Clock(r.t) + " ad hoc"
		case r.released && r.cause == "facilitator" && markW > 10:
			mark = "✓ " + styles.Clock(r.t) + " by you"
		case r.released:
			mark = "✓ " + styles.Clock(r.t)
		case r.timed:
			mark = "◷ " + styles.Clock(r.t)
		default:
			mark = "· on cue"
		}
		line := facPad(mark, markW) + facPad(r.id, idW) + " " + facInjectLine(r.to, r.channel, r.from, r.text)
		if !r.released {
			line = f.st.Subtle.Render(facPad(mark, markW)) + facPad(r.id, idW) + " " + facInjectLine(r.to, r.channel, r.from, r.text)
		}
		if i == sel && f.pane == facPaneInjects {
			lines = append(lines, "›"+f.st.Selected.Render(facPad(ansi.Strip(line), w-1)))
		} else {
			lines = append(lines, " "+line)
		}
	}
	for len(lines)+len(detail) < h {
		lines = append(lines, "")
	}
	return title, append(lines, detail...)
}

func (f *Model) nrmPane(w, h int) (string, []string) {
	cs := f.caseList()
	pend := f.pendingCount()
	title := fmt.Sprintf("NRM decisions · ⧗ %d pending · %d decided", pend, len(cs)-pend)
	if len(cs) == 0 {
		return title, []string{"Nobody has been referred into the NRM yet.", "", f.st.Subtle.Render("Each referral appears here for the competent authority's Reasonable Grounds and Conclusive Grounds decisions.")}
	}
	sel := f.sel[facPaneNRM]
	var detail []string
	if sel < len(cs) && f.pane == facPaneNRM {
		detail = f.caseDetail(cs[sel], w)
	}
	nameW, byW := 10, 12
	for _, c := range cs {
		nameW = max(nameW, ansi.StringWidth(f.personName(c.person)))
		byW = max(byW, ansi.StringWidth(c.by)+11)
	}
	nameW, byW = min(nameW, max(w/4, 12)), min(byW, max(w/3, 14))
	var lines []string
	start, end := facWindow(len(cs), sel, max(h-len(detail), 1))
	for i := start; i < end; i++ {
		c := cs[i]
		var status string
		switch {
		case !c.rg:
			status = f.st.Warn.Render("⧗ awaiting RG")
		case !c.rgPositive:
			status = "✓ RG- not met"
		case !c.cg:
			status = "RG+ " + f.st.Warn.Render("⧗ awaiting CG")
			if end, ok := facRecoveryEnd(c); ok {
				status += f.st.Subtle.Render(" · recovery to " + end.Format("2006-01-02"))
			}
		default:
			status = "✓ RG+ · CG " + strings.ReplaceAll(c.cgOutcome, "_", " ")
		}
		if c.rule != "" {
			status += " " + f.st.Bad.Render("✗ "+c.rule)
		}
		line := facPad(f.personName(c.person), nameW) + " " + facPad("by "+c.by+" "+styles.Clock(c.t), byW) + " " + status
		if i == sel && f.pane == facPaneNRM {
			lines = append(lines, "› "+f.st.Selected.Render(facPad(ansi.Strip(line), w-2)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	for len(lines)+len(detail) < h {
		lines = append(lines, "")
	}
	return title, append(lines, detail...)
}

// caseDetail is what the facilitator can do about the selected case.
func (f *Model) caseDetail(c *facCase, w int) []string {
	var out []string
	if c.rule != "" {
		for _, l := range facWrap("✗ refused ("+c.rule+"): "+c.reason, w) {
			out = append(out, f.st.Bad.Render(l))
		}
	}
	switch {
	case !c.rg:
		out = append(out, f.st.Subtle.Render("r: make the Reasonable Grounds decision (positive or negative)"))
	case c.rgPositive && !c.cg:
		if n := f.daysNeeded(c); n > 0 {
			out = append(out, fmt.Sprintf("The recovery period has %d in-world days to run: d advances the clock %d days, then c decides.", n, n))
		} else {
			out = append(out, f.st.Subtle.Render("c: make the Conclusive Grounds decision · d: advance the in-world clock"))
		}
	}
	return out
}

// facVerb says what an event was, briefly.
func (f *Model) describe(e *engine.Event) string {
	p := &e.Payload
	who := ""
	if p.Person != "" {
		who = " " + f.personName(p.Person)
	}
	switch e.Type {
	case engine.EvInject:
		return "✉ inject " + p.Inject + " " + facInjectLine(e.To, p.Channel, p.From, p.Text)
	case engine.EvRejected:
		return "✗ refused " + strings.ReplaceAll(p.Kind, "_", " ") + who + ": " + facExplain(p.Rule, p.Reason)
	case engine.EvFlagged:
		return "⚑ flagged " + p.Agency + who + ": " + facExplain(p.Rule, p.Reason)
	case engine.EvLearned:
		s := "· " + p.Agency + " learned of" + who
		if n := len(p.Indicators); n > 0 {
			s += fmt.Sprintf(" (%d indicator", n)
			if n > 1 {
				s += "s"
			}
			s += ")"
		}
		return s
	case engine.EvRG:
		if p.Positive {
			s := "⚖ RG+ reasonable grounds for" + who
			if p.Authority != "" {
				s += " (" + p.Authority + ")"
			}
			return s
		}
		return "⚖ RG- not met for" + who
	case engine.EvCG:
		return "⚖ CG " + strings.ReplaceAll(p.Outcome, "_", " ") + ":" + who
	case engine.EvStarted:
		return "▶ the exercise started (in-world " + p.InWorld + ")"
	case engine.EvPhase:
		return "▸ phase: " + p.Text
	case engine.EvMissed:
		return "⌛ missed: " + strings.ReplaceAll(p.Kind, "_", " ") + " by " + strings.Join(p.Agencies, "/") + who + " (after " + p.Inject + ")"
	case engine.EvDecisionOpen:
		return "? decision " + p.Decision + " for " + strings.Join(e.To, ",") + ": " + p.Text
	case engine.EvConsent:
		if p.Consented {
			return "✓ consent given by" + who
		}
		return "✗ consent refused by" + who
	case engine.EvSupportRefused:
		return "✗ support declined by" + who
	case engine.EvFlag:
		return "· flag " + p.Flag + " set"
	case engine.EvResource:
		return fmt.Sprintf("· %s now holds %d %s", p.Agency, p.Count, strings.TrimSpace(p.Kind+" "+p.Language))
	case "paused":
		return "⏸ paused " + p.Text
	case "resumed":
		return "▶ resumed"
	case "no_play":
		return "⛔ NO PLAY: " + p.Text
	case "no_play_lifted":
		return "▶ NO PLAY lifted"
	case "clock_advanced":
		return fmt.Sprintf("⏩ in-world clock advanced %d days to %s", p.Days, p.InWorld)
	case "ended":
		s := "■ the exercise ended"
		if p.Score != nil {
			s += fmt.Sprintf(" · score %d", p.Score.Total)
		}
		return s
	case engine.CmdDecide:
		return "✓ decided " + p.Decision + ": " + p.Option
	}
	s := "✓ " + strings.ReplaceAll(e.Type, "_", " ") + who
	if p.Agency != "" && p.Agency != e.Actor {
		s += " → " + p.Agency
	}
	if len(p.Agencies) > 0 {
		s += " → " + strings.Join(p.Agencies, ", ")
	}
	for _, extra := range []string{p.Text, p.Rationale, p.Kind, p.Request} {
		if extra != "" {
			s += ": " + strings.Join(strings.Fields(extra), " ")
			break
		}
	}
	return s
}

func (f *Model) feedPane(w, h int) (string, []string) {
	title := "Feed · all agencies"
	if f.feedFilter != "" {
		title = "Feed · " + f.feedFilter + " only"
	}
	if f.feedBack > 0 {
		title += fmt.Sprintf(" · scrolled back %d (end follows)", f.feedBack)
	}
	// Walk back from the newest, skipping the lines scrolled past.
	var picked []*engine.Event
	skip := f.feedBack
	for i := len(f.events) - 1; i >= 0 && len(picked) < h; i-- {
		e := &f.events[i]
		if !f.feedMatch(e) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		picked = append(picked, e)
	}
	if len(picked) == 0 {
		return title, []string{f.st.Subtle.Render("No events yet.")}
	}
	actorW := 12
	lines := make([]string, 0, len(picked))
	for i := len(picked) - 1; i >= 0; i-- {
		e := picked[i]
		d := f.describe(e)
		switch e.Type {
		case engine.EvRejected:
			d = f.st.Bad.Render(d)
		case engine.EvFlagged, engine.EvMissed:
			d = f.st.Warn.Render(d)
		case "no_play":
			d = f.st.Bad.Render(d)
		}
		lines = append(lines, f.st.Subtle.Render(styles.Clock(e.T))+" "+facPad(e.Actor, actorW)+" "+d)
	}
	return title, lines
}

func (f *Model) viewPane(w, h int) (string, []string) {
	title := "View as"
	if len(f.seats) == 0 {
		return title, []string{"No agencies yet."}
	}
	name := f.viewAs
	for _, s := range f.seats {
		if s.Seat == f.viewAs && s.Name != "" {
			name += " · " + s.Name
		}
	}
	title += " " + name
	lines := []string{"◀ " + f.st.Bold.Render(f.viewAs) + " ▶" + f.st.Subtle.Render("  ←/→ another agency · ↑/↓ a person · r refresh")}
	v := f.snapshot
	if v == nil || v.Agency != f.viewAs {
		return title, append(lines, "", "… asking the server for "+f.viewAs+"'s view")
	}
	lines = append(lines, f.st.Subtle.Render(fmt.Sprintf("%s's case board: %d people known, %d injects received, as the agency sees it now.", f.viewAs, len(v.People), len(v.Inbox))))
	h -= len(lines)
	side := w >= 110
	pw, rw := w, w
	if side {
		pw = min(w/2, 76)
		rw = w - pw - 3
	}
	sel := min(f.sel[facPaneView], max(len(v.People)-1, 0))
	var detail []string
	if sel < len(v.People) {
		detail = f.personDetail(&v.People[sel], rw)
	}
	other := f.viewOther(v)
	listH := h
	if !side {
		detail = detail[:min(len(detail), 5)]
		listH = max(h-len(detail)-2, 3)
	}
	people := f.peopleList(v, sel, pw, listH)
	if side {
		right := append(append(detail, ""), other...)
		for i := range min(max(len(people), len(right)), h) {
			l, r := "", ""
			if i < len(people) {
				l = people[i]
			}
			if i < len(right) {
				r = right[i]
			}
			lines = append(lines, facPad(l, pw)+" │ "+r)
		}
		return title, lines
	}
	lines = append(lines, people...)
	lines = append(lines, "")
	lines = append(lines, detail...)
	if len(other) > 0 {
		lines = append(lines, other[0]) // the resources
	}
	return title, lines
}

// peopleList is the viewed agency's case board, one person a line.
func (f *Model) peopleList(v *engine.View, sel, w, h int) []string {
	if len(v.People) == 0 {
		return []string{"Nobody on the case board yet."}
	}
	var out []string
	start, end := facWindow(len(v.People), sel, h)
	for i := start; i < end; i++ {
		p := &v.People[i]
		about := []string{}
		if p.Age > 0 {
			a := strconv.Itoa(p.Age)
			if p.AgeDisputed {
				a += "?"
			}
			about = append(about, a)
		}
		if p.Child {
			about = append(about, "child")
		}
		if p.Nationality != "" {
			about = append(about, p.Nationality)
		}
		ind := ""
		if n := len(p.Indicators); n > 0 {
			ind = fmt.Sprintf(" · %d ind.", n)
		}
		alias := p.Alias
		if alias == "" {
			alias = p.ID
		}
		line := facPad(alias, 14) + " " + facPad(strings.Join(about, " "), 19) + " " + facPad(components.StatusLabel(p.Status), 23) + ind
		if i == sel && f.pane == facPaneView {
			out = append(out, "› "+f.st.Selected.Render(facPad(ansi.Strip(line), w-2)))
		} else {
			out = append(out, "  "+line)
		}
	}
	return out
}

// personDetail is what the viewed agency knows of one person.
func (f *Model) personDetail(p *engine.PersonView, w int) []string {
	head := []string{p.Alias + " (" + p.ID + ")"}
	if p.Age > 0 {
		a := strconv.Itoa(p.Age)
		if p.AgeDisputed {
			a += " (age disputed)"
		}
		head = append(head, a)
	}
	for _, x := range []string{p.Sex, p.Nationality, strings.Join(p.Languages, "/")} {
		if x != "" {
			head = append(head, x)
		}
	}
	out := []string{f.st.Bold.Render(styles.Truncate(strings.Join(head, " · "), w))}
	state := []string{components.StatusLabel(p.Status)}
	if p.Consent != "" {
		state = append(state, "consent "+p.Consent)
	}
	for _, fl := range []struct {
		on   bool
		what string
	}{{p.Refused, "refused support"}, {p.Accepted, "accepted support"}, {p.Safeguarded, "child safeguarding referral"}, {p.Referred, "referred (NRM)"},
		{p.Arrested, "arrested"}, {p.Interpreter, "interpreter arranged"}, {p.PlaceReady, "place of safety ready"}} {
		if fl.on {
			state = append(state, fl.what)
		}
	}
	if p.Charging != "" {
		state = append(state, "charging "+p.Charging)
	}
	out = append(out, facWrap(strings.Join(state, " · "), w)...)
	if len(p.Needs) > 0 {
		out = append(out, styles.Truncate("needs: "+strings.Join(p.Needs, ", "), w))
	}
	for _, in := range p.Indicators {
		out = append(out, styles.Truncate("◆ "+in.Text+" ("+in.Kind+")", w))
	}
	for _, n := range p.Notes {
		out = append(out, f.st.Subtle.Render(styles.Truncate("note: "+strings.Join(strings.Fields(n), " "), w)))
	}
	return out
}

// viewOther is the rest of the viewed agency's board: resources,
// requests, decisions and inbox.
func (f *Model) viewOther(v *engine.View) []string {
	var other []string
	if len(v.Resources) > 0 {
		var rs []string
		for _, r := range v.Resources {
			k := r.Kind
			if r.Language != "" {
				k += " (" + r.Language + ")"
			}
			rs = append(rs, fmt.Sprintf("%s %d", k, r.Count))
		}
		other = append(other, f.st.Bold.Render("Resources: ")+strings.Join(rs, ", "))
	}
	if n := facCount(v.Requests, func(r engine.RequestView) bool { return r.Open }); n > 0 {
		other = append(other, fmt.Sprintf("Open resource requests: %d", n))
	}
	if len(v.Decisions) > 0 {
		other = append(other, fmt.Sprintf("Open decisions: %d", len(v.Decisions)))
	}
	if len(v.Inbox) > 0 {
		other = append(other, f.st.Bold.Render(fmt.Sprintf("Inbox, newest first (%d):", len(v.Inbox))))
		for i := len(v.Inbox) - 1; i >= 0 && len(other) < 40; i-- {
			in := v.Inbox[i]
			other = append(other, styles.Clock(in.T)+" "+in.ID+" ("+in.Channel+"): "+strings.Join(strings.Fields(in.Text), " "))
		}
	}
	return other
}

func facCount[T any](s []T, ok func(T) bool) int {
	n := 0
	for _, x := range s {
		if ok(x) {
			n++
		}
	}
	return n
}

func facIf(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

func (f *Model) exercisesPane(w, h int) (string, []string) {
	lines := []string{}
	if f.exercise != "" {
		lines = append(lines, "This exercise: "+f.st.Bold.Render(f.exercise)+" · "+f.scenario.Title+" ("+f.scenario.ID+"), rules as of "+f.scenario.RulesAsOf)
	}
	lines = append(lines, "", f.st.Bold.Render("Start another exercise on this server")+f.st.Subtle.Render(" (↑/↓ choose, enter starts it; this one goes on)"))
	if len(f.scenarios) == 0 {
		lines = append(lines, f.st.Subtle.Render("No bundled scenarios were given to the console."))
	}
	for i, id := range f.scenarios {
		if i == f.sel[facPaneExercises] && f.pane == facPaneExercises {
			lines = append(lines, "› "+f.st.Selected.Render(id))
		} else {
			lines = append(lines, "  "+id)
		}
	}
	if c := f.created; c != nil {
		j := c.Join
		lines = append(lines, "", f.st.Good.Render("✓ Started "+j.Exercise+" ("+j.Scenario+")"),
			"Address            "+j.URL,
			"Facilitator token  "+j.Facilitator,
			"Observer code      "+j.Observer)
		seats := make([]string, 0, len(j.Seats))
		for s := range j.Seats {
			seats = append(seats, s)
		}
		slices.Sort(seats)
		var codes []string
		for _, s := range seats {
			codes = append(codes, s+" "+j.Seats[s])
		}
		lines = append(lines, "Join codes         "+strings.Join(codes, " · "))
		lines = append(lines, f.st.Subtle.Render("Run it: ttx facilitate "+j.URL+" --token "+j.Facilitator+" --exercise "+j.Exercise))
	}
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			out = append(out, facWrap(ansi.Strip(l), w)...)
		} else {
			out = append(out, l)
		}
	}
	return "Exercises", out
}

package replay

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
)

// Rows of the screen above the pane and below it.
const (
	replayRowTitle    = 0
	replayRowTimeline = 1
	replayRowTabs     = 2
	replayBodyTop     = 3
	replayRowsBelow   = 2 // status and help
)

// Smallest screen the viewer draws on; anything smaller gets a notice.
const (
	replayMinWidth  = 40
	replayMinHeight = 12
)

// replayLoadingLines is the height of the loading progress.
const replayLoadingLines = 4

// replayWide is the width from which panes use two columns.
const replayWide = 120

// View draws the viewer: the loading progress, then the title and
// timeline, the tabs, the pane in front, a status line and the help.
func (m Model) View() tea.View {
	if m.err != nil || m.d == nil && (m.loadEvents == 0 || m.quitting) {
		// Nothing until the loader first reports progress, so that a small
		// log opens without a flash of progress and a bad one leaves the
		// screen as it was (the error is printed once the program ends).
		// The progress, once shown, is overwritten with blank lines.
		if m.loadEvents > 0 {
			return tea.NewView(strings.Repeat("\n", replayLoadingLines-1))
		}
		return tea.NewView("")
	}
	if m.d == nil {
		return tea.NewView(m.loadingView())
	}
	v := tea.NewView(m.screen())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "ttx replay: " + m.d.sc.Title
	return v
}

// screen renders the whole screen as text of exactly m.w × m.h cells.
func (m Model) screen() string {
	if m.w < replayMinWidth || m.h < replayMinHeight {
		msg := fmt.Sprintf("The window is %d×%d. The replay viewer needs at least %d×%d; 80×24 or more is best.\nq quits.", m.w, m.h, replayMinWidth, replayMinHeight)
		return styles.Fit(strings.Join(replayWordWrap(msg, m.w), "\n"), m.w, m.h)
	}
	rows := []string{m.titleBar(), m.timeline(), m.tabs()}
	bh := m.bodyHeight()
	var body string
	if m.help.ShowAll {
		body = m.fullHelp(bh)
	} else {
		body = m.body(bh)
	}
	rows = append(rows, styles.Fit(body, m.w, bh), m.statusLine(), m.helpLine())
	return styles.Fit(strings.Join(rows, "\n"), m.w, m.h)
}

// bodyHeight is the number of rows the pane gets.
func (m Model) bodyHeight() int { return max(m.h-replayBodyTop-replayRowsBelow, 1) }

func (m Model) loadingView() string {
	w := min(max(m.w, 40), 100)
	name := styles.Truncate(m.path, w-20)
	line1 := m.styles.Title.Render("ttx replay") + " · reading " + name
	frac := 0.0
	if m.size > 0 {
		frac = min(float64(m.loadBytes)/float64(m.size), 1)
	}
	line2 := fmt.Sprintf("%s %3d%%", replayBar(frac, w-7), int(frac*100))
	line3 := fmt.Sprintf("%s events · %s of %s", replayThousands(m.loadEvents), replayBytes(m.loadBytes), replayBytes(m.size))
	line4 := m.styles.Subtle.Render("Checking the hash chain and re-running the engine over every command. q quits.")
	return styles.Fit(strings.Join([]string{line1, line2, line3, line4}, "\n"), w, replayLoadingLines)
}

// replayBar draws a progress bar of width cells, filled to frac, in
// characters that read without colour.
func replayBar(frac float64, width int) string {
	width = max(width-2, 1)
	n := int(frac * float64(width))
	return "[" + strings.Repeat("█", n) + strings.Repeat("░", width-n) + "]"
}

func replayThousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func replayBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// titleBar is the top row: the scenario, play state and position.
func (m Model) titleBar() string {
	state := "■ paused"
	if m.playing {
		state = "▶ playing " + m.speedLabel()
	}
	pos := fmt.Sprintf("event %d of %d", m.seqAt(m.cursor), len(m.d.events))
	if !m.d.ended {
		pos += " · log unfinished"
	}
	right := state + " · " + pos + " "
	left := " ttx replay · " + m.d.sc.Title
	room := m.w - ansi.StringWidth(right) - 1
	left = styles.Truncate(left, room)
	gap := max(m.w-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	return m.styles.Bar.Render(styles.Truncate(left+strings.Repeat(" ", gap)+right, m.w))
}

// seqAt is the sequence number of the last event once n have happened.
func (m Model) seqAt(n int) int64 {
	if n <= 0 {
		return 0
	}
	return m.d.events[n-1].Seq
}

// timelineGeom returns where the timeline's bar starts and how wide it is.
func (m Model) timelineGeom() (x0, width int) {
	total := styles.Clock(m.d.length)
	x0 = len(styles.Clock(m.now)) + 2
	// Leave room for the longest phase title, but keep the bar at least
	// half the width.
	phase := 0
	for _, i := range m.d.phases {
		phase = max(phase, ansi.StringWidth(m.d.events[i].Payload.Text)+3)
	}
	room := m.w - x0 - len(total) - 2
	width = max(room-phase, room/2, 4)
	return x0, width
}

// timeline is the second row: the exercise clock, a bar to click or scrub,
// the length and the phase.
func (m Model) timeline() string {
	x0, bw := m.timelineGeom()
	frac := 0.0
	if m.d.length > 0 {
		frac = min(float64(m.now)/float64(m.d.length), 1)
	}
	at := min(int(frac*float64(bw)), bw-1)
	bar := strings.Repeat("━", at) + "●" + strings.Repeat("─", bw-at-1)
	clock := m.styles.Bold.Render(styles.Clock(m.now))
	line := clock + strings.Repeat(" ", x0-len(styles.Clock(m.now))-1) + m.styles.Accent.Render(bar) + " " + styles.Clock(m.d.length)
	if ph := m.d.phaseAt(m.cursor); ph != "" {
		line += " · " + m.styles.Subtle.Render(ph)
	}
	return " " + line
}

// tabTitles are the tabs with what each shows now.
func (m Model) tabTitles() []string {
	filter := "all"
	if m.filter > 0 {
		filter = m.d.agencies[m.filter-1]
	}
	as := ""
	if len(m.d.agencies) > 0 {
		as = m.d.agencies[min(m.as, len(m.d.agencies)-1)]
	}
	n := replayPaneNames
	return []string{
		"1 " + n[replayPaneFeed] + ": " + filter,
		"2 " + n[replayPaneView] + ": " + as,
		"3 " + n[replayPaneJourneys],
		fmt.Sprintf("4 %s: %d/100", n[replayPaneScore], m.card.Total),
	}
}

// tabSpans returns the columns each tab occupies, for the mouse.
func (m Model) tabSpans() [][2]int {
	var spans [][2]int
	x := 1
	for _, t := range m.tabTitles() {
		w := ansi.StringWidth(t) + 2
		spans = append(spans, [2]int{x, x + w})
		x += w + 1
	}
	return spans
}

func (m Model) tabs() string {
	var b strings.Builder
	b.WriteString(" ")
	for i, t := range m.tabTitles() {
		if i == m.pane {
			b.WriteString(m.styles.Selected.Render("[" + t + "]"))
		} else {
			b.WriteString(" " + t + " ")
		}
		b.WriteString(" ")
	}
	return b.String()
}

func (m Model) statusLine() string {
	if m.jumping {
		if m.status != "" {
			return " " + m.jump.View() + "  " + m.styles.Bad.Render("✗ "+m.status)
		}
		return " " + m.jump.View()
	}
	if m.status != "" {
		return " " + m.status
	}
	return ""
}

func (m Model) helpLine() string {
	m.help.SetWidth(m.w - 1)
	if m.help.ShowAll {
		return " " + m.help.ShortHelpView([]key.Binding{m.keys.Help, m.keys.Quit})
	}
	return " " + m.help.View(m.keys)
}

// fullHelp lays the help's columns out across the pane, wrapping to more
// rows when the screen is narrow.
func (m Model) fullHelp(height int) string {
	var blocks []string
	for _, g := range m.keys.FullHelp() {
		blocks = append(blocks, m.help.FullHelpView([][]key.Binding{g}))
	}
	var rows []string
	var row []string
	width := 0
	for _, b := range blocks {
		bw := lipgloss.Width(b) + 4
		if width > 0 && width+bw > m.w-2 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...), "")
			row, width = nil, 0
		}
		row = append(row, b, "    ")
		width += bw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	head := m.styles.Title.Render("Keys") + m.styles.Subtle.Render("  (? closes this)")
	mouse := replayWrap("", "Mouse: click a tab, a point on the timeline or an event; the wheel scrubs over the timeline, steps in the events and scrolls the other panes.", m.w-2, 0)
	out := head + "\n\n" + strings.Join(rows, "\n") + "\n\n" + m.styles.Subtle.Render(strings.Join(mouse, "\n"))
	lines := strings.Split(out, "\n")
	for i := range lines {
		lines[i] = " " + lines[i]
	}
	return strings.Join(lines, "\n")
}

// body renders the pane in front, height rows tall.
func (m Model) body(height int) string {
	switch m.pane {
	case replayPaneFeed:
		return m.feed(height)
	}
	head, lines := m.paneLines()
	top := min(m.scroll[m.pane], max(len(lines)-(height-len(head)), 0))
	lines = lines[top:]
	if more := len(lines) - (height - len(head)); more > 0 {
		lines = lines[:height-len(head)-1]
		lines = append(lines, m.styles.Subtle.Render(fmt.Sprintf("  ↓ %d more line(s): ↓/j, pgdn or the wheel", more+1)))
	}
	return strings.Join(append(head, lines...), "\n")
}

// paneLines returns the fixed heading and the scrolling lines of a pane
// other than the feed.
func (m Model) paneLines() (head, lines []string) {
	switch m.pane {
	case replayPaneView:
		return m.viewAsLines()
	case replayPaneJourneys:
		return m.journeyLines()
	case replayPaneScore:
		return m.scoreLines()
	}
	return nil, nil
}

func (m *Model) scrollBy(n int) {
	m.scroll[m.pane] = max(m.scroll[m.pane]+n, 0)
	m.clampScroll()
}

// clampScroll keeps each pane's scroll within its content.
func (m *Model) clampScroll() {
	if m.d == nil {
		return
	}
	if m.pane == replayPaneFeed {
		lines, room := m.detailLines(m.bodyHeight())
		m.scroll[m.pane] = min(m.scroll[m.pane], max(len(lines)-room, 0))
		return
	}
	head, lines := m.paneLines()
	room := m.bodyHeight() - len(head)
	m.scroll[m.pane] = min(m.scroll[m.pane], max(len(lines)-room, 0))
}

// detailLines returns the wrapped details of the feed's current event and
// the rows the detail panel has for them.
func (m Model) detailLines(height int) ([]string, int) {
	_, n, detailW, detailH := m.feedLayout(height)
	rows := m.feedRows(n)
	width, room := detailW, detailH-1
	if m.w >= replayWide {
		width, room = detailW-2, height
	}
	var out []string
	if len(rows) == 0 {
		for i, l := range m.d.about() {
			for _, w := range replayWrap("", l, width, 2) {
				if i == 0 {
					w = m.styles.Bold.Render(w)
				}
				out = append(out, w)
			}
		}
		return out, room
	}
	for i, l := range m.d.details(&m.d.events[rows[len(rows)-1]]) {
		for _, w := range replayWrap("", l, width, 2) {
			if i == 0 {
				w = m.styles.Bold.Render(w)
			}
			out = append(out, w)
		}
	}
	return out, room
}

// feedRows returns the indexes of the events the feed lists, oldest
// first, ending with the last shown event at or before the cursor.
func (m Model) feedRows(n int) []int {
	var rows []int
	for i := m.cursor - 1; i >= 0 && len(rows) < n; i-- {
		if m.shown(i) {
			rows = append(rows, i)
		}
	}
	slices.Reverse(rows)
	return rows
}

// feedLayout returns the feed's geometry: the width of its list, how many
// event rows it holds, and the size of the detail panel (to the right of
// the list on a wide screen, else under it).
func (m Model) feedLayout(height int) (listW, rowsN, detailW, detailH int) {
	if m.w >= replayWide {
		detailW = m.w * 2 / 5
		return m.w - detailW - 1, max(height-2, 1), detailW, height
	}
	detailH = min(max(height/3, 4), 8)
	return m.w, max(height-2-detailH, 1), m.w, detailH
}

func (m Model) feed(height int) string {
	listW, n, detailW, detailH := m.feedLayout(height)
	heading := "All events (f: filter by agency)"
	if m.filter > 0 {
		a := m.d.agencies[m.filter-1]
		heading = "Events involving " + a + " (f: next agency)"
	}
	if m.commands {
		heading += " · with commands as received (c hides)"
	} else {
		heading += " · commands hidden (c shows)"
	}
	sw := max(len(fmt.Sprint(len(m.d.events))), 3)
	ww, tw := 10, 17
	if listW >= 100 {
		ww, tw = 12, 20
	}
	list := []string{
		m.styles.Title.Render(styles.Truncate(heading, listW)),
		m.styles.Subtle.Render(styles.Fit(fmt.Sprintf("  %*s %7s %-*s %-*s %s", sw, "#", "time", ww, "who", tw, "what", "details"), listW, 1)),
	}
	rows := m.feedRows(n)
	cur := -1
	if len(rows) > 0 {
		cur = rows[len(rows)-1]
	}
	for _, i := range rows {
		e := &m.d.events[i]
		line := fmt.Sprintf("%*d %7s %-*s %-*s %s", sw, e.Seq, styles.Clock(e.T), ww, styles.Truncate(m.d.actor(e), ww), tw, styles.Truncate(m.d.label(e), tw), m.d.summary(e))
		if i == cur {
			list = append(list, m.styles.Selected.Render(styles.Fit("▸ "+line, listW, 1)))
			continue
		}
		line = styles.Fit("  "+line, listW, 1)
		switch e.Type {
		case engine.EvRejected, engine.EvMissed, engine.EvSupportRefused:
			line = m.styles.Bad.Render(line)
		case engine.EvFlagged:
			line = m.styles.Warn.Render(line)
		case engine.EvCommand:
			line = m.styles.Subtle.Render(line)
		}
		list = append(list, line)
	}
	if len(rows) == 0 {
		msg := "  Nothing yet: press space to play or → to step."
		if m.cursor > 0 {
			msg = "  No event of this filter yet: press f to change it, or → to step to the next."
		}
		list = append(list, m.styles.Subtle.Render(msg))
	}
	if m.w >= replayWide {
		left := styles.Fit(strings.Join(list, "\n"), listW, height)
		right := styles.Fit(m.detailBox(height), detailW-2, height)
		sep := strings.TrimSuffix(strings.Repeat("│\n", height), "\n")
		return lipgloss.JoinHorizontal(lipgloss.Top, left, m.styles.Subtle.Render(sep), " "+strings.ReplaceAll(right, "\n", "\n "))
	}
	top := styles.Fit(strings.Join(list, "\n"), listW, height-detailH)
	return top + "\n" + m.styles.Subtle.Render(strings.Repeat("─", m.w)) + "\n" + m.detailBox(height)
}

// detailBox shows the details of the current event, scrolled, in height
// rows.
func (m Model) detailBox(height int) string {
	lines, room := m.detailLines(height)
	top := min(m.scroll[replayPaneFeed], max(len(lines)-room, 0))
	lines = lines[top:]
	if len(lines) > room {
		lines = lines[:room]
		lines[room-1] = m.styles.Subtle.Render("  ↓ more: ↓/j, pgdn")
	}
	return strings.Join(lines, "\n")
}

// viewAsLines renders what the chosen agency knew at the cursor: exactly
// the engine's view of it after the last whole command.
func (m Model) viewAsLines() (head, lines []string) {
	if len(m.d.agencies) == 0 {
		return []string{"The scenario has no agencies."}, nil
	}
	v := m.asView
	flags := []string{v.Kind}
	if v.FirstResponder {
		flags = append(flags, "first responder (may refer into the NRM)")
	}
	if v.DutyToNotify {
		flags = append(flags, "duty to notify")
	}
	at := "the start, before anything happened"
	if m.asK > 0 {
		n := m.d.batchEnd[m.asK-1]
		at = fmt.Sprintf("event #%d, %s", m.d.events[n-1].Seq, styles.Clock(m.d.events[n-1].T))
	}
	hint := m.styles.Subtle.Render("  v/V: another agency")
	title := styles.Truncate("Viewing as "+v.Name+" ["+v.Agency+"]", m.w-ansi.StringWidth(hint))
	head = []string{m.styles.Title.Render(title) + hint}
	about := replayJoin(" · ", strings.Join(flags, " · "), "what it knew at "+at, "in-world "+v.InWorld, replayPlayState(v))
	for _, l := range replayWrap("", about, m.w, 2) {
		head = append(head, m.styles.Subtle.Render(l))
	}
	if m.w >= replayWide {
		lw := m.w/2 - 1
		rw := m.w - lw - 3
		return head, replaySideBySide(m.peopleLines(v, lw), m.agencyLines(v, rw), lw, rw)
	}
	return head, append(m.peopleLines(v, m.w), m.agencyLines(v, m.w)...)
}

// replayWrap wraps prefix and text to width cells: the first line starts
// with prefix, the others with indent spaces. Lines break at spaces only,
// and a word too long for a line is cut across lines.
func replayWrap(prefix, text string, width, indent int) []string {
	pw := ansi.StringWidth(prefix)
	lim := max(width-max(pw, indent), 8)
	lines := replayWordWrap(text, lim)
	out := make([]string, len(lines))
	for i, l := range lines {
		if i == 0 {
			out[i] = prefix + l
		} else {
			out[i] = strings.Repeat(" ", indent) + l
		}
	}
	return out
}

// replayWordWrap breaks text into lines of at most width cells, at spaces.
func replayWordWrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line, lw := "", 0
		for _, word := range strings.Fields(para) {
			ww := ansi.StringWidth(word)
			if lw > 0 && lw+1+ww > width {
				lines = append(lines, line)
				line, lw = "", 0
			}
			for ww > width {
				if lw > 0 {
					lines = append(lines, line)
					line, lw = "", 0
				}
				lines = append(lines, ansi.Cut(word, 0, width))
				word = ansi.Cut(word, width, ww)
				ww = ansi.StringWidth(word)
			}
			if lw > 0 {
				line += " "
				lw++
			}
			line += word
			lw += ww
		}
		lines = append(lines, line)
	}
	return lines
}

// replayPlayState describes the exercise's state in a view, if not plain play.
func replayPlayState(v engine.View) string {
	var s []string
	if v.Phase != "" {
		s = append(s, "phase: "+v.Phase)
	}
	if v.Paused {
		s = append(s, "PAUSED")
	}
	if v.NoPlay != "" {
		s = append(s, "NO PLAY: "+v.NoPlay)
	}
	if v.Ended {
		s = append(s, "ENDED")
	}
	return strings.Join(s, " · ")
}

// replaySideBySide sets two columns of lines next to each other.
func replaySideBySide(left, right []string, lw, rw int) []string {
	n := max(len(left), len(right))
	out := make([]string, n)
	for i := range n {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = styles.Fit(l, lw, 1) + " │ " + styles.Fit(r, rw, 1)
	}
	return out
}

func (m Model) section(title string, n int) string {
	if n < 0 {
		return m.styles.Title.Render(title)
	}
	return m.styles.Title.Render(fmt.Sprintf("%s (%d)", title, n))
}

func (m Model) peopleLines(v engine.View, width int) []string {
	out := []string{m.section("People it knows of", len(v.People))}
	if len(v.People) == 0 {
		out = append(out, m.styles.Subtle.Render("  none yet"))
	}
	for _, p := range v.People {
		age := fmt.Sprintf("%d", p.Age)
		if p.Age == 0 {
			age = "age unknown"
		}
		if p.Child {
			age += " child"
		}
		if p.AgeDisputed {
			age += " (age disputed)"
		}
		status := fmt.Sprintf("%-22s", components.StatusLabel(p.Status))
		switch p.Status {
		case "identified", "concern":
			status = m.styles.Warn.Render(status)
		case "safe", "referred", "notified", "rg_positive", "cg_positive":
			status = m.styles.Good.Render(status)
		case "declined", "rg_negative", "cg_negative":
			status = m.styles.Bad.Render(status)
		}
		out = append(out, "  "+status+" "+m.styles.Bold.Render(p.Alias)+" · "+replayJoin(" · ", age, p.Sex, p.Nationality, strings.Join(p.Languages, "/")))
		for _, ind := range p.Indicators {
			out = append(out, replayWrap("    ◆ ", ind.Text+" ("+ind.Kind+")", width, 6)...)
		}
		var facts []string
		if len(p.Needs) > 0 {
			facts = append(facts, "needs "+strings.Join(p.Needs, ", "))
		}
		if p.Consent != "" {
			facts = append(facts, "consent "+p.Consent)
		}
		for _, f := range []struct {
			on   bool
			text string
		}{{p.Interpreter, "interpreter arranged"}, {p.PlaceReady, "place ready"}, {p.Accepted, "accepted support"}, {p.Refused, "declined support"},
			{p.Safeguarded, "child safeguarding"}, {p.Referred, "referred (NRM)"}, {p.Arrested, "arrested"}} {
			if f.on {
				facts = append(facts, f.text)
			}
		}
		if p.Charging != "" {
			facts = append(facts, "charging "+p.Charging)
		}
		if len(facts) > 0 {
			out = append(out, replayWrap("      ", strings.Join(facts, " · "), width, 6)...)
		}
		for _, n := range p.Notes {
			out = append(out, replayWrap("      note: ", n, width, 12)...)
		}
	}
	return out
}

func (m Model) agencyLines(v engine.View, width int) []string {
	out := []string{m.section("Inbox", len(v.Inbox))}
	if len(v.Inbox) == 0 {
		out = append(out, m.styles.Subtle.Render("  nothing yet"))
	}
	for _, in := range v.Inbox {
		out = append(out, replayWrap(fmt.Sprintf("  %s %-12s ", styles.Clock(in.T), "["+in.Channel+"]"), replayJoin(": ", in.From, in.Text), width, 23)...)
	}
	out = append(out, "", m.section("Resources", -1))
	if len(v.Resources) == 0 {
		out = append(out, m.styles.Subtle.Render("  none"))
	}
	for _, r := range v.Resources {
		kind := r.Kind
		if r.Language != "" {
			kind += " (" + r.Language + ")"
		}
		out = append(out, fmt.Sprintf("  %-28s %d", kind, r.Count))
	}
	if len(v.Requests) > 0 {
		out = append(out, "", m.section("Resource requests", len(v.Requests)))
		for _, r := range v.Requests {
			state := "open"
			if !r.Open {
				state = r.Outcome
			}
			kind := r.Kind
			if r.Language != "" {
				kind += " (" + r.Language + ")"
			}
			out = append(out, replayWrap("  ", fmt.Sprintf("%s: %s for %s, %s → %s · %s", r.ID, kind, m.d.person(r.Person), r.From, r.Holder, state), width, 4)...)
		}
	}
	if len(v.Decisions) > 0 {
		out = append(out, "", m.section("Decisions waiting", len(v.Decisions)))
		for _, dv := range v.Decisions {
			due := ""
			if dv.Deadline > 0 {
				due = "due " + styles.Clock(dv.Deadline)
			}
			out = append(out, replayWrap("  ", replayJoin(" · ", dv.ID+": "+dv.Prompt, "options "+strings.Join(dv.OptionIDs, ", "), due), width, 4)...)
		}
	}
	return out
}

// replayStepCell writes one step of a journey: when and by whom, or a dash.
func replayStepCell(s *engine.Step) string {
	if s == nil {
		return "—"
	}
	return styles.Clock(s.T) + " " + s.Agency
}

// journeySteps returns a journey's steps as label and step pairs, choosing
// between safe and declined, and referred and notified, by what happened.
func replayJourneySteps(j engine.Journey) (labels []string, steps []*engine.Step, notes []string) {
	safeL, safe := "safe", j.Safe
	if safe == nil && j.Declined != nil {
		safeL, safe = "declined", j.Declined
	}
	refL, ref := "referred", j.Referred
	if ref == nil && j.Notified != nil {
		refL, ref = "notified", j.Notified
	}
	rgL, cgL := "RG", "CG"
	if j.RG != nil {
		if j.RG.Detail == "positive" {
			rgL = "RG ✓"
		} else {
			rgL = "RG ✗"
		}
		notes = append(notes, "RG "+j.RG.Detail+" (in-world "+j.RG.InWorld+")")
	}
	if j.CG != nil {
		cgL = "CG ✓"
		if j.CG.Detail == "not_recognised" {
			cgL = "CG ✗"
		}
		notes = append(notes, "CG "+strings.ReplaceAll(j.CG.Detail, "_", " ")+" (in-world "+j.CG.InWorld+")")
	}
	if j.Safe != nil && j.Safe.Detail != "" {
		notes = append([]string{"safe at " + j.Safe.Detail}, notes...)
	}
	if j.Declined != nil {
		notes = append([]string{"declined support" + replayJoin("", ": "+j.Declined.Detail)}, notes...)
	}
	return []string{"first sign", "identified", safeL, refL, rgL, cgL},
		[]*engine.Step{j.FirstIndicator, j.Identified, safe, ref, j.RG, j.CG}, notes
}

func (m Model) journeyLines() (head, lines []string) {
	js := m.card.Journeys
	head = []string{
		m.styles.Title.Render(styles.Truncate(fmt.Sprintf("Victims' journeys as at %s (event #%d)", styles.Clock(m.now), m.seqAt(m.cursor)), m.w)),
		m.styles.Subtle.Render(styles.Truncate("Each step: when, and the agency that took it; — not (yet) taken.", m.w)),
	}
	if len(js) == 0 {
		return head, []string{"  The scenario has no victims."}
	}
	if m.w >= replayWide {
		cw := (m.w - 24) / 6
		hd := fmt.Sprintf("  %-20s", "person")
		for _, l := range []string{"first sign", "identified", "safe ✓ / declined ✗", "NRM / DtN", "RG ✓/✗", "CG ✓/✗"} {
			hd += styles.Fit(l, cw, 1)
		}
		lines = append(lines, m.styles.Bold.Render(hd))
		for _, j := range js {
			labels, steps, notes := replayJourneySteps(j)
			row := "  " + styles.Fit(m.journeyName(j), 20, 1)
			for i, s := range steps {
				cell := replayStepCell(s)
				if s != nil && i >= 2 {
					cell = replayShortLabel(labels[i]) + " " + cell
				}
				row += styles.Fit(cell, cw-1, 1) + " "
			}
			lines = append(lines, row)
			if len(notes) > 0 {
				lines = append(lines, m.styles.Subtle.Render("    "+strings.Join(notes, " · ")))
			}
		}
		return head, lines
	}
	half := (m.w - 4) / 2
	for _, j := range js {
		labels, steps, notes := replayJourneySteps(j)
		done := 0
		for _, s := range steps {
			if s != nil {
				done++
			}
		}
		lines = append(lines, m.styles.Bold.Render(m.journeyName(j))+m.styles.Subtle.Render(fmt.Sprintf("  %d of 6 steps", done)))
		for i := 0; i < len(steps); i += 2 {
			l := styles.Fit(fmt.Sprintf("  %-11s %s", labels[i], replayStepCell(steps[i])), half, 1)
			r := fmt.Sprintf("%-11s %s", labels[i+1], replayStepCell(steps[i+1]))
			lines = append(lines, l+"  "+r)
		}
		if len(notes) > 0 {
			lines = append(lines, m.styles.Subtle.Render("  "+strings.Join(notes, " · ")))
		}
		lines = append(lines, "")
	}
	return head, lines
}

// replayShortLabel is a journey step's label in a table cell.
func replayShortLabel(l string) string {
	switch l {
	case "safe":
		return "✓"
	case "declined":
		return "✗"
	case "referred":
		return "NRM"
	case "notified":
		return "DtN"
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "RG"), "CG"))
}

func (m Model) journeyName(j engine.Journey) string {
	if j.Child {
		return j.Alias + " (child)"
	}
	return j.Alias
}

func (m Model) scoreLines() (head, lines []string) {
	c := m.card
	head = []string{m.styles.Title.Render(styles.Truncate(fmt.Sprintf("Score as at %s (event #%d): %d/100", styles.Clock(m.now), m.seqAt(m.cursor), c.Total), m.w))}
	for _, l := range replayWrap("", fmt.Sprintf("earned %d, penalties %d, of %d possible so far", c.Earned, c.Penalty, c.Possible), m.w, 0) {
		head = append(head, m.styles.Subtle.Render(l))
	}
	head = append(head, m.styles.Subtle.Render(styles.Truncate("✓ met · ~ in part · ○ not yet · − penalty · #n: the event (click to see it)", m.w)))
	var ag []string
	for _, a := range c.Detail {
		if !a.Scored {
			ag = append(ag, a.Agency+" not scored")
			continue
		}
		s := fmt.Sprintf("%s %d (%d", a.Agency, a.Score, a.Earned)
		if a.Penalty > 0 {
			s += fmt.Sprintf("−%d", a.Penalty)
		}
		ag = append(ag, s+fmt.Sprintf(" of %d)", a.Possible))
	}
	for i, l := range replayWrap("By agency: ", strings.Join(ag, " · "), m.w, 11) {
		if i == 0 {
			l = m.styles.Bold.Render("By agency: ") + strings.TrimPrefix(l, "By agency: ")
		}
		lines = append(lines, l)
	}
	lines = append(lines, "")
	for _, it := range c.Items {
		mark := "○"
		switch {
		case it.Points < 0:
			mark = "−"
		case it.Possible > 0 && it.Earned >= it.Possible:
			mark = "✓"
		case it.Earned > 0:
			mark = "~"
		}
		pts := fmt.Sprintf("%3d/%-3d", it.Earned, it.Possible)
		if it.Points < 0 {
			pen := 0
			for _, a := range it.Awards {
				pen += a.Points
			}
			pts = fmt.Sprintf("%7d", pen)
		}
		style := m.styles.Bold
		switch {
		case mark == "✓":
			style = m.styles.Good
		case mark == "−" && len(it.Awards) > 0:
			style = m.styles.Bad
		}
		for i, l := range replayWrap(fmt.Sprintf("  %s %s ", mark, pts), it.Text+" ["+it.ID+"]", m.w, 12) {
			if i == 0 {
				l = style.Render(l)
			}
			lines = append(lines, l)
		}
		for _, a := range it.Awards {
			who := a.Agency
			if a.Person != "" {
				who += " · " + m.d.person(a.Person)
			}
			lines = append(lines, fmt.Sprintf("        %+d  #%d %s %s", a.Points, a.Seq, styles.Clock(a.T), who))
		}
		if len(it.Unmet) > 0 && it.Points > 0 {
			var who []string
			for _, p := range it.Unmet {
				who = append(who, m.d.person(p))
			}
			lines = append(lines, m.styles.Subtle.Render("        not yet for "+strings.Join(who, ", ")))
		}
	}
	if len(c.Missed) > 0 {
		lines = append(lines, "", m.section("Missed opportunities: signs seen and neither acted on nor shared", len(c.Missed)))
		for _, ms := range c.Missed {
			lines = append(lines, replayWrap("  ✗ ", fmt.Sprintf("%s · %s · since #%d %s: %s", ms.Agency, m.d.person(ms.Person), ms.Seq, styles.Clock(ms.T), m.d.indicators(ms.Indicators)), m.w, 4)...)
		}
	}
	return head, lines
}

// replayEvidence finds the event a line of the score cites.
var replayEvidence = regexp.MustCompile(`#(\d+) `)

// click handles a mouse click: on a tab, the timeline, an event, or the
// evidence of a point in the score.
func (m Model) click(ms tea.Mouse) (tea.Model, tea.Cmd) {
	if m.d == nil || ms.Button != tea.MouseLeft || m.w < replayMinWidth || m.h < replayMinHeight {
		return m, nil
	}
	switch {
	case ms.Y == replayRowTabs:
		for i, s := range m.tabSpans() {
			if ms.X >= s[0] && ms.X < s[1] {
				m.setPane(i)
			}
		}
	case ms.Y == replayRowTimeline:
		x0, bw := m.timelineGeom()
		if ms.X >= x0 && ms.X < x0+bw && m.d.length > 0 {
			m.stop()
			t := int64(float64(ms.X-x0) / float64(bw-1) * float64(m.d.length))
			m.setCursor(m.d.countAt(t))
			m.now = t
		}
	case m.pane == replayPaneScore && !m.help.ShowAll && ms.Y >= replayBodyTop && ms.Y < replayBodyTop+m.bodyHeight():
		// A click on a point's evidence shows that event.
		head, lines := m.paneLines()
		r := ms.Y - replayBodyTop - len(head)
		top := min(m.scroll[m.pane], max(len(lines)-(m.bodyHeight()-len(head)), 0))
		if r >= 0 && top+r < len(lines) {
			if sm := replayEvidence.FindStringSubmatch(ansi.Strip(lines[top+r])); sm != nil && m.jumpTo("#"+sm[1]) == nil {
				m.stop()
				m.setPane(replayPaneFeed)
			}
		}
	case m.pane == replayPaneFeed && !m.help.ShowAll && ms.Y >= replayBodyTop+2:
		listW, n, _, _ := m.feedLayout(m.bodyHeight())
		rows := m.feedRows(n)
		r := ms.Y - replayBodyTop - 2
		if ms.X < listW && r < len(rows) {
			m.stop()
			m.setCursor(rows[r] + 1)
		}
	}
	return m, nil
}

// wheel scrubs by a minute over the timeline, steps through events in the
// feed, and scrolls other panes.
func (m Model) wheel(ms tea.Mouse) (tea.Model, tea.Cmd) {
	if m.d == nil {
		return m, nil
	}
	dir := 0
	switch ms.Button {
	case tea.MouseWheelDown:
		dir = 1
	case tea.MouseWheelUp:
		dir = -1
	default:
		return m, nil
	}
	if ms.Y < replayBodyTop {
		m.stop()
		m.setCursor(m.d.countAt(m.now + int64(dir)*60_000))
		return m, nil
	}
	if m.pane == replayPaneFeed {
		m.stop()
		m.step(dir)
		return m, nil
	}
	m.scrollBy(3 * dir)
	return m, nil
}

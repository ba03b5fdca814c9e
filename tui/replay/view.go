package replay

import (
	"fmt"
	"strings"
	"ttx/tui/styles"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
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
	if ansi.StringWidth(left) > room {
		// A narrow window keeps the scenario's title rather than the
		// program's name, which the window's title bar shows.
		left = " " + m.d.sc.Title
	}
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

// tabTitles are the tabs with what each shows now; when they do not fit
// the width, shorter ones.
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
	long := []string{
		"1 " + n[replayPaneFeed] + ": " + filter,
		"2 " + n[replayPaneView] + ": " + as,
		"3 " + n[replayPaneJourneys],
		fmt.Sprintf("4 %s: %d/100", n[replayPaneScore], m.card.Total),
	}
	if replayTabsWidth(long) <= m.w {
		return long
	}
	short := []string{"1 " + n[replayPaneFeed], "2 As: " + as, "3 " + n[replayPaneJourneys], fmt.Sprintf("4 %s: %d", n[replayPaneScore], m.card.Total)}
	if m.filter > 0 {
		short[0] += ": " + filter
	}
	return short
}

// replayTabsWidth is the width of the tab row with these titles.
func replayTabsWidth(titles []string) int {
	w := 1
	for _, t := range titles {
		w += ansi.StringWidth(t) + 3
	}
	return w
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

func (m Model) section(title string, n int) string {
	if n < 0 {
		return m.styles.Title.Render(title)
	}
	return m.styles.Title.Render(fmt.Sprintf("%s (%d)", title, n))
}

package replay

import (
	"fmt"
	"slices"
	"strings"
	"ttx/tui/styles"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
)

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

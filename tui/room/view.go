package room

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/tui"
	"ttx/tui/styles"
)

// View renders the screen, full screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.SetContent(m.render())
	v.WindowTitle = "ttx room"
	return v
}

// rows are the board's rows: the M/ETHANE fields, in order, with their
// letters and labels.
var rows = []struct{ letter, label, short, field string }{
	{"M", "Major incident", "Major", "major"},
	{"E", "Exact location", "Location", "location"},
	{"T", "Type", "Type", "type"},
	{"H", "Hazards", "Hazards", "hazards"},
	{"A", "Access", "Access", "access"},
	{"N", "Potential victims", "Victims", "victims"},
	{"E", "Services present", "Present", "present"},
	{"", "Services required", "Required", "required"},
}

func (m *Model) render() string {
	w, h := max(m.width, 20), max(m.height, 6)
	var out []string
	out = append(out, m.bar(w))
	if m.room == nil {
		msg := "Waiting for the exercise…"
		if m.state.State == tui.StateClosed && m.state.Err != "" {
			msg = "Not connected: " + m.state.Err
		}
		out = append(out, "", m.st.Bold.Render(msg))
		return styles.Fit(strings.Join(out, "\n"), w, h)
	}
	if np := m.room.NoPlay; np != "" {
		return styles.Fit(strings.Join(append(out, m.noPlay(np, w, h-1)), "\n"), w, h)
	}
	out = append(out, m.clockBlock(w, h)...)
	out = append(out, m.injects(w, h)...)
	out = append(out, "")
	out = append(out, m.board(w, h-len(out))...)
	return styles.Fit(strings.Join(out, "\n"), w, h)
}

// bar is the top line: the scenario and the state of play.
func (m *Model) bar(w int) string {
	state := "● LIVE"
	switch {
	case m.state.State == tui.StateOffline || m.state.State == tui.StateClosed:
		state = "○ " + strings.ToUpper(m.state.State)
	case m.room != nil && m.room.Ended:
		state = "■ ENDED"
	case m.room != nil && m.room.Paused:
		state = "‖ PAUSED"
	case m.room == nil:
		state = "… CONNECTING"
	}
	left := " M/ETHANE · " + m.title
	right := state + " "
	gap := w - ansi.StringWidth(right)
	return m.st.Bar.Render(styles.Pad(styles.Truncate(left, gap-1), gap) + right)
}

// clockBlock is the in-world time in large digits beside the phase, or
// one line on a short screen.
func (m *Model) clockBlock(w, h int) []string {
	t := m.inWorldClock()
	phase := m.room.Phase
	if phase == "" {
		phase = "Not started"
	}
	exT := styles.Clock(m.clock.T)
	if h < 20 || w < 50 {
		return []string{m.st.Title.Render(t) + "  " + m.st.Bold.Render(strings.ToUpper(phase)) + m.st.Subtle.Render("  exercise "+exT)}
	}
	big := bigText(t)
	side := []string{"", m.st.Subtle.Render("PHASE"), m.st.Title.Render(strings.ToUpper(phase)), "", m.st.Subtle.Render("exercise time " + exT)}
	var out []string
	for i, l := range big {
		out = append(out, " "+m.st.Title.Render(l)+"    "+styles.Truncate(side[i], w-ansi.StringWidth(l)-6))
	}
	return out
}

// inWorldClock is the in-world time of day, HH:MM, from the latest clock.
func (m *Model) inWorldClock() string {
	s := m.clock.InWorld
	if s == "" && m.room != nil {
		s = m.room.InWorld
	}
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// injects lists the latest injects released to every agency, newest
// first, as many as fit.
func (m *Model) injects(w, h int) []string {
	n := 1
	switch {
	case h >= 45:
		n = 3
	case h >= 34:
		n = 2
	}
	out := []string{"", m.st.Subtle.Render("TO ALL AGENCIES")}
	in := m.room.Injects
	if len(in) == 0 {
		return append(out, m.st.Subtle.Render("  nothing yet"))
	}
	for i := len(in) - 1; i >= 0 && i >= len(in)-n; i-- {
		x := in[i]
		head := fmt.Sprintf("%s %s", styles.Clock(x.T), x.From)
		lines := styles.Wrap(x.Text, w-4)
		if len(lines) > 2 {
			lines = lines[:2]
			lines[1] = styles.Truncate(lines[1]+" …", w-4)
		}
		out = append(out, "  "+m.st.Accent.Render(head))
		for _, l := range lines {
			out = append(out, "  "+m.st.Bold.Render(l))
		}
	}
	return out
}

// noPlay fills the screen with NO PLAY and its message.
func (m *Model) noPlay(msg string, w, h int) string {
	inner := max(min(w-10, 70), 16)
	body := append(bigText("NO PLAY"), "")
	if w < 50 || h < 14 {
		body = []string{"NO PLAY", ""}
	}
	body = append(body, styles.Wrap(msg, inner)...)
	box := m.st.NoPlay.Render(strings.Join(body, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// board is the agencies' latest reports side by side, one column each,
// one row per M/ETHANE field; a field that differs from the other
// agencies' reports is marked ≠ and shown in reverse.
func (m *Model) board(w, h int) []string {
	reps := m.room.Reports
	if len(reps) == 0 || h < 3 {
		return nil
	}
	labelW, long := 11, false
	if w >= 120 {
		labelW, long = 20, true
	}
	colW := (w - labelW) / len(reps)
	if colW < 6 {
		reps = reps[:max((w-labelW)/6, 1)]
		colW = (w - labelW) / len(reps)
	}
	cellW := colW - 1
	// Lines per row: what its longest cell needs, cut down until the
	// board fits.
	avail := h - 2
	per := make([]int, len(rows))
	for i, row := range rows {
		for _, r := range reps {
			per[i] = max(per[i], len(m.cell(r, row.field, cellW, 8)))
		}
	}
	// Cut the least needed first: access, services, type, then location
	// and hazards.
	for _, i := range []int{4, 6, 7, 2, 1, 3} {
		for sum(per) > avail && per[i] > 1 {
			per[i]--
		}
	}
	var out []string
	head := styles.Pad("", labelW)
	for _, r := range reps {
		head += styles.Pad(m.st.Bold.Render(styles.Truncate(shortName(r.Name), cellW)), colW)
	}
	out = append(out, head)
	under := styles.Pad("", labelW)
	for _, r := range reps {
		s := "no report"
		if r.Report != nil {
			s = "at " + styles.Clock(r.Report.T)
		}
		under += styles.Pad(m.st.Subtle.Render(styles.Truncate(s, cellW)), colW)
	}
	out = append(out, under)
	for i, row := range rows {
		if len(out) >= h {
			break
		}
		label := row.short
		if long {
			label = row.label
		}
		if row.letter != "" {
			label = row.letter + " " + label
		} else {
			label = "  " + label
		}
		cells := make([][]string, len(reps))
		for j, r := range reps {
			cells[j] = m.cell(r, row.field, cellW, per[i])
		}
		labels := []string{styles.Truncate(label, labelW-1)}
		for k := 0; k < per[i] && len(out) < h; k++ {
			line := ""
			if k < len(labels) {
				line = labels[k]
				if k == 0 {
					line = m.st.Title.Render(line)
				} else {
					line = m.st.Subtle.Render(line)
				}
			}
			line = styles.Pad(line, labelW)
			for j := range reps {
				c := ""
				if k < len(cells[j]) {
					c = cells[j][k]
				}
				line += styles.Pad(c, colW)
			}
			out = append(out, line)
		}
	}
	return out
}

// cell is one agency's value of a field, wrapped to the cell, marked
// when it differs from the others'.
func (m *Model) cell(r engine.RoomReport, field string, width, lines int) []string {
	if r.Report == nil {
		return []string{m.st.Subtle.Render("—")}
	}
	v := r.Report.Field(field)
	if strings.TrimSpace(v) == "" {
		v = "—"
	}
	differs := slices.Contains(r.Differs, field)
	if differs {
		v = "≠ " + v
	}
	ws := styles.Wrap(v, max(width, 10))
	if width < 10 {
		ws = []string{v}
	}
	if len(ws) > lines {
		ws = ws[:lines]
		ws[lines-1] = strings.TrimSuffix(ws[lines-1], "…") + "…"
	}
	style := m.st.Bold
	if differs {
		style = m.st.Selected.Bold(true)
	}
	for i, l := range ws {
		ws[i] = style.Render(styles.Truncate(l, width))
	}
	return ws
}

// shortName is an agency's name up to its first bracket or comma.
func shortName(s string) string {
	for _, sep := range []string{" (", ","} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return s
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

package player

import (
	"cmp"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/tui/styles"
)

// View renders the screen.
func (p *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.SetContent(p.render())
	v.WindowTitle = "ttx"
	return v
}

// box is a bordered message that fits in w columns.
func (p *Model) box(text string, w int) string {
	inner := max(min(w-4, 70), 16)
	return p.st.Box.Render(strings.Join(styles.Wrap(text, inner), "\n"))
}

func (p *Model) render() string {
	w, h := max(p.width, 20), max(p.height, 8)
	if p.quitting {
		return ""
	}
	if p.confirmQuit {
		note := cmp.Or(p.quitNote, "Quit and leave your seat? Your team can rejoin with the same code.")
		box := p.box("The exercise is running.\n"+note+"\n\ny quit · any other key stay", w)
		return styles.Fit(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box), w, h)
	}
	if p.noPlay != "" {
		body := p.st.NoPlay.Width(min(w-4, 70)).Render("NO PLAY\n\n" + p.noPlay + "\n\nThe exercise is stopped. Wait for the facilitator.")
		return styles.Fit(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body+"\n\n"+p.st.Subtle.Render(p.state.String())), w, h)
	}
	if p.welcome == nil {
		text := p.st.Title.Render("ttx") + "\n\n" + p.state.String() + "\n\n"
		if hint := p.state.Hint(); hint != "" {
			text += p.st.Warn.Render(strings.Join(styles.Wrap(hint, min(w-2, 76)), "\n")) + "\n\n"
		}
		return styles.Fit(text+p.st.Subtle.Render("Joining the exercise…  q quits"), w, h)
	}
	switch p.screen {
	case screenWarning:
		return p.page("Content warning", p.welcome.Scenario.ContentWarning, w, h)
	case screenBriefing:
		return p.page("Your briefing: "+p.agencyName(), p.welcome.Briefing, w, h)
	}
	header := p.header(w)
	footer := styles.Truncate(p.help.ShortHelpView(p.keys.ShortHelp()), w)
	status := p.statusLines(w)
	statusH := max(len(status), 1)
	bodyH := h - lipgloss.Height(header) - 1 - statusH
	var body string
	switch {
	case p.showHelp:
		body = p.help.FullHelpView(p.keys.FullHelp())
	case p.form != nil:
		p.form.form.SetStyles(p.st)
		p.form.form.SetSize(w-1, bodyH-2)
		body = p.st.Title.Render(styles.Truncate(p.form.form.Title, w)) + "\n\n" + p.form.form.View()
	case p.menu != nil:
		body = p.menu.view(p.st, w)
	default:
		body = p.mainBody(w, bodyH)
	}
	return header + "\n" + styles.Fit(body, w, bodyH) + "\n" + styles.Fit(strings.Join(status, "\n"), w, statusH) + "\n" + footer
}

// statusLines is the answer to the last action, in full (up to three
// lines): a refusal explains the rule; an offline connection that keeps
// failing says what to check.
func (p *Model) statusLines(w int) []string {
	text, style := p.status, p.st.Good
	if !p.statusOK {
		style = p.st.Bad
	}
	if hint := p.state.Hint(); hint != "" {
		text, style = hint, p.st.Warn
	}
	if text == "" {
		return nil
	}
	lines := styles.Wrap(text, w-1)
	if len(lines) > 3 {
		lines = append(lines[:2], styles.Truncate(strings.Join(lines[2:], " "), w-1))
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

func (p *Model) agencyName() string {
	if p.view != nil && p.view.Name != "" {
		return p.view.Name
	}
	for _, s := range p.welcome.Seats {
		if s.Seat == p.welcome.Seat {
			return s.Name
		}
	}
	return p.welcome.Seat
}

// shortName fits an agency's name in room cells: whole if it fits, else
// its first part (before a comma, a parenthesis or " – "), else cut.
func shortName(name string, room int) string {
	if ansi.StringWidth(name) <= room {
		return name
	}
	for _, sep := range []string{" (", ", ", " – ", " - ", ": "} {
		if i := strings.Index(name, sep); i > 0 && ansi.StringWidth(name[:i]) <= room {
			return name[:i]
		}
	}
	return styles.Truncate(name, room)
}

func (p *Model) page(title, text string, w, h int) string {
	var b strings.Builder
	for _, l := range styles.Wrap(p.welcome.Scenario.Title, w-1) {
		b.WriteString(p.st.Title.Render(l) + "\n")
	}
	b.WriteString("\n")
	for _, l := range styles.Wrap(title, w-1) {
		b.WriteString(p.st.Bold.Render(l) + "\n")
	}
	b.WriteString("\n")
	for _, l := range styles.Wrap(text, min(w-2, 76)) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n" + p.st.Accent.Render("Press enter to continue.") + "   " + p.st.Subtle.Render("q quits · "+p.state.String()))
	return styles.Fit(b.String(), w, h)
}

// header is the bar at the top: the agency and phase give way to the
// clock and the connection, and a long agency name is shortened.
func (p *Model) header(w int) string {
	phase := p.clock.Phase
	if phase == "" {
		phase = "not started"
		if p.clock.Started {
			phase = "under way"
		}
	}
	state := "▶ running"
	switch {
	case p.clock.Ended:
		state = "■ ended"
	case !p.clock.Started:
		state = "… waiting to start"
	case !p.clock.Running:
		state = "⏸ paused"
	}
	clock := fmt.Sprintf(" %s %s · %s ", styles.Clock(p.exerciseTime()), state, p.clock.InWorld)
	if w < 90 {
		clock = fmt.Sprintf(" %s %s ", styles.Clock(p.exerciseTime()), state)
	}
	if badge := waitingBadge(waiting(p.view), w < 90); badge != "" {
		clock = " " + p.st.Bad.Render(badge) + " ·" + clock
	}
	right := " " + p.state.String() + " "
	room := w - ansi.StringWidth(clock) - ansi.StringWidth(right) - 2
	// The phase matters more than the agency's full name: shorten the
	// name to make room for it where the short name still reads.
	left := " " + shortName(p.agencyName(), max(room-1, 12))
	if n := room - 4 - ansi.StringWidth(phase); n >= 12 {
		short := shortName(p.agencyName(), n)
		if withPhase := " " + short + " · " + phase; !strings.HasSuffix(short, "…") && ansi.StringWidth(withPhase) <= room {
			left = withPhase
		}
	}
	p.bar.SetSize(w, 1)
	p.bar.Left, p.bar.Middle, p.bar.Right = left, clock, right
	return p.bar.View()
}

func (p *Model) mainBody(w, h int) string {
	p.tabs.SetSize(w, 1)
	p.tabs.Active = p.pane
	p.tabs.Titles[paneInbox] = fmt.Sprintf("Inbox (%d unread)", p.unread())
	p.tabs.Extra = ""
	if p.view != nil && len(p.view.Decisions) > 0 {
		p.tabs.Extra = "! decision waiting: D"
	}
	tabs := p.tabs.View()
	h--
	if p.view == nil {
		return tabs + "\n" + "Loading your agency's picture…"
	}
	var body string
	switch p.pane {
	case paneBoard:
		body = p.board(w, h)
	case paneInbox:
		body = p.inbox(w, h)
	case paneResources:
		body = p.resources(w, h)
	case paneNotes:
		body = p.notes(w, h)
	}
	return tabs + "\n" + body
}

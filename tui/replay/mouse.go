package replay

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

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

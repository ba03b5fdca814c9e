package replay

import (
	"fmt"
	"regexp"
	"strings"
	"ttx/tui/styles"
)

func (m Model) scoreLines() (head, lines []string) {
	c := m.card
	head = []string{m.styles.Title.Render(styles.Truncate(fmt.Sprintf("Score as at %s (event #%d): %d/100", styles.Clock(m.now), m.seqAt(m.cursor), c.Total), m.w))}
	for _, l := range replayWrap("", fmt.Sprintf("earned %d, penalties %d, of %d possible so far", c.Earned, c.Penalty, c.Possible), m.w, 0) {
		head = append(head, m.styles.Subtle.Render(l))
	}
	for _, l := range replayWrap("", "✓ met · ~ in part · ○ not yet · − penalty · #n: the event (click to see it)", m.w, 0) {
		head = append(head, m.styles.Subtle.Render(l))
	}
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

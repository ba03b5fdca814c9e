package facilitator

import (
	"fmt"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"
)

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
		lines = append(lines, f.st.Bold.Render("Next scheduled: ")+f.nextAt(f.exerciseTime())+f.st.Subtle.Render(" · n advances to it"))
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
	start, end := components.Window(len(rows), sel, h-1-len(detail))
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
		line := components.Cell(mark, markW) + components.Cell(r.id, idW) + " " + facInjectLine(r.to, r.channel, r.from, r.text)
		if !r.released {
			line = f.st.Subtle.Render(components.Cell(mark, markW)) + components.Cell(r.id, idW) + " " + facInjectLine(r.to, r.channel, r.from, r.text)
		}
		if i == sel && f.pane == facPaneInjects {
			lines = append(lines, "›"+f.st.Selected.Render(components.Cell(ansi.Strip(line), w-1)))
		} else {
			lines = append(lines, " "+line)
		}
	}
	for len(lines)+len(detail) < h {
		lines = append(lines, "")
	}
	return title, append(lines, detail...)
}

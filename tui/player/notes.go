package player

import (
	"fmt"
	"strings"

	"ttx/tui/styles"
)

// jdmStages names the Joint Decision Model's stages (J2).
var jdmStages = []string{"", "gather information", "assess threat and risk", "powers and policies", "options", "act and review"}

// notesLines is the agency's own record: its decision-log entries and the
// messages it sent, as the events it was sent say, and its notes on each
// person, from its view.
func (p *Model) notesLines(w int) []string {
	var out []string
	out = append(out, p.st.Bold.Render(fmt.Sprintf("Decision log (%d)", len(p.log)))+"  "+p.st.Subtle.Render("L adds an entry"))
	if len(p.log) == 0 {
		out = append(out, p.st.Subtle.Render("  no entries yet"))
	}
	for i := len(p.log) - 1; i >= 0; i-- {
		e := p.log[i]
		stage := ""
		if e.stage > 0 && e.stage < len(jdmStages) {
			stage = fmt.Sprintf(" · stage %d %s", e.stage, jdmStages[e.stage])
		}
		out = append(out, p.st.Accent.Render(styles.Truncate(styles.Clock(e.t)+stage, w)))
		out = append(out, indent("  ", styles.Wrap(e.text, w-4))...)
		out = append(out, indent("  why: ", styles.Wrap(e.rationale, w-9))...)
	}
	out = append(out, "", p.st.Bold.Render(fmt.Sprintf("Sent to other agencies (%d)", len(p.sentLog)))+"  "+p.st.Subtle.Render("m sends a message"))
	if len(p.sentLog) == 0 {
		out = append(out, p.st.Subtle.Render("  nothing yet"))
	}
	for i := len(p.sentLog) - 1; i >= 0; i-- {
		s := p.sentLog[i]
		head := styles.Clock(s.t) + " to " + strings.Join(s.to, ", ")
		if s.person != "" {
			head += " · about " + p.alias(s.person)
		}
		out = append(out, p.st.Accent.Render(styles.Truncate(head, w)))
		if s.text != "" {
			out = append(out, indent("  ", styles.Wrap(s.text, w-4))...)
		}
	}
	out = append(out, "")
	n := 0
	if p.view != nil {
		for _, pv := range p.view.People {
			n += len(pv.Notes)
		}
	}
	out = append(out, p.st.Bold.Render(fmt.Sprintf("Notes on people (%d)", n)))
	if n == 0 {
		out = append(out, p.st.Subtle.Render("  none yet: what you write when you observe someone is kept here"))
	}
	if p.view != nil {
		for _, pv := range p.view.People {
			for _, note := range pv.Notes {
				out = append(out, indent("  "+pv.Alias+": ", styles.Wrap(note, w-len(pv.Alias)-6))...)
			}
		}
	}
	return out
}

func indent(first string, lines []string) []string {
	pad := strings.Repeat(" ", len([]rune(first)))
	out := make([]string, len(lines))
	for i, l := range lines {
		if i == 0 {
			out[i] = first + l
		} else {
			out[i] = pad + l
		}
	}
	return out
}

func (p *Model) notesRows() int { return len(p.notesLines(max(p.width, 20))) }

// notes shows the record from the row scrolled to.
func (p *Model) notes(w, h int) string {
	lines := p.notesLines(w)
	start := min(p.sel[paneNotes], max(len(lines)-h, 0))
	return strings.Join(lines[start:], "\n")
}

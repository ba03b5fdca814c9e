package replay

import (
	"fmt"
	"strings"
	"ttx/tui/styles"

	"ttx/engine"
)

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

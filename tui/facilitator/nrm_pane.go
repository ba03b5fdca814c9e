package facilitator

import (
	"fmt"
	"strings"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"
)

func (f *Model) nrmPane(w, h int) (string, []string) {
	cs := f.caseList()
	pend := f.pendingCount()
	title := fmt.Sprintf("NRM decisions · ⧗ %d pending · %d decided", pend, len(cs)-pend)
	if len(cs) == 0 {
		return title, []string{"Nobody has been referred into the NRM yet.", "", f.st.Subtle.Render("Each referral appears here for the competent authority's Reasonable Grounds and Conclusive Grounds decisions.")}
	}
	sel := f.sel[facPaneNRM]
	var detail []string
	if sel < len(cs) && f.pane == facPaneNRM {
		detail = f.caseDetail(cs[sel], w)
	}
	nameW, byW := 10, 12
	for _, c := range cs {
		nameW = max(nameW, ansi.StringWidth(f.personName(c.person)))
		byW = max(byW, ansi.StringWidth(c.by)+11)
	}
	nameW, byW = min(nameW, max(w/4, 12)), min(byW, max(w/3, 14))
	var lines []string
	start, end := facWindow(len(cs), sel, max(h-len(detail), 1))
	for i := start; i < end; i++ {
		c := cs[i]
		var status string
		switch {
		case !c.rg:
			status = f.st.Warn.Render("⧗ awaiting RG")
		case !c.rgPositive:
			status = "✓ RG- not met"
		case !c.cg:
			status = "RG+ " + f.st.Warn.Render("⧗ awaiting CG")
			if end, ok := facRecoveryEnd(c); ok {
				status += f.st.Subtle.Render(" · recovery to " + end.Format("2006-01-02"))
			}
		default:
			status = "✓ RG+ · CG " + strings.ReplaceAll(c.cgOutcome, "_", " ")
		}
		if c.rule != "" {
			status += " " + f.st.Bad.Render("✗ "+c.rule)
		}
		line := facPad(f.personName(c.person), nameW) + " " + facPad("by "+c.by+" "+styles.Clock(c.t), byW) + " " + status
		if i == sel && f.pane == facPaneNRM {
			lines = append(lines, "› "+f.st.Selected.Render(facPad(ansi.Strip(line), w-2)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	for len(lines)+len(detail) < h {
		lines = append(lines, "")
	}
	return title, append(lines, detail...)
}

// caseDetail is what the facilitator can do about the selected case.
func (f *Model) caseDetail(c *facCase, w int) []string {
	var out []string
	if c.rule != "" {
		for _, l := range facWrap("✗ refused ("+c.rule+"): "+c.reason, w) {
			out = append(out, f.st.Bad.Render(l))
		}
	}
	switch {
	case !c.rg:
		out = append(out, f.st.Subtle.Render("r: make the Reasonable Grounds decision (positive or negative)"))
	case c.rgPositive && !c.cg:
		if n := f.daysNeeded(c); n > 0 {
			out = append(out, fmt.Sprintf("The recovery period has %d in-world days to run: d advances the clock %d days, then c decides.", n, n))
		} else {
			out = append(out, f.st.Subtle.Render("c: make the Conclusive Grounds decision · d: advance the in-world clock"))
		}
	}
	return out
}

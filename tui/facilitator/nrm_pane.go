package facilitator

import (
	"fmt"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
)

// nrmPane is the competent authority's desk, as the engine's facilitator
// view has it: the NRM cases, what is owed on each and by when, and under
// them the requests and decisions open across agencies.
func (f *Model) nrmPane(w, h int) (string, []string) {
	cs := f.cases()
	owed := f.owed()
	title := fmt.Sprintf("NRM decisions · ⧗ %d owed · %d decided", owed, len(cs)-owed)
	if f.fv != nil && len(f.fv.Requests)+len(f.fv.Decisions) > 0 {
		title += fmt.Sprintf(" · %d open", len(f.fv.Requests)+len(f.fv.Decisions))
	}
	open := f.openLines(w, max(h/2, 3))
	if len(cs) == 0 {
		lines := []string{"Nobody has been referred into the NRM yet.", "", f.st.Subtle.Render("Each referral appears here for the competent authority's Reasonable Grounds and Conclusive Grounds decisions.")}
		if len(open) > 0 {
			lines = append(lines, "")
		}
		return title, append(lines, open...)
	}
	sel := f.sel[facPaneNRM]
	var detail []string
	if sel < len(cs) && f.pane == facPaneNRM {
		detail = f.caseDetail(cs[sel], w)
	}
	nameW, byW := 10, 12
	for _, c := range cs {
		nameW = max(nameW, ansi.StringWidth(f.caseName(c)))
		byW = max(byW, ansi.StringWidth(c.ReferredBy)+11)
	}
	nameW, byW = min(nameW, max(w/4, 12)), min(byW, max(w/3, 14))
	var lines []string
	caseH := max(h-len(detail)-len(open), 1)
	start, end := components.Window(len(cs), sel, caseH)
	for i := start; i < end; i++ {
		c := cs[i]
		line := components.Cell(f.caseName(c), nameW) + " " + components.Cell("by "+c.ReferredBy+" "+styles.Clock(c.Referred), byW) + " " + f.caseStatus(c)
		if i == sel && f.pane == facPaneNRM {
			lines = append(lines, "› "+f.st.Selected.Render(components.Cell(ansi.Strip(line), w-2)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	lines = append(lines, detail...)
	for len(lines)+len(open) < h {
		lines = append(lines, "")
	}
	return title, append(lines, open...)
}

// caseStatus is where a case stands and what is owed, by when.
func (f *Model) caseStatus(c *engine.CaseView) string {
	var s string
	switch {
	case c.Awaiting == "rg":
		s = f.st.Warn.Render("⧗ RG owed")
	case c.Awaiting == "cg":
		s = "RG+ " + f.st.Warn.Render("⧗ CG owed")
		if c.CGFrom != "" {
			s += f.st.Subtle.Render(" · from " + c.CGFrom)
		}
	case c.RG == "negative":
		s = "✓ RG- not met"
	case c.CG != "":
		s = "✓ RG+ · CG " + strings.ReplaceAll(c.CG, "_", " ")
	default:
		s = "✓ RG+"
	}
	if c.Awaiting != "" {
		if c.Due > 0 {
			s += f.st.Subtle.Render(" · engine decides at " + styles.Clock(c.Due))
		} else {
			s += f.st.Subtle.Render(" · yours to decide")
		}
	}
	return s
}

// caseDetail is what the facilitator can do about the selected case.
func (f *Model) caseDetail(c *engine.CaseView, w int) []string {
	var out []string
	switch c.Awaiting {
	case "rg":
		out = append(out, f.st.Subtle.Render("r: make the Reasonable Grounds decision (positive or negative)"))
	case "cg":
		if n := f.daysTo(c.CGFrom); n > 0 {
			out = append(out, facWrap(fmt.Sprintf("Recovery period to %s: a CG decision may carry a date from %s. d advances the clock %d days, then c decides.", c.RecoveryEnds, c.CGFrom, n), w)...)
		} else {
			out = append(out, f.st.Subtle.Render("c: make the Conclusive Grounds decision · d: advance the in-world clock"))
		}
	}
	return out
}

// openLines are the requests and decisions open across agencies, at most
// max lines.
func (f *Model) openLines(w, most int) []string {
	if f.fv == nil || len(f.fv.Requests)+len(f.fv.Decisions) == 0 {
		return nil
	}
	var out []string
	if n := len(f.fv.Requests); n > 0 {
		out = append(out, f.st.Bold.Render(fmt.Sprintf("Open requests (%d)", n)))
		for _, r := range f.fv.Requests {
			what := strings.ReplaceAll(r.Kind, "_", " ")
			if r.Language != "" {
				what += " (" + r.Language + ")"
			}
			line := fmt.Sprintf("  %s %s → %s: %s for %s · asked %s", r.ID, r.From, r.Holder, what, f.personName(r.Person), styles.Clock(r.Asked))
			if r.QueuePosition > 1 {
				line += fmt.Sprintf(" · #%d in queue", r.QueuePosition)
			}
			out = append(out, styles.Truncate(line, w))
		}
	}
	if n := len(f.fv.Decisions); n > 0 {
		out = append(out, f.st.Bold.Render(fmt.Sprintf("Open decisions (%d)", n)))
		for _, d := range f.fv.Decisions {
			line := fmt.Sprintf("  %s → %s: %s", d.ID, d.To, d.Prompt)
			if d.Deadline > 0 {
				line += " · by " + styles.Clock(d.Deadline)
			}
			out = append(out, styles.Truncate(line, w))
		}
	}
	if len(out) > most {
		more := len(out) - most + 1
		out = append(out[:most-1], f.st.Subtle.Render(fmt.Sprintf("  … %d more", more)))
	}
	return out
}

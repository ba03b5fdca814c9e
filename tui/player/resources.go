package player

import (
	"fmt"
	"strings"

	"ttx/tui/styles"
)

// resources is what the agency holds and the requests it made or must
// answer.
func (p *Model) resources(w, h int) string {
	v := p.view
	var b strings.Builder
	b.WriteString(p.st.Bold.Render("Your resources") + "\n")
	if len(v.Resources) == 0 {
		b.WriteString(p.st.Subtle.Render("  none held") + "\n")
	}
	for _, r := range v.Resources {
		what := r.Kind
		if r.Language != "" {
			what += " (" + r.Language + ")"
		}
		b.WriteString(fmt.Sprintf("  %-28s %d left\n", what, r.Count))
	}
	b.WriteString("\n" + p.st.Bold.Render("Requests") + "  " + p.st.Subtle.Render("(enter answers one addressed to you)") + "\n")
	if len(v.Requests) == 0 {
		b.WriteString(p.st.Subtle.Render("  none") + "\n")
	}
	for i, r := range v.Requests {
		what := r.Kind
		if r.Language != "" {
			what += " (" + r.Language + ")"
		}
		state := "waiting"
		if !r.Open {
			state = r.Outcome
		}
		line := styles.Fit(fmt.Sprintf("  %s  %s → %s: %s for %s — %s", r.ID, r.From, r.Holder, what, r.Person, state), w, 1)
		if i == p.sel[paneResources] {
			line = p.st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

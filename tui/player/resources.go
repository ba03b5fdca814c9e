package player

import (
	"ttx/engine"

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
		line := fmt.Sprintf("  %-28s %d left", what, r.Count)
		if n := len(r.Bookings); n > 0 {
			line += fmt.Sprintf(", %d out", n)
			if next := nextBack(r.Bookings); next > 0 {
				line += ", next back " + styles.Clock(next)
			}
		}
		if len(r.Queue) > 0 {
			line += ", queue " + strings.Join(r.Queue, " ")
		}
		b.WriteString(styles.Fit(line, w, 1) + "\n")
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
		if r.QueuePosition > 0 {
			state = fmt.Sprintf("waiting, #%d in queue", r.QueuePosition)
		}
		if !r.Open {
			state = r.Outcome
		}
		line := styles.Fit(fmt.Sprintf("  %s  %s → %s: %s for %s — %s", r.ID, r.From, r.Holder, what, p.alias(r.Person), state), w, 1)
		if i == p.sel[paneResources] {
			line = p.st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// nextBack is the earliest time a booking ends, or 0 when none has a set
// end.
func nextBack(bs []engine.BookingView) int64 {
	var next int64
	for _, b := range bs {
		if b.Until > 0 && (next == 0 || b.Until < next) {
			next = b.Until
		}
	}
	return next
}

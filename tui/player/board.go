package player

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"ttx/tui/components"
	"ttx/tui/styles"
)

// board is the case board: the people the agency knows of, and the card
// of the one selected.
func (p *Model) board(w, h int) string {
	v := p.view
	if len(v.People) == 0 {
		return p.st.Subtle.Render(strings.Join(styles.Wrap("No one known yet. Injects in your inbox, and what other agencies share, bring people to your attention.", w-1), "\n"))
	}
	listW := min(38, w/2)
	var list strings.Builder
	start := max(0, p.sel[paneBoard]-h+2)
	for i := start; i < len(v.People) && i-start < h; i++ {
		pv := v.People[i]
		age := fmt.Sprint(pv.Age)
		if pv.AgeDisputed {
			age += "?"
		}
		line := fmt.Sprintf("%-12s %3s %s", styles.Truncate(pv.Alias, 12), age, components.StatusLabel(pv.Status))
		if pv.Child {
			line += " (child)"
		}
		line = styles.Fit(line, listW-1, 1)
		if i == p.sel[paneBoard] {
			line = p.st.Selected.Render(line)
		}
		list.WriteString(line + "\n")
	}
	if pv := p.person(); pv != nil {
		p.card.SetSize(w-listW, h)
		p.card.SetPerson(pv, "enter: act on "+pv.Alias+" · pgup/pgdn: scroll the card")
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, styles.Fit(list.String(), listW, h), styles.Fit(p.card.View(), w-listW, h))
}

package facilitator

import (
	"fmt"
	"strconv"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
)

func (f *Model) viewPane(w, h int) (string, []string) {
	title := "View as"
	if len(f.seats) == 0 {
		return title, []string{"No agencies yet."}
	}
	name := f.viewAs
	for _, s := range f.seats {
		if s.Seat == f.viewAs && s.Name != "" {
			name += " · " + s.Name
		}
	}
	title += " " + name
	hint := facFirstFit(w-ansi.StringWidth(f.viewAs)-6, "←/→ another agency · ↑/↓ a person · r refresh", "←/→ agency · ↑/↓ person · r refresh")
	lines := []string{"◀ " + f.st.Bold.Render(f.viewAs) + " ▶" + f.st.Subtle.Render("  "+hint)}
	v := f.snapshot
	if v == nil || v.Agency != f.viewAs {
		return title, append(lines, "", "… asking the server for "+f.viewAs+"'s view")
	}
	board := fmt.Sprintf("%s's case board: %d people known, %d injects received", f.viewAs, len(v.People), len(v.Inbox))
	lines = append(lines, f.st.Subtle.Render(facFirstFit(w, board+", as the agency sees it now.", board, fmt.Sprintf("%d people, %d injects", len(v.People), len(v.Inbox)))))
	h -= len(lines)
	side := w >= 110
	pw, rw := w, w
	if side {
		pw = min(w/2, 76)
		rw = w - pw - 3
	}
	sel := min(f.sel[facPaneView], max(len(v.People)-1, 0))
	var detail []string
	if sel < len(v.People) {
		detail = f.personDetail(&v.People[sel], rw)
	}
	other := f.viewOther(v)
	listH := h
	if !side {
		detail = detail[:min(len(detail), 5)]
		listH = max(h-len(detail)-2, 3)
	}
	people := f.peopleList(v, sel, pw, listH)
	if side {
		right := append(append(detail, ""), other...)
		for i := range min(max(len(people), len(right)), h) {
			l, r := "", ""
			if i < len(people) {
				l = people[i]
			}
			if i < len(right) {
				r = right[i]
			}
			lines = append(lines, components.Cell(l, pw)+" │ "+r)
		}
		return title, lines
	}
	lines = append(lines, people...)
	lines = append(lines, "")
	lines = append(lines, detail...)
	if len(other) > 0 {
		lines = append(lines, other[0]) // the resources
	}
	return title, lines
}

// peopleList is the viewed agency's case board, one person a line.
func (f *Model) peopleList(v *engine.View, sel, w, h int) []string {
	if len(v.People) == 0 {
		return []string{"Nobody on the case board yet."}
	}
	var out []string
	start, end := components.Window(len(v.People), sel, h)
	for i := start; i < end; i++ {
		p := &v.People[i]
		about := []string{}
		if p.Age > 0 {
			a := strconv.Itoa(p.Age)
			if p.AgeDisputed {
				a += "?"
			}
			about = append(about, a)
		}
		if p.Child {
			about = append(about, "child")
		}
		if p.Nationality != "" {
			about = append(about, p.Nationality)
		}
		ind := ""
		if n := len(p.Indicators); n > 0 {
			ind = fmt.Sprintf(" · %d ind.", n)
		}
		alias := p.Alias
		if alias == "" {
			alias = p.ID
		}
		line := components.Cell(alias, 14) + " " + components.Cell(strings.Join(about, " "), 19) + " " + components.Cell(components.StatusLabel(p.Status), min(23, max(w-2-35, 8)))
		if 2+ansi.StringWidth(line+ind) <= w {
			line += ind // else the detail below lists them
		}
		if i == sel && f.pane == facPaneView {
			out = append(out, "› "+f.st.Selected.Render(components.Cell(ansi.Strip(line), w-2)))
		} else {
			out = append(out, "  "+line)
		}
	}
	return out
}

// personDetail is what the viewed agency knows of one person.
func (f *Model) personDetail(p *engine.PersonView, w int) []string {
	return components.CardLines(f.st, p, w)
}

// viewOther is the rest of the viewed agency's board: resources,
// requests, decisions and inbox.
func (f *Model) viewOther(v *engine.View) []string {
	var other []string
	if len(v.Resources) > 0 {
		var rs []string
		for _, r := range v.Resources {
			k := r.Kind
			if r.Language != "" {
				k += " (" + r.Language + ")"
			}
			rs = append(rs, fmt.Sprintf("%s %d", k, r.Count))
		}
		other = append(other, f.st.Bold.Render("Resources: ")+strings.Join(rs, ", "))
	}
	if n := facCount(v.Requests, func(r engine.RequestView) bool { return r.Open }); n > 0 {
		other = append(other, fmt.Sprintf("Open resource requests: %d", n))
	}
	if len(v.Decisions) > 0 {
		other = append(other, fmt.Sprintf("Open decisions: %d", len(v.Decisions)))
	}
	if len(v.Inbox) > 0 {
		other = append(other, f.st.Bold.Render(fmt.Sprintf("Inbox, newest first (%d):", len(v.Inbox))))
		for i := len(v.Inbox) - 1; i >= 0 && len(other) < 40; i-- {
			in := v.Inbox[i]
			other = append(other, styles.Clock(in.T)+" "+in.ID+" ("+in.Channel+"): "+strings.Join(strings.Fields(in.Text), " "))
		}
	}
	return other
}

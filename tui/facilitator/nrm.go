package facilitator

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"ttx/tui/components"
	"ttx/tui/styles"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
)

// cases are the NRM cases of the engine's facilitator view: those that
// wait for a decision first, then the decided, each in referral order.
func (f *Model) cases() []*engine.CaseView {
	if f.fv == nil {
		return nil
	}
	out := make([]*engine.CaseView, 0, len(f.fv.Cases))
	for _, owed := range []bool{true, false} {
		for i := range f.fv.Cases {
			if c := &f.fv.Cases[i]; (c.Awaiting != "") == owed {
				out = append(out, c)
			}
		}
	}
	return out
}

// owed is how many cases wait for a decision.
func (f *Model) owed() int {
	n := 0
	if f.fv != nil {
		for _, c := range f.fv.Cases {
			if c.Awaiting != "" {
				n++
			}
		}
	}
	return n
}

func (f *Model) selectedCase() *engine.CaseView {
	cs := f.cases()
	if f.pane != facPaneNRM || f.sel[facPaneNRM] >= len(cs) {
		return nil
	}
	return cs[f.sel[facPaneNRM]]
}

// caseName is the person of a case, by alias and id.
func (f *Model) caseName(c *engine.CaseView) string {
	if f.people[c.Person] == "" && c.Alias != "" {
		return c.Alias + " (" + c.Person + ")"
	}
	return f.personName(c.Person)
}

// daysTo is how many in-world days from now to date (a YYYY-MM-DD date of
// the view), 0 when it has come.
func (f *Model) daysTo(date string) int {
	d, err := time.Parse(time.DateOnly, date)
	now, err2 := time.Parse(facInWorld, f.clock.InWorld)
	if err != nil || err2 != nil || !now.Before(d) {
		return 0
	}
	return int(math.Ceil(d.Sub(now).Hours() / 24))
}

func (f *Model) personName(id string) string {
	switch a := f.people[id]; {
	case a == "":
		return id
	case strings.EqualFold(a, id):
		return a
	default:
		return a + " (" + id + ")"
	}
}

func (f *Model) openRG() tea.Cmd {
	c := f.selectedCase()
	switch {
	case c == nil:
		return nil
	case c.Awaiting != "rg":
		f.setFlash("The Reasonable Grounds decision on "+f.caseName(c)+" has been made.", false)
		return nil
	}
	person, name := c.Person, f.caseName(c)
	form := &facForm{title: "Reasonable Grounds: " + name,
		intro:  []string{fmt.Sprintf("Referred by %s at %s. As the competent authority: are there reasonable grounds to believe this person is a victim? (R6)", c.ReferredBy, styles.Clock(c.Referred))},
		fields: []components.Field{components.ChoiceField("outcome", "Decision", []string{"positive", "negative"}, []string{"RG+ positive", "RG- negative"}, 0)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		o := fm.Value("outcome")
		return f.command(engine.Command{Type: engine.CmdCADecision, Person: person, Kind: "rg", Outcome: o}, "RG "+o+" for "+name), ""
	}
	return f.setForm(form)
}

func (f *Model) openCG() tea.Cmd {
	c := f.selectedCase()
	switch {
	case c == nil:
		return nil
	case c.Awaiting == "rg":
		f.setFlash("The case of "+f.caseName(c)+" awaits its Reasonable Grounds decision first.", true)
		return nil
	case c.Awaiting != "cg":
		f.setFlash("No Conclusive Grounds decision is owed on "+f.caseName(c)+".", false)
		return nil
	}
	person, name := c.Person, f.caseName(c)
	intro := []string{"As the competent authority, on the balance of probabilities (R8)."}
	if c.RecoveryEnds != "" {
		intro = append(intro, "The recovery period runs until "+c.RecoveryEnds+"; the decision may carry a date from "+c.CGFrom+" (R7).")
	}
	form := &facForm{title: "Conclusive Grounds: " + name, intro: intro,
		fields: []components.Field{components.ChoiceField("outcome", "Outcome", engine.Outcomes, []string{"victim of trafficking", "victim of slavery", "not recognised"}, 0)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		o := fm.Value("outcome")
		return f.command(engine.Command{Type: engine.CmdCADecision, Person: person, Kind: "cg", Outcome: o}, "CG "+strings.ReplaceAll(o, "_", " ")+" for "+name), ""
	}
	return f.setForm(form)
}

func (f *Model) openDays() tea.Cmd {
	days := 1
	if c := f.selectedCase(); c != nil && c.Awaiting == "cg" {
		days = max(f.daysTo(c.CGFrom), 1)
	}
	form := &facForm{title: "Advance the in-world clock", intro: []string{"Skips in-world days (for a recovery period, R7) without moving exercise time."},
		fields: []components.Field{components.LineField("days", "Days", "1 to 3650", strconv.Itoa(days), true, nil)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		n, err := strconv.Atoi(fm.Value("days"))
		if err != nil || n < 1 || n > 3650 {
			return nil, "days is a whole number from 1 to 3650"
		}
		return f.command(engine.Command{Type: engine.CmdAdvanceClock, Days: n}, fmt.Sprintf("advance the in-world clock %d days", n)), ""
	}
	return f.setForm(form)
}

// ---- feed, view as, exercises ----

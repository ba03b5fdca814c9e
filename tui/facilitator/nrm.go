package facilitator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"ttx/tui/components"
	"ttx/tui/styles"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
)

func (f *Model) selectedCase() *facCase {
	cs := f.caseList()
	if f.pane != facPaneNRM || f.sel[facPaneNRM] >= len(cs) {
		return nil
	}
	return cs[f.sel[facPaneNRM]]
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
	case c.rg:
		f.setFlash("The Reasonable Grounds decision on "+f.personName(c.person)+" has been made.", false)
		return nil
	}
	person := c.person
	form := &facForm{title: "Reasonable Grounds: " + f.personName(person),
		intro:  []string{fmt.Sprintf("Referred by %s at %s. As the competent authority: are there reasonable grounds to believe this person is a victim? (R6)", c.by, styles.Clock(c.t))},
		fields: []components.Field{components.ChoiceField("outcome", "Decision", []string{"positive", "negative"}, []string{"RG+ positive", "RG- negative"}, 0)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		o := fm.Value("outcome")
		return f.command(engine.Command{Type: engine.CmdCADecision, Person: person, Kind: "rg", Outcome: o}, "RG "+o+" for "+f.personName(person)), ""
	}
	return f.setForm(form)
}

func (f *Model) openCG() tea.Cmd {
	c := f.selectedCase()
	switch {
	case c == nil:
		return nil
	case !c.rg || !c.rgPositive:
		f.setFlash("A Conclusive Grounds decision follows a positive Reasonable Grounds decision (R8).", true)
		return nil
	case c.cg:
		f.setFlash("The Conclusive Grounds decision on "+f.personName(c.person)+" has been made.", false)
		return nil
	}
	person := c.person
	intro := []string{"As the competent authority, on the balance of probabilities (R8)."}
	if end, ok := facRecoveryEnd(c); ok {
		intro = append(intro, "The recovery period runs until "+end.Format(time.DateOnly)+" (R7).")
	}
	form := &facForm{title: "Conclusive Grounds: " + f.personName(person), intro: intro,
		fields: []components.Field{components.ChoiceField("outcome", "Outcome", engine.Outcomes, []string{"victim of trafficking", "victim of slavery", "not recognised"}, 0)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		o := fm.Value("outcome")
		return f.command(engine.Command{Type: engine.CmdCADecision, Person: person, Kind: "cg", Outcome: o}, "CG "+strings.ReplaceAll(o, "_", " ")+" for "+f.personName(person)), ""
	}
	return f.setForm(form)
}

func (f *Model) openDays() tea.Cmd {
	days := 1
	if c := f.selectedCase(); c != nil {
		days = max(f.daysNeeded(c), 1)
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

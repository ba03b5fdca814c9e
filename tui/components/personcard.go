// Package components holds the pieces every screen of the TUI shares: the
// person card, the form, the boxed pane, the tabs and the status bar. Each
// is a plain value with Update, View and SetSize and the key map it
// answers to, in the manner of soft-serve's UI components.
package components

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/tui/styles"
)

// StatusLabel gives a person's status in words with a symbol, so that
// colour is never the only sign of it.
func StatusLabel(status string) string {
	switch status {
	case "known":
		return "· known"
	case "concern":
		return "? concern"
	case "identified":
		return "! identified"
	case "safe":
		return "✓ safe"
	case "declined":
		return "✗ declined support"
	case "referred":
		return "→ referred (NRM)"
	case "notified":
		return "→ notified (DtN)"
	case "rg_positive":
		return "RG+ reasonable grounds"
	case "rg_negative":
		return "RG- not met"
	case "cg_positive":
		return "CG+ conclusive grounds"
	case "cg_negative":
		return "CG- not recognised"
	}
	return status
}

// StatusStyle is the style of a status: good, bad, a warning or plain.
func StatusStyle(st styles.Styles, status string) func(...string) string {
	switch status {
	case "identified", "concern":
		return st.Warn.Render
	case "safe", "referred", "notified", "rg_positive", "cg_positive":
		return st.Good.Render
	case "declined", "rg_negative", "cg_negative":
		return st.Bad.Render
	}
	return func(s ...string) string { return strings.Join(s, " ") }
}

// Age says a person's age as the agency knows it, in words.
func Age(pv *engine.PersonView) string {
	switch {
	case pv.Age == 0:
		return "age unknown"
	case pv.AgeDisputed:
		return fmt.Sprintf("says %d, age disputed: treat as a child until assessed (R3a)", pv.Age)
	case pv.Child:
		return fmt.Sprintf("age %d, a child", pv.Age)
	}
	return fmt.Sprintf("age %d", pv.Age)
}

// Facts lists what stands of a person's case for the agency, in the same
// words on every screen.
func Facts(pv *engine.PersonView) []string {
	var out []string
	if pv.Interpreter {
		out = append(out, "interpreter arranged")
	} else if len(pv.Languages) > 0 && !slices.Contains(pv.Languages, "en") {
		out = append(out, "needs an interpreter")
	}
	if pv.PlaceReady {
		out = append(out, "place of safety ready")
	}
	if pv.Consent != "" {
		out = append(out, "consent "+pv.Consent)
	}
	for _, f := range []struct {
		on   bool
		what string
	}{{pv.Accepted, "accepted support"}, {pv.Refused, "declined support"}, {pv.Safeguarded, "referred to child safeguarding"},
		{pv.Referred, "referred (NRM)"}, {pv.Arrested, "arrested"}} {
		if f.on {
			out = append(out, f.what)
		}
	}
	if pv.Charging != "" {
		out = append(out, "charging advice "+pv.Charging)
	}
	if len(pv.Needs) > 0 {
		out = append(out, "needs: "+strings.Join(pv.Needs, ", "))
	}
	return out
}

// Summary is a person on one line: status, alias, age and languages.
func Summary(st styles.Styles, pv *engine.PersonView) string {
	status := StatusStyle(st, pv.Status)(styles.Pad(StatusLabel(pv.Status), 22))
	parts := []string{st.Bold.Render(pv.Alias)}
	age := fmt.Sprint(pv.Age)
	if pv.Age == 0 {
		age = "age unknown"
	}
	if pv.Child {
		age += " child"
	}
	if pv.AgeDisputed {
		age += " (age disputed)"
	}
	for _, s := range []string{age, pv.Sex, pv.Nationality, strings.Join(pv.Languages, "/")} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return status + " " + strings.Join(parts, " · ")
}

// CardLines is the whole card of a person, wrapped to width: who they
// are, the facts of the case, the indicators seen and the notes.
func CardLines(st styles.Styles, pv *engine.PersonView, width int) []string {
	w := max(width-1, 10)
	out := []string{st.Title.Render(pv.Alias) + "  " + StatusStyle(st, pv.Status)(StatusLabel(pv.Status))}
	facts := []string{Age(pv)}
	for _, s := range []string{pv.Sex, pv.Nationality} {
		if s != "" {
			facts = append(facts, s)
		}
	}
	if len(pv.Languages) > 0 {
		facts = append(facts, "speaks "+strings.Join(pv.Languages, ", "))
	}
	out = append(out, styles.Wrap(strings.Join(facts, " · "), w)...)
	if pv.Description != "" {
		for _, l := range styles.Wrap(pv.Description, w) {
			out = append(out, st.Subtle.Render(l))
		}
	}
	if fs := Facts(pv); len(fs) > 0 {
		for _, l := range styles.Wrap(strings.Join(fs, " · "), w) {
			out = append(out, st.Accent.Render(l))
		}
	}
	out = append(out, "", st.Bold.Render(fmt.Sprintf("Indicators seen (%d)", len(pv.Indicators))))
	for _, ind := range pv.Indicators {
		for i, l := range styles.Wrap(ind.Text+" ("+ind.Kind+")", w-2) {
			pre := "  "
			if i == 0 {
				pre = "◆ "
			}
			out = append(out, pre+l)
		}
	}
	if len(pv.Indicators) == 0 {
		out = append(out, st.Subtle.Render("none yet: observe, talk to them, share with partners"))
	}
	if len(pv.Notes) > 0 {
		out = append(out, "", st.Bold.Render(fmt.Sprintf("Notes (%d)", len(pv.Notes))))
		for _, n := range pv.Notes {
			for i, l := range styles.Wrap(n, w-2) {
				pre := "  "
				if i == 0 {
					pre = "– "
				}
				out = append(out, pre+l)
			}
		}
	}
	return out
}

// CardKeys are the person card's keys: it scrolls when taller than its
// room.
type CardKeys struct {
	Up, Down key.Binding
}

// ShortHelp is the card's help.
func (k CardKeys) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down} }

// FullHelp is the card's full help.
func (k CardKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// PersonCard shows one person as the agency knows them ([CardLines]) in a
// scrolling viewport.
type PersonCard struct {
	Keys   CardKeys
	st     styles.Styles
	person *engine.PersonView
	vp     viewport.Model
	footer string
}

// NewPersonCard returns an empty card.
func NewPersonCard(st styles.Styles) PersonCard {
	vp := viewport.New(viewport.WithWidth(40), viewport.WithHeight(10))
	vp.KeyMap = viewport.KeyMap{}
	return PersonCard{st: st, vp: vp, Keys: CardKeys{
		Up:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "card up")),
		Down: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "card down")),
	}}
}

// SetPerson shows pv, with footer (a hint) under the card.
func (c *PersonCard) SetPerson(pv *engine.PersonView, footer string) {
	same := c.person != nil && pv != nil && c.person.ID == pv.ID
	c.person, c.footer = pv, footer
	c.refresh()
	if !same {
		c.vp.GotoTop()
	}
}

// SetStyles sets the card's styles.
func (c *PersonCard) SetStyles(st styles.Styles) { c.st = st; c.refresh() }

// SetSize sets the card's room.
func (c *PersonCard) SetSize(w, h int) {
	c.vp.SetWidth(max(w, 1))
	c.vp.SetHeight(max(h, 1))
	c.refresh()
}

func (c *PersonCard) refresh() {
	if c.person == nil {
		c.vp.SetContent("")
		return
	}
	lines := CardLines(c.st, c.person, c.vp.Width())
	if c.footer != "" {
		lines = append(lines, "", c.st.Subtle.Render(c.footer))
	}
	c.vp.SetContent(strings.Join(lines, "\n"))
}

// Update scrolls the card.
func (c PersonCard) Update(msg tea.Msg) (PersonCard, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, c.Keys.Up):
			c.vp.ScrollUp(max(c.vp.Height()-1, 1))
		case key.Matches(k, c.Keys.Down):
			c.vp.ScrollDown(max(c.vp.Height()-1, 1))
		}
	}
	return c, nil
}

// View renders the card.
func (c PersonCard) View() string { return c.vp.View() }

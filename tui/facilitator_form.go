package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// facFieldKind is the kind of a field of a [facForm].
type facFieldKind int

const (
	facText   facFieldKind = iota // free text
	facChoice                     // one of a few options, ←/→
	facMulti                      // any of a list, space toggles
)

// facField is one field of a console form.
type facField struct {
	kind    facFieldKind
	key     string
	label   string
	need    bool
	input   textinput.Model
	options []string // the values
	labels  []string // what is shown for each value
	choice  int      // for facChoice
	cursor  int      // for facMulti
	picked  []bool   // for facMulti
}

// facForm is a small modal form: the ad-hoc inject composer, NO PLAY, the
// competent authority's decisions, triggering an inject, handing a seat to
// a bot. Enter sends it, Esc closes it.
type facForm struct {
	title  string
	intro  []string
	fields []facField
	focus  int
	err    string
	submit func(f *facForm) (tea.Cmd, string)
}

func facTextField(key, label, placeholder, value string, need bool) facField {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.SetValue(value)
	in.CharLimit = 2000
	return facField{kind: facText, key: key, label: label, need: need, input: in}
}

func facChoiceField(key, label string, options, labels []string, choice int) facField {
	if labels == nil {
		labels = options
	}
	return facField{kind: facChoice, key: key, label: label, options: options, labels: labels, choice: choice}
}

func facMultiField(key, label string, options, labels []string, need bool) facField {
	if labels == nil {
		labels = options
	}
	return facField{kind: facMulti, key: key, label: label, need: need, options: options, labels: labels, picked: make([]bool, len(options))}
}

// value returns a text or choice field's value.
func (f *facForm) value(key string) string {
	for i := range f.fields {
		fl := &f.fields[i]
		if fl.key != key {
			continue
		}
		switch fl.kind {
		case facText:
			return strings.TrimSpace(fl.input.Value())
		case facChoice:
			if fl.choice < len(fl.options) {
				return fl.options[fl.choice]
			}
		}
	}
	return ""
}

// values returns a multi field's chosen values.
func (f *facForm) values(key string) []string {
	var out []string
	for i := range f.fields {
		fl := &f.fields[i]
		if fl.key != key {
			continue
		}
		for j, on := range fl.picked {
			if on {
				out = append(out, fl.options[j])
			}
		}
	}
	return out
}

// focusField gives the keyboard to the focused field.
func (f *facForm) focusField() tea.Cmd {
	var cmd tea.Cmd
	for i := range f.fields {
		if f.fields[i].kind != facText {
			continue
		}
		if i == f.focus {
			cmd = f.fields[i].input.Focus()
		} else {
			f.fields[i].input.Blur()
		}
	}
	return cmd
}

// missing names the first required field left empty.
func (f *facForm) missing() string {
	for i := range f.fields {
		fl := &f.fields[i]
		if !fl.need {
			continue
		}
		switch fl.kind {
		case facText:
			if strings.TrimSpace(fl.input.Value()) == "" {
				return fl.label + " is needed"
			}
		case facMulti:
			if len(f.values(fl.key)) == 0 {
				return "choose at least one: " + strings.ToLower(fl.label)
			}
		}
	}
	return ""
}

func (f *facForm) move(d int) tea.Cmd {
	f.focus = (f.focus + d + len(f.fields)) % len(f.fields)
	return f.focusField()
}

// update takes a key. It returns a command to run, and whether the form
// is done (sent or cancelled).
func (f *facForm) update(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	fl := &f.fields[f.focus]
	switch msg.String() {
	case "esc":
		return nil, true
	case "enter":
		if m := f.missing(); m != "" {
			f.err = m
			return nil, false
		}
		cmd, bad := f.submit(f)
		if bad != "" {
			f.err = bad
			return nil, false
		}
		return cmd, true
	case "tab":
		if fl.kind == facText && fl.input.ShowSuggestions && fl.input.CurrentSuggestion() != "" && fl.input.CurrentSuggestion() != fl.input.Value() {
			break
		}
		return f.move(1), false
	case "shift+tab":
		return f.move(-1), false
	case "up":
		if fl.kind == facMulti && fl.cursor > 0 {
			fl.cursor--
			return nil, false
		}
		if fl.kind != facText || !fl.input.ShowSuggestions {
			return f.move(-1), false
		}
	case "down":
		if fl.kind == facMulti && fl.cursor < len(fl.options)-1 {
			fl.cursor++
			return nil, false
		}
		if fl.kind != facText || !fl.input.ShowSuggestions {
			return f.move(1), false
		}
	}
	f.err = ""
	switch fl.kind {
	case facChoice:
		switch msg.String() {
		case "left", "h":
			fl.choice = (fl.choice + len(fl.options) - 1) % len(fl.options)
		case "right", "l", "space":
			fl.choice = (fl.choice + 1) % len(fl.options)
		}
	case facMulti:
		switch msg.String() {
		case "space", "x":
			fl.picked[fl.cursor] = !fl.picked[fl.cursor]
		case "left", "h":
			fl.cursor = max(fl.cursor-1, 0)
		case "right", "l":
			fl.cursor = min(fl.cursor+1, len(fl.options)-1)
		case "*":
			all := true
			for _, p := range fl.picked {
				all = all && p
			}
			for i := range fl.picked {
				fl.picked[i] = !all
			}
		}
	case facText:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(msg)
		return cmd, false
	}
	return nil, false
}

// paste takes pasted text into the focused text field.
func (f *facForm) paste(msg tea.PasteMsg) tea.Cmd {
	fl := &f.fields[f.focus]
	if fl.kind != facText {
		return nil
	}
	var cmd tea.Cmd
	fl.input, cmd = fl.input.Update(msg)
	return cmd
}

// view renders the form in a box of width w, at most h lines high.
func (f *facForm) view(st Styles, w, h int) string {
	inner := max(w-4, 10)
	var lines []string
	for _, l := range f.intro {
		lines = append(lines, facWrap(l, inner)...)
	}
	if len(f.intro) > 0 {
		lines = append(lines, "")
	}
	for i := range f.fields {
		fl := &f.fields[i]
		mark, label := "  ", fl.label+": "
		if i == f.focus {
			mark, label = "› ", st.Bold.Render(label)
		}
		switch fl.kind {
		case facText:
			room := max(inner-ansi.StringWidth(fl.label)-4, 8)
			fl.input.SetWidth(room - 1)
			// A shown completion makes the input wider than its width.
			lines = append(lines, mark+label+ansi.Truncate(fl.input.View(), room, ""))
		case facChoice:
			v := fl.labels[fl.choice]
			if i == f.focus {
				v = "◀ " + st.Selected.Render(" "+v+" ") + " ▶"
			} else {
				v = "  " + v
			}
			lines = append(lines, mark+label+v)
		case facMulti:
			lines = append(lines, mark+label+st.Subtle.Render("(space ticks, * all)"))
			colW := 0
			for _, l := range fl.labels {
				colW = max(colW, ansi.StringWidth(l)+7)
			}
			colW = min(colW, inner-2)
			cols := max(1, (inner-2)/max(colW, 1))
			rows := (len(fl.options) + cols - 1) / cols
			for r := range rows {
				var row strings.Builder
				row.WriteString("  ")
				for c := range cols {
					j := c*rows + r
					if j >= len(fl.options) {
						break
					}
					box := "[ ] "
					if fl.picked[j] {
						box = "[x] "
					}
					cell := box + fl.labels[j]
					cur := "  "
					if i == f.focus && j == fl.cursor {
						cur = "› "
						cell = st.Selected.Render(cell)
					}
					row.WriteString(facPad(cur+cell, colW))
				}
				lines = append(lines, row.String())
			}
		}
	}
	lines = append(lines, "")
	if f.err != "" {
		lines = append(lines, st.Bad.Render("✗ "+f.err))
	}
	lines = append(lines, st.Subtle.Render("enter send · tab next field · esc cancel"))
	height := min(len(lines)+2, h)
	return facBox(st, f.title, lines, w, height, true)
}

// facConfirm asks a yes-or-no question before something that cannot be
// undone.
type facConfirm struct {
	question string
	detail   []string
	yes      func() tea.Cmd
}

func (c *facConfirm) view(st Styles, w, h int) string {
	inner := max(w-4, 10)
	lines := []string{st.Bold.Render(c.question)}
	for _, d := range c.detail {
		lines = append(lines, facWrap(d, inner)...)
	}
	lines = append(lines, "", "y yes · n or esc no")
	return facBox(st, "Confirm", lines, w, min(len(lines)+2, h), true)
}

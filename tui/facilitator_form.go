package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// facForm is a small modal form: the ad-hoc inject composer, NO PLAY, the
// competent authority's decisions, triggering an inject, handing a seat to
// a bot. Enter sends it, Esc closes it.
type facForm struct {
	title  string
	intro  []string
	fields fields
	focus  int
	err    string
	submit func(f *facForm) (tea.Cmd, string)
}

func facTextField(key, label, placeholder, value string, need bool) field {
	fl := textField(key, label, need)
	fl.input.Placeholder = placeholder
	fl.input.SetValue(value)
	fl.input.CharLimit = 2000
	return fl
}

func facChoiceField(key, label string, options, labels []string, choice int) field {
	fl := choiceField(key, label, options, labels)
	fl.sel = choice
	return fl
}

func facMultiField(key, label string, options, labels []string, need bool) field {
	fl := multiField(key, label, options, labels)
	fl.need = need
	return fl
}

func (f *facForm) value(key string) string    { return f.fields.value(key) }
func (f *facForm) values(key string) []string { return f.fields.values(key) }
func (f *facForm) focusField() tea.Cmd        { return f.fields.focus(f.focus) }

// missing names the first required field left empty.
func (f *facForm) missing() string {
	fl := f.fields.firstMissing()
	switch {
	case fl == nil:
		return ""
	case fl.kind == fieldMulti:
		return "choose at least one: " + strings.ToLower(fl.label)
	}
	return fl.label + " is needed"
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
		if fl.kind == fieldText && fl.input.ShowSuggestions && fl.input.CurrentSuggestion() != "" && fl.input.CurrentSuggestion() != fl.input.Value() {
			break
		}
		return f.move(1), false
	case "shift+tab":
		return f.move(-1), false
	case "up":
		if fl.kind == fieldMulti && fl.cursor > 0 {
			fl.cursor--
			return nil, false
		}
		if fl.kind != fieldText || !fl.input.ShowSuggestions {
			return f.move(-1), false
		}
	case "down":
		if fl.kind == fieldMulti && fl.cursor < len(fl.options)-1 {
			fl.cursor++
			return nil, false
		}
		if fl.kind != fieldText || !fl.input.ShowSuggestions {
			return f.move(1), false
		}
	}
	f.err = ""
	switch fl.kind {
	case fieldChoice:
		switch msg.String() {
		case "left", "h":
			fl.sel = (fl.sel + len(fl.options) - 1) % len(fl.options)
		case "right", "l", "space":
			fl.sel = (fl.sel + 1) % len(fl.options)
		}
	case fieldMulti:
		switch msg.String() {
		case "space", "x":
			fl.checked[fl.cursor] = !fl.checked[fl.cursor]
		case "left", "h":
			fl.cursor = max(fl.cursor-1, 0)
		case "right", "l":
			fl.cursor = min(fl.cursor+1, len(fl.options)-1)
		case "*":
			all := true
			for _, p := range fl.checked {
				all = all && p
			}
			for i := range fl.checked {
				fl.checked[i] = !all
			}
		}
	case fieldText:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(msg)
		return cmd, false
	}
	return nil, false
}

// paste takes pasted text into the focused text field.
func (f *facForm) paste(msg tea.PasteMsg) tea.Cmd {
	fl := &f.fields[f.focus]
	if fl.kind != fieldText {
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
		case fieldText:
			room := max(inner-ansi.StringWidth(fl.label)-4, 8)
			fl.input.SetWidth(room - 1)
			// A shown completion makes the input wider than its width.
			lines = append(lines, mark+label+ansi.Truncate(fl.input.View(), room, ""))
		case fieldChoice:
			v := fl.labels[fl.sel]
			if i == f.focus {
				v = "◀ " + st.Selected.Render(" "+v+" ") + " ▶"
			} else {
				v = "  " + v
			}
			lines = append(lines, mark+label+v)
		case fieldMulti:
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
					if fl.checked[j] {
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

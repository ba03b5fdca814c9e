package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// fieldKind is the kind of a form field.
type fieldKind int

const (
	fieldText   fieldKind = iota // free text
	fieldChoice                  // one of several options
	fieldMulti                   // any of several options
)

// field is one question of a form.
type field struct {
	key     string
	label   string
	kind    fieldKind
	input   textinput.Model
	options []string // values
	labels  []string // what people see, by option
	sel     int      // the chosen option of a choice field
	cursor  int      // the option in focus in a multi field
	checked []bool   // the ticked options of a multi field
	need    bool     // must be answered
}

// fields is a form's questions, with what every kind of form asks of them.
type fields []field

// value returns a text or choice field's answer.
func (fs fields) value(key string) string {
	for _, fl := range fs {
		if fl.key != key {
			continue
		}
		switch fl.kind {
		case fieldText:
			return strings.TrimSpace(fl.input.Value())
		case fieldChoice:
			if fl.sel < len(fl.options) {
				return fl.options[fl.sel]
			}
		}
	}
	return ""
}

// values returns a multi field's chosen options.
func (fs fields) values(key string) []string {
	var out []string
	for _, fl := range fs {
		if fl.key == key && fl.kind == fieldMulti {
			for i, c := range fl.checked {
				if c {
					out = append(out, fl.options[i])
				}
			}
		}
	}
	return out
}

// focus gives the keyboard to field i, if it is a text field.
func (fs fields) focus(i int) tea.Cmd {
	var cmd tea.Cmd
	for j := range fs {
		if fs[j].kind != fieldText {
			continue
		}
		if j == i {
			cmd = fs[j].input.Focus()
		} else {
			fs[j].input.Blur()
		}
	}
	return cmd
}

// firstMissing returns the first required field left unanswered, or nil.
func (fs fields) firstMissing() *field {
	for i := range fs {
		fl := &fs[i]
		if !fl.need {
			continue
		}
		switch fl.kind {
		case fieldText:
			if strings.TrimSpace(fl.input.Value()) == "" {
				return fl
			}
		case fieldMulti:
			if len(fs.values(fl.key)) == 0 {
				return fl
			}
		}
	}
	return nil
}

// form asks for what an action needs. It is a plain value: update returns
// the changed form and whether it was submitted or cancelled.
type form struct {
	title  string
	note   string // guidance shown above the fields, in plain words
	fields fields
	focus  int
	err    string
}

func textField(key, label string, need bool) field {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 500
	in.SetWidth(50)
	return field{key: key, label: label, kind: fieldText, input: in, need: need}
}

func choiceField(key, label string, options, labels []string) field {
	if labels == nil {
		labels = options
	}
	return field{key: key, label: label, kind: fieldChoice, options: options, labels: labels}
}

func multiField(key, label string, options, labels []string) field {
	if labels == nil {
		labels = options
	}
	return field{key: key, label: label, kind: fieldMulti, options: options, labels: labels, checked: make([]bool, len(options)), need: true}
}

func (f *form) value(key string) string    { return f.fields.value(key) }
func (f *form) values(key string) []string { return f.fields.values(key) }
func (f *form) focusField() tea.Cmd        { return f.fields.focus(f.focus) }

// missing returns the label of the first required field left empty.
func (f *form) missing() string {
	if fl := f.fields.firstMissing(); fl != nil {
		return fl.label
	}
	return ""
}

// update handles a key; done is "submit" or "cancel" when the form ends.
func (f form) update(msg tea.KeyPressMsg) (form, tea.Cmd, string) {
	fl := &f.fields[f.focus]
	switch msg.String() {
	case "esc":
		return f, nil, "cancel"
	case "ctrl+s":
		if m := f.missing(); m != "" {
			f.err = "Please fill in: " + m
			return f, nil, ""
		}
		return f, nil, "submit"
	case "enter":
		if f.focus == len(f.fields)-1 {
			if m := f.missing(); m != "" {
				f.err = "Please fill in: " + m
				return f, nil, ""
			}
			return f, nil, "submit"
		}
		f.focus++
		return f, f.focusField(), ""
	case "tab", "down":
		if fl.kind == fieldMulti && msg.String() == "down" && fl.cursor < len(fl.options)-1 {
			fl.cursor++
			return f, nil, ""
		}
		f.focus = (f.focus + 1) % len(f.fields)
		return f, f.focusField(), ""
	case "shift+tab", "up":
		if fl.kind == fieldMulti && msg.String() == "up" && fl.cursor > 0 {
			fl.cursor--
			return f, nil, ""
		}
		f.focus = (f.focus + len(f.fields) - 1) % len(f.fields)
		return f, f.focusField(), ""
	}
	switch fl.kind {
	case fieldChoice:
		switch msg.String() {
		case "left", "h":
			fl.sel = (fl.sel + len(fl.options) - 1) % len(fl.options)
		case "right", "l", "space":
			fl.sel = (fl.sel + 1) % len(fl.options)
		}
	case fieldMulti:
		if msg.String() == "space" || msg.String() == "x" {
			fl.checked[fl.cursor] = !fl.checked[fl.cursor]
		}
	case fieldText:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(msg)
		f.err = ""
		return f, cmd, ""
	}
	return f, nil, ""
}

func (f form) view(st Styles, width int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(f.title) + "\n")
	if f.note != "" {
		for _, l := range wrap(f.note, width-2) {
			b.WriteString(st.Subtle.Render(l) + "\n")
		}
	}
	b.WriteString("\n")
	for i, fl := range f.fields {
		mark := "  "
		if i == f.focus {
			mark = "▸ "
		}
		label := fl.label
		if fl.need {
			label += " *"
		}
		b.WriteString(mark + st.Bold.Render(label) + "\n")
		switch fl.kind {
		case fieldText:
			b.WriteString("    " + fl.input.View() + "\n")
		case fieldChoice:
			var parts []string
			for j, l := range fl.labels {
				if j == fl.sel {
					parts = append(parts, st.Selected.Render("("+l+")"))
				} else {
					parts = append(parts, " "+l+" ")
				}
			}
			b.WriteString("    ← " + strings.Join(parts, " ") + " →\n")
		case fieldMulti:
			for j, l := range fl.labels {
				box := "[ ]"
				if fl.checked[j] {
					box = "[x]"
				}
				line := "    " + box + " " + l
				if i == f.focus && j == fl.cursor {
					line = st.Selected.Render(line)
				}
				b.WriteString(line + "\n")
			}
		}
	}
	if f.err != "" {
		b.WriteString("\n" + st.Bad.Render("✗ "+f.err) + "\n")
	}
	b.WriteString("\n" + st.Subtle.Render("enter next/submit · tab move · ←/→ choose · space tick · esc cancel"))
	return b.String()
}

// wrap breaks text into lines of at most width cells, on spaces.
func wrap(text string, width int) []string {
	if width < 10 {
		width = 10
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			switch {
			case line == "":
				line = w
			case len([]rune(line))+1+len([]rune(w)) > width:
				lines = append(lines, line)
				line = w
			default:
				line += " " + w
			}
		}
		lines = append(lines, line)
	}
	return lines
}

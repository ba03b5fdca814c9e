package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/tui/styles"
)

// FormKeys are a [Form]'s key bindings.
type FormKeys struct {
	Send, Next, Prev, Choose, Tick, Cancel key.Binding
}

// DefaultFormKeys returns the form's keys.
func DefaultFormKeys() FormKeys {
	return FormKeys{
		Send:   key.NewBinding(key.WithKeys("enter", "ctrl+s"), key.WithHelp("enter", "send")),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Choose: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choose")),
		Tick:   key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "tick")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the form's one-line help.
func (k FormKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Send, k.Next, k.Choose, k.Tick, k.Cancel}
}

// FullHelp is the form's full help.
func (k FormKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// FormResult says whether a [Form] is still open after a message.
type FormResult int

// The outcomes of [Form.Update].
const (
	FormOpen FormResult = iota
	FormSent
	FormCancelled
)

// Form asks what an action needs: free text that wraps, choices with each
// option on its own lines, ticks. It is a plain value: Update returns the
// changed form and whether it was sent or cancelled. Every screen's forms
// are this one.
type Form struct {
	Title string
	Note  []string // guidance shown above the fields, in plain words
	// Check, if set, vets the answers when sent; a non-empty answer is shown
	// and the form stays open.
	Check func(*Form) string

	Keys   FormKeys
	st     styles.Styles
	fields []Field
	focus  int
	err    string
	width  int
	height int
}

// NewForm returns a form asking fields, focused on the first.
func NewForm(title string, note []string, fields ...Field) Form {
	f := Form{Title: title, Note: note, fields: fields, Keys: DefaultFormKeys(), width: 60, height: 20}
	f.SetSize(60, 20)
	return f
}

// Init focuses the first field.
func (f *Form) Init() tea.Cmd { return f.setFocus(0) }

// Focus puts the focus on the field with key k, if there is one.
func (f *Form) Focus(k string) tea.Cmd {
	for i := range f.fields {
		if f.fields[i].Key == k {
			return f.setFocus(i)
		}
	}
	return nil
}

// SetStyles sets the styles the form renders with.
func (f *Form) SetStyles(st styles.Styles) { f.st = st }

// SetSize sets the room the form has, in cells.
func (f *Form) SetSize(w, h int) {
	f.width, f.height = max(w, 20), max(h, 3)
	for i := range f.fields {
		f.fields[i].setWidth(f.width - 4)
	}
}

// Value returns a text, line or choice field's answer, trimmed.
func (f *Form) Value(k string) string {
	if fl := f.field(k); fl != nil {
		return fl.value()
	}
	return ""
}

// Values returns a multi field's ticked options.
func (f *Form) Values(k string) []string {
	if fl := f.field(k); fl != nil {
		return fl.values()
	}
	return nil
}

// Err is the error shown under the fields, if any.
func (f *Form) Err() string { return f.err }

func (f *Form) field(k string) *Field {
	for i := range f.fields {
		if f.fields[i].Key == k {
			return &f.fields[i]
		}
	}
	return nil
}

func (f *Form) setFocus(i int) tea.Cmd {
	f.focus = (i + len(f.fields)) % max(len(f.fields), 1)
	var cmd tea.Cmd
	for j := range f.fields {
		if c := f.fields[j].focus(j == f.focus); c != nil {
			cmd = c
		}
	}
	return cmd
}

// missing names the first required field left unanswered.
func (f *Form) missing() string {
	for i := range f.fields {
		if fl := &f.fields[i]; fl.Need && fl.empty() {
			return fl.Label
		}
	}
	return ""
}

// Update takes a key or a paste.
func (f Form) Update(msg tea.Msg) (Form, tea.Cmd, FormResult) {
	if len(f.fields) == 0 {
		return f, nil, FormCancelled
	}
	fl := &f.fields[f.focus]
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		if _, ok := msg.(tea.PasteMsg); ok {
			return f, fl.update(msg), FormOpen
		}
		return f, nil, FormOpen
	}
	switch {
	case key.Matches(k, f.Keys.Cancel):
		return f, nil, FormCancelled
	case key.Matches(k, f.Keys.Send):
		if m := f.missing(); m != "" {
			f.err = "Please fill in: " + m
			return f, nil, FormOpen
		}
		if f.Check != nil {
			if bad := f.Check(&f); bad != "" {
				f.err = bad
				return f, nil, FormOpen
			}
		}
		return f, nil, FormSent
	case k.String() == "tab" && fl.completing():
	case k.String() == "down" && fl.Kind == FieldMulti && fl.cursor < len(fl.Options)-1:
		fl.cursor++
		return f, nil, FormOpen
	case k.String() == "up" && fl.Kind == FieldMulti && fl.cursor > 0:
		fl.cursor--
		return f, nil, FormOpen
	case key.Matches(k, f.Keys.Next):
		return f, f.setFocus(f.focus + 1), FormOpen
	case key.Matches(k, f.Keys.Prev):
		return f, f.setFocus(f.focus - 1), FormOpen
	}
	f.err = ""
	return f, fl.update(msg), FormOpen
}

// View renders the form's lines, at most its height, keeping the field in
// focus in sight.
func (f Form) View() string {
	return strings.Join(f.Lines(), "\n")
}

// Lines renders the form as lines no wider than its width.
func (f Form) Lines() []string {
	st, inner := f.st, f.width
	var lines []string
	for _, n := range f.Note {
		for _, l := range styles.Wrap(n, inner) {
			lines = append(lines, st.Subtle.Render(l))
		}
	}
	if len(f.Note) > 0 {
		lines = append(lines, "")
	}
	focusAt, focusEnd := 0, 0
	for i := range f.fields {
		fl := &f.fields[i]
		mark, label := "  ", fl.Label
		if fl.Need {
			label += " *"
		}
		if i == f.focus {
			mark = "› "
			focusAt = len(lines)
		}
		if fl.Kind == FieldChoice && i != f.focus {
			// Out of focus, a choice takes one line: its answer.
			lines = append(lines, mark+st.Bold.Render(label)+": "+fl.Labels[fl.sel])
			continue
		}
		lines = append(lines, mark+st.Bold.Render(label))
		switch fl.Kind {
		case FieldText:
			for _, l := range strings.Split(fl.area.View(), "\n") {
				lines = append(lines, "    "+l)
			}
		case FieldLine:
			lines = append(lines, "    "+ansi.Truncate(fl.input.View(), inner-4, ""))
		case FieldChoice:
			for j, l := range fl.Labels {
				box := "( ) "
				if j == fl.sel {
					box = "(•) "
				}
				for n, w := range styles.Wrap(l, inner-8) {
					pre := "    " + box
					if n > 0 {
						pre = "        "
					}
					if j == fl.sel && i == f.focus {
						w = st.Selected.Render(w)
					}
					lines = append(lines, pre+w)
				}
			}
		case FieldMulti:
			lines = append(lines, f.multiLines(fl, i == f.focus, inner)...)
		}
		if i == f.focus {
			focusEnd = len(lines)
		}
	}
	lines = append(lines, "")
	if f.err != "" {
		lines = append(lines, st.Bad.Render("✗ "+f.err))
	}
	lines = append(lines, st.Subtle.Render("enter send · tab next field · ←/→ choose · space tick · esc cancel"))
	if len(lines) > f.height {
		// Keep the focused field, and the help under it, in sight.
		start := min(max(focusEnd-f.height+2, 0), focusAt)
		tail := lines[len(lines)-1]
		body := lines[start:min(start+f.height-1, len(lines)-1)]
		lines = append(append([]string(nil), body...), tail)
	}
	for i, l := range lines {
		lines[i] = styles.Truncate(l, inner)
	}
	return lines
}

func (f Form) multiLines(fl *Field, focused bool, inner int) []string {
	out := []string{"    " + f.st.Subtle.Render("(space ticks, * all)")}
	colW := 0
	for _, l := range fl.Labels {
		colW = max(colW, ansi.StringWidth(l)+7)
	}
	colW = min(colW, inner-4)
	cols := max(1, (inner-4)/max(colW, 1))
	rows := (len(fl.Options) + cols - 1) / cols
	for r := range rows {
		var row strings.Builder
		row.WriteString("  ")
		for c := range cols {
			j := c*rows + r
			if j >= len(fl.Options) {
				break
			}
			box := "[ ] "
			if fl.checked[j] {
				box = "[x] "
			}
			cell := box + fl.Labels[j]
			cur := "  "
			if focused && j == fl.cursor {
				cur, cell = "› ", f.st.Selected.Render(cell)
			}
			row.WriteString(styles.Pad(styles.Truncate(cur+cell, colW), colW))
		}
		out = append(out, row.String())
	}
	return out
}

// SetErr shows an error under the fields (a value refused when sent).
func (f *Form) SetErr(s string) { f.err = s }

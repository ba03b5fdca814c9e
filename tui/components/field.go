package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// FieldKind is the kind of a [Field].
type FieldKind int

// The kinds of field a [Form] asks.
const (
	FieldText   FieldKind = iota // free text that wraps, shown whole
	FieldLine                    // a short line, with suggestions
	FieldChoice                  // one of several options, each on its own lines
	FieldMulti                   // any of several options
)

// textMaxLines is how tall a free-text field grows before it scrolls.
const textMaxLines = 6

// Field is one question of a [Form]. Make one with [TextField],
// [LineField], [ChoiceField] or [MultiField].
type Field struct {
	Key     string
	Label   string
	Kind    FieldKind
	Need    bool     // must be answered
	Options []string // the values of a choice or multi field
	Labels  []string // what people see, by option

	area    textarea.Model
	input   textinput.Model
	sel     int    // the chosen option of a choice field
	cursor  int    // the option in focus in a multi field
	checked []bool // the ticked options of a multi field
}

// TextField is a free-text field that wraps and grows to show all that
// was typed (a [textarea.Model] without line numbers).
func TextField(k, label string, need bool) Field {
	a := textarea.New()
	a.Prompt = ""
	a.ShowLineNumbers = false
	a.CharLimit = 2000
	a.DynamicHeight = true
	a.MinHeight = 1
	a.MaxHeight = textMaxLines
	a.SetHeight(1)
	a.SetWidth(50)
	// Enter sends the form; a text field is one paragraph.
	a.KeyMap.InsertNewline = key.NewBinding(key.WithDisabled())
	st := a.Styles()
	plain := lipgloss.NewStyle()
	st.Focused.CursorLine, st.Focused.Base, st.Blurred.Base, st.Blurred.CursorLine = plain, plain, plain, plain
	st.Focused.EndOfBuffer, st.Blurred.EndOfBuffer = plain, plain
	a.SetStyles(st)
	a.Blur()
	return Field{Key: k, Label: label, Kind: FieldText, Need: need, area: a}
}

// LineField is a one-line field, for short values such as an id or a
// number; suggestions, if any, complete with tab.
func LineField(k, label, placeholder, value string, need bool, suggestions []string) Field {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 200
	in.Placeholder = placeholder
	in.SetValue(value)
	if len(suggestions) > 0 {
		in.ShowSuggestions = true
		in.SetSuggestions(suggestions)
	}
	return Field{Key: k, Label: label, Kind: FieldLine, Need: need, input: in}
}

// ChoiceField asks for one of options (labels are what people see; nil:
// the options themselves), with choice chosen at first.
func ChoiceField(k, label string, options, labels []string, choice int) Field {
	if labels == nil {
		labels = options
	}
	return Field{Key: k, Label: label, Kind: FieldChoice, Options: options, Labels: labels, sel: min(max(choice, 0), max(len(options)-1, 0))}
}

// MultiField asks for any of options.
func MultiField(k, label string, options, labels []string, need bool) Field {
	if labels == nil {
		labels = options
	}
	return Field{Key: k, Label: label, Kind: FieldMulti, Options: options, Labels: labels, checked: make([]bool, len(options)), Need: need}
}

// WithText sets a free-text field's text, and its placeholder.
func (fl Field) WithText(value, placeholder string) Field {
	fl.area.SetValue(value)
	fl.area.Placeholder = placeholder
	return fl
}

// WithTicked ticks the options of a multi field that are among values.
func (fl Field) WithTicked(values ...string) Field {
	for i, o := range fl.Options {
		for _, v := range values {
			if o == v {
				fl.checked[i] = true
			}
		}
	}
	return fl
}

// value is a text, line or choice field's answer.
func (fl *Field) value() string {
	switch fl.Kind {
	case FieldText:
		return strings.TrimSpace(fl.area.Value())
	case FieldLine:
		return strings.TrimSpace(fl.input.Value())
	case FieldChoice:
		if fl.sel < len(fl.Options) {
			return fl.Options[fl.sel]
		}
	}
	return ""
}

// values is a multi field's ticked options.
func (fl *Field) values() []string {
	var out []string
	for i, c := range fl.checked {
		if c {
			out = append(out, fl.Options[i])
		}
	}
	return out
}

func (fl *Field) empty() bool {
	if fl.Kind == FieldMulti {
		return len(fl.values()) == 0
	}
	return fl.value() == ""
}

func (fl *Field) focus(on bool) tea.Cmd {
	switch fl.Kind {
	case FieldText:
		if on {
			return fl.area.Focus()
		}
		fl.area.Blur()
	case FieldLine:
		if on {
			return fl.input.Focus()
		}
		fl.input.Blur()
	}
	return nil
}

func (fl *Field) setWidth(w int) {
	switch fl.Kind {
	case FieldText:
		fl.area.SetWidth(max(w, 8))
	case FieldLine:
		fl.input.SetWidth(max(w-1, 8))
	}
}

// completing reports whether tab would complete a suggestion.
func (fl *Field) completing() bool {
	return fl.Kind == FieldLine && fl.input.ShowSuggestions && fl.input.CurrentSuggestion() != "" && fl.input.CurrentSuggestion() != fl.input.Value()
}

// update gives the field a key or a paste it does not handle as the form.
func (fl *Field) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch fl.Kind {
	case FieldText:
		fl.area, cmd = fl.area.Update(msg)
	case FieldLine:
		fl.input, cmd = fl.input.Update(msg)
	case FieldChoice:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "left", "h":
				fl.sel = (fl.sel + len(fl.Options) - 1) % len(fl.Options)
			case "right", "l", "space":
				fl.sel = (fl.sel + 1) % len(fl.Options)
			}
		}
	case FieldMulti:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "space", "x":
				fl.checked[fl.cursor] = !fl.checked[fl.cursor]
			case "left", "h":
				fl.cursor = max(fl.cursor-1, 0)
			case "right", "l":
				fl.cursor = min(fl.cursor+1, len(fl.Options)-1)
			case "*":
				all := true
				for _, c := range fl.checked {
					all = all && c
				}
				for i := range fl.checked {
					fl.checked[i] = !all
				}
			}
		}
	}
	return cmd
}

package components

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/tui/styles"
)

// TabKeys are the [Tabs]' keys: tab cycles, a digit jumps.
type TabKeys struct {
	Next, Prev, Jump key.Binding
}

// ShortHelp is the tabs' help.
func (k TabKeys) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Jump} }

// FullHelp is the tabs' full help.
func (k TabKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Next, k.Prev, k.Jump}} }

// Tabs is a row of numbered tabs, the active one shown reversed.
type Tabs struct {
	Titles []string
	Active int
	Keys   TabKeys
	// Extra is shown after the tabs (a notice such as a waiting decision).
	Extra string
	st    styles.Styles
	width int
}

// NewTabs returns tabs with titles; keys 1 to n jump to them.
func NewTabs(st styles.Styles, titles ...string) Tabs {
	var digits []string
	for i := range titles {
		digits = append(digits, strconv.Itoa(i+1))
	}
	return Tabs{Titles: titles, st: st, width: 80, Keys: TabKeys{
		Next: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Prev: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Jump: key.NewBinding(key.WithKeys(digits...), key.WithHelp("1-"+strconv.Itoa(len(titles)), "go to pane")),
	}}
}

// SetSize sets the width of the row.
func (t *Tabs) SetSize(w, _ int) { t.width = w }

// SetStyles sets the tabs' styles.
func (t *Tabs) SetStyles(st styles.Styles) { t.st = st }

// Update switches tabs.
func (t Tabs) Update(msg tea.Msg) (Tabs, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(t.Titles) == 0 {
		return t, nil
	}
	switch {
	case key.Matches(k, t.Keys.Next):
		t.Active = (t.Active + 1) % len(t.Titles)
	case key.Matches(k, t.Keys.Prev):
		t.Active = (t.Active + len(t.Titles) - 1) % len(t.Titles)
	case key.Matches(k, t.Keys.Jump):
		if n, err := strconv.Atoi(k.String()); err == nil && n >= 1 && n <= len(t.Titles) {
			t.Active = n - 1
		}
	}
	return t, nil
}

func (t Tabs) label(i int) string { return " " + strconv.Itoa(i+1) + " " + t.Titles[i] + " " }

// At returns the tab under column x, or -1.
func (t Tabs) At(x int) int {
	pos := 0
	for i := range t.Titles {
		w := ansi.StringWidth(t.label(i))
		if x >= pos && x < pos+w {
			return i
		}
		pos += w + 1
	}
	return -1
}

// View renders the row, cut to its width.
func (t Tabs) View() string {
	parts := make([]string, len(t.Titles))
	for i := range t.Titles {
		parts[i] = t.label(i)
		if i == t.Active {
			parts[i] = t.st.Selected.Render(parts[i])
		}
	}
	row := strings.Join(parts, "│")
	if t.Extra != "" {
		row += "│" + t.st.Warn.Render(" "+t.Extra+" ")
	}
	return styles.Truncate(row, t.width)
}

package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/tui/styles"
)

// StatusBar is the bar at the top of a screen: a left part that gives way
// when room is short, and a middle and right part that always show.
type StatusBar struct {
	Left, Middle, Right string
	st                  styles.Styles
	width               int
}

// NewStatusBar returns an empty bar.
func NewStatusBar(st styles.Styles) StatusBar { return StatusBar{st: st, width: 80} }

// SetSize sets the bar's width.
func (b *StatusBar) SetSize(w, _ int) { b.width = w }

// SetStyles sets the bar's styles.
func (b *StatusBar) SetStyles(st styles.Styles) { b.st = st }

// Update does nothing: the bar shows what its screen sets.
func (b StatusBar) Update(tea.Msg) (StatusBar, tea.Cmd) { return b, nil }

// ShortHelp is empty: the bar has no keys.
func (StatusBar) ShortHelp() []key.Binding { return nil }

// FullHelp is empty: the bar has no keys.
func (StatusBar) FullHelp() [][]key.Binding { return nil }

// View renders the bar at its width.
func (b StatusBar) View() string {
	w := b.width
	mid, right := b.Middle, b.Right
	if ansi.StringWidth(mid)+ansi.StringWidth(right) > w {
		right = ""
	}
	room := w - ansi.StringWidth(mid) - ansi.StringWidth(right)
	left := styles.Truncate(b.Left, max(room-1, 0))
	gap := max(room-ansi.StringWidth(left), 0)
	return b.st.Bar.Render(styles.Truncate(left+mid+strings.Repeat(" ", gap)+right, w))
}

// Confirm is a yes-or-no question in a box, for something that cannot be
// undone: y answers yes, any other key no.
type Confirm struct {
	Question string
	Detail   []string
	st       styles.Styles
	w, h     int
}

// NewConfirm returns a question.
func NewConfirm(st styles.Styles, question string, detail ...string) Confirm {
	return Confirm{Question: question, Detail: detail, st: st, w: 60, h: 10}
}

// SetSize sets the room the box has.
func (c *Confirm) SetSize(w, h int) { c.w, c.h = w, h }

// ConfirmKeys are the keys of a [Confirm].
var ConfirmKeys = struct{ Yes, No key.Binding }{
	Yes: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
	No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
}

// Answer reports whether a key answers yes.
func (c Confirm) Answer(k tea.KeyPressMsg) bool { return key.Matches(k, ConfirmKeys.Yes) }

// View renders the question in a box that fits its room.
func (c Confirm) View() string {
	inner := max(c.w-4, 10)
	lines := []string{c.st.Bold.Render(c.Question)}
	for _, d := range c.Detail {
		lines = append(lines, styles.Wrap(d, inner)...)
	}
	lines = append(lines, "", "y yes · n or esc no")
	return Box(c.st, "Confirm", lines, c.w, min(len(lines)+2, c.h), true)
}

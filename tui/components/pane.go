package components

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/tui/styles"
)

// Box draws lines in a rounded box (a thick one when focused) of exactly
// w×h cells, with title in the top border.
func Box(st styles.Styles, title string, lines []string, w, h int, focused bool) string {
	return strings.Join(BoxLines(st, title, lines, w, h, focused), "\n")
}

// BoxLines is [Box] as lines. A focused box has a heavy border and a ▶
// before its title, so that focus never rests on colour alone.
func BoxLines(st styles.Styles, title string, lines []string, w, h int, focused bool) []string {
	if w < 4 || h < 2 {
		return make([]string, max(h, 0))
	}
	tl, tr, bl, br, hz, vt := "╭", "╮", "╰", "╯", "─", "│"
	border := st.Subtle
	if focused {
		tl, tr, bl, br, hz, vt = "┏", "┓", "┗", "┛", "━", "┃"
		border = st.Title
		title = "▶ " + title
	}
	inner := w - 4
	title = styles.Truncate(title, w-6)
	tw := ansi.StringWidth(title)
	out := make([]string, 0, h)
	out = append(out, border.Render(tl+hz)+" "+st.Bold.Render(title)+" "+border.Render(strings.Repeat(hz, max(w-tw-5, 0))+tr))
	left, right := border.Render(vt)+" ", " "+border.Render(vt)
	for i := range h - 2 {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, left+Cell(l, inner)+right)
	}
	return append(out, border.Render(bl+strings.Repeat(hz, w-2)+br))
}

// Cell cuts or pads s, which may be styled, to exactly w cells.
func Cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if sw := ansi.StringWidth(s); sw > w {
		s = ansi.Truncate(s, w, "…")
	} else if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	if sw := ansi.StringWidth(s); sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// Window returns the rows [start, end) of n rows to show in h lines so
// that row sel is in sight.
func Window(n, sel, h int) (int, int) {
	if n <= h {
		return 0, n
	}
	start := min(max(sel-h/2, 0), n-h)
	return start, start + h
}

// PaneKeys are a [Pane]'s keys.
type PaneKeys struct {
	Up, Down key.Binding
}

// ShortHelp is the pane's help.
func (k PaneKeys) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down} }

// FullHelp is the pane's full help.
func (k PaneKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Pane is a boxed, titled list of lines with a selected row that stays in
// sight.
type Pane struct {
	Title   string
	Focused bool
	Keys    PaneKeys
	st      styles.Styles
	lines   []string
	sel     int
	w, h    int
}

// NewPane returns an empty pane.
func NewPane(st styles.Styles, title string) Pane {
	return Pane{Title: title, st: st, w: 20, h: 5, Keys: PaneKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	}}
}

// SetSize sets the pane's outer size.
func (p *Pane) SetSize(w, h int) { p.w, p.h = w, h }

// SetLines sets the rows of the pane.
func (p *Pane) SetLines(lines []string) {
	p.lines = lines
	p.sel = min(p.sel, max(len(lines)-1, 0))
}

// Selected is the selected row.
func (p Pane) Selected() int { return p.sel }

// Update moves the selection.
func (p Pane) Update(msg tea.Msg) (Pane, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.Keys.Up):
			p.sel = max(p.sel-1, 0)
		case key.Matches(k, p.Keys.Down):
			p.sel = min(p.sel+1, max(len(p.lines)-1, 0))
		}
	}
	return p, nil
}

// View renders the pane.
func (p Pane) View() string {
	start, end := Window(len(p.lines), p.sel, p.h-2)
	rows := make([]string, 0, end-start)
	for i := start; i < end; i++ {
		l := p.lines[i]
		if i == p.sel && p.Focused {
			l = p.st.Selected.Render(styles.Pad(styles.Truncate(l, p.w-4), p.w-4))
		}
		rows = append(rows, l)
	}
	return Box(p.st, p.Title, rows, p.w, p.h, p.Focused)
}

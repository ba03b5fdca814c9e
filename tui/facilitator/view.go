package facilitator

import (
	"fmt"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// View renders the console.
func (f *Model) View() tea.View {
	v := tea.NewView(f.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "ttx facilitator"
	if f.exercise != "" {
		v.WindowTitle += " · " + f.exercise
	}
	return v
}

// facGeometry is where the parts of the screen are, shared by the
// renderer and the mouse.
type facGeometry struct {
	noPlay       []string
	tabY         int
	mainY, mainH int
	help         string
	flash        []string
	wide         bool
	stack        int // with the seats above it, in a tall narrow screen; 0 if none
	rects        [facPanes]facRect
	shown        [facPanes]bool
}

type facRect struct{ x, y, w, h int }

func (r facRect) has(x, y int) bool { return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h }

func (f *Model) geometry() facGeometry {
	var g facGeometry
	if f.clock.NoPlay != "" {
		g.noPlay = f.noPlayBanner(f.width)
	}
	switch {
	case f.confirm != nil:
		g.help = f.help.ShortHelpView(facConfirmKeys)
	case f.form != nil:
		g.help = f.help.ShortHelpView(facFormKeys)
	default:
		g.help = f.help.ShortHelpView(f.keys.ShortHelp())
	}
	g.tabY = 2 + len(g.noPlay)
	g.mainY = g.tabY + 1
	g.flash = f.flashLines(f.width)
	g.mainH = max(f.height-g.mainY-1-len(g.flash), 1)
	g.wide = f.width >= 150 && g.mainH >= 30
	topH := min(max(len(f.seats)+5, 9), g.mainH/2)
	if !g.wide && g.mainH >= 28 && f.pane <= facPaneFeed {
		// Tall enough to keep every seat in sight above the pane at work.
		lower := f.lower
		if f.pane != facPaneSeats {
			lower = f.pane
		}
		g.rects[facPaneSeats] = facRect{0, g.mainY, f.width, topH}
		g.rects[lower] = facRect{0, g.mainY + topH, f.width, g.mainH - topH}
		g.shown[facPaneSeats], g.shown[lower] = true, true
		g.stack = lower
		return g
	}
	if g.wide && f.pane <= facPaneFeed {
		lw := f.width / 2
		g.rects[facPaneSeats] = facRect{0, g.mainY, lw, topH}
		g.rects[facPaneNRM] = facRect{lw, g.mainY, f.width - lw, topH}
		g.rects[facPaneInjects] = facRect{0, g.mainY + topH, lw, g.mainH - topH}
		g.rects[facPaneFeed] = facRect{lw, g.mainY + topH, f.width - lw, g.mainH - topH}
		for p := range facPaneView {
			g.shown[p] = true
		}
		return g
	}
	g.rects[f.pane] = facRect{0, g.mainY, f.width, g.mainH}
	g.shown[f.pane] = true
	return g
}

func (f *Model) render() string {
	w := f.width
	g := f.geometry()
	out := make([]string, 0, f.height)
	out = append(out, f.header(w), f.clockLine(w))
	out = append(out, g.noPlay...)
	out = append(out, f.tabBar(w))
	var main []string
	switch {
	case f.confirm != nil:
		main = facCenter(f.confirm.view(f.st, min(w, 72), g.mainH), w, g.mainH)
	case f.form != nil:
		main = facCenter(f.form.view(f.st, min(w, 84), g.mainH), w, g.mainH)
	case f.help.ShowAll:
		main = f.helpPanel(w, g.mainH)
	case g.wide && f.pane <= facPaneFeed:
		top := facJoin(f.pane_(facPaneSeats, g.rects[facPaneSeats]), f.pane_(facPaneNRM, g.rects[facPaneNRM]))
		bottom := facJoin(f.pane_(facPaneInjects, g.rects[facPaneInjects]), f.pane_(facPaneFeed, g.rects[facPaneFeed]))
		main = append(top, bottom...)
	case g.stack != 0:
		main = append(f.pane_(facPaneSeats, g.rects[facPaneSeats]), f.pane_(g.stack, g.rects[g.stack])...)
	default:
		main = f.pane_(f.pane, g.rects[f.pane])
	}
	out = append(out, main...)
	for len(out) < g.mainY+g.mainH {
		out = append(out, "")
	}
	out = append(append(out[:g.mainY+g.mainH], g.flash...), g.help)
	return styles.Fit(strings.Join(out, "\n"), w, f.height)
}

// facJoin sets two blocks of lines side by side.
func facJoin(a, b []string) []string {
	out := make([]string, max(len(a), len(b)))
	for i := range out {
		if i < len(a) {
			out[i] = a[i]
		}
		if i < len(b) {
			out[i] += b[i]
		}
	}
	return out
}

// facCenter places a box in the middle of an area w wide and h high.
func facCenter(box string, w, h int) []string {
	lines := strings.Split(box, "\n")
	pad := strings.Repeat(" ", max((w-ansi.StringWidth(lines[0]))/2, 0))
	out := make([]string, 0, h)
	top := max((h-len(lines))/3, 0)
	for range top {
		out = append(out, "")
	}
	for _, l := range lines {
		out = append(out, pad+l)
	}
	return out
}

// facRight pads s on the left to w cells.
func facRight(s string, w int) string {
	if sw := ansi.StringWidth(s); sw < w {
		return strings.Repeat(" ", w-sw) + s
	}
	return components.Cell(s, w)
}

// facWrap wraps plain text to width w.
func facWrap(s string, w int) []string {
	return strings.Split(ansi.Wrap(s, max(w, 8), ""), "\n")
}

// pane_ renders pane p into its rectangle.
func (f *Model) pane_(p int, r facRect) []string {
	cw, ch := r.w-4, r.h-2
	var title string
	var lines []string
	switch p {
	case facPaneSeats:
		title, lines = f.seatsPane(cw, ch)
	case facPaneInjects:
		title, lines = f.injectsPane(cw, ch)
	case facPaneNRM:
		title, lines = f.nrmPane(cw, ch)
	case facPaneFeed:
		title, lines = f.feedPane(cw, ch)
	case facPaneView:
		title, lines = f.viewPane(cw, ch)
	case facPaneExercises:
		title, lines = f.exercisesPane(cw, ch)
	}
	return components.BoxLines(f.st, fmt.Sprintf("%d %s", p+1, title), lines, r.w, r.h, p == f.pane)
}

// helpPanel lists every key, its groups in as many columns as fit.
func (f *Model) helpPanel(w, h int) []string {
	groups := f.keys.helpGroups()
	keyW, descW, total := 0, 0, 0
	for _, g := range groups {
		for _, b := range g.keys {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
			descW = max(descW, ansi.StringWidth(b.Help().Desc))
		}
		total += len(g.keys) + 1
	}
	inner := w - 4
	colW := min(keyW+1+descW, inner)
	ncols := max(inner/(colW+2), 1)
	// The shortest columns that keep each group whole in ncols columns.
	pack := func(target int) [][]facHelpGroup {
		var cols [][]facHelpGroup
		n := 0
		for _, g := range groups {
			if len(cols) == 0 || (n > 0 && n+len(g.keys)+1 > target) {
				cols, n = append(cols, nil), 0
			}
			cols[len(cols)-1] = append(cols[len(cols)-1], g)
			n += len(g.keys) + 1
		}
		return cols
	}
	target := (total + ncols - 1) / ncols
	packed := pack(target)
	for len(packed) > ncols {
		target++
		packed = pack(target)
	}
	var cols [][]string
	for _, gs := range packed {
		var cur []string
		for _, g := range gs {
			cur = append(cur, f.st.Bold.Render("▸ "+g.title))
			for _, b := range g.keys {
				cur = append(cur, f.st.Accent.Render(components.Cell(b.Help().Key, keyW))+" "+b.Help().Desc)
			}
		}
		cols = append(cols, cur)
	}
	var lines []string
	for _, c := range cols {
		for i := range c {
			c[i] = components.Cell(c[i], colW+2)
		}
		lines = facJoin(facPadLines(lines, len(c)), c)
		for i := range lines {
			lines[i] = components.Cell(lines[i], ansi.StringWidth(lines[0]))
		}
	}
	lines = append(lines, f.st.Subtle.Render("? closes this help; pane keys work while that pane has the focus."))
	return components.BoxLines(f.st, "Keys", lines, w, h, true)
}

// facPadLines makes lines at least n long, padding with blank lines as
// wide as the first.
func facPadLines(lines []string, n int) []string {
	w := 0
	if len(lines) > 0 {
		w = ansi.StringWidth(lines[0])
	}
	for len(lines) < n {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines
}

// ---- bars ----

// facFirstFit returns the first of forms, longest first, that fits in w
// cells, or the last cut to w.
func facFirstFit(w int, forms ...string) string {
	for _, s := range forms {
		if ansi.StringWidth(s) <= w {
			return s
		}
	}
	return styles.Truncate(forms[len(forms)-1], w)
}

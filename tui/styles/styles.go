// Package styles holds every style and text-layout helper the terminal
// screens use, in one place, so that any package of the TUI can import it
// without a cycle. Colour follows the terminal (light or dark) and the
// NO_COLOR convention; no style is the only carrier of meaning.
package styles

import (
	"fmt"
	"image/color"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles holds every style the screens use. Statuses also have words and
// symbols, so that colour is never the only sign of them.
type Styles struct {
	NoColor bool

	Title, Subtle, Bold, Accent, Warn, Bad, Good lipgloss.Style
	Box, FocusBox                                lipgloss.Style
	Selected                                     lipgloss.Style
	Bar                                          lipgloss.Style
	NoPlay                                       lipgloss.Style
}

// New returns styles for a dark or light background; with noColor (the
// NO_COLOR convention) they use only bold, reverse and plain text.
func New(dark, noColor bool) Styles {
	pick := func(light, darkC string) color.Color {
		if dark {
			return lipgloss.Color(darkC)
		}
		return lipgloss.Color(light)
	}
	s := Styles{NoColor: noColor}
	base := lipgloss.NewStyle()
	s.Bold = base.Bold(true)
	s.Selected = base.Reverse(true)
	s.Box = base.Border(lipgloss.RoundedBorder()).Padding(0, 1)
	s.FocusBox = base.Border(lipgloss.ThickBorder()).Padding(0, 1)
	s.Bar = base.Reverse(true)
	s.NoPlay = base.Bold(true).Border(lipgloss.DoubleBorder()).Padding(1, 3).Align(lipgloss.Center)
	if noColor {
		s.Title, s.Subtle, s.Accent, s.Warn, s.Bad, s.Good = s.Bold, base, s.Bold, s.Bold, s.Bold, base
		return s
	}
	s.Title = base.Bold(true).Foreground(pick("#5A189A", "#C77DFF"))
	s.Subtle = base.Foreground(pick("#6C6C6C", "#9E9E9E"))
	s.Accent = base.Foreground(pick("#005F87", "#5FD7FF"))
	s.Warn = base.Bold(true).Foreground(pick("#875F00", "#FFD75F"))
	s.Bad = base.Bold(true).Foreground(pick("#AF0000", "#FF5F5F"))
	s.Good = base.Foreground(pick("#005F00", "#87D787"))
	s.Box = s.Box.BorderForeground(pick("#8A8A8A", "#585858"))
	s.FocusBox = s.FocusBox.BorderForeground(pick("#5A189A", "#C77DFF"))
	s.Bar = base.Foreground(pick("#FFFFFF", "#000000")).Background(pick("#5A189A", "#C77DFF"))
	s.NoPlay = s.NoPlay.Foreground(pick("#AF0000", "#FF5F5F")).BorderForeground(pick("#AF0000", "#FF5F5F"))
	return s
}

// NoColorFromEnv reports whether the NO_COLOR convention asks for no colour.
func NoColorFromEnv() bool { return os.Getenv("NO_COLOR") != "" }

// Truncate cuts s, which may hold ANSI styling, to width cells.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// Fit cuts or pads every line of s to exactly width cells and height
// lines, so that panes never break the layout.
func Fit(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = Pad(Truncate(l, width), width)
	}
	return strings.Join(lines, "\n")
}

// Pad pads s with spaces to width cells (it never cuts).
func Pad(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// Wrap breaks text into lines of at most width cells, on spaces; a word
// longer than the width is broken.
func Wrap(text string, width int) []string {
	width = max(width, 10)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, strings.Split(ansi.Wrap(para, width, ""), "\n")...)
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// Clock formats exercise milliseconds as H:MM:SS.
func Clock(ms int64) string {
	s := ms / 1000
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

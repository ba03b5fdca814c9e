package room

import "strings"

// glyphs are the characters the large text draws, five rows high.
var glyphs = map[rune][5]string{
	'0': {"███", "█ █", "█ █", "█ █", "███"},
	'1': {" █ ", "██ ", " █ ", " █ ", "███"},
	'2': {"███", "  █", "███", "█  ", "███"},
	'3': {"███", "  █", "███", "  █", "███"},
	'4': {"█ █", "█ █", "███", "  █", "  █"},
	'5': {"███", "█  ", "███", "  █", "███"},
	'6': {"███", "█  ", "███", "█ █", "███"},
	'7': {"███", "  █", "  █", "  █", "  █"},
	'8': {"███", "█ █", "███", "█ █", "███"},
	'9': {"███", "█ █", "███", "  █", "███"},
	':': {" ", "█", " ", "█", " "},
	' ': {"  ", "  ", "  ", "  ", "  "},
	'N': {"█  █", "██ █", "█ ██", "█  █", "█  █"},
	'O': {"████", "█  █", "█  █", "█  █", "████"},
	'P': {"████", "█  █", "████", "█   ", "█   "},
	'L': {"█   ", "█   ", "█   ", "█   ", "████"},
	'A': {"████", "█  █", "████", "█  █", "█  █"},
	'Y': {"█  █", "█  █", "████", " █  ", " █  "},
	'-': {"   ", "   ", "███", "   ", "   "},
}

// bigText draws s in five rows of block characters; characters it has no
// glyph for are left out.
func bigText(s string) []string {
	out := make([]string, 5)
	for _, r := range strings.ToUpper(s) {
		g, ok := glyphs[r]
		if !ok {
			continue
		}
		for i := range out {
			if out[i] != "" {
				out[i] += " "
			}
			out[i] += g[i]
		}
	}
	return out
}

package wire

import (
	"strings"
	"unicode/utf8"
)

// Limits on the text a client sends, in characters (Unicode code points).
// A longer field is refused with [CodeBadField]; see docs/protocol.md.
const (
	// MaxName bounds a hello's name.
	MaxName = 64
	// MaxText bounds each multi-line field of a command: text, rationale
	// and risk.
	MaxText = 4000
	// MaxWord bounds every other string of a command (ids, from, channel,
	// outcome, each entry of to and facts).
	MaxWord = 128
	// MaxList bounds the entries of a command's to and facts.
	MaxList = 64
)

// CleanText returns s made safe to store and to show in a terminal, keeping
// its line breaks: it removes terminal escape sequences (CSI, OSC, DCS and
// the like, in their 7-bit and 8-bit forms), every other control character
// except newline and tab, carriage returns, the bidirectional formatting
// characters that can make text read differently from how it is stored,
// and invalid UTF-8. Everything else, including any script and emoji, is
// kept. See also [CleanLine].
func CleanText(s string) string { return clean(s, true) }

// CleanLine is [CleanText] for a single-line field such as a name: line
// breaks and tabs become spaces too.
func CleanLine(s string) string { return clean(s, false) }

// ASCII and C1 control characters that begin escape sequences.
const (
	esc = 0x1b
	bel = 0x07
	csi = 0x9b // 8-bit CSI
	st  = 0x9c // 8-bit string terminator
)

func clean(s string, multiline bool) string {
	if isClean(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			// invalid UTF-8: dropped
		case r == esc:
			i = skipEscape(s, i)
		case r == csi:
			i = skipCSI(s, i)
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // DCS, SOS, OSC, PM, APC
			i = skipString(s, i)
		case r == '\n' || r == '\t':
			if multiline {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case isControl(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean reports whether clean would return s unchanged.
func isClean(s string, multiline bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || isControl(r) || (!multiline && (r == '\n' || r == '\t')) {
			return false
		}
	}
	return true
}

// isControl reports whether r is a C0 or C1 control character (other than
// newline and tab), DEL, or a bidirectional formatting character.
func isControl(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		return true
	}
	return false
}

// skipEscape skips the rest of an escape sequence whose ESC ended at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// ESC, intermediate bytes, one final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips a control sequence's parameters, intermediates and final
// byte, starting after its introducer.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) up to and
// including its terminator: BEL, ESC \ or the 8-bit ST. An unterminated
// string runs to the end.
func skipString(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == bel || r == st:
			return i + n
		case r == esc:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		}
		i += n
	}
	return i
}

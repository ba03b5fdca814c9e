package engine

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxProblem locates a YAML syntax error in data. yaml.v3 reports a line
// that is often the start of the construct the parser was in rather than
// the line at fault, one less than it for parser errors, and never a
// column; and some errors (invalid UTF-8, control characters) carry no
// line at all. So the position is worked out again from the source: by
// scanning it for what the parser cannot read, and otherwise by finding the
// shortest run of whole lines that fails to parse with the same message.
func syntaxProblem(name string, data []byte, err error) Problem {
	msg := err.Error()
	text := strings.TrimPrefix(msg, "yaml: ")
	hint := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		hint, _ = strconv.Atoi(m[1])
		text = m[2]
	}
	if p, r, ok := unreadable(data); ok {
		what := "invalid UTF-8"
		if r != utf8.RuneError {
			what = fmt.Sprintf("control character %U is not allowed", r)
		}
		return Problem{File: name, Pos: p, Msg: "YAML syntax: " + what}
	}
	lines := splitLines(data)
	line := failingLine(data, lines, max(hint, 1), text)
	return Problem{File: name, Pos: Pos{line, faultColumn(lines[line-1], text)}, Msg: "YAML syntax: " + text}
}

// unreadable finds the first byte sequence that is not UTF-8, or the first
// character that YAML does not allow in a stream, and reports its position.
// The rune is utf8.RuneError for invalid UTF-8. A stream in UTF-16 (which
// starts with a byte order mark) is left to the parser.
func unreadable(data []byte) (Pos, rune, bool) {
	if bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
		return Pos{}, 0, false
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return Pos{line, col}, utf8.RuneError, true
		case !yamlPrintable(r) && !(r == 0xfeff && i == 0):
			return Pos{line, col}, r, true
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return Pos{}, 0, false
}

// yamlPrintable reports whether YAML 1.1 allows r in a stream.
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7e:
		return true
	case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd && r != 0xfeff, r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}

// splitLines splits data into lines without their endings; the result has
// at least one line.
func splitLines(data []byte) [][]byte {
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// failingLine returns the first line, from lo on, such that the document up
// to and including it fails to parse with the message text. The parser
// reads ahead a bounded amount, so the search ends at the line it had
// reached when it failed.
func failingLine(data []byte, lines [][]byte, lo int, text string) int {
	cr := &countingReader{r: bytes.NewReader(data)}
	yaml.NewDecoder(cr).Decode(new(yaml.Node))
	hi := min(bytes.Count(data[:min(cr.n, len(data))], []byte("\n"))+1, len(lines))
	lo = min(lo, hi)
	ends := make([]int, len(lines)+1) // ends[k] is the offset after line k
	for k, off := 1, 0; k <= len(lines); k++ {
		off += len(lines[k-1])
		if off < len(data) && data[off] == '\r' {
			off++
		}
		if off < len(data) {
			off++ // the newline
		}
		ends[k] = off
	}
	fails := func(k int) bool {
		err := yaml.NewDecoder(bytes.NewReader(data[:ends[k]])).Decode(new(yaml.Node))
		if err == nil {
			return false
		}
		got := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			got = m[2]
		}
		return got == text
	}
	if !fails(hi) {
		return lo
	}
	for lo < hi { // invariant: fails(hi)
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// faultColumn picks the column, 1-based in characters, of what is wrong in
// the line the error was found on: a tab in the indentation, the bracket
// or brace of a flow collection that is not closed, the quote that opens
// an unterminated string; otherwise the line's first character.
func faultColumn(line []byte, text string) int {
	indent := len(line) - len(bytes.TrimLeft(line, " \t"))
	if i := bytes.IndexByte(line[:indent], '\t'); i >= 0 {
		return i + 1
	}
	var open []int // unmatched brackets and braces
	var quote = -1 // an unterminated quote
	for i := indent; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			i = len(line)
		case (c == '"' || c == '\'') && tokenStart(line, i):
			end := closingQuote(line, i)
			if end < 0 {
				quote = i
				i = len(line)
			} else {
				i = end
			}
		case c == '[' || c == '{':
			if tokenStart(line, i) || len(open) > 0 {
				open = append(open, i)
			}
		case (c == ']' || c == '}') && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	at := indent
	switch {
	case strings.Contains(text, "end of stream") && quote >= 0:
		at = quote
	case strings.Contains(text, "expected ',' or") && len(open) > 0:
		at = open[len(open)-1]
	}
	return utf8.RuneCount(line[:at]) + 1
}

// tokenStart reports whether line[i] begins a YAML token: it follows the
// indentation, a flow indicator, or a separating space.
func tokenStart(line []byte, i int) bool {
	if i == 0 {
		return true
	}
	return bytes.IndexByte([]byte(" \t[{,:-?"), line[i-1]) >= 0
}

// closingQuote returns the index of the quote that closes the one at
// line[i], or -1 when the line does not close it.
func closingQuote(line []byte, i int) int {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch {
		case q == '"' && line[j] == '\\':
			j++
		case line[j] == q && q == '\'' && j+1 < len(line) && line[j+1] == '\'':
			j++
		case line[j] == q:
			return j
		}
	}
	return -1
}

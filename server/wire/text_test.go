package wire

import "testing"

func TestCleanText(t *testing.T) {
	tests := []struct{ in, text, line string }{
		{"plain", "plain", "plain"},
		{"Ionuț – 無 🙂", "Ionuț – 無 🙂", "Ionuț – 無 🙂"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab", "two lines and a tab"},
		{"\x1b[2JEvil", "Evil", "Evil"},
		{"red \x1b[31;1mtext\x1b[0m", "red text", "red text"},
		{"\x1b]0;title\x07after", "after", "after"},
		{"\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\", "link", "link"},
		{"\x1bPq#0;2;0;0;0\x1b\\x", "x", "x"},
		{"\x1b(Bcharset", "charset", "charset"},
		{"\x1bcreset", "reset", "reset"},
		{"over\rwrite", "overwrite", "overwrite"},
		{"bell\x07 del\x7f nul\x00", "bell del nul", "bell del nul"},
		{"c1 \u009b2J csi", "c1  csi", "c1  csi"},
		{"c1 \u009d0;t\u009c osc", "c1  osc", "c1  osc"},
		{"bidi \u202eevil\u202c", "bidi evil", "bidi evil"},
		{"bad \xff utf8", "bad  utf8", "bad  utf8"},
		{"trailing \x1b", "trailing ", "trailing "},
		{"unterminated \x1b]0;title", "unterminated ", "unterminated "},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.text {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := CleanLine(tt.in); got != tt.line {
			t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

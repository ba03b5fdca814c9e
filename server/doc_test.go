package server

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ttx/server/wire"
)

// section returns the text of docs/protocol.md from the heading that
// starts with title to the next heading of the same level.
func section(t *testing.T, doc, title string) string {
	t.Helper()
	i := strings.Index(doc, "\n"+title)
	if i < 0 {
		t.Fatalf("docs/protocol.md has no %q", title)
	}
	rest := doc[i+1:]
	if j := strings.Index(rest[len(title):], "\n## "); j >= 0 {
		rest = rest[:len(title)+j]
	}
	return rest
}

// firstCells returns the first cell of every row of the markdown tables in
// text, header rows and rules excluded.
func firstCells(text string) []string {
	var out []string
	for line := range strings.Lines(text) {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "|---") {
			continue
		}
		cell := strings.TrimSpace(strings.Split(line, "|")[1])
		if cell == "code" {
			continue
		}
		out = append(out, cell)
	}
	return out
}

// TestProtocolDocMatchesCodes: the error codes and close codes tables of
// docs/protocol.md list exactly the codes the server has.
func TestProtocolDocMatchesCodes(t *testing.T) {
	b, err := os.ReadFile("../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)

	var documented []string
	for _, cell := range firstCells(section(t, doc, "## 14. Error codes")) {
		documented = append(documented, strings.Trim(cell, "`"))
	}
	compare(t, "error code", documented, wire.ErrorCodes())

	var closes []string
	leading := regexp.MustCompile(`^\d{4}`)
	for _, cell := range firstCells(section(t, doc, "## 15. Close codes")) {
		if strings.Contains(cell, "(local)") { // never sent: what a client sees of a dropped connection
			continue
		}
		if code := leading.FindString(cell); code != "" {
			closes = append(closes, code)
		} else {
			t.Errorf("close codes table: row %q has no code", cell)
		}
	}
	var sent []string
	for _, c := range wire.CloseCodes() {
		sent = append(sent, strconv.Itoa(c))
	}
	compare(t, "close code", closes, sent)
}

// compare reports what one list has and the other has not.
func compare(t *testing.T, what string, documented, defined []string) {
	t.Helper()
	for _, c := range defined {
		if !slices.Contains(documented, c) {
			t.Errorf("%s %s is not in docs/protocol.md", what, c)
		}
	}
	for _, c := range documented {
		if !slices.Contains(defined, c) {
			t.Errorf("docs/protocol.md lists %s %s, which the server does not have", what, c)
		}
	}
}

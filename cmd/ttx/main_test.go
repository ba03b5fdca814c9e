package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ttx/engine"
)

// ttx runs the command line in-process and returns its exit code and output.
func ttx(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range commands() {
		code, out, _ := ttx(t, c.name, "--help")
		if code != 0 || !strings.Contains(out, "Usage: ttx "+c.name) {
			t.Errorf("ttx %s --help: exit %d, output %q", c.name, code, out)
		}
	}
	if code, out, _ := ttx(t, "--help"); code != 0 || !strings.Contains(out, "simulate") {
		t.Errorf("ttx --help: exit %d, %q", code, out)
	}
	if code, out, _ := ttx(t, "help", "verify"); code != 0 || !strings.Contains(out, "Usage: ttx verify") {
		t.Errorf("ttx help verify: exit %d, %q", code, out)
	}
	if code, _, errOut := ttx(t, "fly"); code != 2 || !strings.Contains(errOut, `unknown command "fly"`) {
		t.Errorf("ttx fly: exit %d, %q", code, errOut)
	}
}

func TestValidate(t *testing.T) {
	if code, _, errOut := ttx(t, "validate", "tutorial", "../../scenarios/wyatn-large-scale.yaml"); code != 0 {
		t.Fatalf("valid scenarios: exit %d: %s", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	src := "id: bad\ntitle: Bad\nrules_as_of: 2024-01-01\nclock: {start: 2024-01-01T08:00}\nagencies:\n  - {id: police, name: Police, kind: constabulary, colour: blue}\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := ttx(t, "validate", bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		bad + `:6:52: unknown key "colour"`,
		bad + `:6:5: agency "police" has nothing to do`,
		bad + `:6:38: unknown agency kind "constabulary"`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(lines), len(want), out)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if code, out, _ := ttx(t, "validate", "no-such-scenario"); code != 1 || !strings.Contains(out, "no bundled scenario") {
		t.Errorf("missing scenario: exit %d, %q", code, out)
	}
}

func TestScenarios(t *testing.T) {
	code, out, _ := ttx(t, "scenarios")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, id := range []string{"tutorial", "wyatn-large-scale", "leeds-2013"} {
		if !regexp.MustCompile(`(?m)^` + id + `\s`).MatchString(out) {
			t.Errorf("listing lacks %s:\n%s", id, out)
		}
	}
}

// TestSimulateScoreVerify runs the README's main job end to end.
func TestSimulateScoreVerify(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	for _, log := range []string{a, b} {
		if code, _, errOut := ttx(t, "simulate", "tutorial", "--bots", "doctrine", "--seed", "4", "--out", log); code != 0 {
			t.Fatalf("simulate: exit %d: %s", code, errOut)
		}
	}
	if sameEvents(t, a) != sameEvents(t, b) {
		t.Error("two simulations with the same arguments differ beyond wall times")
	}
	code, out, errOut := ttx(t, "verify", a)
	if code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("verify: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = ttx(t, "score", a, "--json")
	if code != 0 {
		t.Fatalf("score --json: exit %d", code)
	}
	var card struct {
		Total    *int           `json:"total"`
		Agencies map[string]int `json:"agencies"`
	}
	if err := json.Unmarshal([]byte(out), &card); err != nil {
		t.Fatalf("score --json: %v\n%s", err, out)
	}
	if card.Total == nil || *card.Total < 0 || *card.Total > 100 || len(card.Agencies) != 3 {
		t.Errorf("score --json: total %v, agencies %v", card.Total, card.Agencies)
	}
	code, out, _ = ttx(t, "score", a)
	if code != 0 || !strings.Contains(out, "Overall:") || !strings.Contains(out, "VICTIM") {
		t.Errorf("score: exit %d:\n%s", code, out)
	}

	// A tampered log fails verification, naming the line.
	data, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[5] = strings.Replace(lines[5], `"t":`, `"t":1`, 1)
	if err := os.WriteFile(b, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = ttx(t, "verify", b)
	if code != 1 || !strings.Contains(errOut, "line 6") {
		t.Errorf("verify of a tampered log: exit %d: %s", code, errOut)
	}
	if code, _, _ := ttx(t, "score", b); code != 1 {
		t.Errorf("score of a tampered log: exit %d, want 1", code)
	}

}

// TestUnfinishedLog checks that verify, score and debrief all accept a log
// that does not record the end of the exercise, exit 0, and say so with
// the same line.
func TestUnfinishedLog(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.jsonl")
	if code, _, errOut := ttx(t, "simulate", "tutorial", "--bots", "doctrine", "--seed", "4", "--out", full); code != 0 {
		t.Fatalf("simulate: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	half := data[:len(data)/2]
	n, _, err := engine.CompleteLength(bytes.NewReader(half))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.jsonl")
	if err := os.WriteFile(cut, half[:n], 0o644); err != nil {
		t.Fatal(err)
	}
	// The line all three print: the time is that of the cut log's last event.
	lines := strings.Split(strings.TrimSpace(string(half[:n])), "\n")
	var last struct {
		T int64 `json:"t"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
		t.Fatal(err)
	}
	want := cut + ": " + engine.Unfinished(false, last.T)
	if !strings.Contains(want, "unfinished: the log ends at 0:") {
		t.Fatalf("the unfinished line: %q", want)
	}
	tests := []struct {
		name   string
		args   []string
		stdout bool // the line is on standard output (else standard error)
	}{
		{"verify", []string{"verify", cut}, true},
		{"verify --unfinished", []string{"verify", "--unfinished", cut}, true},
		{"score", []string{"score", cut}, true},
		{"score --json", []string{"score", "--json", cut}, false},
		{"debrief -o", []string{"debrief", cut, "-o", filepath.Join(dir, "r.md")}, true},
		{"debrief to standard output", []string{"debrief", cut}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := ttx(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s%s", code, out, errOut)
			}
			where := errOut
			if tc.stdout {
				where = out
			}
			if !strings.Contains(where, want+"\n") {
				t.Errorf("no line %q in\n%s", want, where)
			}
		})
	}
	// The report itself says the same.
	report, err := os.ReadFile(filepath.Join(dir, "r.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), strings.TrimPrefix(want, cut+": ")) {
		t.Errorf("the report does not say the log is unfinished")
	}
	// An ended log gets no such line.
	if code, out, _ := ttx(t, "verify", full); code != 0 || strings.Contains(out, "unfinished") {
		t.Errorf("verify of an ended log: exit %d: %s", code, out)
	}
}

// sameEvents returns a log's lines with the wall times and hashes removed.
func sameEvents(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`"(wall|created)":"[^"]*"`).ReplaceAllString(string(data), "")
	return regexp.MustCompile(`"prev":"[0-9a-f]*"`).ReplaceAllString(s, "")
}

func TestSimulateErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.jsonl")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"simulate", "tutorial"}, 2, "--out"},
		{[]string{"simulate", "tutorial", "--bots", "clever", "--out", out}, 2, `unknown bot kind "clever"`},
		{[]string{"simulate", "tutorial", "--bots", "fire=naive", "--out", out}, 2, `no seat "fire"`},
		{[]string{"simulate", "atlantis", "--out", out}, 1, "no bundled scenario"},
		{[]string{"simulate", "tutorial", "--rules-as-of", "yesterday", "--out", out}, 2, "YYYY-MM-DD"},
		{[]string{"simulate", "tutorial", "--step", "1ms", "--out", out}, 2, "--step"},
		{[]string{"scenarios", "extra"}, 2, "takes no arguments"},
		{[]string{"score"}, 2, "give one LOG"},
		{[]string{"verify", "/no/such/log"}, 1, "no such file"},
	}
	for _, tc := range tests {
		code, _, errOut := ttx(t, tc.args...)
		if _, err := os.Stat(out); err == nil {
			t.Errorf("ttx %s left a log behind", strings.Join(tc.args, " "))
		}
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("ttx %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, errOut, tc.code, tc.msg)
		}
	}
}

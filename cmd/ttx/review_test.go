package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// simulated writes logs made by 'ttx simulate' into dir and returns their
// paths: tutorial runs with each kind of bot and several seeds.
func simulated(t *testing.T, dir string) []string {
	t.Helper()
	var logs []string
	for _, run := range []struct {
		bots, seed string
	}{{"doctrine", "1"}, {"naive", "1"}, {"doctrine", "2"}, {"naive", "3"}} {
		log := filepath.Join(dir, "tutorial-"+run.bots+"-"+run.seed+".jsonl")
		if code, _, errOut := ttx(t, "simulate", "tutorial", "--bots", run.bots, "--seed", run.seed, "--out", log); code != 0 {
			t.Fatalf("simulate: exit %d: %s", code, errOut)
		}
		logs = append(logs, log)
	}
	return logs
}

func TestDebrief(t *testing.T) {
	dir := t.TempDir()
	logs := simulated(t, dir)
	html := filepath.Join(dir, "report.html")
	code, out, errOut := ttx(t, "debrief", logs[1], "-o", html)
	if code != 0 || !strings.Contains(out, "after-action report") {
		t.Fatalf("debrief -o report.html: exit %d: %s%s", code, out, errOut)
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "<svg", "7. Rule findings", "10. Improvement plan"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	md := filepath.Join(dir, "report.md")
	if code, _, errOut := ttx(t, "debrief", logs[1], "-o", md); code != 0 {
		t.Fatalf("debrief -o report.md: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(md); !strings.HasPrefix(string(b), "# After-action report") || strings.Contains(string(b), "<svg") {
		t.Errorf("report.md:\n%.300s", b)
	}
	code, out, _ = ttx(t, "debrief", logs[0])
	if code != 0 || !strings.Contains(out, "## 9. JESIP") {
		t.Errorf("debrief to standard output: exit %d:\n%.300s", code, out)
	}
	code, out, _ = ttx(t, "debrief", logs[0], "--json")
	var rep struct {
		Summary struct{ Scenario string }
		Scores  struct{ Total *int }
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Summary.Scenario != "tutorial" || rep.Scores.Total == nil {
		t.Errorf("debrief --json: exit %d:\n%.300s", code, out)
	}
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"debrief"}, 2, "give one LOG"},
		{[]string{"debrief", logs[0], "-o", filepath.Join(dir, "report.pdf")}, 2, "the extension says the format"},
		{[]string{"debrief", logs[0], "--json", "-o", html}, 2, "--json writes JSON"},
		{[]string{"debrief", filepath.Join(dir, "missing.jsonl")}, 1, "no such file"},
	}
	for _, tc := range tests {
		code, _, errOut := ttx(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("ttx %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, errOut, tc.code, tc.msg)
		}
	}
	// A tampered log is refused, naming the line.
	data, err := os.ReadFile(logs[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[7] = strings.Replace(lines[7], `"t":`, `"t":1`, 1)
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := ttx(t, "debrief", bad); code != 1 || !strings.Contains(errOut, "line 8") {
		t.Errorf("debrief of a tampered log: exit %d: %s", code, errOut)
	}
}

func TestCompare(t *testing.T) {
	dir := t.TempDir()
	logs := simulated(t, dir)
	code, out, errOut := ttx(t, append([]string{"compare"}, logs...)...)
	if code != 0 || !strings.Contains(out, "4 runs side by side") || !strings.Contains(out, "Ionut") {
		t.Fatalf("compare: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = ttx(t, "compare", logs[0], logs[1], "--json")
	var c struct {
		Runs []struct {
			Label string
			Total int
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil || len(c.Runs) != 2 || c.Runs[0].Total <= c.Runs[1].Total {
		t.Errorf("compare --json: exit %d, %+v", code, c)
	}
	html := filepath.Join(dir, "compare.html")
	code, out, errOut = ttx(t, append([]string{"compare", "-o", html}, logs...)...)
	if code != 0 || !strings.Contains(out, "comparison of 4 runs") {
		t.Fatalf("compare -o compare.html: exit %d: %s%s", code, out, errOut)
	}
	wellFormedPage(t, html, "4 runs side by side", `class="bar"`, "Items that differ")
	if code, _, errOut := ttx(t, "compare", logs[0], logs[1], "-o", filepath.Join(dir, "compare.pdf")); code != 2 || !strings.Contains(errOut, "the extension says the format") {
		t.Errorf("compare -o compare.pdf: exit %d: %s", code, errOut)
	}
	other := filepath.Join(dir, "leeds.jsonl")
	if code, _, errOut := ttx(t, "simulate", "leeds-2013", "--out", other); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := ttx(t, "compare", logs[0], other); code != 1 || !strings.Contains(errOut, "different scenarios") {
		t.Errorf("compare of different scenarios: exit %d: %s", code, errOut)
	}
	if code, _, errOut := ttx(t, "compare", logs[0]); code != 2 || !strings.Contains(errOut, "two or more") {
		t.Errorf("compare of one log: exit %d: %s", code, errOut)
	}
}

func TestRescore(t *testing.T) {
	dir := t.TempDir()
	logs := simulated(t, dir)
	src, err := os.ReadFile("../../scenarios/tutorial.yaml")
	if err != nil {
		t.Fatal(err)
	}
	revised := strings.Replace(string(src), "  - id: police-log\n", "  - id: police-logs\n", 1) +
		"  - id: police-shares-fast\n    text: Police shared with partners within three minutes.\n    evidences: [J1, o4]\n    agencies: [police]\n    points: 3\n    event: share\n    within: 3m\n"
	path := filepath.Join(dir, "tutorial-v2.yaml")
	if err := os.WriteFile(path, []byte(revised), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := ttx(t, "rescore", logs[0], "--scenario", path)
	if code != 0 || !strings.Contains(out, "police-shares-fast") || !strings.Contains(out, "added") || !strings.Contains(out, "removed") {
		t.Fatalf("rescore: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = ttx(t, "rescore", logs[1], "--scenario", path, "--json")
	var rs struct {
		Old, New struct{ Possible int }
		Items    []struct{ ID, Change string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &rs) != nil || rs.New.Possible != rs.Old.Possible+3 {
		t.Errorf("rescore --json: exit %d, %+v", code, rs)
	}
	if code, _, errOut := ttx(t, "rescore", logs[0], "--scenario", "leeds-2013"); code != 1 || !strings.Contains(errOut, "different scenarios") {
		t.Errorf("rescore under another scenario: exit %d: %s", code, errOut)
	}
	if code, _, errOut := ttx(t, "rescore", logs[0]); code != 2 || !strings.Contains(errOut, "--scenario") {
		t.Errorf("rescore without --scenario: exit %d: %s", code, errOut)
	}
}

func TestTrends(t *testing.T) {
	dir := t.TempDir()
	simulated(t, dir)
	code, out, errOut := ttx(t, "trends", dir)
	if code != 0 || !strings.Contains(out, "Training needs across 4 debrief logs") || !strings.Contains(out, "R2") {
		t.Fatalf("trends: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = ttx(t, "trends", dir, "--json")
	var tr struct {
		Logs  []struct{ Label string }
		Needs []struct{ Agency, Evidence string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &tr) != nil || len(tr.Logs) != 4 || len(tr.Needs) == 0 {
		t.Errorf("trends --json: exit %d, %+v", code, tr)
	}
	html := filepath.Join(t.TempDir(), "trends.html")
	code, out, errOut = ttx(t, "trends", dir, "-o", html)
	if code != 0 || !strings.Contains(out, "training needs across 4 debrief logs") {
		t.Fatalf("trends -o trends.html: exit %d: %s%s", code, out, errOut)
	}
	wellFormedPage(t, html, "Training needs across 4 debrief logs", `class="cell"`, "tutorial-naive-3.jsonl")
	if code, _, errOut := ttx(t, "trends", dir, "--json", "-o", html); code != 2 || !strings.Contains(errOut, "--json writes JSON") {
		t.Errorf("trends --json -o trends.html: exit %d: %s", code, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "zz-broken.jsonl"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := ttx(t, "trends", dir); code != 1 || !strings.Contains(errOut, "zz-broken.jsonl") || !strings.Contains(errOut, "--skip-bad") {
		t.Errorf("trends with a broken log: exit %d: %s", code, errOut)
	}
	if code, _, errOut := ttx(t, "trends", dir, "--skip-bad"); code != 0 || !strings.Contains(errOut, "skipping") {
		t.Errorf("trends --skip-bad: exit %d: %s", code, errOut)
	}
	if code, _, errOut := ttx(t, "trends", t.TempDir()); code != 1 || !strings.Contains(errOut, "no debrief logs") {
		t.Errorf("trends of an empty directory: exit %d: %s", code, errOut)
	}
}

// wellFormedPage checks that the HTML page at path is well-formed XML with
// inline SVG and no external assets, and holds each of wants.
func wellFormedPage(t *testing.T, path string, wants ...string) {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", path, err)
		}
	}
	for _, want := range append([]string{"<!DOCTYPE html>", "<svg"}, wants...) {
		if !strings.Contains(string(page), want) {
			t.Errorf("%s lacks %q", path, want)
		}
	}
	for _, bad := range []string{"<script", "<link", "src="} {
		if strings.Contains(string(page), bad) {
			t.Errorf("%s contains %q", path, bad)
		}
	}
}

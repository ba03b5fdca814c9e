package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ttx/engine"
	"ttx/engine/report"
	"ttx/scenarios"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs (run go test -update if the change is intended); first at line %d:\n got: %s\nwant: %s", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: %d lines, want %d (run go test -update if the change is intended)", path, len(gl), len(wl))
	}
}

// stable strips what changes without the report changing: the engine's
// version and the scenario's hash.
func stable(s string) string {
	s = regexp.MustCompile(`\b[0-9a-f]{12}\b`).ReplaceAllString(s, "SHA")
	s = regexp.MustCompile(`(?i)(engine) \d+\.\d+\.\d+`).ReplaceAllString(s, "$1 VERSION")
	return regexp.MustCompile(`(\| Engine \| )[^|]*\|`).ReplaceAllString(s, "$1VERSION |")
}

func markdown(t *testing.T, r *report.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func htmlOf(t testing.TB, r *report.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.HTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		log  func(testing.TB) []byte
	}{
		{"tutorial-mixed.md", mixed().log},
		{"wyatn-naive.md", func(t testing.TB) []byte { return simulate(t, "wyatn-large-scale", "naive", 1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			golden(t, tc.name, stable(markdown(t, build(t, tc.log(t)))))
		})
	}
}

// outline is the structure of an XML document: each element with its id
// and class, indented by depth, with runs of like siblings folded and the
// text left out. The SVG's marks are counted rather than listed.
func outline(t *testing.T, doc []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	var out []string
	var last []string // the previous line at each depth
	var counts []int
	depth, inSVG := 0, 0
	flush := func(level int) {
		for len(last) > level {
			i := len(last) - 1
			if counts[i] > 1 {
				out[len(out)-1] += fmt.Sprintf(" ×%d", counts[i])
			}
			last, counts = last[:i], counts[:i]
		}
	}
	marks := map[string]int{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if inSVG > 0 {
				inSVG++
				for _, a := range el.Attr {
					if a.Name.Local == "class" {
						marks[a.Value]++
					}
				}
				if el.Name.Local != "title" {
					marks[el.Name.Local]++
				}
				continue
			}
			line := el.Name.Local
			for _, a := range el.Attr {
				if a.Name.Local == "id" {
					line += "#" + a.Value
				}
				if a.Name.Local == "class" {
					line += "." + a.Value
				}
			}
			flush(depth + 1)
			if len(last) == depth+1 && last[depth] == line {
				counts[depth]++
			} else {
				flush(depth)
				out = append(out, strings.Repeat("  ", depth)+line)
				last, counts = append(last, line), append(counts, 1)
			}
			depth++
			if el.Name.Local == "svg" {
				inSVG = 1
			}
		case xml.EndElement:
			if inSVG > 1 {
				inSVG--
				continue
			}
			if inSVG == 1 {
				inSVG = 0
				var ks []string
				for k, n := range marks {
					ks = append(ks, fmt.Sprintf("%s=%d", k, n))
				}
				sortStrings(ks)
				out = append(out, strings.Repeat("  ", depth)+"("+strings.Join(ks, " ")+")")
				marks = map[string]int{}
			}
			flush(depth)
			depth--
		}
	}
	flush(0)
	return strings.Join(out, "\n") + "\n"
}

func sortStrings(xs []string) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// TestHTMLStructure checks the HTML is self-contained and prints on A4,
// and compares its structure with a golden file.
func TestHTMLStructure(t *testing.T) {
	t.Parallel()
	page := htmlOf(t, build(t, mixed().log(t)))
	s := string(page)
	for _, bad := range []string{"<script", "<link", "src=", "url(http", "@import"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("the page contains %q: it must be self-contained with no scripts", bad)
		}
	}
	for _, want := range []string{"@page { size: A4", "@media print", "<svg xmlns=\"http://www.w3.org/2000/svg\""} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(href[1], "#") {
			t.Errorf("a link leaves the page: %s", href[1])
		}
	}
	golden(t, "tutorial-mixed.html.outline", outline(t, page))
}

// TestSVGWellFormed parses the timeline of runs of every bundled scenario
// with both kinds of bot as XML, and checks its lanes, spans and pauses.
func TestSVGWellFormed(t *testing.T) {
	t.Parallel()
	type run struct {
		name string
		log  func(testing.TB) []byte
	}
	var runs []run
	for _, id := range scenarios.IDs() {
		for _, bots := range []string{"doctrine", "naive"} {
			runs = append(runs, run{fmt.Sprintf("%s/%s", id, bots), func(t testing.TB) []byte { return simulate(t, id, bots, 3) }})
		}
	}
	runs = append(runs, run{"mixed", mixed().log}, run{"no-play-left-open", play{id: "tutorial", seed: 2, noPlay: [2]int{4, 20}, leaveOff: true}.log})
	for _, rn := range runs {
		t.Run(rn.name, func(t *testing.T) {
			t.Parallel()
			r := build(t, rn.log(t))
			svg := r.SVG()
			var root struct {
				XMLName xml.Name
				Rects   []struct {
					Class string `xml:"class,attr"`
				} `xml:"rect"`
			}
			d := xml.NewDecoder(strings.NewReader(svg))
			d.Strict = true
			if err := d.Decode(&root); err != nil {
				t.Fatalf("the SVG is not well-formed XML: %v", err)
			}
			if root.XMLName.Space != "http://www.w3.org/2000/svg" || root.XMLName.Local != "svg" {
				t.Errorf("root element %v", root.XMLName)
			}
			n := map[string]int{}
			for _, rc := range root.Rects {
				n[rc.Class]++
			}
			if n["lane"] != len(r.Timeline.Lanes) {
				t.Errorf("%d lane backgrounds, %d lanes", n["lane"], len(r.Timeline.Lanes))
			}
			if len(r.Summary.Pauses) > 0 && n["pause"] != len(r.Summary.Pauses) {
				t.Errorf("%d shaded pauses, %d pauses", n["pause"], len(r.Summary.Pauses))
			}
			if c := strings.Count(svg, `class="span"`); c == 0 && len(r.Journeys) > 0 {
				t.Error("no victim's journey is drawn")
			}
		})
	}
}

// TestReportMatchesVerify checks, on every bundled scenario with both kinds
// of bot and several seeds, that the report's scores are the engine's, its
// journeys are the victims', and its derived data adds up.
func TestReportMatchesVerify(t *testing.T) {
	t.Parallel()
	for _, id := range scenarios.IDs() {
		for _, bots := range []string{"doctrine", "naive"} {
			for _, seed := range []int64{1, 2, 5} {
				t.Run(fmt.Sprintf("%s/%s/%d", id, bots, seed), func(t *testing.T) {
					t.Parallel()
					log := simulate(t, id, bots, seed)
					rp, err := engine.Verify(bytes.NewReader(log))
					if err != nil {
						t.Fatal(err)
					}
					r := build(t, log)
					if r.Scores.Total != rp.Score.Total || r.Summary.Events != rp.Events || r.Summary.Commands != rp.Commands {
						t.Errorf("score %d, events %d, commands %d; verify: %d, %d, %d", r.Scores.Total, r.Summary.Events, r.Summary.Commands, rp.Score.Total, rp.Events, rp.Commands)
					}
					if !strings.Contains(r.Summary.Verification, "re-ran") {
						t.Errorf("verification: %s", r.Summary.Verification)
					}
					if len(r.Journeys) != len(rp.Score.Journeys) || len(r.Missed) != len(rp.Score.Missed) {
						t.Errorf("%d journeys, %d missed; the engine: %d, %d", len(r.Journeys), len(r.Missed), len(rp.Score.Journeys), len(rp.Score.Missed))
					}
					shares := 0
					for _, c := range r.Sharing.Cells {
						shares += c.Shares
					}
					if shares < r.Sharing.Shares-r.Sharing.Messages {
						t.Errorf("%d shares in the matrix, %d shares", shares, r.Sharing.Shares)
					}
					if !r.Summary.Ended || len(r.Plan.Objectives) != len(rp.Scenario.Objectives) {
						t.Errorf("ended %v, %d objectives rated", r.Summary.Ended, len(r.Plan.Objectives))
					}
					if len(r.JESIP.Principles) != 5 || len(r.JESIP.Stages) != 5 {
						t.Errorf("%d principles, %d stages", len(r.JESIP.Principles), len(r.JESIP.Stages))
					}
					if bots == "naive" && len(r.Findings) == 0 {
						t.Error("naive play broke no rule")
					}
					if bots == "naive" && len(r.Plan.Improvements) == 0 {
						t.Error("naive play leaves nothing to improve")
					}
					if _, err := json.Marshal(r); err != nil {
						t.Error(err)
					}
				})
			}
		}
	}
}

// TestFindingsCoverEveryRejection: every rejected event with a rule and
// every flagged event is counted in a finding of its rule and agency.
func TestFindingsCoverEveryRejection(t *testing.T) {
	t.Parallel()
	log := simulate(t, "wyatn-large-scale", "naive", 2)
	_, evs, err := engine.ReadLog(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]int{}
	for _, e := range evs {
		switch {
		case e.Type == engine.EvFlagged:
			want[[2]string{e.Payload.Agency, e.Payload.Rule}]++
		case e.Type == engine.EvRejected && regexp.MustCompile(`^[RJ]\d+a?$`).MatchString(e.Payload.Rule):
			want[[2]string{e.Actor, e.Payload.Rule}]++
		}
	}
	got := map[[2]string]int{}
	r := build(t, log)
	for _, f := range r.Findings {
		got[[2]string{f.Agency, f.Rule}] += f.Count
		if f.Explanation == "" || f.GoodPractice == "" {
			t.Errorf("finding %s by %s lacks an explanation or good practice", f.Rule, f.Agency)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

// TestMixedRun checks what the scripted run shows: the pause, the ad-hoc
// inject, the silent seat's missed opportunity and who needed it.
func TestMixedRun(t *testing.T) {
	t.Parallel()
	r := build(t, mixed().log(t))
	// Exercise time stands still while paused; the wall clock does not.
	if ps := r.Summary.Pauses; len(ps) != 1 || ps[0].From != 120_000 || ps[0].Wall < 60_000 || ps[0].Wall > 61_000 {
		t.Errorf("pauses %+v, want one at 2m lasting a minute by the wall clock", ps)
	}
	var missed *report.Missed
	for i, m := range r.Missed {
		if m.Agency == "health" && m.Person == "ionut" {
			missed = &r.Missed[i]
		}
	}
	if missed == nil {
		t.Fatalf("health, silent, missed nothing: %+v", r.Missed)
	}
	if len(missed.NeededBy) == 0 || missed.NeededBy[0].Agency != "police" {
		t.Errorf("needed by %+v, want police first", missed.NeededBy)
	}
	facilitator := false
	for _, ln := range r.Timeline.Lanes {
		facilitator = facilitator || ln.Agency == engine.Facilitator
	}
	if !facilitator {
		t.Error("no facilitator lane")
	}
}

func TestTamperedLog(t *testing.T) {
	t.Parallel()
	log := simulate(t, "tutorial", "doctrine", 1)
	lines := strings.SplitAfter(string(log), "\n")
	lines[9] = strings.Replace(lines[9], `"t":`, `"t":1`, 1)
	bad := []byte(strings.Join(lines, ""))
	// Verification re-runs the engine and names the edited line; the
	// chain alone names the line whose prev no longer matches, and the
	// line before it.
	_, err := report.FromLog(bytes.NewReader(bad))
	var m *engine.Mismatch
	if !errors.As(err, &m) || m.Line != 10 {
		t.Errorf("FromLog of a log edited at line 10: %v", err)
	}
	_, err = report.Build(bytes.NewReader(bad))
	var le *engine.LogError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "line 10") {
		t.Errorf("Build of a log edited at line 10: %v", err)
	}
	if _, err := report.Build(strings.NewReader("not a log\n")); err == nil {
		t.Error("Build accepted a file that is not a log")
	}
}

// TestOtherEngineVersion: a log from another engine version is reported
// from its chain, saying so.
func TestOtherEngineVersion(t *testing.T) {
	t.Parallel()
	sc, data := bundled(t, "tutorial")
	h := header(sc, "tutorial", data, 1)
	h.Engine = "0.9.0"
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	_, evs, err := engine.ReadLog(bytes.NewReader(simulate(t, "tutorial", "doctrine", 1)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := lw.Append(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	r := build(t, buf.Bytes())
	if !strings.Contains(r.Summary.Verification, "written by engine 0.9.0") {
		t.Errorf("verification: %s", r.Summary.Verification)
	}
}

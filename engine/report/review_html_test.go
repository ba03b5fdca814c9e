package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"ttx/engine/report"
)

// page is what a structural check learns of an HTML page: it is
// well-formed XML; the classes of the elements drawn inside its SVG
// charts, counted; how many charts; and its text.
type page struct {
	svgs  int
	marks map[string]int
	text  string
}

func parsePage(t *testing.T, b []byte) page {
	t.Helper()
	s := string(b)
	for _, bad := range []string{"<script", "<link", "src=", "url(http", "@import"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("the page contains %q: it must be self-contained with no scripts", bad)
		}
	}
	if !strings.Contains(s, "@media print") || !strings.Contains(s, "size: A4") {
		t.Error("the page has no print styles")
	}
	p := page{marks: map[string]int{}}
	var text strings.Builder
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
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
			if el.Name.Local == "svg" {
				p.svgs++
			}
			for _, a := range el.Attr {
				if a.Name.Local == "class" {
					p.marks[a.Value]++
				}
			}
		case xml.CharData:
			text.Write(el)
			text.WriteByte(' ')
		}
	}
	p.text = text.String()
	return p
}

func TestTrendsHTML(t *testing.T) {
	t.Parallel()
	tb := report.NewTrends()
	labels, reps := runs(t, "tutorial", 1, 2)
	labels[0] = `<b>"doctrine" & co</b>`
	for i, r := range reps {
		tb.Add(labels[i], r)
	}
	tr := tb.Result(2)
	for _, m := range tr.Missed {
		if len(m.LogLabels) != m.Logs {
			t.Errorf("missed %s %s: %d logs, labels %q", m.Agency, m.Kind, m.Logs, m.LogLabels)
		}
	}
	for _, r := range tr.Rules {
		if len(r.LogLabels) != r.Logs {
			t.Errorf("rule %s %s: %d logs, labels %q", r.Agency, r.Rule, r.Logs, r.LogLabels)
		}
	}
	for _, pr := range tr.Practice {
		if len(pr.LogLabels) != pr.Logs {
			t.Errorf("practice %s %s: %d logs, labels %q", pr.Agency, pr.Evidence, pr.Logs, pr.LogLabels)
		}
	}
	var b bytes.Buffer
	if err := tr.HTML(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<b>") {
		t.Error("a log label went into the page unescaped")
	}
	p := parsePage(t, b.Bytes())
	if p.svgs != 2 {
		t.Errorf("%d charts, want 2 (scores and heat map)", p.svgs)
	}
	if p.marks["log"] != len(tr.Logs) {
		t.Errorf("%d scores drawn for %d logs", p.marks["log"], len(tr.Logs))
	}
	agencies := map[string]bool{}
	kinds := map[string]bool{}
	for _, m := range tr.Missed {
		agencies[m.Agency], kinds["m"+m.Kind] = true, true
	}
	for _, r := range tr.Rules {
		agencies[r.Agency], kinds["r"+r.Rule] = true, true
	}
	for _, pr := range tr.Practice {
		agencies[pr.Agency], kinds["p"+pr.Evidence] = true, true
	}
	if want := len(agencies) * len(kinds); want == 0 || p.marks["cell"] != want {
		t.Errorf("%d heat-map cells, want %d agencies × %d kinds", p.marks["cell"], len(agencies), len(kinds))
	}
	for _, want := range []string{labels[0], "Training needs", "Shortfalls by agency", "Rules broken", "Good practice not earned", "R2"} {
		if !strings.Contains(p.text, want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
}

func TestCompareHTML(t *testing.T) {
	t.Parallel()
	labels, reps := runs(t, "tutorial", 1, 2)
	labels[1] = "run <2> & more"
	c, err := report.Compare(labels, reps, report.CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.HTML(&b); err != nil {
		t.Fatal(err)
	}
	p := parsePage(t, b.Bytes())
	if p.svgs != 1 {
		t.Errorf("%d charts, want 1", p.svgs)
	}
	bars := len(c.Runs) // the totals
	for _, a := range c.Agencies {
		for _, s := range a.Scores {
			if s != nil {
				bars++
			}
		}
	}
	if p.marks["bar"] != bars {
		t.Errorf("%d bars, want %d", p.marks["bar"], bars)
	}
	for _, want := range []string{labels[1], "4 runs side by side", "Items that differ", "Victims", "Rule findings", c.Agencies[0].Agency} {
		if !strings.Contains(p.text, want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
}

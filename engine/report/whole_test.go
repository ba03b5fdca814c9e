package report_test

import (
	"bytes"
	"strings"
	"testing"
)

// TestJSONKeepsTextsWhole checks that no text in a report's data is cut:
// each objective's text appears whole wherever the plan names it.
func TestJSONKeepsTextsWhole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ id, bots string }{{"wyatn-large-scale", "naive"}, {"leeds-2013", "doctrine"}, {"tutorial", "naive"}} {
		t.Run(tc.id+"-"+tc.bots, func(t *testing.T) {
			t.Parallel()
			r := build(t, simulate(t, tc.id, tc.bots, 3))
			var buf bytes.Buffer
			if err := r.JSON(&buf); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "…") {
				i := strings.Index(buf.String(), "…")
				t.Errorf("the report's JSON cuts a text: %s", buf.String()[max(0, i-80):i+3])
			}
			texts := map[string]string{}
			for _, o := range r.Summary.Objectives {
				texts[o.ID] = o.Text
			}
			for _, im := range r.Plan.Improvements {
				if id, _, ok := strings.Cut(im.Capability, ": "); ok && texts[id] != "" && im.Capability != id+": "+texts[id] {
					t.Errorf("capability %q, want the whole objective %q", im.Capability, texts[id])
				}
			}
		})
	}
}

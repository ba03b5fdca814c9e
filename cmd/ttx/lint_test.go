package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	code, out, errOut := ttx(t, "lint", "tutorial", "leeds-2013", "wyatn-large-scale")
	if code != 0 || out != "" {
		t.Errorf("bundled scenarios: exit %d, output %q", code, out)
	}
	if !strings.Contains(errOut, "scenarios/tutorial.yaml: ok") {
		t.Errorf("no ok line: %q", errOut)
	}

	fixture := "../../engine/testdata/lint/out-of-order.yaml"
	code, out, _ = ttx(t, "lint", fixture)
	want := fixture + `:27:9: warning: inject "i2_entry", at 5m, comes before inject "i1_brief", at 10m, though numbered after it (hint: renumber the injects, or change their times, so that the numbers run in time order; see docs/scenario-format.md#common-mistakes-out-of-order)`
	if code != 0 || !strings.HasPrefix(out, want+"\n") || strings.Count(out, "\n") != 2 {
		t.Errorf("warnings only: exit %d, want 0 and first line\n%s\ngot\n%s", code, want, out)
	}

	// Errors are printed as validate prints them, and fail.
	bad := "../../engine/testdata/bad/cycle.yaml"
	_, validated, _ := ttx(t, "validate", bad)
	code, out, _ = ttx(t, "lint", bad)
	if code != 1 || out != validated {
		t.Errorf("a scenario with errors: exit %d, output\n%s\nwant 1 and what validate prints:\n%s", code, out, validated)
	}

	code, out, _ = ttx(t, "lint", "--json", fixture, bad)
	var found []struct {
		File, Severity, Code, Message, Hint, Doc string
		Line, Col                                int
	}
	if err := json.Unmarshal([]byte(out), &found); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if code != 1 || len(found) < 3 {
		t.Fatalf("--json: exit %d, %d findings", code, len(found))
	}
	w := found[0]
	if w.File != fixture || w.Line != 27 || w.Col != 9 || w.Severity != "warning" || w.Code != "out-of-order" || w.Hint == "" || w.Doc != "docs/scenario-format.md#common-mistakes-out-of-order" {
		t.Errorf("--json warning: %+v", w)
	}
	e := found[len(found)-1]
	if e.File != bad || e.Severity != "error" || e.Code != "invalid" || e.Line == 0 {
		t.Errorf("--json error: %+v", e)
	}
	if code, out, _ := ttx(t, "lint", "--json", "tutorial"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("--json with nothing to say: exit %d, %q", code, out)
	}

	if code, _, _ := ttx(t, "lint"); code != 2 {
		t.Errorf("no scenario: exit %d, want 2", code)
	}
	if code, _, _ := ttx(t, "lint", "--strict", "tutorial"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, out, _ := ttx(t, "lint", "no-such-scenario"); code != 1 || !strings.Contains(out, "no bundled scenario") {
		t.Errorf("missing scenario: exit %d, %q", code, out)
	}
}

package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// lintFixtures names, for each fixture in testdata/lint, every warning it
// must give: the line and the code. A fixture gives no other.
var lintFixtures = []struct {
	file string
	line int
	code string
}{
	{"inject-never-fires.yaml", 23, LintInjectNeverFires}, // at 2h, length 1h
	{"inject-never-fires.yaml", 28, LintInjectNeverFires}, // notified, for a person who consents
	{"inject-never-fires.yaml", 33, LintInjectNeverFires}, // done nrm_referral by health
	{"option-no-effect.yaml", 31, LintOptionNoEffect},
	{"options-identical.yaml", 27, LintOptionsIdentical},
	{"rubric-unearnable.yaml", 28, LintRubricUnearnable}, // nrm_referral by health
	{"rubric-unearnable.yaml", 34, LintRubricUnearnable}, // age_assessment by police
	{"lead-cannot-act.yaml", 26, LintLeadCannotAct},
	{"phase-idle.yaml", 8, LintPhaseIdle},
	{"expect-window-short.yaml", 27, LintExpectWindow},
	{"rubric-window-short.yaml", 33, LintRubricWindow}, // council's window closes before anything reaches it
	{"out-of-order.yaml", 27, LintOutOfOrder},          // i2 before i1
	{"out-of-order.yaml", 37, LintOutOfOrder},          // STEP 2 before STEP 1
	{"unknown-person.yaml", 25, LintUnknownPerson},     // Mirela (age 15); not "Leeds (3)"
	{"age-contradiction.yaml", 12, LintAgeContradiction},
	{"age-contradiction.yaml", 14, LintAgeContradiction},
	{"age-contradiction.yaml", 28, LintAgeContradiction},
	{"person-never-revealed.yaml", 9, LintNeverRevealed},
}

func lintFile(t *testing.T, path string) []Warning {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load(filepath.ToSlash(path), data)
	if err != nil {
		t.Fatalf("%s does not load:\n%v", path, err)
	}
	return Lint(filepath.ToSlash(path), sc)
}

func TestLintFixtures(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/lint/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			var want []string
			for _, fx := range lintFixtures {
				if fx.file == filepath.Base(f) {
					want = append(want, fmt.Sprintf("%d %s", fx.line, fx.code))
				}
			}
			if len(want) == 0 {
				t.Fatalf("no table row names %s", f)
			}
			var got []string
			for _, w := range lintFile(t, f) {
				got = append(got, fmt.Sprintf("%d %s", w.Line, w.Code))
				if w.Msg == "" || w.Hint == "" || w.File != filepath.ToSlash(f) || w.Col < 1 {
					t.Errorf("incomplete warning: %+v", w)
				}
				if !strings.HasPrefix(w.String(), fmt.Sprintf("%s:%d:%d: warning: ", w.File, w.Line, w.Col)) || !strings.HasSuffix(w.String(), "; see docs/scenario-format.md#common-mistakes-"+w.Code+")") {
					t.Errorf("badly formatted: %s", w)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("warnings (line code):\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestLintCodes: every code has a fixture that gives it, and a section of
// the format reference that its hints link to.
func TestLintCodes(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range LintCodes {
		if !slices.ContainsFunc(lintFixtures, func(fx struct {
			file string
			line int
			code string
		}) bool {
			return fx.code == code
		}) {
			t.Errorf("no fixture gives %s", code)
		}
		if !strings.Contains(string(doc), `<a id="common-mistakes-`+code+`"></a>`) {
			t.Errorf("docs/scenario-format.md has no anchor common-mistakes-%s", code)
		}
	}
}

// TestLintBundled holds every bundled scenario to lint clean, and loading
// and linting each to well under a second.
func TestLintBundled(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled scenarios: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := Load(f, data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		ws := Lint(f, sc)
		for _, w := range ws {
			t.Errorf("%s", w)
		}
	}
}

// BenchmarkLintBundled measures loading and linting the largest bundled
// scenario, which must stay well under a second.
func BenchmarkLintBundled(b *testing.B) {
	data, err := os.ReadFile("../scenarios/wyatn-large-scale.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sc, err := Load("wyatn-large-scale.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		Lint("wyatn-large-scale.yaml", sc)
	}
}

// TestMayTake: who may take the actions the rules restrict, by kind.
func TestMayTake(t *testing.T) {
	t.Parallel()
	now := Rules{AsOf: date(2024, 1, 1)}
	before := Rules{AsOf: date(2015, 10, 31)}
	for _, tc := range []struct {
		kind   string
		fr     bool
		action string
		rules  Rules
		want   bool
	}{
		{"police", false, CmdNRMReferral, now, true},
		{"housing", false, CmdNRMReferral, now, true},
		{"ngo", true, CmdNRMReferral, now, true},
		{"ngo", false, CmdNRMReferral, now, false},
		{"health", false, CmdNRMReferral, now, false},
		{"cps", false, CmdNRMReferral, now, false},
		{"police", false, CmdDutyToNotify, now, true},
		{"police", false, CmdDutyToNotify, before, false},
		{"ngo", true, CmdDutyToNotify, now, false},
		{"health", false, CmdDutyToNotify, now, false},
		{"cps", false, CmdChargingAdvice, now, true},
		{"police", false, CmdChargingAdvice, now, false},
		{"child_safeguarding", false, CmdAgeAssessment, now, true},
		{"adult_safeguarding", false, CmdAgeAssessment, now, false},
		{"border_force", false, CmdArrest, now, true},
		{"glaa", false, CmdArrest, now, false},
		{"health", false, CmdObserve, now, true},
	} {
		a := &Agency{ID: "a", Kind: tc.kind, FirstResponder: tc.fr}
		if got := a.MayTake(tc.action, tc.rules); got != tc.want {
			t.Errorf("%s (first responder %v) may %s as of %s: %v, want %v", tc.kind, tc.fr, tc.action, tc.rules.AsOf.Format(time.DateOnly), got, tc.want)
		}
	}
}

package engine_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/scenarios"
)

func bundled(t testing.TB, id string) (*engine.Scenario, []byte) {
	t.Helper()
	data, name, err := scenarios.Read(id)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(name, data)
	if err != nil {
		t.Fatalf("bundled scenario %s:\n%v", id, err)
	}
	return sc, data
}

// simulate plays a scenario with bots and returns its log.
func simulate(t testing.TB, id, bots string, seed int64, wall func() time.Time) []byte {
	t.Helper()
	sc, data := bundled(t, id)
	var buf bytes.Buffer
	sum := sha256.Sum256(data)
	lw, err := engine.NewLogWriter(&buf, engine.Header{Scenario: sc.ID, ScenarioFile: id + ".yaml", ScenarioSHA256: hex.EncodeToString(sum[:]),
		ScenarioSource: string(data), Seed: seed, RulesAsOf: sc.RulesAsOf.Format(time.DateOnly), Engine: engine.Version, Created: wall()})
	if err != nil {
		t.Fatal(err)
	}
	err = engine.Simulate(sc, engine.SimulateOptions{Options: engine.Options{Seed: seed}, Default: bots, Wall: wall}, func(evs []engine.Event) error {
		for i := range evs {
			if err := lw.Append(&evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fixedWall() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// tickingWall returns a wall clock that moves on a millisecond a call.
func tickingWall(start time.Time) func() time.Time {
	n := 0
	return func() time.Time { n++; return start.Add(time.Duration(n) * time.Millisecond) }
}

// TestDoctrineBeatsNaive: on every bundled scenario, good practice scores
// clearly higher than first impressions, overall and for most agencies.
func TestDoctrineBeatsNaive(t *testing.T) {
	for _, id := range scenarios.IDs() {
		for _, seed := range []int64{1, 7} {
			t.Run(id, func(t *testing.T) {
				t.Parallel()
				good := verify(t, simulate(t, id, "doctrine", seed, fixedWall))
				bad := verify(t, simulate(t, id, "naive", seed, fixedWall))
				if good.Score.Total < bad.Score.Total+30 {
					t.Errorf("seed %d: doctrine %d, naive %d: want doctrine at least 30 points higher", seed, good.Score.Total, bad.Score.Total)
				}
				if good.Score.Total < 70 {
					t.Errorf("seed %d: doctrine scores only %d", seed, good.Score.Total)
				}
				for a, g := range good.Score.Agencies {
					if n := bad.Score.Agencies[a]; g < n {
						t.Errorf("seed %d: agency %s: doctrine %d < naive %d", seed, a, g, n)
					}
				}
			})
		}
	}
}

func verify(t testing.TB, log []byte) *engine.Replay {
	t.Helper()
	rp, err := engine.Verify(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return rp
}

// TestDeterminism: the same scenario, seed and commands give the same
// events; only the wall-clock fields may differ.
func TestDeterminism(t *testing.T) {
	for _, id := range scenarios.IDs() {
		t.Run(id, func(t *testing.T) {
			a := simulate(t, id, "doctrine", 3, fixedWall)
			b := simulate(t, id, "doctrine", 3, fixedWall)
			if !bytes.Equal(a, b) {
				t.Fatal("two runs with the same wall clock differ byte for byte")
			}
			c := simulate(t, id, "doctrine", 3, tickingWall(fixedWall()))
			ea, eb := events(t, a), events(t, c)
			if len(ea) != len(eb) {
				t.Fatalf("%d events, then %d", len(ea), len(eb))
			}
			for i := range ea {
				ea[i].Wall, eb[i].Wall, ea[i].Prev, eb[i].Prev = time.Time{}, time.Time{}, "", ""
				if !reflect.DeepEqual(ea[i], eb[i]) {
					t.Fatalf("event %d differs beyond wall time:\n%+v\n%+v", i+1, ea[i], eb[i])
				}
			}
		})
	}
}

func events(t testing.TB, log []byte) []engine.Event {
	t.Helper()
	_, evs, err := engine.ReadLog(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// TestVerifyNamesTampering edits, deletes and reorders lines of a real log
// and checks that verification fails naming the right line.
func TestVerifyNamesTampering(t *testing.T) {
	log := simulate(t, "tutorial", "doctrine", 1, fixedWall)
	lines := strings.SplitAfter(string(log), "\n")
	lines = lines[:len(lines)-1] // the empty string after the last newline
	join := func(ls []string) []byte { return []byte(strings.Join(ls, "")) }
	replaceLine := func(n int, s string) []byte {
		ls := append([]string(nil), lines...)
		ls[n-1] = s
		return join(ls)
	}
	target := 0 // a line with text to edit
	for i, l := range lines[1:] {
		if strings.Contains(l, `"actor":"police","type":"identify"`) {
			target = i + 2
			break
		}
	}
	if target == 0 {
		t.Fatal("no identify event in the log")
	}
	tests := []struct {
		name string
		log  []byte
		line int
	}{
		{"edit a byte", replaceLine(target, strings.Replace(lines[target-1], `"identify"`, `"observe"`, 1)), target},
		{"delete a line", join(append(append([]string(nil), lines[:target-1]...), lines[target:]...)), target},
		{"swap two lines", func() []byte {
			ls := append([]string(nil), lines...)
			ls[target-1], ls[target] = ls[target], ls[target-1]
			return join(ls)
		}(), target},
		{"edit the header", replaceLine(1, strings.Replace(lines[0], `"seed":1`, `"seed":2`, 1)), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.Verify(bytes.NewReader(tc.log))
			if err == nil {
				t.Fatal("a tampered log verified")
			}
			// The chain names the line whose prev no longer matches, and the
			// line before it; either way the tampered line is named.
			var le *engine.LogError
			var m *engine.Mismatch
			if !errors.As(err, &le) && !errors.As(err, &m) {
				t.Fatalf("error %T: %v", err, err)
			}
			if !regexp.MustCompile(fmt.Sprintf(`\bline %d\b`, tc.line)).MatchString(err.Error()) {
				t.Errorf("error does not name line %d: %v", tc.line, err)
			}
		})
	}
}

// TestVerifyCatchesRewrittenChain: a log whose events were changed and whose
// hashes were then recomputed passes the chain but not the engine.
func TestVerifyCatchesRewrittenChain(t *testing.T) {
	log := simulate(t, "tutorial", "naive", 1, fixedWall)
	h, evs, err := engine.ReadLog(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if evs[i].Type == engine.EvRejected {
			evs[i].Payload.Rule = "" // hide a rule break
			break
		}
	}
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := lw.Append(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	_, err = engine.Verify(&buf)
	var m *engine.Mismatch
	if !errors.As(err, &m) {
		t.Fatalf("err = %v, want a mismatch", err)
	}
}

// TestRescore: a log's score is computed from its events alone, and equals
// the score recorded when the exercise ended.
func TestRescore(t *testing.T) {
	log := simulate(t, "leeds-2013", "doctrine", 2, fixedWall)
	rp := verify(t, log)
	evs := events(t, log)
	last := evs[len(evs)-1]
	if last.Payload.Score == nil {
		t.Fatal("the last event carries no score")
	}
	got := engine.ScoreEvents(rp.Scenario, evs)
	if got.Total != last.Payload.Score.Total || !reflect.DeepEqual(got.Agencies, last.Payload.Score.Agencies) {
		t.Errorf("rescored %d %v, recorded %d %v", got.Total, got.Agencies, last.Payload.Score.Total, last.Payload.Score.Agencies)
	}
	if len(got.Journeys) == 0 {
		t.Error("no victim journeys")
	}
}

// TestCompleteLength cuts a log at every byte of its last few lines and
// checks that recovery keeps exactly the whole commands before the cut.
func TestCompleteLength(t *testing.T) {
	log := simulate(t, "tutorial", "doctrine", 1, fixedWall)
	length, torn, err := engine.CompleteLength(bytes.NewReader(log))
	if err != nil || torn || length != int64(len(log)) {
		t.Fatalf("whole log: %d, %v, %v; want %d, false, nil", length, torn, err, len(log))
	}
	for cut := len(log) - 1; cut > len(log)-3000; cut -= 7 {
		n, torn, err := engine.CompleteLength(bytes.NewReader(log[:cut]))
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if !torn && n != int64(cut) {
			t.Fatalf("cut at %d: not torn, but whole up to %d", cut, n)
		}
		if n > int64(cut) {
			t.Fatalf("cut at %d: whole up to %d", cut, n)
		}
		if _, err := engine.Verify(bytes.NewReader(log[:n])); err != nil {
			t.Fatalf("cut at %d, truncated to %d: %v", cut, n, err)
		}
	}
}

// TestTutorialPlaysItself: the tutorial, played by its doctrine bots, ends
// by itself at its stated length, its numbered steps come in order, and
// every window it gives a newcomer is at least three exercise minutes.
func TestTutorialPlaysItself(t *testing.T) {
	sc, _ := bundled(t, "tutorial")
	for _, in := range sc.Injects {
		for _, x := range in.Expect {
			if x.Within.D < 3*time.Minute {
				t.Errorf("inject %s expects %s within %s: a newcomer needs at least 3m", in.ID, x.ID, engine.FormatDuration(x.Within.D))
			}
		}
	}
	for _, d := range sc.Decisions {
		if d.Within.D > 0 && d.Within.D < 3*time.Minute {
			t.Errorf("decision %s closes after %s: a newcomer needs at least 3m", d.ID, engine.FormatDuration(d.Within.D))
		}
	}
	log := simulate(t, "tutorial", "doctrine", 1, fixedWall)
	_, evs, err := engine.ReadLog(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	step := regexp.MustCompile(`STEP (\d+)`)
	last, ended := 0, false
	for _, e := range evs {
		switch e.Type {
		case engine.EvInject:
			if m := step.FindStringSubmatch(e.Payload.Text); m != nil {
				n, _ := strconv.Atoi(m[1])
				if n != last+1 {
					t.Errorf("STEP %d came at %s after STEP %d", n, engine.FormatDuration(time.Duration(e.T)*time.Millisecond), last)
				}
				last = n
			}
		case engine.EvEnded:
			ended = true
			if e.Actor != engine.System || time.Duration(e.T)*time.Millisecond != sc.Length.D {
				t.Errorf("ended by %s at %dms, want by the engine at the stated length %s", e.Actor, e.T, sc.Length.D)
			}
		}
	}
	if !ended || last < 8 {
		t.Errorf("ended %v after STEP %d; want the end after all eight steps", ended, last)
	}
}

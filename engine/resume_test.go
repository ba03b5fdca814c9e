package engine

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// logOf writes a log of the given commands, applied in order.
func logOf(t *testing.T, cmds []Command) []byte {
	t.Helper()
	sc := loadFixture(t, "rules.yaml")
	var buf bytes.Buffer
	lw, err := NewLogWriter(&buf, Header{Scenario: sc.ID, ScenarioFile: "rules.yaml", ScenarioSource: string(mustRead(t, "testdata/rules.yaml")), Seed: 1, RulesAsOf: "2024-01-01", Engine: Version, Created: time.Unix(0, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	x := New(sc, Options{Seed: 1})
	for i, c := range cmds {
		c.T = int64(i) * 1000
		for _, e := range x.Apply(c, time.Unix(int64(i), 0).UTC()) {
			if err := lw.Append(&e); err != nil {
				t.Fatal(err)
			}
		}
	}
	return buf.Bytes()
}

// TestVerifyRepeatedCommandID: a command id is used once in a log, so that
// a retry is never applied twice; verify names the line that repeats one.
func TestVerifyRepeatedCommandID(t *testing.T) {
	obs := Command{Actor: "police", Type: CmdObserve, Person: "adult", Text: "seen"}
	a, b, c := obs, obs, obs
	a.ID, b.ID, c.ID = "bot:police-1", "bot:police-2", "bot:police-1"
	if _, err := Verify(bytes.NewReader(logOf(t, []Command{a, b}))); err != nil {
		t.Fatalf("a log with distinct ids: %v", err)
	}
	log := logOf(t, []Command{a, b, c})
	_, err := Verify(bytes.NewReader(log))
	var m *Mismatch
	if !errors.As(err, &m) {
		t.Fatalf("Verify = %v, want a *Mismatch for the repeated id", err)
	}
	lines := strings.Split(string(log), "\n")
	if m.Line < 2 || !strings.Contains(lines[m.Line-1], `"id":"bot:police-1"`) || !strings.Contains(m.Msg, "used before, at line") {
		t.Fatalf("Verify: %v; want the line of the second bot:police-1", err)
	}
	first := 0
	for i, l := range lines {
		if strings.Contains(l, `"id":"bot:police-1"`) {
			first = i + 1
			break
		}
	}
	if first == m.Line || !strings.Contains(m.Msg, fmt.Sprintf("line %d", first)) {
		t.Fatalf("Verify: %v; want it to name line %d, where the id was first used", err, first)
	}
}

// TestResumeLog: one pass gives where the writer continues, the same as
// reading the log line by line; a log cut mid-line says where to cut.
func TestResumeLog(t *testing.T) {
	log := logOf(t, []Command{
		{ID: "a", Actor: "police", Type: CmdObserve, Person: "adult", Text: "seen"},
		{ID: "b", Actor: "housing", Type: CmdLogDecision, Stage: 2, Text: "beds", Rationale: "demand"},
	})
	lr, err := NewLogReader(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := lr.Next(); err != nil {
			break
		}
	}
	var n int
	rp, err := ResumeLog(bytes.NewReader(log), func(*Event) { n++ })
	if err != nil {
		t.Fatal(err)
	}
	if rp.Torn || rp.Head != lr.LastHash() || rp.LastSeq != lr.LastSeq() || rp.End != int64(len(log)) || int64(n) != rp.LastSeq || rp.Exercise == nil {
		t.Fatalf("ResumeLog: torn %v head %s seq %d end %d (%d events); want head %s seq %d end %d", rp.Torn, rp.Head, rp.LastSeq, rp.End, n, lr.LastHash(), lr.LastSeq(), len(log))
	}
	cut := log[:len(log)-10]
	rp2, err := ResumeLog(bytes.NewReader(cut), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rp2.Torn || rp2.End >= int64(len(cut)) || rp2.Exercise != nil || rp2.LastSeq >= rp.LastSeq {
		t.Fatalf("ResumeLog of a torn log: torn %v end %d of %d, seq %d", rp2.Torn, rp2.End, len(cut), rp2.LastSeq)
	}
	rp3, err := ResumeLog(bytes.NewReader(cut[:rp2.End]), nil)
	if err != nil || rp3.Torn || rp3.Head != rp2.Head || rp3.LastSeq != rp2.LastSeq {
		t.Fatalf("ResumeLog of the log cut at End: %+v, %v; want head %s seq %d", rp3, err, rp2.Head, rp2.LastSeq)
	}
}

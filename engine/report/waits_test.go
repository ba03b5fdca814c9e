package report_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"ttx/engine"
	"ttx/engine/report"
)

// TestWaitsForScarceResources plays the format reference's worked example
// with one Romanian interpreter: Florin's request waits until Andrei's
// booking ends and the Salvation Army allocates it; George's waits until
// the end. The report counts both waits and shows them in the sharing
// section.
func TestWaitsForScarceResources(t *testing.T) {
	data, err := os.ReadFile("../../docs/examples/car-wash.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load("car-wash.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, header(sc, "car-wash", data, 1))
	if err != nil {
		t.Fatal(err)
	}
	const m = int64(60_000)
	cmds := []engine.Command{
		{Actor: "wyp", Type: engine.CmdDecide, Decision: "d1_timing", Option: "now", T: 10 * m},
		{Actor: "wyp", Type: engine.CmdRequest, Person: "andrei", Agency: "sa", Kind: "interpreter", Language: "ro", T: 20 * m},
		{Actor: "sa", Type: engine.CmdAllocate, Request: "q1", T: 21 * m},
		{Actor: "wyp", Type: engine.CmdRequest, Person: "florin", Agency: "sa", Kind: "interpreter", Language: "ro", T: 25 * m},
		{Actor: "sa", Type: engine.CmdAllocate, Request: "q2", T: 26 * m}, // refused: none left
		{Actor: "wyp", Type: engine.CmdRequest, Person: "gheorghe", Agency: "sa", Kind: "interpreter", Language: "ro", T: 30 * m},
		{Actor: "sa", Type: engine.CmdAllocate, Request: "q2", T: 85 * m}, // the booking ended at 81m
		{Actor: engine.Facilitator, Type: engine.CmdEnd, T: 120 * m},
	}
	x := engine.New(sc, engine.Options{Seed: 1})
	for i, c := range cmds {
		c.ID = string(rune('a' + i))
		for _, e := range x.Apply(c, fixedWall()) {
			if err := lw.Append(&e); err != nil {
				t.Fatal(err)
			}
		}
	}
	r := build(t, buf.Bytes())
	ws := r.Sharing.Waits
	if ws.Count != 2 || len(ws.Longest) != 2 {
		t.Fatalf("waits %+v, want two", ws)
	}
	want := []report.Wait{
		{Request: "q3", From: "wyp", Holder: "sa", Kind: "interpreter", Language: "ro", Person: "gheorghe", Alias: "George", Asked: 30 * m, Waited: 90 * m},
		{Request: "q2", From: "wyp", Holder: "sa", Kind: "interpreter", Language: "ro", Person: "florin", Alias: "Florin", Asked: 25 * m, Outcome: "allocated", Waited: 60 * m},
	}
	for i := range want {
		if ws.Longest[i] != want[i] {
			t.Errorf("wait %d: %+v, want %+v", i, ws.Longest[i], want[i])
		}
	}
	if ws.Total != 150*m {
		t.Errorf("total %d, want %d", ws.Total, 150*m)
	}
	md := markdown(t, r)
	for _, s := range []string{"Waiting for scarce resources", "2 resource requests waited", "| q2 | wyp | sa | interpreter (ro) | Florin | 0:25:00 | allocated at 1:25:00 | 1h00m |", "still waiting at the end"} {
		if !strings.Contains(md, s) {
			t.Errorf("the report does not say %q", s)
		}
	}
}

package server

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/scenarios"
	"ttx/server/wire"
)

// longExercise writes the log of a tutorial exercise of at least n events
// (decision-log entries by police and housing) and serves it resumed from
// that log on loopback.
func longExercise(tb testing.TB, n int) (url string, info wire.JoinInfo) {
	tb.Helper()
	data, file, err := scenarios.Find("tutorial")
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := engine.Load(file, data)
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	j := joinFile{ID: "tutorial-long", Scenario: sc.ID, Facilitator: "fac-token", Observer: "OBS-OBS", Seats: map[string]string{}, Pace: 1}
	for _, a := range sc.Agencies {
		j.Seats[a.ID] = strings.ToUpper(a.ID[:3]) + "-" + strings.ToUpper(a.ID[:3])
	}
	path := filepath.Join(dir, j.ID+".jsonl")
	if err := writeJoin(joinPath(path), j); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	sum := sha256.Sum256(data)
	wall := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	lw, err := engine.NewLogWriter(bw, engine.Header{Scenario: sc.ID, ScenarioFile: file, ScenarioSHA256: hex.EncodeToString(sum[:]), ScenarioSource: string(data),
		Seed: 1, RulesAsOf: sc.RulesAsOf.Format(time.DateOnly), Engine: engine.Version, Created: wall, Exercise: j.ID})
	if err != nil {
		tb.Fatal(err)
	}
	x := engine.New(sc, engine.Options{Seed: 1})
	for i := 0; lw.LastSeq() < int64(n); i++ {
		seat := []string{"police", "housing"}[i%2]
		c := engine.Command{ID: fmt.Sprintf("%s:c%d", seat, i), Actor: seat, Type: engine.CmdLogDecision, Stage: 1 + i%5, Text: "review the picture", Rationale: "new information", T: int64(i) * 10}
		for _, e := range x.Apply(c, wall) {
			if err := lw.Append(&e); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	srv, err := New(Options{DataDir: dir})
	if err != nil {
		tb.Fatal(err)
	}
	if info, err = srv.Resume(path); err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
		srv.Close(tb.Context())
	})
	return "ws" + strings.TrimPrefix(ts.URL, "http") + wire.Path, info
}

// catchUp joins with hello and reads until caught_up. It returns the types
// of the messages read, in order, and the seqs of the events.
func catchUp(tb testing.TB, url string, h wire.Hello) (types []string, seqs []int64) {
	tb.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer ws.Close()
	if err := ws.WriteJSON(h); err != nil {
		tb.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			tb.Fatalf("after %d messages (%d events): %v", len(types), len(seqs), err)
		}
		var m struct {
			Type  string
			Event struct{ Seq int64 }
		}
		if err := json.Unmarshal(data, &m); err != nil {
			tb.Fatal(err)
		}
		types = append(types, m.Type)
		switch m.Type {
		case wire.TypeEvent:
			seqs = append(seqs, m.Event.Seq)
		case wire.TypeCaughtUp:
			return types, seqs
		}
	}
}

// TestLateJoinCatchesUp: a facilitator joining an exercise of 6,000
// events (more than a connection's send queue holds) gets the snapshot
// first, then every event in order in pages, then caught_up, and is not
// dropped as too slow; a player resuming gets what it missed the same way.
func TestLateJoinCatchesUp(t *testing.T) {
	const n = 6_000
	url, info := longExercise(t, n)
	types, seqs := catchUp(t, url, wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: info.Facilitator, Exercise: info.Exercise})
	if types[0] != wire.TypeWelcome || types[1] != wire.TypeSnapshot {
		t.Errorf("the facilitator's first messages are %v, want welcome then snapshot", types[:2])
	}
	if len(seqs) < n || seqs[0] != 1 {
		t.Fatalf("the facilitator got %d events, want every one of at least %d", len(seqs), n)
	}
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("event %d has seq %d: history out of order or with gaps", i, s)
		}
	}
	from := int64(n / 2)
	types, seqs = catchUp(t, url, wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: info.Seats["police"], LastSeq: from})
	if types[1] != wire.TypeSnapshot || len(seqs) == 0 || seqs[0] <= from {
		t.Fatalf("police resuming from %d: %d events, first messages %v", from, len(seqs), types[:2])
	}
}

// BenchmarkFacilitatorJoin30k measures a facilitator joining an exercise
// of 30,000 events: from the hello to the console's data (the snapshot and
// every event) having arrived. The target is under a second.
func BenchmarkFacilitatorJoin30k(b *testing.B) {
	const n = 30_000
	url, info := longExercise(b, n)
	h := wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: info.Facilitator, Exercise: info.Exercise}
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		_, seqs := catchUp(b, url, h)
		worst = max(worst, time.Since(start))
		if len(seqs) < n {
			b.Fatalf("%d events, want %d", len(seqs), n)
		}
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}

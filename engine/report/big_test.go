package report_test

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"testing"
	"time"

	"ttx/engine"
	"ttx/engine/report"
)

var bigLogOut = flag.String("biglog", "", "BenchmarkReportMillion also writes its 1,000,000-event log to this file (for timing 'ttx debrief' on it)")

// writeBigLog writes a debrief log of at least n events made by the engine
// from the tutorial scenario: observations, shares both ways, decision-log
// entries, NRM referrals refused under R1 and R2, and a pause every few
// thousand commands. It returns the number of events.
func writeBigLog(tb testing.TB, w io.Writer, n int) int64 {
	tb.Helper()
	_, data := bundled(tb, "tutorial")
	// The tutorial ends itself at ten minutes; this log plays on for
	// hours, so its scenario has no end.
	data = regexp.MustCompile(`(?m)^  end: .*\n`).ReplaceAll(data, nil)
	sc, err := engine.Load("tutorial.yaml", data)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	lw, err := engine.NewLogWriter(bw, header(sc, "tutorial", data, 1))
	if err != nil {
		tb.Fatal(err)
	}
	x := engine.New(sc, engine.Options{Seed: 1})
	people := []string{"ionut", "vytautas", "sorin"}
	var count int64
	for i := 0; count < int64(n); i++ {
		var c engine.Command
		switch cycle := i / 8; i % 8 {
		case 0:
			c = engine.Command{Actor: "police", Type: engine.CmdObserve, Person: people[cycle%len(people)], Text: "seen at the car wash again"}
		case 1:
			c = engine.Command{Actor: "police", Type: engine.CmdShare, Person: "ionut", To: []string{"housing", "health"}, Text: "update"}
		case 2:
			c = engine.Command{Actor: "housing", Type: engine.CmdLogDecision, Stage: cycle%5 + 1, Text: fmt.Sprintf("review beds (%d)", cycle%7), Rationale: "demand is rising"}
		case 3:
			c = engine.Command{Actor: "health", Type: engine.CmdNRMReferral, Person: "ionut"} // refused: R1
		case 4:
			c = engine.Command{Actor: "health", Type: engine.CmdShare, Person: "ionut", To: []string{"police"}, Text: "burns seen again"}
		case 5:
			c = engine.Command{Actor: "police", Type: engine.CmdLogDecision, Stage: 2, Text: "risk picture", Rationale: "shared with partners"}
		case 6:
			c = engine.Command{Actor: "housing", Type: engine.CmdNRMReferral, Person: "ionut"} // refused: R2
		default:
			switch cycle % 500 {
			case 0:
				c = engine.Command{Actor: engine.Facilitator, Type: engine.CmdPause, Text: "a question from the floor"}
			case 1:
				c = engine.Command{Actor: engine.Facilitator, Type: engine.CmdResume}
			default:
				c = engine.Command{Actor: "police", Type: engine.CmdObserve, Person: "vytautas"}
			}
		}
		c.ID = fmt.Sprintf("c%d", i)
		c.T = int64(i) * 100
		for _, e := range x.Apply(c, fixedWall().Add(time.Duration(i)*time.Millisecond)) {
			if err := lw.Append(&e); err != nil {
				tb.Fatal(err)
			}
			count++
		}
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return count
}

// peakHeap samples the heap in use every few milliseconds until stopped,
// and returns the highest value seen.
func peakHeap() (stop func() uint64) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				sample()
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// BenchmarkReportMillion makes the full report (verification with the
// engine re-run, then the report's pass, then the HTML) of a log of
// 1,000,000 events read from a file, and reports the time, the events a
// second and the peak heap in use. Run it with
//
//	go test ./engine/report -run '^$' -bench ReportMillion -benchtime 1x
func BenchmarkReportMillion(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.jsonl")
	if *bigLogOut != "" {
		path = *bigLogOut
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	events := writeBigLog(b, f, 1_000_000)
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	var peak, base uint64
	for b.Loop() {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		base = m.HeapInuse
		stop := peakHeap()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := report.FromLog(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if err := r.HTML(io.Discard); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, stop())
	}
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(float64(st.Size())/(1<<20), "log-MB")
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-heap-over-start-MB")
}

// TestReportSizeIsBounded builds the report of a long generated log and
// checks that what it holds does not grow with the number of events.
func TestReportSizeIsBounded(t *testing.T) {
	t.Parallel()
	n := 40_000
	if testing.Short() {
		n = 10_000
	}
	var log bytes.Buffer
	writeBigLog(t, &log, n)
	r, err := report.Build(&log)
	if err != nil {
		t.Fatal(err)
	}
	if r.Summary.Events < int64(n) {
		t.Fatalf("%d events, want %d", r.Summary.Events, n)
	}
	for _, ln := range r.Timeline.Lanes {
		if len(ln.Marks) > 6*720 {
			t.Errorf("lane %s has %d marks", ln.Agency, len(ln.Marks))
		}
	}
	if len(r.Findings) > 10 {
		t.Errorf("%d findings groups for two repeated refusals", len(r.Findings))
	}
	entries := 0
	for _, st := range r.JESIP.Stages {
		entries += len(st.Entries)
	}
	if entries > 5*7+5 {
		t.Errorf("%d distinct decision-log entries listed", entries)
	}
	if len(r.Summary.Pauses) > 2*720 || len(r.Summary.Pauses) == 0 {
		t.Errorf("%d pauses listed", len(r.Summary.Pauses))
	}
	if r.Sharing.Shares < n/10 || len(r.Sharing.Cells) > 42 {
		t.Errorf("%d shares in %d cells", r.Sharing.Shares, len(r.Sharing.Cells))
	}
}

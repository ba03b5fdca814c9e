package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var updateLogGolden = flag.Bool("update-log-golden", false, "rewrite testdata/log_errors.golden")

var logBase = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

func logTestHeader(source string) Header {
	return Header{
		Scenario:       "harbour-raid",
		ScenarioFile:   "harbour-raid",
		ScenarioSource: source,
		Seed:           42,
		RulesAsOf:      "2025-01-31",
		Engine:         "v0.1.0",
		Created:        logBase.Add(-time.Minute),
	}
}

const logTestSource = "id: harbour-raid\ntitle: \"Harbour raid\"\nagencies:\n  - id: police\n    kind: police\n"

// genEvents returns n events of the kinds an exercise produces, with Seq
// from 1 and Prev unset, the same for the same seed.
func genEvents(n int, seed uint64) []Event {
	rng := rand.New(rand.NewPCG(seed, 1))
	agencies := []string{"police", "border_force", "adult_safeguarding", "housing", "ngo", "cps"}
	people := []string{"p-anna", "p-bogdan", "p-chen", "p-dita", "p-emil"}
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	evs := make([]Event, n)
	var t int64
	wall := logBase
	for i := range evs {
		t += rng.Int64N(90_000)
		wall = wall.Add(time.Duration(rng.Int64N(5_000_000_000)))
		e := Event{Seq: int64(i + 1), T: t, Wall: wall}
		actor := pick(agencies)
		switch rng.IntN(6) {
		case 0:
			cmd := &Command{ID: fmt.Sprintf("c-%d", i), Actor: actor, Type: CmdObserve, T: t, Person: pick(people),
				Text: "Seen at the car wash before 7am; no coat, <avoids> eye contact & defers to the supervisor."}
			e.Actor, e.Type, e.To = actor, EvCommand, []string{actor}
			e.Payload = Payload{Command: cmd}
		case 1:
			e.Actor, e.Type, e.To = actor, CmdObserve, []string{actor}
			e.Payload = Payload{CommandID: fmt.Sprintf("c-%d", i-1), Person: pick(people), Indicators: []string{"ind-no-id", "ind-debt"}}
		case 2:
			e.Actor, e.Type, e.To = System, EvInject, []string{actor, pick(agencies)}
			e.Payload = Payload{Inject: fmt.Sprintf("inj-%d", i%40), From: "control room", Channel: "phone",
				Text: "A neighbour reports several men collected by minibus at 05:30 every day from the house on Dock Street."}
		case 3:
			e.Actor, e.Type, e.To = actor, EvFlagged, []string{actor}
			e.Payload = Payload{CommandID: fmt.Sprintf("c-%d", i-1), Person: pick(people), Rule: "R6",
				Reason: "NRM referral made without informed consent from an adult", Stage: 2}
		case 4:
			e.Actor, e.Type, e.To = Facilitator, EvRG, []string{"police", "ngo"}
			e.Payload = Payload{Person: pick(people), Positive: rng.IntN(2) == 0, Authority: "SCA", InWorld: "2025-03-16T10:00", Days: 5}
		default:
			e.Actor, e.Type, e.To = actor, EvLearned, []string{actor}
			e.Payload = Payload{Person: pick(people), Agency: pick(agencies), Indicators: []string{"ind-injury"}, Count: 1 + rng.IntN(3)}
		}
		evs[i] = e
	}
	return evs
}

// writeLog writes a log of h and evs (setting their Prev) and returns it.
func writeLog(t testing.TB, h Header, evs []Event) []byte {
	t.Helper()
	var buf bytes.Buffer
	lw, err := NewLogWriter(&buf, h)
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := lw.Append(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestLogRoundTrip(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("indicators:\n  - \"ünïcode — <tag> & \\\"quotes\\\"\"\n\t\x01\u2028\n", 3000) // ~150 KB
	odd := func() []Event {
		evs := genEvents(3, 7)
		evs[0].Payload.Text = strings.Repeat("a long note, ", 10_000) // longer than the read buffer
		evs[1].Wall = time.Date(2025, 3, 14, 10, 0, 0, 123_456_789, time.FixedZone("", 3600))
		evs[2].Payload.Text = `literal \ufffd and \\ufffd, html <b>&amp;</b>, U+2028 ` + "\u2028 tab\t nul\x00"
		return evs
	}
	tests := []struct {
		name   string
		header Header
		events []Event
	}{
		{"header only", logTestHeader(logTestSource), nil},
		{"small", logTestHeader(logTestSource), genEvents(20, 1)},
		{"long lines", logTestHeader(long), odd()},
		{"hosted", func() Header { h := logTestHeader(""); h.Exercise = "ex-7f3a"; return h }(), genEvents(2, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			lw, err := NewLogWriter(&buf, tt.header)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.events {
				if err := lw.Append(&tt.events[i]); err != nil {
					t.Fatal(err)
				}
			}
			data := bytes.Clone(buf.Bytes())

			lr, err := NewLogReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			h := lr.Header()
			if h.Format != LogFormat || h.Version != LogVersion || h.ScenarioSHA256 == "" {
				t.Errorf("header format %q version %d sha %q: not filled in", h.Format, h.Version, h.ScenarioSHA256)
			}
			want := tt.header
			want.Format, want.Version, want.ScenarioSHA256 = h.Format, h.Version, h.ScenarioSHA256
			if !reflect.DeepEqual(h, want) {
				t.Errorf("header = %+v, want %+v", h, want)
			}
			var got []Event
			for {
				e, err := lr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, e)
				if lr.Line() != len(got)+1 {
					t.Errorf("Line() = %d after event %d, want %d", lr.Line(), len(got), len(got)+1)
				}
			}
			if len(got) != len(tt.events) {
				t.Fatalf("read %d events, want %d", len(got), len(tt.events))
			}
			for i := range got {
				g, w := got[i], tt.events[i]
				if !g.Wall.Equal(w.Wall) {
					t.Errorf("event %d: wall %v, want %v", i+1, g.Wall, w.Wall)
				}
				g.Wall, w.Wall = time.Time{}, time.Time{}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("event %d = %+v, want %+v", i+1, g, w)
				}
			}
			if _, err := lr.Next(); err != io.EOF {
				t.Errorf("Next after the end = %v, want io.EOF", err)
			}
			if lr.LastHash() != lw.LastHash() || lr.LastSeq() != lw.LastSeq() {
				t.Errorf("reader ends at %s/%d, writer at %s/%d", lr.LastHash(), lr.LastSeq(), lw.LastHash(), lw.LastSeq())
			}
			if lr.Offset() != int64(len(data)) {
				t.Errorf("Offset() = %d, want %d", lr.Offset(), len(data))
			}
			if again := writeLog(t, h, got); !bytes.Equal(again, data) {
				t.Error("re-encoding what was read gives different bytes")
			}
		})
	}
}

func TestLogWriterInvalidUTF8(t *testing.T) {
	t.Parallel()
	h := logTestHeader(logTestSource)
	h.ScenarioFile = "scenarios/caf\xe9.yaml"
	evs := genEvents(2, 3)
	evs[1].Payload.Text = "bad \xff byte, literal \\ufffd"
	data := writeLog(t, h, evs)
	if want := "bad \ufffd byte, literal \\ufffd"; evs[1].Payload.Text != want {
		t.Errorf("Append left text %q, want %q", evs[1].Payload.Text, want)
	}
	gh, got, err := ReadLog(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if gh.ScenarioFile != "scenarios/caf\ufffd.yaml" {
		t.Errorf("scenario file %q", gh.ScenarioFile)
	}
	if got[1].Payload.Text != evs[1].Payload.Text {
		t.Errorf("read text %q, want %q", got[1].Payload.Text, evs[1].Payload.Text)
	}
}

func TestLogWriterErrors(t *testing.T) {
	t.Parallel()
	bad := func(f func(h *Header)) Header { h := logTestHeader(logTestSource); f(&h); return h }
	for _, tt := range []struct {
		name string
		h    Header
		want string
	}{
		{"format", bad(func(h *Header) { h.Format = "other" }), `format "other"`},
		{"version", bad(func(h *Header) { h.Version = 2 }), "version 2"},
		{"sha", bad(func(h *Header) { h.ScenarioSHA256 = strings.Repeat("0", 64) }), "scenario_sha256"},
		{"source utf8", bad(func(h *Header) { h.ScenarioSource = "id: x\xff" }), "UTF-8"},
		{"created", bad(func(h *Header) { h.Created = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), "year"},
	} {
		var buf bytes.Buffer
		_, err := NewLogWriter(&buf, tt.h)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewLogWriter error %v, want one containing %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %q", tt.name, buf.Bytes())
		}
	}

	var buf bytes.Buffer
	lw, err := NewLogWriter(&buf, logTestHeader(logTestSource))
	if err != nil {
		t.Fatal(err)
	}
	evs := genEvents(3, 4)
	evs[1].Prev = "unchanged"
	if err := lw.Append(&evs[1]); err == nil || !strings.Contains(err.Error(), "seq 2, want 1") {
		t.Errorf("Append out of order: %v", err)
	}
	if evs[1].Prev != "unchanged" || lw.LastSeq() != 0 {
		t.Errorf("a refused Append changed state: prev %q, last seq %d", evs[1].Prev, lw.LastSeq())
	}

	fw := &failingWriter{}
	lw = ResumeLogWriter(fw, lw.LastHash(), 0)
	if err := lw.Append(&evs[0]); err == nil || !errors.Is(err, errDiskFull) {
		t.Errorf("Append to a failing writer: %v", err)
	}
	fw.ok = true
	if err := lw.Append(&evs[0]); err == nil || !strings.Contains(err.Error(), "failed earlier") {
		t.Errorf("Append after a failed write: %v, want it refused", err)
	}
}

var errDiskFull = errors.New("disk full")

type failingWriter struct{ ok bool }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.ok {
		return len(p), nil
	}
	return len(p) / 2, errDiskFull
}

func TestLogResume(t *testing.T) {
	t.Parallel()
	evs := genEvents(6, 5)
	data := writeLog(t, logTestHeader(logTestSource), evs[:4])

	tests := []struct {
		name  string
		data  []byte
		torn  bool
		start int64 // the seq the resumed writer continues from
	}{
		{"clean end", data, false, 5},
		{"torn mid-line", data[:len(data)-40], true, 4},
		{"newline lost", data[:len(data)-1], true, 4},
		{"header only", writeLog(t, logTestHeader(logTestSource), nil), false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lr, err := NewLogReader(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			for err == nil {
				_, err = lr.Next()
			}
			if got := errors.Is(err, ErrTornLine); got != tt.torn {
				t.Fatalf("Next error %v: torn %v, want %v", err, got, tt.torn)
			}
			if !tt.torn && err != io.EOF {
				t.Fatal(err)
			}
			log := bytes.Clone(tt.data[:lr.Offset()])
			buf := bytes.NewBuffer(log)
			lw := ResumeLogWriter(buf, lr.LastHash(), lr.LastSeq())
			more := genEvents(int(tt.start)+1, 6)[tt.start-1:]
			for i := range more {
				if err := lw.Append(&more[i]); err != nil {
					t.Fatal(err)
				}
			}
			_, got, err := ReadLog(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("resumed log: %v", err)
			}
			if n := int(tt.start) + 1; len(got) != n {
				t.Errorf("resumed log has %d events, want %d", len(got), n)
			}
		})
	}
}

// logLines is a valid log of a header and six events, one line each, without
// newlines.
func logLines(t testing.TB) [][]byte {
	t.Helper()
	data := writeLog(t, logTestHeader(logTestSource), genEvents(6, 9))
	return bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
}

func joinLines(lines [][]byte) []byte {
	return append(bytes.Join(lines, []byte("\n")), '\n')
}

// editLines returns the lines of a valid log, changed by f, joined.
func editLines(f func(l [][]byte) [][]byte) func(testing.TB) []byte {
	return func(t testing.TB) []byte {
		return joinLines(f(logLines(t)))
	}
}

// replaceIn replaces the first old in line n (1-based) with new.
func replaceIn(n int, old, new string) func(testing.TB) []byte {
	return editLines(func(l [][]byte) [][]byte {
		if !bytes.Contains(l[n-1], []byte(old)) {
			panic(fmt.Sprintf("line %d has no %q", n, old))
		}
		l[n-1] = bytes.Replace(l[n-1], []byte(old), []byte(new), 1)
		return l
	})
}

// withHeader returns a log of six events after a header changed by f.
func withHeader(f func(h *Header)) func(testing.TB) []byte {
	return func(t testing.TB) []byte {
		l := logLines(t)
		var h Header
		if err := json.Unmarshal(l[0], &h); err != nil {
			t.Fatal(err)
		}
		f(&h)
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		l[0] = b
		return joinLines(l)
	}
}

func TestReadLogDetects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		log  func(testing.TB) []byte
		line int    // the line the error names
		want string // in the error's text
		torn bool
	}{
		{"edited text", replaceIn(4, `"actor":"`, `"actor":"x`), 5, "prev does not match the hash of line 4", false},
		{"edited byte breaks JSON", replaceIn(4, `"seq":`, `"seq";`), 4, "bad JSON", false},
		{"edited prev", replaceIn(5, `"prev":"`, `"prev":"0`), 5, "prev does not match the hash of line 4", false},
		{"edited prev digit", editLines(func(l [][]byte) [][]byte {
			i := bytes.Index(l[4], []byte(`"prev":"`)) + len(`"prev":"`)
			l[4][i] = "01"[(l[4][i]-'0'+1)%2]
			return l
		}), 5, "prev does not match the hash of line 4", false},
		{"edited seq", replaceIn(4, `"seq":3,`, `"seq":9,`), 4, "seq 9, want 3", false},
		{"deleted line", editLines(func(l [][]byte) [][]byte { return append(l[:3], l[4:]...) }), 4, "seq 4, want 3", false},
		{"deleted first event", editLines(func(l [][]byte) [][]byte { return append(l[:1], l[2:]...) }), 2, "seq 2, want 1", false},
		{"reordered lines", editLines(func(l [][]byte) [][]byte { l[3], l[4] = l[4], l[3]; return l }), 4, "seq 4, want 3", false},
		{"duplicated line", editLines(func(l [][]byte) [][]byte { return append(l[:4:4], l[3:]...) }), 5, "seq 3, want 4", false},
		{"inserted line", editLines(func(l [][]byte) [][]byte {
			return append(l[:3:3], append([][]byte{[]byte(`{"seq":3,"t":0,"wall":"0001-01-01T00:00:00Z","actor":"x","type":"y","payload":{}}`)}, l[3:]...)...)
		}), 4, "prev does not match", false},
		{"edited header", withHeader(func(h *Header) { h.Seed = 43 }), 2, "prev does not match the hash of line 1", false},
		{"edited scenario", withHeader(func(h *Header) { h.ScenarioSource += "# edited\n" }), 1, "scenario_sha256", false},
		{"wrong format", withHeader(func(h *Header) { h.Format = "ttx-log" }), 1, `format "ttx-log"`, false},
		{"wrong version", withHeader(func(h *Header) { h.Version = 2 }), 1, "version 2", false},
		{"version zero", withHeader(func(h *Header) { h.Version = 0 }), 1, "version 0", false},
		{"torn last line", func(t testing.TB) []byte { d := joinLines(logLines(t)); return d[:len(d)-30] }, 7, "incomplete JSON", true},
		{"no final newline", func(t testing.TB) []byte { d := joinLines(logLines(t)); return d[:len(d)-1] }, 7, "no newline", true},
		{"torn header", func(t testing.TB) []byte { return logLines(t)[0][:50] }, 1, "torn", true},
		{"truncated line then more", editLines(func(l [][]byte) [][]byte { l[3] = l[3][:40]; return l }), 4, "truncated line", false},
		{"bad JSON", editLines(func(l [][]byte) [][]byte { l[2] = []byte("not json"); return l }), 3, "bad JSON", false},
		{"not an event", editLines(func(l [][]byte) [][]byte { l[2] = []byte(`{"seq":"two"}`); return l }), 3, "not an event", false},
		{"empty line", editLines(func(l [][]byte) [][]byte { return append(l[:3:3], append([][]byte{{}}, l[3:]...)...) }), 4, "empty line", false},
		{"trailing blank line", func(t testing.TB) []byte { return append(joinLines(logLines(t)), '\n') }, 8, "empty line", false},
		{"extra space", replaceIn(7, `"seq":6`, `"seq": 6`), 7, "not in canonical form", false},
		{"unknown field", replaceIn(7, `{"seq"`, `{"x":1,"seq"`), 7, "not in canonical form", false},
		{"key case", replaceIn(7, `"seq"`, `"SEQ"`), 7, "not in canonical form", false},
		{"CRLF", func(t testing.TB) []byte {
			return bytes.ReplaceAll(joinLines(logLines(t)), []byte("\n"), []byte("\r\n"))
		}, 1, "not in canonical form", false},
		{"line too long", editLines(func(l [][]byte) [][]byte { l[2] = bytes.Repeat([]byte("x"), maxLineBytes+1); return l }), 3, "longer than", false},
		{"empty log", func(testing.TB) []byte { return nil }, 1, "no header", false},
		{"no header", editLines(func(l [][]byte) [][]byte { return l[1:] }), 1, "not a debrief log header", false},
		{"not JSON at all", func(testing.TB) []byte { return []byte("id: harbour-raid\n") }, 1, "not a debrief log header", false},
	}
	var golden strings.Builder
	for _, tt := range tests {
		data := tt.log(t)
		_, evs, err := ReadLog(bytes.NewReader(data))
		fmt.Fprintf(&golden, "%s: %v\n", tt.name, err)
		var le *LogError
		if !errors.As(err, &le) {
			t.Errorf("%s: error %v, want a *LogError", tt.name, err)
			continue
		}
		if le.Line != tt.line || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d: ", tt.line)) {
			t.Errorf("%s: error %q, want one at line %d containing %q", tt.name, err, tt.line, tt.want)
		}
		if errors.Is(err, ErrTornLine) != tt.torn {
			t.Errorf("%s: errors.Is(%v, ErrTornLine) != %v", tt.name, err, tt.torn)
		}
		if want := max(tt.line-2, 0); len(evs) != want {
			t.Errorf("%s: %d events before the error, want %d", tt.name, len(evs), want)
		}
	}

	path := filepath.Join("testdata", "log_errors.golden")
	if *updateLogGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if golden.String() != string(want) {
		t.Errorf("error messages differ from %s (run with -update-log-golden to accept):\n%s", path, golden.String())
	}
}

func TestLogReaderSticky(t *testing.T) {
	t.Parallel()
	l := logLines(t)
	l[3] = []byte("garbage")
	lr, err := NewLogReader(bytes.NewReader(joinLines(l)))
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = lr.Next()
	}
	for range 2 {
		if _, again := lr.Next(); again != err {
			t.Errorf("Next after an error = %v, want %v again", again, err)
		}
	}
	if lr.Line() != 4 || lr.LastSeq() != 2 {
		t.Errorf("after the error at line 4: Line %d, LastSeq %d", lr.Line(), lr.LastSeq())
	}
}

func FuzzReadLog(f *testing.F) {
	valid := joinLines(logLines(f))
	f.Add(valid)
	f.Add(valid[:len(valid)-25])
	f.Add(writeLog(f, logTestHeader(""), nil))
	f.Add(bytes.Replace(valid, []byte(`"seq":2`), []byte(`"seq": 2`), 1))
	f.Add(bytes.Replace(valid, []byte(`"seq":6`), []byte(`"seq":7`), 1))
	f.Add([]byte("{}\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, evs, err := ReadLog(bytes.NewReader(data))
		if err != nil {
			var le *LogError
			if !errors.As(err, &le) || le.Line < 1 || le.Line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("error %v: want a *LogError naming a line of the log", err)
			}
			if le.Line > 1 && len(evs) != le.Line-2 {
				t.Fatalf("error at line %d after %d events", le.Line, len(evs))
			}
			return
		}
		var buf bytes.Buffer
		lw, err := NewLogWriter(&buf, h)
		if err != nil {
			t.Fatalf("accepted header does not write: %v", err)
		}
		for i := range evs {
			if err := lw.Append(&evs[i]); err != nil {
				t.Fatalf("accepted event %d does not write: %v", i+1, err)
			}
		}
		if !bytes.Equal(buf.Bytes(), data) {
			t.Fatalf("accepted log re-encodes differently:\n got %q\nwant %q", buf.Bytes(), data)
		}
	})
}

// benchLog returns a log of 100,000 events after a header with a 100 KB
// scenario, and its event lines without newlines.
func benchLog(b *testing.B) (data []byte, lines [][]byte) {
	b.Helper()
	src := strings.Repeat("    - id: ind-debt\n      kind: situational\n      text: \"Owes the recruiter for travel\"\n", 1200)
	data = writeLog(b, logTestHeader(src), genEvents(100_000, 11))
	lines = bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))[1:]
	return data, lines
}

func BenchmarkReadLog(b *testing.B) {
	data, lines := benchLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		lr, err := NewLogReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := lr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}

func BenchmarkDecodeOnly(b *testing.B) {
	data, lines := benchLog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			var e Event
			if err := json.Unmarshal(l, &e); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
}

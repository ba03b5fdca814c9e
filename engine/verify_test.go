package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"
)

// TestEqualPayloadCoversEveryField guards verification: a change to any
// field of a payload or command must count as a difference.
func TestEqualPayloadCoversEveryField(t *testing.T) {
	check := func(t *testing.T, typ reflect.Type, equal func(a, b reflect.Value) bool) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			a := reflect.New(typ).Elem()
			b := reflect.New(typ).Elem()
			fv := b.Field(i)
			switch fv.Kind() {
			case reflect.String:
				fv.SetString("x")
			case reflect.Int, reflect.Int64:
				fv.SetInt(1)
			case reflect.Bool:
				fv.SetBool(true)
			case reflect.Slice:
				fv.Set(reflect.ValueOf([]string{"x"}))
			case reflect.Pointer:
				fv.Set(reflect.New(f.Type.Elem()))
			default:
				t.Fatalf("field %s: kind %s not covered by this test", f.Name, fv.Kind())
			}
			if equal(a, b) {
				t.Errorf("a change to %s.%s is not seen as a difference", typ.Name(), f.Name)
			}
		}
	}
	check(t, reflect.TypeOf(Payload{}), func(a, b reflect.Value) bool {
		pa, pb := a.Interface().(Payload), b.Interface().(Payload)
		return equalPayload(&pa, &pb)
	})
	check(t, reflect.TypeOf(Command{}), func(a, b reflect.Value) bool {
		ca, cb := a.Interface().(Command), b.Interface().(Command)
		return equalCommand(&ca, &cb)
	})
}

// bigLog is a debrief log of about n events made by the engine: a
// scenario played with doctrine bots, then many more actions on top.
func bigLog(tb testing.TB, n int) []byte {
	sc := loadFixture(tb, "rules.yaml")
	var buf bytes.Buffer
	bw := bufio.NewWriterSize(&buf, 1<<20)
	h := Header{Scenario: sc.ID, ScenarioFile: "rules.yaml", ScenarioSource: string(mustRead(tb, "testdata/rules.yaml")), Seed: 1, RulesAsOf: "2024-01-01", Engine: Version, Created: time.Unix(0, 0).UTC()}
	lw, err := NewLogWriter(bw, h)
	if err != nil {
		tb.Fatal(err)
	}
	x := New(sc, Options{Seed: 1})
	wall := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	people := []string{"adult", "slovak", "refuser", "child", "disputed", "boss"}
	count := 0
	for i := 0; count < n; i++ {
		var c Command
		switch i % 4 {
		case 0:
			c = Command{Actor: "police", Type: CmdObserve, Person: people[i/4%len(people)], Text: "seen at the house again"}
		case 1:
			c = Command{Actor: "police", Type: CmdShare, Person: "adult", To: []string{"housing", "children"}, Text: "update"}
		case 2:
			c = Command{Actor: "housing", Type: CmdLogDecision, Stage: i%5 + 1, Text: "review beds", Rationale: "demand is rising"}
		default:
			c = Command{Actor: "health", Type: CmdNRMReferral, Person: "adult"} // rejected: R1
		}
		c.ID = fmt.Sprintf("c%d", i)
		c.T = int64(i) * 100
		for _, e := range x.Apply(c, wall.Add(time.Duration(i)*time.Millisecond)) {
			if err := lw.Append(&e); err != nil {
				tb.Fatal(err)
			}
			count++
		}
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func mustRead(tb testing.TB, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

var (
	bigOnce sync.Once
	bigData []byte
)

// big returns a 1,000,000-event log, made once per test binary.
func big(b *testing.B) []byte {
	bigOnce.Do(func() { bigData = bigLog(b, 1_000_000) })
	return bigData
}

// BenchmarkVerifyMillion verifies (chain, engine re-run and score) a
// 1,000,000-event log; compare with BenchmarkDecodeMillion.
func BenchmarkVerifyMillion(b *testing.B) {
	data := big(b)
	b.SetBytes(int64(len(data)))
	var events int64
	for b.Loop() {
		rp, err := Verify(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		events += rp.Events
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkDecodeMillion only JSON-decodes the same lines into events.
func BenchmarkDecodeMillion(b *testing.B) {
	data := big(b)
	b.SetBytes(int64(len(data)))
	var events int64
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		sc.Scan() // the header
		for sc.Scan() {
			var e Event
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				b.Fatal(err)
			}
			events++
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkApply measures the engine alone: commands applied per second.
func BenchmarkApply(b *testing.B) {
	sc := loadFixture(b, "rules.yaml")
	x := New(sc, Options{Seed: 1})
	i := 0
	for b.Loop() {
		var c Command
		if i%2 == 0 {
			c = Command{Actor: "police", Type: CmdObserve, Person: "adult", Text: "seen"}
		} else {
			c = Command{Actor: "housing", Type: CmdLogDecision, Stage: 2, Text: "beds", Rationale: "demand"}
		}
		c.T = int64(i)
		x.Apply(c, time.Time{})
		i++
	}
}

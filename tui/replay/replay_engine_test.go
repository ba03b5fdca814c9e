package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"ttx/engine"
)

// TestReplayJumpMatchesStepping: the screens reached by jumping to an
// event, by stepping forward from the start and by stepping back from the
// end are the same, for every pane. The log is long enough that going back
// re-runs the engine from the start past its window of saved views.
func TestReplayJumpMatchesStepping(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "tutorial", "doctrine", 3, time.Second)
	base := replayLoaded(t, path, 120, 40)
	if k := len(base.d.batchEnd); k < 3*replayWindow {
		t.Fatalf("the log has only %d commands; the test wants more than %d", k, 3*replayWindow)
	}
	quiet := func(m Model) Model { m.status = ""; return m }
	for pane := range replayPanes {
		t.Run(replayPaneNames[pane], func(t *testing.T) {
			m := replayKeys(base, fmt.Sprint(pane+1))
			forward := map[int]string{}
			for i := 0; ; i++ {
				forward[m.cursor] = replayScreen(quiet(m))
				if m.cursor == len(m.d.events) {
					break
				}
				m = replayKeys(m, "right")
				if i > len(m.d.events) {
					t.Fatal("stepping never reaches the end")
				}
			}
			// Back from the end, one step at a time.
			for m.cursor > 0 {
				m = replayKeys(m, "left")
				want, ok := forward[m.cursor]
				if !ok {
					t.Fatalf("stepping back reached %d events, which stepping forward never showed", m.cursor)
				}
				if got := replayScreen(quiet(m)); got != want {
					t.Fatalf("at %d events, stepping back shows\n%s\nstepping forward showed\n%s", m.cursor, got, want)
				}
			}
			// Jumps back and forth in a scrambled order.
			n := len(m.d.events)
			for j := range 60 {
				target := (j * 7919) % (n + 1)
				if _, ok := forward[target]; !ok {
					continue
				}
				m = replayKeys(m, "t", fmt.Sprintf("#%d", target), "enter")
				if m.cursor != target {
					t.Fatalf("jump to #%d: cursor %d", target, m.cursor)
				}
				if got := replayScreen(quiet(m)); got != forward[target] {
					t.Fatalf("jumping to #%d shows\n%s\nstepping showed\n%s", target, got, forward[target])
				}
			}
		})
	}
}

// TestReplayViewIsEngineView: the view as an agency at a moment is the
// engine's own view after the same commands.
func TestReplayViewIsEngineView(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "tutorial", "doctrine", 1, time.Minute)
	m := replayLoaded(t, path, 80, 24)
	st := newReplayState(m.d)
	for _, k := range []int{len(m.d.batchEnd), 5, 30, 0, 17, len(m.d.batchEnd) - 1} {
		x := engine.New(m.d.sc, m.d.opts)
		for _, i := range m.d.batchCmd[:k] {
			e := m.d.events[i]
			x.Apply(*e.Payload.Command, e.Wall)
		}
		for _, a := range m.d.agencies {
			got, _ := json.Marshal(st.viewAt(a, k))
			want, _ := json.Marshal(x.View(a))
			if !bytes.Equal(got, want) {
				t.Errorf("%s after %d commands: the viewer's view differs from the engine's", a, k)
			}
		}
		if k > 0 && m.d.batchEnd[k-1] != int(x.Seq()) {
			t.Errorf("command %d ends at %d events; the engine is at seq %d", k, m.d.batchEnd[k-1], x.Seq())
		}
	}
	final := st.scoreAt(len(m.d.events))
	rp, err := engine.Verify(bytes.NewReader(replayFile(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	if final.Total != rp.Score.Total || fmt.Sprint(final.Agencies) != fmt.Sprint(rp.Score.Agencies) {
		t.Errorf("final score %d %v, verify says %d %v", final.Total, final.Agencies, rp.Score.Total, rp.Score.Agencies)
	}
}

// BenchmarkReplayStepBack measures stepping back through the end of a long
// log with the view as an agency in front, which re-runs the engine.
func BenchmarkReplayStepBack(b *testing.B) {
	path := replayTestLog(b, b.TempDir(), "wyatn-large-scale", "doctrine", 1, time.Second)
	m := replayLoaded(b, path, 160, 48)
	m = replayKeys(m, "2", "end")
	b.ReportMetric(float64(len(m.d.events)), "events")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if m.cursor == 0 {
			m = replayKeys(m, "end")
		}
		m = replayKeys(m, "left")
		_ = m.View()
	}
}

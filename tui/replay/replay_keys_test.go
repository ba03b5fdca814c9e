package replay

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"ttx/engine"
	"ttx/tui/internal/tuitest"
	"ttx/tui/styles"
)

// TestReplayKeysAndMouse checks the controls that goldens do not show.
func TestReplayKeysAndMouse(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "tutorial", "doctrine", 1, time.Minute)
	m := replayLoaded(t, path, 80, 24)
	n := len(m.d.events)

	m = replayKeys(m, "end")
	if m.cursor != n {
		t.Fatalf("end: cursor %d, want %d", m.cursor, n)
	}
	m = replayKeys(m, "home")
	if m.cursor != 0 || m.now != 0 {
		t.Fatalf("home: cursor %d at %d", m.cursor, m.now)
	}
	m = replayKeys(m, "]", "]")
	if m.now != 120_000 && m.timeAt(m.cursor) > 120_000 {
		t.Errorf("two minutes on: at %s", styles.Clock(m.now))
	}
	if m.cursor != m.d.countAt(120_000) {
		t.Errorf("two minutes on: cursor %d, want %d", m.cursor, m.d.countAt(120_000))
	}
	m = replayKeys(m, "shift+left")
	if m.cursor != m.d.countAt(60_000) {
		t.Errorf("a minute back: cursor %d, want %d", m.cursor, m.d.countAt(60_000))
	}

	// Tabs and the number keys switch panes; so does a click on a tab.
	m = replayKeys(m, "tab")
	if m.pane != replayPaneView {
		t.Errorf("tab: pane %d", m.pane)
	}
	m = replayKeys(m, "4")
	if m.pane != replayPaneScore {
		t.Errorf("4: pane %d", m.pane)
	}
	spans := m.tabSpans()
	m = replaySend(m, tea.MouseClickMsg{X: spans[2][0] + 1, Y: replayRowTabs, Button: tea.MouseLeft})
	if m.pane != replayPaneJourneys {
		t.Errorf("click on the journeys tab: pane %d", m.pane)
	}

	// A click on the timeline jumps there.
	x0, bw := m.timelineGeom()
	m = replaySend(m, tea.MouseClickMsg{X: x0 + bw - 1, Y: replayRowTimeline, Button: tea.MouseLeft})
	if m.cursor != n {
		t.Errorf("click at the end of the timeline: cursor %d, want %d", m.cursor, n)
	}

	// In the events, the wheel steps and a click picks an event.
	m = replayKeys(m, "1")
	before := m.cursor
	m = replaySend(m, tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelUp})
	if m.cursor >= before {
		t.Errorf("wheel up in the events: cursor %d, was %d", m.cursor, before)
	}
	rows := m.feedRows(3)
	_, nrows, _, _ := m.feedLayout(m.bodyHeight())
	all := m.feedRows(nrows)
	m = replaySend(m, tea.MouseClickMsg{X: 5, Y: replayBodyTop + 2, Button: tea.MouseLeft})
	if m.cursor != all[0]+1 {
		t.Errorf("click on the first listed event: cursor %d, want %d", m.cursor, all[0]+1)
	}
	_ = rows
	// A click on a point's evidence in the score shows that event.
	m = replayKeys(m, "end", "4")
	head, lines := m.paneLines()
	for i, l := range lines {
		if strings.Contains(l, "+2  #25 ") && i < m.bodyHeight()-len(head) {
			m = replaySend(m, tea.MouseClickMsg{X: 12, Y: replayBodyTop + len(head) + i, Button: tea.MouseLeft})
			break
		}
	}
	if m.pane != replayPaneFeed || m.cursor != 25 {
		t.Errorf("click on the evidence #25: pane %d, cursor %d", m.pane, m.cursor)
	}
	// Over the timeline, the wheel scrubs by the minute.
	m = replayKeys(m, "home")
	m = replaySend(m, tea.MouseWheelMsg{X: 10, Y: replayRowTimeline, Button: tea.MouseWheelDown})
	if m.cursor != m.d.countAt(60_000) {
		t.Errorf("wheel down over the timeline: cursor %d, want %d", m.cursor, m.d.countAt(60_000))
	}

	// Filtering steps only through the agency's events.
	m = replayKeys(m, "home", "f")
	a := m.d.agencies[0]
	for range 10 {
		m = replayKeys(m, "right")
		if e := &m.d.events[m.cursor-1]; !replayInvolves(e, a) || e.Type == engine.EvCommand {
			t.Fatalf("filtered to %s, stepped to #%d, a %s by %s", a, e.Seq, e.Type, e.Actor)
		}
	}
	m = replayKeys(m, "F")
	if m.filter != 0 {
		t.Errorf("F back from the first agency: filter %d, want all", m.filter)
	}

	// v on another pane goes to the view; v there cycles the agencies.
	m = replayKeys(m, "1", "v")
	if m.pane != replayPaneView || m.as != 0 {
		t.Errorf("v from the events: pane %d, agency %d", m.pane, m.as)
	}
	m = replayKeys(m, "v", "V", "V")
	if m.as != len(m.d.agencies)-1 {
		t.Errorf("v V V: agency %d, want the last", m.as)
	}

	// Play advances with the clock's ticks, and stops at the end.
	m = replayKeys(m, "home")
	next, cmd := m.Update(tuitest.Key("space"))
	m = next.(Model)
	if !m.playing || cmd == nil {
		t.Fatal("space does not start playback")
	}
	m = replaySend(m, replayTickMsg{gen: m.gen})
	if m.now != replayTickEvery.Milliseconds()*int64(replaySpeeds[m.speed]) {
		t.Errorf("one tick at %s: now %d", m.speedLabel(), m.now)
	}
	stale := m.gen - 1
	at := m.now
	m = replaySend(m, replayTickMsg{gen: stale})
	if m.now != at {
		t.Error("a stale tick moved the clock")
	}
	for range 100000 {
		if !m.playing {
			break
		}
		m = replaySend(m, replayTickMsg{gen: m.gen})
	}
	if m.playing || m.cursor != n {
		t.Errorf("playback: playing %v at %d of %d", m.playing, m.cursor, n)
	}
	m = replayKeys(m, "space")
	if !m.playing || m.cursor != 0 {
		t.Errorf("space at the end plays from the start: playing %v cursor %d", m.playing, m.cursor)
	}
	m = replayKeys(m, "right")
	if m.playing {
		t.Error("stepping does not pause playback")
	}

	// Jumping: escape cancels, bad input explains, #seq and times work.
	m = replayKeys(m, "t", "esc")
	if m.jumping {
		t.Error("esc does not close the jump prompt")
	}
	m = replayKeys(m, "t", "#9999", "enter")
	if !m.jumping || !strings.Contains(m.status, "no event #9999") {
		t.Errorf("jump to a missing event: jumping %v, status %q", m.jumping, m.status)
	}
	m = replayKeys(m, "esc", "t", "90s", "enter")
	if m.jumping || m.now != 90_000 || m.cursor != m.d.countAt(90_000) {
		t.Errorf("jump to 90s: jumping %v now %d cursor %d", m.jumping, m.now, m.cursor)
	}

	// ? toggles the full help; q quits; ctrl+c quits even while typing.
	m = replayKeys(m, "?")
	if !m.help.ShowAll {
		t.Error("? does not show the full help")
	}
	if _, cmd := m.Update(tuitest.Key("q")); cmd == nil || cmd() != tea.Quit() {
		t.Error("q does not quit")
	}
	m = replayKeys(m, "t")
	if _, cmd := m.Update(tuitest.Key("ctrl+c")); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c does not quit from the jump prompt")
	}
}

func TestReplayParseTime(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0:45:00", 45 * 60_000, true},
		{"1:02:03", 3_723_000, true},
		{"45m", 45 * 60_000, true},
		{"1h30m", 90 * 60_000, true},
		{"90s", 90_000, true},
		{"12", 12 * 60_000, true},
		{"45:00", 0, false},
		{"1:2:3", 0, false},
		{"0:61:00", 0, false},
		{"-5m", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, err := replayParseTime(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("replayParseTime(%q) = %d, %v; want %d, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

// TestReplayProgram runs the viewer as a whole program: it loads through
// its command, shows progress messages, answers keys and quits.
func TestReplayProgram(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "leeds-2013", "doctrine", 1, 5*time.Second)
	m, err := New(path, Options{NoColor: true})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	out := tm.Output()
	wait := func(what string) {
		t.Helper()
		teatest.WaitFor(t, out, func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("Events: all")
	tm.Send(tuitest.Key("G"))
	wait("exercise ends")
	tm.Send(tuitest.Key("4"))
	wait("Score as at")
	tm.Send(tuitest.Key("3"))
	wait("Victims")
	tm.Send(tuitest.Key("2"))
	wait("another agency")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm.Send(tuitest.Key("?"))
	wait("faster")
	tm.Send(tuitest.Key("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if final.Err() != nil || final.d == nil || final.cursor != len(final.d.events) || final.w != 80 {
		t.Errorf("final model: err %v, loaded %v, size %d", final.Err(), final.d != nil, final.w)
	}
}

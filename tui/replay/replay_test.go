package replay

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"ttx/tui/internal/tuitest"
	"ttx/tui/styles"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"ttx/engine"
	"ttx/scenarios"
)

var updateReplay = flag.Bool("update-replay", false, "rewrite the replay viewer's golden files (testdata/replay-*.golden)")

// replayUpdating reports whether golden files are to be rewritten: with
// -update-replay, or the -update flag of the golden package.
func replayUpdating() bool {
	if *updateReplay {
		return true
	}
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// replayWall is the fixed wall clock of the test logs, so that goldens are
// stable.
func replayWall() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// replayTestLog plays a bundled scenario with bots and writes its debrief
// log under dir, returning the path.
func replayTestLog(t testing.TB, dir, id, bots string, seed int64, step time.Duration) string {
	t.Helper()
	data, name, err := scenarios.Read(id)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(name, data)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%s-%d-%s.log", id, bots, seed, step))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	lw, err := engine.NewLogWriter(bw, engine.Header{Scenario: sc.ID, ScenarioFile: id + ".yaml", ScenarioSource: string(data), Seed: seed,
		RulesAsOf: sc.RulesAsOf.Format(time.DateOnly), Engine: engine.Version, Created: replayWall()})
	if err != nil {
		t.Fatal(err)
	}
	err = engine.Simulate(sc, engine.SimulateOptions{Options: engine.Options{Seed: seed}, Default: bots, Step: step, Wall: replayWall}, func(evs []engine.Event) error {
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
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// replayLoaded returns a viewer of path, loaded without running its
// command, at a size.
func replayLoaded(t testing.TB, path string, w, h int) Model {
	t.Helper()
	m, err := New(path, Options{NoColor: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := replayReadFile(path, m.header, nil)
	if err != nil {
		t.Fatal(err)
	}
	m = replaySend(m, replayLoadedMsg{data: d})
	return replaySend(m, tea.WindowSizeMsg{Width: w, Height: h})
}

// replaySend updates m with msgs, ignoring the commands they return.
func replaySend(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// replayKeys presses keys; a key of more than one rune other than a named
// key is typed rune by rune.
func replayKeys(m Model, keys ...string) Model {
	for _, k := range keys {
		switch {
		case len([]rune(k)) == 1 || strings.Contains(k, "+") && len(k) > 1 || replayNamedKey(k):
			m = replaySend(m, tuitest.Key(k))
		default:
			for _, r := range k {
				m = replaySend(m, tuitest.Key(string(r)))
			}
		}
	}
	return m
}

func replayNamedKey(k string) bool {
	switch k {
	case "right", "left", "up", "down", "pgdown", "home", "end", "tab", "enter", "esc", "space":
		return true
	}
	return false
}

// replayScreen is the screen as text, ANSI stripped.
func replayScreen(m Model) string {
	return ansi.Strip(m.View().Content)
}

// replayGolden compares got with testdata/replay-name.golden.
func replayGolden(t *testing.T, name, got string) {
	t.Helper()
	tuitest.Golden(t, "replay-"+name, got, replayUpdating(), "go test ./tui/replay -update-replay")
}

// replayCheckSize fails unless the screen is exactly w × h cells.
func replayCheckSize(t *testing.T, name, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines, want %d", name, len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("%s: line %d is %d cells wide, want %d: %q", name, i+1, got, w, l)
		}
	}
}

// TestReplayGolden draws every pane of the viewer at 80×24 and at 160×48
// and compares each screen with its golden file.
func TestReplayGolden(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "tutorial", "doctrine", 1, time.Minute)
	screens := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"events", []string{"t", "5m", "enter"}},
		{"events-police", []string{"t", "5m", "enter", "f"}},
		{"events-commands", []string{"t", "0:02:00", "enter", "c", "left"}},
		{"events-detail-scrolled", []string{"t", "#97", "enter", "down", "down"}},
		{"view-police", []string{"t", "5m", "enter", "2"}},
		{"view-health", []string{"t", "5m", "enter", "2", "v", "v"}},
		{"view-police-scrolled", []string{"t", "5m", "enter", "2", "pgdown"}},
		{"journeys", []string{"end", "3"}},
		{"journeys-midway", []string{"t", "4m", "enter", "3"}},
		{"score", []string{"t", "5m", "enter", "4"}},
		{"score-end-scrolled", []string{"end", "4", "pgdown", "pgdown"}},
		{"help", []string{"?"}},
		{"jump", []string{"t", "1:3"}},
		{"jump-error", []string{"t", "soon", "enter"}},
		{"playing", []string{"+", "space"}},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, s := range screens {
			name := fmt.Sprintf("%s-%dx%d", s.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := replayKeys(replayLoaded(t, path, size[0], size[1]), s.keys...)
				got := replayScreen(m)
				replayCheckSize(t, name, got, size[0], size[1])
				replayGolden(t, name, got)
			})
		}
	}
}

// TestReplayLoadingAndSmall draws the loading screen and the notice for a
// window too small to use.
func TestReplayLoadingAndSmall(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "tutorial", "doctrine", 1, time.Minute)
	m, err := New(path, Options{NoColor: true})
	if err != nil {
		t.Fatal(err)
	}
	m.path = "tutorial.log"
	m = replaySend(m, tea.WindowSizeMsg{Width: 80, Height: 24}, replayProgressMsg{events: 57, bytes: m.size / 2})
	if m.View().AltScreen {
		t.Error("the loading screen takes over the whole screen; it should stay inline so that an error leaves nothing behind")
	}
	got := replayScreen(m)
	replayGolden(t, "loading", got)

	small := replaySend(replayLoaded(t, path, 80, 24), tea.WindowSizeMsg{Width: 30, Height: 10})
	got = replayScreen(small)
	replayCheckSize(t, "small", got, 30, 10)
	replayGolden(t, "small-30x10", got)
}

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
			got, want := st.viewAt(a, k), x.View(a)
			if !reflect.DeepEqual(got.Methane, want.Methane) {
				t.Errorf("%s after %d commands: the viewer's M/ETHANE report differs from the engine's", a, k)
			}
			got.Methane, want.Methane = nil, nil
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
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

func replayFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

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

// TestReplayColour: NO_COLOR draws no colour; otherwise the terminal's
// background picks light or dark styles.
func TestReplayColour(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "tutorial", "doctrine", 1, time.Minute)
	m := replayKeys(replayLoaded(t, path, 80, 24), "t", "5m", "enter", "2")
	if raw := m.View().Content; strings.Contains(raw, "[38;") || strings.Contains(raw, "[48;") {
		t.Error("with NO_COLOR the screen has colour")
	}
	c, err := New(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c = replaySend(c, replayLoadedMsg{data: m.d}, tea.WindowSizeMsg{Width: 80, Height: 24})
	dark := c.View().Content
	if !strings.Contains(dark, "[38;") && !strings.Contains(dark, "[48;") {
		t.Error("without NO_COLOR the screen has no colour")
	}
	light := replaySend(c, tea.BackgroundColorMsg{Color: replayWhite{}}).View().Content
	if light == dark || c.dark == replaySend(c, tea.BackgroundColorMsg{Color: replayWhite{}}).dark {
		t.Error("a light background does not change the styles")
	}
	if ansi.Strip(light) != ansi.Strip(dark) {
		t.Error("light and dark screens differ in more than colour")
	}
}

// replayWhite is a white background colour.
type replayWhite struct{}

func (replayWhite) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

// TestReplayBadLogs: what is not a debrief log fails before any screen; a
// log damaged after its header fails as it loads, and the viewer quits
// leaving nothing on the screen.
func TestReplayBadLogs(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "missing.log"), Options{}); err == nil {
		t.Error("a missing file opens")
	}
	if _, err := New(dir, Options{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a directory: %v", err)
	}
	junk := filepath.Join(dir, "junk.log")
	os.WriteFile(junk, []byte("hello\n"), 0o644)
	if _, err := New(junk, Options{}); err == nil || !strings.Contains(err.Error(), "not a debrief log") {
		t.Errorf("junk: %v", err)
	}

	path := replayTestLog(t, dir, "tutorial", "doctrine", 1, time.Minute)
	lines := strings.SplitAfter(string(replayFile(t, path)), "\n")
	lines[40] = strings.Replace(lines[40], `"t":`, `"t": `, 1)
	bad := filepath.Join(dir, "tampered.log")
	os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644)
	m, err := New(bad, Options{})
	if err != nil {
		t.Fatalf("the header is good, so New should succeed: %v", err)
	}
	msg := replayLoad(bad, m.header)()
	for {
		p, ok := msg.(replayProgressMsg)
		if !ok {
			break
		}
		msg = <-p.ch
	}
	next, cmd := m.Update(msg)
	m = next.(Model)
	if m.Err() == nil || !strings.Contains(m.Err().Error(), "line 41") {
		t.Errorf("tampered log: %v", m.Err())
	}
	if cmd == nil || cmd() != tea.Quit() {
		t.Error("the viewer does not quit on a bad log")
	}
	if v := m.View(); v.Content != "" || v.AltScreen {
		t.Errorf("after a bad log the viewer draws %q", v.Content)
	}

	other := filepath.Join(dir, "other-engine.log")
	os.WriteFile(other, []byte(strings.Replace(string(replayFile(t, path)), `"engine":"`+engine.Version+`"`, `"engine":"0.0.1"`, 1)), 0o644)
	if _, err := New(other, Options{}); err == nil || !strings.Contains(err.Error(), "engine 0.0.1") {
		t.Errorf("a log of another engine version: %v", err)
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

// TestReplayLoadProgress: reading a log reports progress as it goes.
func TestReplayLoadProgress(t *testing.T) {
	path := replayTestLog(t, t.TempDir(), "wyatn-large-scale", "doctrine", 1, time.Second)
	m, err := New(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var reports []int64
	d, err := replayReadFile(path, m.header, func(events, bytes int64) { reports = append(reports, events) })
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) == 0 || reports[len(reports)-1] != int64(len(d.events)) {
		t.Errorf("progress %v for %d events", reports, len(d.events))
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

// TestReplayPartialLogs: a log cut at the end of a command (a server still
// writing, or stopped) and a log with no events open and say so.
func TestReplayPartialLogs(t *testing.T) {
	dir := t.TempDir()
	path := replayTestLog(t, dir, "tutorial", "doctrine", 1, time.Minute)
	full := replayLoaded(t, path, 80, 24)
	lines := strings.SplitAfter(string(replayFile(t, path)), "\n")
	cut := full.d.batchEnd[20]
	for _, c := range []struct {
		name  string
		lines int
	}{{"unfinished", 1 + cut}, {"empty", 1}} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".log")
			if err := os.WriteFile(p, []byte(strings.Join(lines[:c.lines], "")), 0o644); err != nil {
				t.Fatal(err)
			}
			m := replayLoaded(t, p, 80, 24)
			if len(m.d.events) != c.lines-1 {
				t.Fatalf("%d events, want %d", len(m.d.events), c.lines-1)
			}
			m = replayKeys(m, "end", "2")
			got := replayScreen(m)
			replayCheckSize(t, c.name, got, 80, 24)
			if !strings.Contains(got, "log unfinished") {
				t.Errorf("the title does not say the log is unfinished:\n%s", got)
			}
			for _, k := range []string{"right", "left", "home", "3", "4", "1", "space"} {
				m = replayKeys(m, k)
				replayCheckSize(t, c.name+" "+k, replayScreen(m), 80, 24)
			}
		})
	}
}

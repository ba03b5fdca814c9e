package replay

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/scenarios"
	"ttx/tui/internal/tuitest"
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

func replayFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

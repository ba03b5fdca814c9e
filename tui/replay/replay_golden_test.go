package replay

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestReplayGolden draws every pane of the viewer at 80×24 and at 160×48,
// and the start and score screens also at 120×40 and at 60×20, and
// compares each screen with its golden file.
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
	more := [][2]int{{120, 40}, {60, 20}}
	for _, s := range screens {
		sizes := [][2]int{{80, 24}, {160, 48}}
		if s.name == "start" || s.name == "score" {
			sizes = append(sizes, more...)
		}
		for _, size := range sizes {
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

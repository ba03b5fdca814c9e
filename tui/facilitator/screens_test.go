package facilitator

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
	"ttx/tui"
	"ttx/tui/internal/tuitest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/server/wire"
)

var updateFacilitator = flag.Bool("update-facilitator", false, "rewrite the facilitator console's golden files")

func checkFacGolden(t *testing.T, name, got string) {
	t.Helper()
	tuitest.Golden(t, "facilitator-"+name, got, *updateFacilitator, "go test ./tui/facilitator -update-facilitator")
}

// facSizes are the terminal sizes every screen's golden is drawn at: the
// usual 80×24, a roomy 120×40, a small 60×20, and 200×50 where every pane
// shows at once.
var facSizes = [][2]int{{80, 24}, {120, 40}, {60, 20}, {200, 50}}

// TestFacilitatorScreens compares every screen of the console, ANSI
// stripped, with its golden file at each of [facSizes].
func TestFacilitatorScreens(t *testing.T) {
	t.Parallel()
	msgs := facMessages(8, 12)
	cases := []struct {
		name  string
		setup func(f *Model)
		msgs  []any // instead of the fixture
	}{
		{name: "connecting", msgs: []any{}},
		{name: "not-started", msgs: msgs[:2]},
		{name: "seats"},
		{name: "seats-selected", setup: func(f *Model) { f.keysForTest("down", "down") }},
		{name: "injects", setup: func(f *Model) { f.keysForTest("2") }},
		{name: "nrm", setup: func(f *Model) { f.keysForTest("3") }},
		{name: "nrm-rg-form", setup: func(f *Model) { f.keysForTest("3", "down", "r") }},
		{name: "feed", setup: func(f *Model) { f.keysForTest("4") }},
		{name: "feed-police", setup: func(f *Model) { f.keysForTest("4", "f") }},
		{name: "view-as", setup: func(f *Model) { f.keysForTest("v"); f.Update(facSnapshot()) }},
		{name: "exercises", setup: func(f *Model) {
			f.keysForTest("6", "down")
			f.Update(&wire.Created{Type: wire.TypeCreated, ID: "ctl-1", Join: wire.JoinInfo{URL: "ws://127.0.0.1:7420/ws", Exercise: "ex-9q4w", Scenario: "tutorial",
				Facilitator: "fac-3h8s9d", Observer: "OBS-4KD", Seats: map[string]string{"police": "K7M-4QX", "housing": "P2D-8RT", "health": "W9C-1LB"}}})
		}},
		{name: "adhoc", setup: func(f *Model) {
			f.keysForTest("a", "space", "down", "space", "tab", "right", "tab", `"Duty inspector"`, "tab", `"Press are outside."`)
		}},
		{name: "adhoc-missing", setup: func(f *Model) { f.keysForTest("a", "enter") }},
		{name: "trigger", setup: func(f *Model) { f.keysForTest("t", `"gp"`) }},
		{name: "no-play-form", setup: func(f *Model) { f.keysForTest("!", `"NO PLAY: fire alarm, leave by the east stairs"`) }},
		{name: "no-play", setup: func(f *Model) {
			f.Update(&wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9999, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvNoPlay, Payload: engine.Payload{Text: "NO PLAY: a real casualty in the car park. Stay where you are."}}})
		}},
		{name: "paused", setup: func(f *Model) {
			f.Update(&wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9999, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvPaused}})
		}},
		{name: "end-confirm", setup: func(f *Model) { f.keysForTest("E") }},
		{name: "quit-confirm", setup: func(f *Model) { f.keysForTest("q") }},
		{name: "help", setup: func(f *Model) { f.keysForTest("?") }},
		{name: "offline", setup: func(f *Model) {
			f.Update(tui.ConnState{State: tui.StateOffline, Retry: 4 * time.Second, Queued: 2})
			f.Update(&wire.Ack{Type: wire.TypeAck, ID: "x1", Status: wire.Rejected, Rule: "R7", Reason: "the recovery period runs until 2015-10-18"})
			f.Update(facSent{id: "x1", what: "CG victim of trafficking for Ionut (p01)"})
		}},
	}
	for _, c := range cases {
		for _, size := range facSizes {
			name := fmt.Sprintf("%s-%dx%d", c.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := c.msgs
				if m == nil {
					m = msgs
				}
				f := newFacTest(m, size[0], size[1])
				if c.setup != nil {
					c.setup(f)
				}
				got := facScreen(f)
				lines := strings.Split(got, "\n")
				if len(lines) != size[1] {
					t.Errorf("%d lines, want %d", len(lines), size[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w != size[0] {
						t.Errorf("line %d is %d cells wide, want %d: %q", i+1, w, size[0], l)
					}
				}
				checkFacGolden(t, name, got)
			})
		}
	}
}

// TestFacilitatorResize: every size from tiny to wide keeps the frame
// exactly the terminal's size, on every pane.
func TestFacilitatorResize(t *testing.T) {
	t.Parallel()
	f := newFacTest(facMessages(8, 30), 80, 24)
	f.Update(facSnapshot())
	for _, size := range [][2]int{{20, 8}, {40, 12}, {79, 23}, {100, 30}, {149, 40}, {150, 40}, {160, 33}, {240, 70}} {
		f.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for p := range facPanes {
			f.focus(p)
			lines := strings.Split(facScreen(f), "\n")
			if len(lines) != size[1] {
				t.Fatalf("%v pane %d: %d lines", size, p, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != size[0] {
					t.Fatalf("%v pane %d line %d: %d cells: %q", size, p, i, w, l)
				}
			}
		}
	}
}

// BenchmarkFacilitatorFrame renders a frame at 200×50 with 8 agencies, 60
// people and their events.
func BenchmarkFacilitatorFrame(b *testing.B) {
	for _, pane := range []int{facPaneSeats, facPaneView} {
		b.Run(facPaneNames[pane], func(b *testing.B) {
			f := newFacTest(facMessages(8, 60), 200, 50)
			snap := facSnapshot()
			for i := 0; i < 60; i++ {
				snap.View.People = append(snap.View.People, engine.PersonView{ID: fmt.Sprintf("q%02d", i), Alias: fmt.Sprintf("Person %d", i), Age: 20 + i%30, Nationality: "Slovak", Status: engine.Statuses[i%len(engine.Statuses)]})
			}
			f.Update(snap)
			f.focus(pane)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = f.View()
			}
		})
	}
}

package facilitator

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"ttx/tui"
	"ttx/tui/internal/tuitest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"ttx/engine"
	"ttx/server"
	"ttx/server/wire"
)

// TestFacilitatorQuit: q quits at once before the start, asks while the
// exercise runs.
func TestFacilitatorQuit(t *testing.T) {
	t.Parallel()
	msgs := facMessages(3, 3)
	f := newFacTest(msgs[:2], 80, 24)
	if _, cmd := f.Update(tuitest.Key("q")); cmd == nil || cmd() != tea.Quit() {
		t.Error("q before the start does not quit")
	}
	f = newFacTest(msgs, 80, 24)
	if _, cmd := f.Update(tuitest.Key("q")); cmd != nil {
		t.Error("q while running quits without asking")
	}
	if !strings.Contains(facScreen(f), "Quit the console?") {
		t.Error("no question")
	}
	if _, cmd := f.Update(tuitest.Key("y")); cmd == nil || cmd() != tea.Quit() {
		t.Error("y does not quit")
	}
}

// TestFacilitatorMouse: a click on a tab focuses its pane; a click on a
// row selects it.
func TestFacilitatorMouse(t *testing.T) {
	t.Parallel()
	f := newFacTest(facMessages(8, 12), 120, 40)
	g := f.geometry()
	x := strings.Index(ansi.Strip(f.tabBar(120)), "4 Feed")
	f.Update(tea.MouseClickMsg{X: x, Y: g.tabY, Button: tea.MouseLeft})
	if f.pane != facPaneFeed {
		t.Fatalf("clicking the Feed tab focused pane %d", f.pane)
	}
	f.focus(facPaneSeats)
	f.Update(tea.MouseClickMsg{X: 10, Y: g.mainY + 1 + 1 + 3, Button: tea.MouseLeft})
	if f.sel[facPaneSeats] != 3 {
		t.Errorf("clicking the fourth seat selected %d", f.sel[facPaneSeats])
	}
	f.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	g = f.geometry()
	r := g.rects[facPaneNRM]
	f.Update(tea.MouseClickMsg{X: r.x + 5, Y: r.y + 2, Button: tea.MouseLeft})
	if f.pane != facPaneNRM || f.sel[facPaneNRM] != 1 {
		t.Errorf("clicking the second case: pane %d, selection %d", f.pane, f.sel[facPaneNRM])
	}
}

// TestFacilitatorProgram runs the console as a whole program against a
// real server on loopback: it starts the exercise, pauses it, sends an
// ad-hoc inject and sees it in the feed.
func TestFacilitatorProgram(t *testing.T) {
	srv, err := server.New(server.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	info, err := srv.Create(server.CreateOptions{Scenario: "tutorial", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx)
	})
	conn := tui.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+wire.Path, wire.Hello{Token: info.Facilitator, Exercise: info.Exercise})
	defer conn.Close()
	f := New(conn, WithFacilitatorColors(true, true))
	tm := teatest.NewTestModel(t, f, teatest.WithInitialTermSize(120, 40))
	// Each wait reads on from where the last stopped: what it waits for
	// must be drawn after the keys that cause it.
	wait := func(what ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, w := range what {
				if !bytes.Contains(b, []byte(w)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("NOT STARTED", "● online")
	tm.Type("s")
	wait("RUNNING")
	tm.Send(tuitest.Key("space"))
	wait("PAUSED")
	tm.Type("a")
	wait("Ad-hoc inject")
	tm.Send(tuitest.Key("space")) // police
	tm.Send(tuitest.Key("tab"))
	tm.Send(tuitest.Key("tab"))
	tm.Type("Duty-inspector")
	tm.Send(tuitest.Key("tab"))
	tm.Type("Press-are-outside")
	tm.Send(tuitest.Key("enter"))
	tm.Type("4")
	wait("adhoc-1")
	tm.Type("q")
	wait("Quit the console?")
	tm.Type("y")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !final.paused() {
		t.Errorf("the clock is not paused: %+v", final.clock)
	}
	var adhoc bool
	for _, e := range final.events {
		adhoc = adhoc || (e.Type == engine.EvInject && e.Payload.Text == "Press-are-outside" && e.Payload.From == "Duty-inspector")
	}
	if !adhoc {
		t.Error("the ad-hoc inject is not among the events")
	}
}

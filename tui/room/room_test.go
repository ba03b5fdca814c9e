package room

import (
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
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/styles"
)

var updateRoom = flag.Bool("update-room", false, "rewrite the room screen's golden files (testdata/room-*.golden)")

// played runs the tutorial with doctrine bots to minute six, then has
// housing file a report that differs, and returns the room's view.
func played(t *testing.T, noPlay string) engine.RoomView {
	t.Helper()
	data, name, err := scenarios.Read("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(name, data)
	if err != nil {
		t.Fatal(err)
	}
	x := engine.New(sc, engine.Options{Seed: 1})
	bots := map[string]engine.Bot{}
	for _, a := range sc.Agencies {
		bots[a.ID], _ = engine.NewBot("doctrine")
	}
	n := 0
	for ms := int64(0); ms <= 6*60_000; ms += 60_000 {
		x.Apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: ms}, time.Time{})
		for _, a := range sc.Agencies {
			v := x.View(a.ID)
			for _, c := range bots[a.ID].Act(&v) {
				n++
				c.Actor, c.T, c.ID = a.ID, ms, fmt.Sprint(n)
				x.Apply(c, time.Time{})
			}
		}
	}
	x.Apply(engine.Command{ID: "h", Actor: "housing", Type: engine.CmdMethane, T: 6 * 60_000, Methane: &engine.Methane{Location: "Ings Road", Type: "labour exploitation", Victims: 3, Hazards: "none known"}}, time.Time{})
	x.Apply(engine.Command{ID: "a", Actor: engine.Facilitator, Type: engine.CmdAdhocInject, T: 6 * 60_000, To: []string{"police", "housing", "health"}, From: "Gold command", Text: "All agencies: send an updated M/ETHANE report by 10:10."}, time.Time{})
	if noPlay != "" {
		x.Apply(engine.Command{ID: "np", Actor: engine.Facilitator, Type: engine.CmdNoPlay, T: 6 * 60_000, Text: noPlay}, time.Time{})
	}
	return x.RoomView()
}

func screen(t *testing.T, rv engine.RoomView, w, h int) string {
	t.Helper()
	m := New(nil)
	m.SetStyles(styles.New(true, false))
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(tui.ConnState{State: tui.StateOnline})
	m.Update(&wire.Welcome{Type: wire.TypeWelcome, Role: wire.RoleRoom, Scenario: wire.ScenarioInfo{Title: rv.Title}})
	m.Update(&wire.Snapshot{Type: wire.TypeSnapshot, Room: &rv, Clock: wire.Clock{T: rv.T, InWorld: rv.InWorld, Phase: rv.Phase, Started: true, Running: true}})
	return ansi.Strip(m.View().Content)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *updateRoom {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui/room -update-room)", err)
	}
	if got != string(want) {
		t.Errorf("screen %s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// TestRoomScreens compares the room's screen with its golden files at the
// sizes of a laptop, a large terminal and a projector.
func TestRoomScreens(t *testing.T) {
	rv := played(t, "")
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		name := fmt.Sprintf("room-%dx%d", size[0], size[1])
		s := screen(t, rv, size[0], size[1])
		golden(t, name, s)
		lines := strings.Split(s, "\n")
		if len(lines) != size[1] {
			t.Errorf("%s: %d lines, want %d", name, len(lines), size[1])
		}
		for i, l := range lines {
			if ansi.StringWidth(l) > size[0] {
				t.Errorf("%s: line %d is %d wide", name, i+1, ansi.StringWidth(l))
			}
		}
		for _, want := range []string{"Police", "Wakefield Council", "NHS", "≠", "Gold command", "ictims"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s does not show %q", name, want)
			}
		}
	}
	golden(t, "room-noplay-80x24", screen(t, played(t, "A real casualty in the car park: stop and wait for the facilitator."), 80, 24))
}

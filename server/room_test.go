package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/server/wire"
)

// TestRoomGetsNothingPrivate joins the room's screen to an exercise that
// bots and a player play: the room gets the welcome, the clock and room
// snapshots, never an event, an agency's view, the score or the seats; no
// frame holds a person's description, an indicator or an inject sent to
// some agencies only; and a player's M/ETHANE report reaches it.
func TestRoomGetsNothingPrivate(t *testing.T) {
	h := newHarness(t, "leeds-2013", map[string]string{"housing": "doctrine", "health": "doctrine", "child_safeguarding": "doctrine", "adult_safeguarding": "doctrine"})
	if h.info.Room == "" {
		t.Fatal("the join information has no room code")
	}
	room := h.dial()
	room.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Room})
	if w := until[wire.Welcome](room, wire.TypeWelcome, nil); w.Role != wire.RoleRoom || w.Seat != "" || w.Briefing != "" {
		t.Fatalf("room welcome: %+v", w)
	}
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	fac.control("pace", wire.OpPace, func(c *wire.Control) { c.Pace = 120 })
	h.playBots(fac, 40)
	police, _ := h.join(h.info.Seats["police"])
	if a := police.command("m1", engine.Command{Type: engine.CmdMethane, Methane: &engine.Methane{Major: true, Location: "Harehills terraces", Victims: 12, Hazards: "dogs"}}); a.Status != wire.Accepted {
		t.Fatalf("the police report: %+v", a)
	}
	// The room's command is refused; a view request gets the room's view,
	// whatever agency it names.
	room.send(wire.Command{Type: wire.TypeCommand, ID: "r1", Command: engine.Command{Type: engine.CmdMethane, Methane: &engine.Methane{}}})
	room.send(wire.ViewRequest{Type: wire.TypeView, Agency: "police"})
	time.Sleep(200 * time.Millisecond)
	h.stop()

	sc := h.srv.exercises[h.info.Exercise].sc
	public := map[string]bool{}
	for _, in := range sc.Injects {
		if len(in.To) == len(sc.Agencies) {
			public[in.Text] = true
		}
	}
	var private []string
	for _, p := range sc.People {
		private = append(private, p.Description)
		for _, ind := range p.Indicators {
			private = append(private, ind.Text)
		}
	}
	for _, in := range sc.Injects {
		if !public[in.Text] {
			private = append(private, in.Text)
		}
	}
	snapshots, refused, reported := 0, false, false
	for {
		var f frame
		var open bool
		select {
		case f, open = <-room.frames:
		case <-time.After(5 * time.Second):
			t.Fatal("the room's connection was not closed")
		}
		if !open {
			break
		}
		switch f.typ {
		case wire.TypeSnapshot:
			snapshots++
			var snap wire.Snapshot
			json.Unmarshal(f.raw, &snap)
			if snap.View != nil || snap.Facilitator != nil || snap.Room == nil || snap.Clock.Next != 0 {
				t.Errorf("the room's snapshot: view %v, facilitator %v, room %v, next %d", snap.View != nil, snap.Facilitator != nil, snap.Room != nil, snap.Clock.Next)
				continue
			}
			for _, r := range snap.Room.Reports {
				reported = reported || r.Agency == "police" && r.Report != nil && r.Report.Victims == 12
			}
		case wire.TypeError:
			var e wire.Error
			json.Unmarshal(f.raw, &e)
			refused = refused || e.ID == "r1" && e.Code == wire.CodeNotPermitted
		case wire.TypeClock, wire.TypeCaughtUp:
		default:
			t.Errorf("the room got a %s frame: %.200s", f.typ, f.raw)
		}
		s := string(f.raw)
		for _, p := range private {
			b, _ := json.Marshal(p)
			if strings.TrimSpace(p) != "" && strings.Contains(s, strings.Trim(string(b), `"`)) {
				t.Errorf("the room got private text %q in a %s frame", p, f.typ)
			}
		}
	}
	if snapshots < 3 {
		t.Errorf("the room got %d snapshots; want one at joining, more as reports came in, one for its view request", snapshots)
	}
	if !reported {
		t.Error("the police's M/ETHANE report never reached the room")
	}
	if !refused {
		t.Error("the room's command was not refused as not permitted")
	}
}

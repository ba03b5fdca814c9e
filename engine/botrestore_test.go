package engine_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"ttx/engine"
)

// play runs a whole exercise with bots of one kind in every seat, as
// [engine.Simulate] does, and returns every command taken. Every restart
// turns (when not 0) it replaces each bot by a new one restored from the
// commands its seat took, as a server resuming from its log does.
func play(t *testing.T, id, kind string, restart int) []engine.Command {
	t.Helper()
	sc, _ := bundled(t, id)
	x := engine.New(sc, engine.Options{Seed: 1})
	bots := make([]engine.Bot, len(sc.Agencies))
	newBots := func(own map[string][]engine.Command) {
		for i, a := range sc.Agencies {
			b, err := engine.NewBot(kind)
			if err != nil {
				t.Fatal(err)
			}
			v := x.View(a.ID)
			engine.RestoreBot(b, &v, own[a.ID])
			bots[i] = b
		}
	}
	newBots(nil)
	own := make(map[string][]engine.Command)
	var all []engine.Command
	n := 0
	for turn, at := 0, time.Duration(0); at <= sc.Length.D; turn, at = turn+1, at+time.Minute {
		ms := at.Milliseconds()
		x.Apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: ms}, time.Time{})
		if restart > 0 && turn%restart == 0 {
			newBots(own)
		}
		for i, a := range sc.Agencies {
			v := x.View(a.ID)
			for _, c := range bots[i].Act(&v) {
				n++
				c.Actor, c.T, c.ID = a.ID, ms, fmt.Sprintf("%s-%d", a.ID, n)
				x.Apply(c, time.Time{})
				own[a.ID] = append(own[a.ID], c)
				all = append(all, c)
			}
		}
	}
	return all
}

// TestRestoreBot restarts every bot every turn, restored from its own
// commands: they must play exactly as bots that never restarted, and so
// never take an action twice.
func TestRestoreBot(t *testing.T) {
	for _, id := range []string{"tutorial", "wyatn-large-scale"} {
		for _, kind := range engine.BotKinds {
			t.Run(id+"/"+kind, func(t *testing.T) {
				want := play(t, id, kind, 0)
				got := play(t, id, kind, 1)
				if len(want) == 0 {
					t.Fatal("the bots took no action")
				}
				for i := range min(len(want), len(got)) {
					if !reflect.DeepEqual(want[i], got[i]) {
						t.Fatalf("command %d: restarted bots take %+v, bots that never restarted %+v", i, got[i], want[i])
					}
				}
				if len(got) != len(want) {
					t.Fatalf("restarted bots take %d commands, bots that never restarted %d", len(got), len(want))
				}
			})
		}
	}
}

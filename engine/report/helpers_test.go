package report_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"ttx/engine"
	"ttx/engine/report"
	"ttx/scenarios"
)

func bundled(t testing.TB, id string) (*engine.Scenario, []byte) {
	t.Helper()
	data, name, err := scenarios.Read(id)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(name, data)
	if err != nil {
		t.Fatalf("bundled scenario %s:\n%v", id, err)
	}
	return sc, data
}

func fixedWall() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

func header(sc *engine.Scenario, id string, data []byte, seed int64) engine.Header {
	return engine.Header{Scenario: sc.ID, ScenarioFile: id + ".yaml", ScenarioSource: string(data), Seed: seed,
		RulesAsOf: sc.RulesAsOf.Format(time.DateOnly), Engine: engine.Version, Created: fixedWall()}
}

// simulate plays a bundled scenario with bots of one kind in every seat,
// as 'ttx simulate' does, and returns its log.
func simulate(t testing.TB, id, bots string, seed int64) []byte {
	t.Helper()
	return simulateMixed(t, id, nil, bots, seed)
}

// play is a scripted run: bots in the seats (kind "silent" for a seat
// that never acts), and the facilitator pausing, resuming and sending an
// ad-hoc inject at the minutes given.
type play struct {
	id       string
	seed     int64
	bots     map[string]string // seat -> doctrine, naive or silent; default doctrine
	pauses   [][2]int          // minutes: pause at, resume at
	adhoc    int               // minute of an ad-hoc inject; 0 for none
	noPlay   [2]int            // minutes: NO PLAY at, lifted at; zero for none
	leaveOff bool              // stop without the facilitator ending the exercise
}

func (p play) log(t testing.TB) []byte {
	t.Helper()
	sc, data := bundled(t, p.id)
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, header(sc, p.id, data, p.seed))
	if err != nil {
		t.Fatal(err)
	}
	x := engine.New(sc, engine.Options{Seed: p.seed})
	n := 0
	minute := 0
	apply := func(c engine.Command) {
		n++
		if c.ID == "" {
			c.ID = fmt.Sprintf("%s-%d", c.Actor, n)
		}
		// The wall clock runs a minute a turn, paused or not.
		wall := fixedWall().Add(time.Duration(minute)*time.Minute + time.Duration(n)*time.Millisecond)
		for _, e := range x.Apply(c, wall) {
			if err := lw.Append(&e); err != nil {
				t.Fatal(err)
			}
		}
	}
	bots := make([]engine.Bot, len(sc.Agencies))
	for i, a := range sc.Agencies {
		kind := p.bots[a.ID]
		if kind == "" {
			kind = "doctrine"
		}
		if kind == "silent" {
			continue
		}
		if bots[i], err = engine.NewBot(kind); err != nil {
			t.Fatal(err)
		}
	}
	end := sc.Length.D.Milliseconds()
	for ms := int64(0); ms <= end; ms += time.Minute.Milliseconds() {
		minute = int(ms / time.Minute.Milliseconds())
		apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: ms})
		for _, pr := range p.pauses {
			if minute == pr[0] {
				apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdPause, T: ms, Text: "a question from the floor"})
			}
			if minute == pr[1] {
				apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdResume, T: ms})
			}
		}
		if p.noPlay != [2]int{} {
			if minute == p.noPlay[0] {
				apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdNoPlay, T: ms, Text: "fire alarm: NO PLAY"})
			}
			if minute == p.noPlay[1] {
				apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdLiftNoPlay, T: ms})
			}
		}
		if p.adhoc > 0 && minute == p.adhoc {
			apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdAdhocInject, T: ms, To: []string{sc.Agencies[0].ID}, From: "Control room", Text: "A neighbour calls again about the men at the car wash."})
		}
		for i, a := range sc.Agencies {
			if bots[i] == nil || x.Paused() || x.NoPlay() != "" {
				continue // players wait while play is stopped
			}
			v := x.View(a.ID)
			for _, c := range bots[i].Act(&v) {
				c.Actor, c.T = a.ID, ms
				apply(c)
			}
		}
	}
	if !p.leaveOff {
		apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdEnd, T: end})
	}
	return buf.Bytes()
}

// mixed is the run the golden files show: the tutorial with police on
// good practice, housing on first impressions, health silent (so that it
// misses what it is told), a pause and an ad-hoc inject.
func mixed() play {
	return play{id: "tutorial", seed: 1, bots: map[string]string{"housing": "naive", "health": "silent"}, pauses: [][2]int{{2, 3}}, adhoc: 6}
}

func build(t testing.TB, log []byte) *report.Report {
	t.Helper()
	r, err := report.FromLog(bytes.NewReader(log))
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return r
}

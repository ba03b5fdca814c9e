package facilitator

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
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

var updateFacilitator = flag.Bool("update-facilitator", false, "rewrite the facilitator console's golden files")

// facAgencies are the synthetic seats: eight agencies, as in a large
// exercise.
var facAgencies = []wire.SeatInfo{
	{Seat: "police", Name: "West Yorkshire Police", Kind: "police"},
	{Seat: "border_force", Name: "Border Force", Kind: "border_force"},
	{Seat: "cps", Name: "Crown Prosecution Service", Kind: "cps"},
	{Seat: "adult_safeguarding", Name: "Adult Social Care", Kind: "adult_safeguarding"},
	{Seat: "child_safeguarding", Name: "Children's Services", Kind: "child_safeguarding"},
	{Seat: "housing", Name: "Bradford Housing", Kind: "housing"},
	{Seat: "health", Name: "Bradford Teaching Hospitals", Kind: "health"},
	{Seat: "ngo", Name: "The Salvation Army", Kind: "ngo"},
}

// facFixture builds a console's state from synthetic server messages:
// nAg seats, nPeople people and their journeys.
type facFixture struct {
	msgs []any
	seq  int64
}

func (x *facFixture) ev(t int64, actor, typ string, to []string, p engine.Payload) {
	x.seq++
	x.msgs = append(x.msgs, &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: x.seq, T: t, Actor: actor, Type: typ, To: to, Payload: p}})
}

func (x *facFixture) cmd(t int64, actor, typ, person string, p engine.Payload) {
	x.ev(t, actor, engine.EvCommand, []string{actor}, engine.Payload{Command: &engine.Command{Actor: actor, Type: typ, Person: person, T: t}})
	p.Person = person
	x.ev(t, actor, typ, []string{actor}, p)
}

func facMessages(nAg, nPeople int) []any {
	seats := make([]wire.SeatInfo, nAg)
	copy(seats, facAgencies[:min(nAg, len(facAgencies))])
	for i := len(facAgencies); i < nAg; i++ {
		seats[i] = wire.SeatInfo{Seat: fmt.Sprintf("agency%d", i), Name: fmt.Sprintf("Agency %d", i), Kind: "other"}
	}
	ids := make([]string, nAg)
	for i, s := range seats {
		ids[i] = s.Seat
	}
	seats[0].Connected, seats[0].Players = 2, []string{"Asha", "Ben"}
	seats[1].Bot = "doctrine"
	if nAg > 3 {
		seats[3].Bot, seats[3].Connected = "naive", 1
	}
	var people []wire.PersonInfo
	names := []string{"Ionut", "Marta", "Vytautas", "Sorin", "Lan", "Ardit", "Daria", "Tomas"}
	for i := range nPeople {
		name := names[i%len(names)]
		if i >= len(names) {
			name += fmt.Sprintf(" %d", i/len(names)+1)
		}
		people = append(people, wire.PersonInfo{ID: fmt.Sprintf("p%02d", i+1), Alias: name})
	}
	injects := []wire.InjectInfo{
		{ID: "opening", At: 0, Timed: true, From: "Chair, anti-trafficking network", To: ids, Channel: "meeting", Text: "Strategic meeting, Operation Kestrel. Bring what you hold to the table."},
		{ID: "bank-intel", At: 180_000, Timed: true, From: "Regional Organised Crime Unit", To: ids[:1], Channel: "intelligence", Text: "Fourteen current accounts opened in a month, all giving one Bradford address."},
		{ID: "gp-concern", At: 360_000, Timed: true, From: "GP practice", To: ids[min(6, nAg-1):], Channel: "phone", Text: "A man with untreated burns says he sleeps at the car wash."},
		{ID: "dwp-chases", From: "DWP fraud investigator", To: ids[:1], Channel: "email", Text: "Are partners sighted? Nobody has called us back."},
		{ID: "day-of-action", At: 2_700_000, Timed: true, From: "Gold commander", To: ids, Channel: "radio", Text: "Entry at all sites at 06:00."},
	}
	x := &facFixture{}
	x.msgs = append(x.msgs, tui.ConnState{State: tui.StateOnline}, &wire.Welcome{Type: wire.TypeWelcome, Version: wire.Version, Exercise: "ex-7k2m", Role: wire.RoleFacilitator,
		Scenario: wire.ScenarioInfo{ID: "wyatn-large-scale", Title: "Operation Kestrel: a large-scale, multi-site case", RulesAsOf: "2015-09-03"},
		Seats:    seats, Injects: injects, People: people,
		Clock: wire.Clock{T: 0, InWorld: "2015-09-03 09:00", Pace: 10}})
	x.ev(0, engine.System, engine.EvStarted, ids, engine.Payload{InWorld: "2015-09-03 09:00"})
	x.ev(0, engine.System, engine.EvPhase, ids, engine.Payload{Phase: "intelligence", Text: "Intelligence picture"})
	x.ev(0, engine.System, engine.EvInject, ids, engine.Payload{Inject: "opening", From: injects[0].From, Channel: "meeting", Text: injects[0].Text, Cause: "time"})
	x.ev(180_000, engine.System, engine.EvInject, ids[:1], engine.Payload{Inject: "bank-intel", From: injects[1].From, Channel: "intelligence", Text: injects[1].Text, Cause: "time"})
	for i := range nPeople {
		p := people[i].ID
		a := ids[i%nAg]
		t := int64(200_000 + i*15_000)
		x.ev(t, engine.System, engine.EvLearned, []string{a}, engine.Payload{Agency: a, Person: p, Indicators: []string{"burns", "debt"}[:1+i%2], Cause: "inject:bank-intel"})
		x.cmd(t+2000, a, engine.CmdObserve, p, engine.Payload{Text: "works long hours, no protective kit"})
		if i%3 == 0 {
			x.cmd(t+4000, a, engine.CmdIdentify, p, engine.Payload{})
		}
		if i%4 == 1 {
			x.ev(t+5000, a, engine.EvCommand, []string{a}, engine.Payload{Command: &engine.Command{Actor: a, Type: engine.CmdNRMReferral, Person: p}})
			x.ev(t+5000, a, engine.EvRejected, []string{a}, engine.Payload{Kind: engine.CmdNRMReferral, Person: p, Rule: "R2", Reason: people[i].Alias + " is an adult: explain the NRM and seek informed consent before referring"})
		}
	}
	// Referrals and the competent authority's decisions.
	for i := 0; i < nPeople && i < 5; i++ {
		x.cmd(int64(900_000+i*30_000), "police", engine.CmdNRMReferral, people[i].ID, engine.Payload{Authority: "UK Human Trafficking Centre"})
	}
	for i := 0; i < nPeople && i < 3; i++ {
		p := people[i].ID
		t := int64(960_000 + i*30_000)
		switch i {
		case 0:
			x.ev(t+60_000, engine.Facilitator, engine.EvRG, []string{"police"}, engine.Payload{Person: p, Positive: true, Rule: "R6", InWorld: "2015-09-03 09:16", Days: 45, Authority: "UK Human Trafficking Centre"})
			x.ev(t+90_000, engine.Facilitator, engine.EvCommand, nil, engine.Payload{Command: &engine.Command{Actor: engine.Facilitator, Type: engine.CmdCADecision, Person: p, Kind: "cg"}})
			x.ev(t+90_000, engine.Facilitator, engine.EvRejected, nil, engine.Payload{Kind: engine.CmdCADecision, Person: p, Rule: "R7",
				Reason: "the recovery period of 45 days runs until 2015-10-18: Conclusive Grounds cannot come before it ends (advance the clock)"})
		case 1:
			x.ev(t+60_000, engine.System, engine.EvRG, []string{"police"}, engine.Payload{Person: p, Positive: false, Rule: "R6", InWorld: "2015-09-03 09:17"})
		case 2:
			x.ev(t+60_000, engine.System, engine.EvRG, []string{"police"}, engine.Payload{Person: p, Positive: true, Rule: "R6", InWorld: "2015-08-01 09:00", Days: 30})
			x.ev(t+70_000, engine.System, engine.EvCG, []string{"police"}, engine.Payload{Person: p, Outcome: "victim_of_trafficking", Positive: true, Rule: "R8"})
		}
	}
	x.ev(1_100_000, engine.System, engine.EvFlagged, nil, engine.Payload{Agency: "police", Person: people[0].ID, Rule: "R9", Reason: "referred while still in danger: safeguard first, paperwork after"})
	x.ev(1_150_000, engine.System, engine.EvMissed, nil, engine.Payload{Inject: "bank-intel", Expect: "share-bank-intel", Kind: "share", Agencies: []string{"police"}})
	x.ev(1_180_000, engine.Facilitator, engine.EvInject, ids[:2], engine.Payload{Inject: "adhoc-1", From: "Duty inspector", Channel: "radio", Text: "Press are outside the car wash.", Cause: "adhoc"})
	scores := map[string]int{}
	for i, id := range ids {
		scores[id] = (i*7)%13 - 2
	}
	clock := wire.Clock{Type: wire.TypeClock, T: 1_200_000, InWorld: "2015-09-03 09:20", Started: true, Running: true, Pace: 10, Phase: "Intelligence picture", Next: 1_350_000}
	x.msgs = append(x.msgs, &wire.Score{Type: wire.TypeScore, Total: 41, Agencies: scores}, &clock,
		&wire.Snapshot{Type: wire.TypeSnapshot, Seq: x.seq, Clock: clock, Facilitator: facView(people, ids)})
	return x.msgs
}

// facView is the engine's facilitator view that goes with the fixture's
// events: five referrals and the decisions on them, two open requests, a
// decision point, and who plays the seats.
func facView(people []wire.PersonInfo, ids []string) *engine.FacilitatorView {
	v := &engine.FacilitatorView{T: 1_200_000, InWorld: "2015-09-03 09:20", Phase: "Intelligence picture", Mode: "engine"}
	for i := 0; i < len(people) && i < 5; i++ {
		c := engine.CaseView{Person: people[i].ID, Alias: people[i].Alias, ReferredBy: "police", Referred: int64(900_000 + i*30_000)}
		switch i {
		case 0:
			c.RG, c.RGInWorld, c.RecoveryEnds = "positive", "2015-09-03 09:16", "2015-10-18"
			c.Awaiting, c.Due, c.CGFrom = "cg", 2_400_000, "2015-10-18"
		case 1:
			c.RG, c.RGInWorld = "negative", "2015-09-03 09:17"
		case 2:
			c.RG, c.RGInWorld, c.RecoveryEnds, c.CG, c.CGInWorld = "positive", "2015-08-01 09:00", "2015-08-31", "victim_of_trafficking", "2015-09-03 09:18"
		default:
			c.Awaiting, c.Due = "rg", c.Referred+420_000
		}
		v.Cases = append(v.Cases, c)
	}
	if len(people) >= 3 && len(ids) >= 7 {
		v.Requests = []engine.RequestView{
			{ID: "q1", From: "police", Holder: "health", Kind: "medic", Person: people[0].ID, Open: true, Asked: 1_000_000, QueuePosition: 1},
			{ID: "q2", From: "housing", Holder: "police", Kind: "officers", Person: people[2].ID, Open: true, Asked: 1_100_000, QueuePosition: 1},
		}
		v.Decisions = []engine.OpenDecision{{DecisionView: engine.DecisionView{ID: "press", Prompt: "Press are outside the car wash: brief them now?", Deadline: 1_400_000}, To: "police"}}
		v.Seats = []engine.SeatView{{Agency: ids[0], Kind: engine.SeatPerson, Name: "Asha, Ben", Since: 30_000}, {Agency: ids[1], Kind: engine.SeatBot, Name: "doctrine"}}
	}
	return v
}

// facSnapshot is a view as police, for the "view as" screen.
func facSnapshot() *wire.Snapshot {
	v := &engine.View{Agency: "police", Name: "West Yorkshire Police", Kind: "police", T: 1_200_000, InWorld: "2015-09-03 09:20", FirstResponder: true,
		People: []engine.PersonView{
			{ID: "p01", Alias: "Ionut", Age: 19, Nationality: "Romanian", Status: "referred", Indicators: []engine.IndicatorView{{ID: "burns", Kind: "physical", Text: "untreated burns"}}},
			{ID: "p02", Alias: "Marta", Age: 16, AgeDisputed: true, Child: true, Nationality: "Slovak", Status: "identified"},
			{ID: "p03", Alias: "Vytautas", Age: 44, Nationality: "Lithuanian", Status: "concern"},
		},
		Inbox: []engine.InjectView{
			{ID: "opening", T: 0, From: "Chair", Channel: "meeting", Text: "Strategic meeting, Operation Kestrel."},
			{ID: "bank-intel", T: 180_000, From: "ROCU", Channel: "intelligence", Text: "Fourteen current accounts opened in a month."},
		},
		Resources: []engine.ResourceView{{Kind: "officers", Count: 6}, {Kind: "interpreter", Language: "ro", Count: 1}},
		Requests:  []engine.RequestView{{ID: "q1", From: "police", Holder: "health", Kind: "medic", Person: "p01", Open: true}},
	}
	return &wire.Snapshot{Type: wire.TypeSnapshot, Seq: 99, View: v, Clock: wire.Clock{T: 1_200_000, InWorld: "2015-09-03 09:20", Started: true, Running: true, Pace: 10, Phase: "Intelligence picture", Next: 1_350_000}}
}

func newFacTest(msgs []any, w, h int) *Model {
	f := New(nil, WithScenarios([]string{"leeds-2013", "tutorial", "wyatn-large-scale"}), WithFacilitatorColors(true, false))
	f.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, m := range msgs {
		f.Update(m)
	}
	return f
}

// keys presses each key; a name in quotes types its text.
func (f *Model) keysForTest(ks ...string) []tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range ks {
		if strings.HasPrefix(k, `"`) {
			for _, r := range strings.Trim(k, `"`) {
				_, c := f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
				cmds = append(cmds, c)
			}
			continue
		}
		_, c := f.Update(tuitest.Key(k))
		cmds = append(cmds, c)
	}
	return cmds
}

func facScreen(f *Model) string {
	return ansi.Strip(f.View().Content)
}

func checkFacGolden(t *testing.T, name, got string) {
	t.Helper()
	tuitest.Golden(t, "facilitator-"+name, got, *updateFacilitator, "go test ./tui/facilitator -update-facilitator")
}

// TestFacilitatorScreens compares every screen of the console, ANSI
// stripped, with its golden file at 80×24 and at 200×50.
func TestFacilitatorScreens(t *testing.T) {
	t.Parallel()
	msgs := facMessages(8, 12)
	cases := []struct {
		name  string
		setup func(f *Model)
		msgs  []any    // instead of the fixture
		sizes [][2]int // besides 80×24 and 200×50
	}{
		{name: "connecting", msgs: []any{}},
		{name: "not-started", msgs: msgs[:2]},
		{name: "seats", sizes: [][2]int{{120, 40}}},
		{name: "seats-selected", setup: func(f *Model) { f.keysForTest("down", "down") }},
		{name: "injects", setup: func(f *Model) { f.keysForTest("2") }},
		{name: "nrm", setup: func(f *Model) { f.keysForTest("3") }, sizes: [][2]int{{120, 40}}},
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
		for _, size := range append([][2]int{{80, 24}, {200, 50}}, c.sizes...) {
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

// facRecorder stands in for the connection and records what is sent.
type facRecorder struct {
	mu   sync.Mutex
	cmds []engine.Command
	sent []any
}

func (r *facRecorder) Command(c engine.Command) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cmds = append(r.cmds, c)
	return fmt.Sprintf("c%d", len(r.cmds))
}

func (r *facRecorder) Send(m any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
}

func (r *facRecorder) Wait() tea.Cmd { return func() tea.Msg { select {} } }

// runCmds runs commands as the program would, feeding their messages
// back, but skips any that wait (ticks, blinking cursors).
func runCmds(f *Model, cmds ...tea.Cmd) {
	for _, c := range cmds {
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		select {
		case m := <-done:
			switch m := m.(type) {
			case tea.BatchMsg:
				runCmds(f, m...)
			case nil:
			default:
				_, next := f.Update(m)
				runCmds(f, next)
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestFacilitatorControls: each control's keys send the command or
// control the server expects.
func TestFacilitatorControls(t *testing.T) {
	t.Parallel()
	msgs := facMessages(8, 12)
	cases := []struct {
		name    string
		msgs    []any
		keys    []string
		cmd     *engine.Command
		control *wire.Control
		views   []wire.ViewRequest
	}{
		{name: "start", msgs: msgs[:2], keys: []string{"s"}, control: &wire.Control{Op: wire.OpStart}},
		{name: "pause", keys: []string{"space"}, cmd: &engine.Command{Type: engine.CmdPause}},
		{name: "pace up", keys: []string{"+"}, control: &wire.Control{Op: wire.OpPace, Pace: 20}},
		{name: "pace down", keys: []string{"-"}, control: &wire.Control{Op: wire.OpPace, Pace: 5}},
		{name: "advance", keys: []string{"n"}, control: &wire.Control{Op: wire.OpAdvance}},
		{name: "advance while paused", msgs: append(append([]any{}, msgs...), &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9999, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvPaused}}),
			keys: []string{"n"}},
		{name: "resume", msgs: append(append([]any{}, msgs...), &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9999, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvPaused}}),
			keys: []string{"space"}, cmd: &engine.Command{Type: engine.CmdResume}},
		{name: "trigger", keys: []string{"t", `"gp-concern"`, "enter"}, cmd: &engine.Command{Type: engine.CmdReleaseInject, Inject: "gp-concern"}},
		{name: "trigger suggested", keys: []string{"t", `"dwp"`, "tab", "enter"}, cmd: &engine.Command{Type: engine.CmdReleaseInject, Inject: "dwp-chases"}},
		{name: "release selected", keys: []string{"2", "enter", "y"}, cmd: &engine.Command{Type: engine.CmdReleaseInject, Inject: "gp-concern"}},
		{name: "adhoc", keys: []string{"a", "space", "down", "space", "tab", "right", "right", "tab", `"Duty inspector"`, "tab", `"Press are outside."`, "enter"},
			cmd: &engine.Command{Type: engine.CmdAdhocInject, To: []string{"police", "border_force"}, Channel: "radio", From: "Duty inspector", Text: "Press are outside."}},
		{name: "no play", keys: []string{"!", `"NO PLAY: fire alarm"`, "enter"}, cmd: &engine.Command{Type: engine.CmdNoPlay, Text: "NO PLAY: fire alarm"}},
		{name: "lift no play", msgs: append(append([]any{}, msgs...), &wire.Clock{Type: wire.TypeClock, Started: true, Pace: 10, NoPlay: "NO PLAY: fire alarm"}),
			keys: []string{"!", "y"}, cmd: &engine.Command{Type: engine.CmdLiftNoPlay}},
		{name: "end", keys: []string{"E", "y"}, cmd: &engine.Command{Type: engine.CmdEnd}},
		{name: "end refused", keys: []string{"E", "n"}},
		{name: "RG negative", keys: []string{"3", "down", "r", "right", "enter"}, cmd: &engine.Command{Type: engine.CmdCADecision, Person: "p04", Kind: "rg", Outcome: "negative"}},
		{name: "CG", keys: []string{"3", "c", "right", "enter"}, cmd: &engine.Command{Type: engine.CmdCADecision, Person: "p01", Kind: "cg", Outcome: "victim_of_slavery"}},
		{name: "days for R7", keys: []string{"3", "d", "enter"}, cmd: &engine.Command{Type: engine.CmdAdvanceClock, Days: 45}},
		{name: "bot", keys: []string{"1", "down", "down", "b", "enter"}, control: &wire.Control{Op: wire.OpBot, Seat: "cps", Bot: "doctrine"}},
		{name: "bot back", keys: []string{"down", "b", "enter"}, control: &wire.Control{Op: wire.OpBot, Seat: "border_force"}},
		{name: "view as", keys: []string{"down", "v"}, views: []wire.ViewRequest{{Type: wire.TypeView, Agency: "border_force"}}},
		{name: "view as next", keys: []string{"5", "right"}, views: []wire.ViewRequest{{Type: wire.TypeView, Agency: "police"}, {Type: wire.TypeView, Agency: "border_force"}}},
		{name: "create", keys: []string{"6", "down", "enter"}, control: &wire.Control{Op: wire.OpCreate, Scenario: "tutorial"}},
		{name: "form cancelled", keys: []string{"a", "space", "esc", "enter"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.msgs
			if m == nil {
				m = msgs
			}
			f := newFacTest(m, 120, 40)
			rec := &facRecorder{}
			f.link = rec
			runCmds(f, f.keysForTest(c.keys...)...)
			var wantCmds []engine.Command
			if c.cmd != nil {
				wantCmds = append(wantCmds, *c.cmd)
			}
			if !reflect.DeepEqual(rec.cmds, wantCmds) {
				t.Errorf("commands %+v, want %+v", rec.cmds, wantCmds)
			}
			var wantSent []any
			if c.control != nil {
				ctl := *c.control
				ctl.Type, ctl.ID = wire.TypeControl, "ctl-1"
				wantSent = append(wantSent, ctl)
			}
			for _, v := range c.views {
				wantSent = append(wantSent, v)
			}
			if !reflect.DeepEqual(rec.sent, wantSent) {
				t.Errorf("sent %+v, want %+v", rec.sent, wantSent)
			}
		})
	}
}

// TestFacilitatorAnswers: acknowledgements, refusals and the R7 refusal
// reach the screen in words.
func TestFacilitatorAnswers(t *testing.T) {
	t.Parallel()
	f := newFacTest(facMessages(8, 12), 120, 40)
	rec := &facRecorder{}
	f.link = rec
	runCmds(f, f.keysForTest("3", "c", "enter")...)
	f.Update(&wire.Ack{Type: wire.TypeAck, ID: "c1", Status: wire.Rejected, Rule: "R7", Reason: "the recovery period of 45 days runs until 2015-10-18"})
	s := facScreen(f)
	for _, want := range []string{"✗ CG victim of trafficking for Ionut (p01) refused: the recovery period of 45 days runs until 2015-10-18 (R7)",
		"d advances the clock 45 days"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	// After the clock is advanced, the engine's view says the CG is due.
	fv := *f.fv
	fv.Cases = append([]engine.CaseView(nil), fv.Cases...)
	fv.InWorld = "2015-10-18 09:20"
	f.Update(&wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 9998, T: 1_200_000, Actor: engine.Facilitator, Type: engine.EvClockAdvanced, Payload: engine.Payload{Days: 45, InWorld: "2015-10-18 09:20"}}})
	f.Update(&wire.Snapshot{Type: wire.TypeSnapshot, Seq: 9998, Clock: wire.Clock{T: 1_200_000, InWorld: "2015-10-18 09:20", Started: true, Running: true, Pace: 10}, Facilitator: &fv})
	if s := facScreen(f); !strings.Contains(s, "c: make the Conclusive Grounds decision") {
		t.Errorf("after the clock was advanced, the CG decision is not offered:\n%s", s)
	}
	// An answer that comes before its command's id is matched later.
	f.Update(&wire.Ack{Type: wire.TypeAck, ID: "early", Status: wire.Accepted})
	f.Update(facSent{id: "early", what: "pause"})
	if !strings.Contains(facScreen(f), "✓ done: pause") {
		t.Errorf("the early answer was lost:\n%s", facScreen(f))
	}
	// Events heard twice after a reconnect are folded once.
	n := len(f.events)
	f.Update(&wire.Event{Type: wire.TypeEvent, Event: f.events[n-1]})
	if len(f.events) != n {
		t.Errorf("an event heard again was added: %d events, want %d", len(f.events), n)
	}
	// The clock runs on between clock messages, at its pace.
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f.Update(facIn{msg: &wire.Clock{Type: wire.TypeClock, T: 60_000, Started: true, Running: true, Pace: 10}, at: at})
	f.Update(facTick(at.Add(3 * time.Second)))
	if got := f.exerciseTime(); got != 90_000 {
		t.Errorf("3 s at pace 10 after 0:01:00 reads %d ms, want 90000", got)
	}
}

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

// TestFacilitatorRefresh: events ask for a fresh facilitator view at most
// once a second, the asks in between coalesced into one.
func TestFacilitatorRefresh(t *testing.T) {
	t.Parallel()
	f := newFacTest(facMessages(8, 12), 120, 40)
	rec := &facRecorder{}
	f.link = rec
	asks := func() int {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		n := 0
		for _, m := range rec.sent {
			if v, ok := m.(wire.ViewRequest); ok && v.Agency == "" {
				n++
			}
		}
		return n
	}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	seq := f.lastSeq
	ev := func(at time.Duration, typ string) tea.Cmd {
		seq++
		_, cmd := f.Update(facIn{msg: &wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: seq, T: 1_300_000, Actor: "police", Type: typ, Payload: engine.Payload{Person: "p06"}}}, at: t0.Add(at)})
		return cmd
	}
	runCmds(f, ev(0, engine.CmdNRMReferral))
	if n := asks(); n != 1 {
		t.Fatalf("after the first event: %d asks, want 1", n)
	}
	for i := range 5 {
		ev(time.Duration(100*(i+1))*time.Millisecond, engine.EvLearned) // not run: each is at most a wait
	}
	if n := asks(); n != 1 || !f.refreshDue {
		t.Fatalf("within the second: %d asks (want 1), refresh due %v", asks(), f.refreshDue)
	}
	runCmds(f, func() tea.Msg { return facRefresh{at: t0.Add(time.Second)} })
	if n := asks(); n != 2 || f.refreshDue {
		t.Fatalf("when the second is up: %d asks (want 2), refresh due %v", n, f.refreshDue)
	}
	// A command event brings nothing of its own: no ask.
	runCmds(f, ev(3*time.Second, engine.EvCommand))
	if n := asks(); n != 2 {
		t.Errorf("a command event asked for a view: %d asks", n)
	}
	runCmds(f, ev(3*time.Second, engine.EvRG))
	if n := asks(); n != 3 {
		t.Errorf("an event a second and more after the last ask: %d asks, want 3", n)
	}
}

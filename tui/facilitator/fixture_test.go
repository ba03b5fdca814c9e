package facilitator

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"ttx/tui"
	"ttx/tui/internal/tuitest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/server/wire"
)

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
	v := &engine.FacilitatorView{Moment: engine.Moment{T: 1_200_000, InWorld: "2015-09-03 09:20", Phase: "Intelligence picture"}, Mode: "engine"}
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
	v := &engine.View{Agency: "police", Name: "West Yorkshire Police", Kind: "police", Moment: engine.Moment{T: 1_200_000, InWorld: "2015-09-03 09:20"}, FirstResponder: true,
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

package player

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
	"ttx/tui"
	"ttx/tui/internal/tuitest"
	"ttx/tui/styles"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/scenarios"
	"ttx/server/wire"
)

var updatePlayer = flag.Bool("update-player", false, "rewrite the player's golden files")

// fakeSender records what a screen sends.
type fakeSender struct {
	cmds []engine.Command
	msgs []any
}

func (f *fakeSender) Command(c engine.Command) string {
	f.cmds = append(f.cmds, c)
	return fmt.Sprintf("c%d", len(f.cmds))
}
func (f *fakeSender) Send(m any)    { f.msgs = append(f.msgs, m) }
func (f *fakeSender) Wait() tea.Cmd { return nil }

var fixedNow = func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }

// tutorialView plays a little of the tutorial and returns police's view,
// after more commands if any.
func tutorialView(t *testing.T, more ...engine.Command) (*engine.View, *engine.Scenario) {
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
	for _, c := range []engine.Command{
		{Actor: engine.Facilitator, Type: engine.CmdTick, T: 60_000},
		{Actor: "police", Type: engine.CmdObserve, Person: "ionut", T: 61_000},
		{Actor: "police", Type: engine.CmdRequest, Person: "ionut", Agency: "housing", Kind: "bed", T: 62_000},
	} {
		x.Apply(c, fixedNow())
	}
	for _, c := range more {
		for _, e := range x.Apply(c, fixedNow()) {
			if e.Type == engine.EvRejected {
				t.Fatalf("%s: rejected: %s", c.Type, e.Payload.Reason)
			}
		}
	}
	v := x.View("police")
	return &v, sc
}

// everyKind is what brings police an inbox item of every kind: a
// message from health; from housing, a share with a note, a request for
// officers and the answer to police's request for a bed.
var everyKind = []engine.Command{
	{Actor: "health", Type: engine.CmdMessage, To: []string{"police"}, Text: "A man with burns on his hands came in this morning; he would not give a name.", T: 63_000},
	{Actor: "housing", Type: engine.CmdShare, To: []string{"police"}, Person: "ionut", Text: "please prepare a bed", T: 64_000},
	{Actor: "housing", Type: engine.CmdRequest, Person: "ionut", Agency: "police", Kind: "officers", T: 65_000},
	{Actor: "housing", Type: engine.CmdAllocate, Request: "q1", T: 66_000},
}

func newTestPlayer(t *testing.T, w, h int, more ...engine.Command) (*Model, *fakeSender) {
	t.Helper()
	v, sc := tutorialView(t, more...)
	f := &fakeSender{}
	p := New(f, fixedNow)
	p.SetStyles(styles.New(true, false))
	p.Update(tea.WindowSizeMsg{Width: w, Height: h})
	p.Update(&wire.Welcome{Type: wire.TypeWelcome, Exercise: "tutorial-x", Role: wire.RolePlayer, Seat: "police", Briefing: sc.Agencies[0].Briefing,
		Scenario: wire.ScenarioInfo{ID: sc.ID, Title: sc.Title, ContentWarning: sc.ContentWarning},
		Seats:    []wire.SeatInfo{{Seat: "police", Name: sc.Agencies[0].Name}}})
	p.Update(tui.ConnState{State: tui.StateOnline})
	p.Update(&wire.Snapshot{Type: wire.TypeSnapshot, Seq: 20, View: v, Clock: wire.Clock{T: 62_000, InWorld: "2025-06-03 10:01", Started: true, Running: true, Pace: 1, Phase: "Find and observe"}})
	return p, f
}

func press(p *Model, keys ...string) {
	for _, k := range keys {
		p.Update(tuitest.Key(k))
	}
}

func screen(p *Model) string { return ansi.Strip(p.View().Content) }

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	tuitest.Golden(t, name, got, *updatePlayer, "go test ./tui/player -update-player")
}

// kindsView is police's view with an inbox item of every kind.
var kindsView *engine.View

// TestPlayerScreens compares every player screen with its golden file at
// 80×24 and at a wide size, and checks nothing overflows.
func TestPlayerScreens(t *testing.T) {
	steps := []struct {
		name string
		do   func(p *Model)
	}{
		{"warning", func(p *Model) { p.screen = screenWarning }},
		{"briefing", func(p *Model) { press(p, "enter") }},
		{"board", func(p *Model) { press(p, "enter", "enter") }},
		{"inbox", func(p *Model) { press(p, "enter", "enter", "2") }},
		{"resources", func(p *Model) { press(p, "enter", "enter", "3") }},
		{"menu", func(p *Model) { press(p, "enter", "enter", "enter") }},
		{"nrm-form", func(p *Model) {
			press(p, "enter", "enter", "enter")
			for range 8 {
				press(p, "down")
			}
			press(p, "enter")
		}},
		{"refused", func(p *Model) {
			press(p, "enter", "enter")
			p.sent["c1"] = &sentCmd{what: "NRM referral — Ionut"}
			p.Update(&wire.Ack{Type: wire.TypeAck, ID: "c1", Status: wire.Rejected, Rule: "R2", Reason: "Ionut is an adult: explain the NRM and seek informed consent before referring"})
		}},
		{"log-form", func(p *Model) { press(p, "enter", "enter", "L") }},
		{"no-play", func(p *Model) {
			press(p, "enter", "enter")
			p.Update(&wire.Event{Type: wire.TypeEvent, Event: engine.Event{Type: "no_play", Payload: engine.Payload{Text: "A fire alarm: leave the building by the nearest exit."}}})
		}},
		{"quit", func(p *Model) { press(p, "enter", "enter", "q") }},
		{"help", func(p *Model) { press(p, "enter", "enter", "?") }},
		{"inbox-kinds", func(p *Model) {
			p.setView(kindsView)
			press(p, "enter", "enter", "2")
		}},
		{"message-form", func(p *Model) {
			p.setView(kindsView)
			press(p, "enter", "enter", "m", "space")
			for _, r := range "Ionut is at the car wash" {
				press(p, string(r))
			}
		}},
		{"inbox-menu", func(p *Model) {
			p.setView(kindsView)
			press(p, "enter", "enter", "2", "up", "up", "up", "up", "up", "up", "down", "down", "down", "enter")
		}},
		{"reply-form", func(p *Model) {
			p.setView(kindsView)
			press(p, "enter", "enter", "2", "up", "up", "up", "up", "up", "up", "down", "down", "down", "enter", "enter")
		}},
		{"offline", func(p *Model) {
			press(p, "enter", "enter")
			p.Update(tui.ConnState{State: tui.StateOffline, Retry: 2 * time.Second, Queued: 1})
		}},
	}
	kindsView, _ = tutorialView(t, everyKind...)
	for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 20}} {
		for _, s := range steps {
			t.Run(fmt.Sprintf("%s-%dx%d", s.name, size[0], size[1]), func(t *testing.T) {
				p, _ := newTestPlayer(t, size[0], size[1])
				s.do(p)
				got := screen(p)
				lines := strings.Split(got, "\n")
				if len(lines) > size[1] {
					t.Errorf("%d lines on a %d-line terminal", len(lines), size[1])
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("line %d is %d wide on a %d-wide terminal: %q", i+1, w, size[0], l)
					}
				}
				checkGolden(t, fmt.Sprintf("player-%s-%dx%d", s.name, size[0], size[1]), got)
			})
		}
	}
}

// TestPlayerActions drives the forms and checks the commands sent.
func TestPlayerActions(t *testing.T) {
	p, f := newTestPlayer(t, 100, 30)
	press(p, "enter", "enter")
	// Observe Ionut with a note.
	press(p, "enter", "enter")
	for _, r := range "burns" {
		press(p, string(r))
	}
	press(p, "enter")
	// Share with housing: tick the first agency, then submit.
	press(p, "enter", "down", "down", "enter", "space", "tab", "enter")
	// A decision-log entry: stage 2, text, rationale.
	press(p, "L", "right")
	p.Update(tuitest.Key("l"))
	press(p, "tab")
	for _, r := range "visit" {
		press(p, string(r))
	}
	press(p, "tab")
	for _, r := range "risk" {
		press(p, string(r))
	}
	press(p, "enter")
	if len(f.cmds) != 3 {
		t.Fatalf("sent %d commands: %+v", len(f.cmds), f.cmds)
	}
	if c := f.cmds[0]; c.Type != engine.CmdObserve || c.Person != "ionut" || c.Text != "burns" {
		t.Errorf("observe: %+v", c)
	}
	if c := f.cmds[1]; c.Type != engine.CmdShare || len(c.To) != 1 || c.To[0] != "housing" {
		t.Errorf("share: %+v", c)
	}
	if c := f.cmds[2]; c.Type != engine.CmdLogDecision || c.Stage != 3 || c.Text != "visit" || c.Rationale != "risk" {
		t.Errorf("log: %+v", c)
	}
	// A form with a required field left empty is not sent.
	press(p, "L", "enter", "enter", "enter")
	if len(f.cmds) != 3 || p.form == nil || !strings.Contains(screen(p), "Please fill in") {
		t.Errorf("an empty decision log was sent, or no error shown")
	}
	press(p, "esc")
	// q while running asks first; any key but y stays.
	press(p, "q")
	if !p.confirmQuit {
		t.Fatal("q did not ask for confirmation")
	}
	press(p, "n")
	if p.confirmQuit || p.quitting {
		t.Error("n did not cancel quitting")
	}
}

func typeText(p *Model, s string) {
	for _, r := range s {
		press(p, string(r))
	}
}

// TestPlayerMessages sends a message from anywhere, replies to one and
// passes one on, and follows a request alert to the request.
func TestPlayerMessages(t *testing.T) {
	p, f := newTestPlayer(t, 100, 30)
	press(p, "enter", "enter", "3") // the resources pane: m works anywhere
	press(p, "m", "space", "tab")
	typeText(p, "call me")
	press(p, "tab", "right", "enter")
	if len(f.cmds) != 1 {
		t.Fatalf("sent %d commands: %+v", len(f.cmds), f.cmds)
	}
	if c := f.cmds[0]; c.Type != engine.CmdMessage || strings.Join(c.To, ",") != "housing" || c.Text != "call me" || c.Person != "ionut" {
		t.Errorf("message: %+v", c)
	}
	// Without recipients it is not sent.
	press(p, "m", "tab")
	typeText(p, "nobody")
	press(p, "enter")
	if len(f.cmds) != 1 || !strings.Contains(screen(p), "Please fill in: To") {
		t.Errorf("a message with no recipient was sent, or no error shown")
	}
	press(p, "esc")

	p.setView(kindsView)
	if !strings.Contains(p.status, "Housing asks: officers for Ionut") {
		t.Errorf("a request arriving on another pane raised no alert: %q", p.status)
	}
	if s := screen(p); !strings.Contains(s, "⚑ 1 request waiting") {
		t.Errorf("no waiting badge in the header:\n%s", s)
	}
	press(p, "2", "up", "up", "up", "up", "up", "up", "up")
	// Row 3 is health's message: reply.
	press(p, "down", "down", "down", "enter", "enter")
	typeText(p, "yes")
	press(p, "enter")
	if c := f.cmds[len(f.cmds)-1]; c.Type != engine.CmdMessage || strings.Join(c.To, ",") != "health" || !strings.HasPrefix(c.Text, "Re: A man with burns") || !strings.HasSuffix(c.Text, "yes") {
		t.Errorf("reply: %+v", c)
	}
	// Pass the share (row 2) on to health, quoted.
	press(p, "up", "enter", "down", "enter", "right", "space", "enter")
	if c := f.cmds[len(f.cmds)-1]; c.Type != engine.CmdMessage || strings.Join(c.To, ",") != "health" || !strings.Contains(c.Text, "please prepare a bed") || c.Person != "ionut" {
		t.Errorf("pass on: %+v", c)
	}
	// Enter on the request alert (row 1) shows the request, to answer it.
	press(p, "up", "enter")
	if p.pane != paneResources || p.request() == nil || p.request().ID != "q2" {
		t.Fatalf("enter on a request alert: pane %d, request %+v", p.pane, p.request())
	}
	press(p, "enter")
	if p.form == nil || !strings.Contains(p.form.form.Title, "q2") {
		t.Errorf("enter on the request did not open its answer")
	}
	press(p, "esc")

	// Once answered, the badge goes.
	answered, _ := tutorialView(t, append(everyKind, engine.Command{Actor: "police", Type: engine.CmdAllocate, Request: "q2", T: 67_000})...)
	p.setView(answered)
	if s := screen(p); strings.Contains(s, "waiting ·") {
		t.Errorf("the badge stayed after the request was answered:\n%s", s)
	}
}

// TestInboxOpensOnTheNewestUnread: opening the inbox shows the newest
// message not yet read, not the one read before.
func TestInboxOpensOnTheNewestUnread(t *testing.T) {
	p, _ := newTestPlayer(t, 100, 30)
	press(p, "enter", "enter", "2") // past the warning and the briefing
	first := p.inboxAt(p.sel[paneInbox])
	press(p, "1")
	kinds, _ := tutorialView(t, everyKind...)
	p.setView(kinds)
	press(p, "2")
	got := p.inboxAt(p.sel[paneInbox])
	if got == nil || got.ID == first.ID || got.ID != p.inboxAt(0).ID {
		t.Errorf("the inbox opened on %+v, want the newest message %+v", got, p.inboxAt(0))
	}
}

// TestSentMessagesInTheRecord: what the agency sent other agencies is in
// its record pane, with whom it went to and about whom.
func TestSentMessagesInTheRecord(t *testing.T) {
	p, _ := newTestPlayer(t, 100, 30)
	press(p, "enter", "enter")
	p.Update(&wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: 21, T: 70_000, Actor: "police", Type: engine.CmdMessage, To: []string{"police", "health"},
		Payload: engine.Payload{Agencies: []string{"health"}, Person: "ionut", Text: "bringing a man with burns"}}})
	press(p, "4")
	s := screen(p)
	if !strings.Contains(s, "Sent to other agencies (1)") || !strings.Contains(s, "to health · about Ionut") || !strings.Contains(s, "bringing a man with burns") {
		t.Errorf("the record pane does not show the message sent:\n%s", s)
	}
}

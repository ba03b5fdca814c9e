package facilitator

import (
	"fmt"
	"strings"
	"time"
	"ttx/tui"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
)

// network takes a message from the server or the connection; at is when
// it arrived (zero when not known).
func (f *Model) network(msg any, at time.Time) tea.Cmd {
	switch m := msg.(type) {
	case tui.ConnState:
		f.state = m
	case *wire.Welcome:
		f.welcome(m, at)
		if f.viewAs != "" {
			return f.askView()
		}
	case *wire.Event:
		return f.event(&m.Event, at)
	case *wire.Clock:
		f.setClock(*m, at)
	case *wire.Seats:
		f.seats = m.Seats
		f.clampSel()
	case *wire.Seat:
		f.setSeat(m.Seat)
	case *wire.Score:
		f.score, f.haveScore = *m, true
	case *wire.Snapshot:
		f.setClock(m.Clock, at)
		if m.Facilitator != nil {
			f.fv = m.Facilitator
			f.clampSel()
		}
		if m.View != nil {
			f.viewWaiting = false
			if m.View.Agency == f.viewAs {
				f.snapshot = m.View
				f.clampSel()
			}
		}
	case *wire.Ack:
		ans := answer{ok: true}
		if m.Status == wire.Rejected {
			ans = answer{why: facExplain(m.Rule, m.Reason)}
		}
		f.answerOrKeep(m.ID, ans)
		if strings.HasPrefix(m.ID, "ctl-") {
			return f.askClock() // a control moves the clock without a clock message
		}
	case *wire.Error:
		if m.ID != "" {
			f.answerOrKeep(m.ID, answer{why: m.Message})
		} else {
			f.setFlash("✗ "+m.Message, true)
			f.viewWaiting = false
		}
	case *wire.Created:
		f.created = m
		f.answerOrKeep(m.ID, answer{ok: true})
		f.setFlash(fmt.Sprintf("✓ new exercise %s (%s): its codes are under 6 Exercises", m.Join.Exercise, m.Join.Scenario), false)
	}
	return nil
}

func (f *Model) welcome(w *wire.Welcome, at time.Time) {
	f.joined = true
	f.exercise, f.role, f.scenario = w.Exercise, w.Role, w.Scenario
	f.seats = w.Seats
	f.setClock(w.Clock, at)
	if len(w.Injects) > 0 {
		f.msel = w.Injects
	}
	for _, p := range w.People {
		f.people[p.ID] = p.Alias
	}
	if f.viewAs == "" && len(f.seats) > 0 {
		f.viewAs = f.seats[0].Seat
	}
	f.clampSel()
}

func (f *Model) setClock(c wire.Clock, at time.Time) {
	f.clock = c
	f.clockAt = at
}

// exerciseTime is the exercise time now: the last clock read, run on at
// its pace while running.
func (f *Model) exerciseTime() int64 {
	t := f.clock.T
	if f.clock.Running && !f.clockAt.IsZero() && f.now.After(f.clockAt) {
		t += int64(float64(f.now.Sub(f.clockAt).Milliseconds()) * f.clock.Pace)
	}
	return t
}

// running reports whether the exercise is under way: started, not ended.
func (f *Model) running() bool { return f.clock.Started && !f.clock.Ended }

// paused reports whether the facilitator has paused play.
func (f *Model) paused() bool {
	return f.clock.Started && !f.clock.Running && !f.clock.Ended && f.clock.NoPlay == ""
}

// event folds one event into the console's state.
func (f *Model) event(e *engine.Event, at time.Time) tea.Cmd {
	if e.Seq <= f.lastSeq {
		return nil // heard again after a reconnect
	}
	f.lastSeq = e.Seq
	f.events = append(f.events, *e)
	p := &e.Payload
	switch e.Type {
	case engine.EvCommand:
		if f.isSeat(e.Actor) && p.Command != nil {
			f.lastAct[e.Actor] = facAct{what: p.Command.Type, t: e.T}
		}
	case engine.EvInject:
		f.released[p.Inject] = len(f.releases)
		f.releases = append(f.releases, facRelease{id: p.Inject, from: p.From, channel: p.Channel, text: p.Text, cause: p.Cause, to: e.To, t: e.T})
	case engine.EvStarted:
		f.clock.Started, f.clock.T, f.clockAt = true, e.T, at
		f.clock.Running = f.clock.NoPlay == "" && !f.clock.Ended
	case engine.EvPaused:
		f.clock.T, f.clock.Running, f.clockAt = e.T, false, at
	case engine.EvResumed:
		f.clock.T, f.clockAt = e.T, at
		f.clock.Running = f.clock.NoPlay == ""
	case engine.EvNoPlay:
		f.clock.NoPlay, f.clock.T, f.clock.Running, f.clockAt = p.Text, e.T, false, at
	case engine.EvNoPlayLifted:
		f.clock.NoPlay = ""
	case engine.EvEnded:
		f.clock.Ended, f.clock.Running = true, false
	case engine.EvClockAdvanced:
		if p.InWorld != "" {
			f.clock.InWorld = p.InWorld
		}
	}
	if e.Type == engine.EvCommand {
		return nil // what the command brings follows it
	}
	if !at.IsZero() {
		f.now = at
	}
	cmd := f.refresh(f.now)
	if f.viewAs != "" && f.pane == facPaneView && e.Visible(f.viewAs) {
		cmd = tea.Batch(cmd, f.askView())
	}
	return cmd
}

// facRefresh asks for the facilitator view that a refresh put off.
type facRefresh struct{ at time.Time }

// refreshGap is the least time between two asks for the facilitator view.
const refreshGap = time.Second

// refresh asks for a fresh facilitator view after an event that may
// change it: at once if none was asked for in the last second, else once
// when the second is up, however many events come meanwhile.
func (f *Model) refresh(now time.Time) tea.Cmd {
	if f.refreshDue || f.link == nil {
		return nil
	}
	if wait := f.lastAsk.Add(refreshGap).Sub(now); wait > 0 {
		f.refreshDue = true
		return tea.Tick(wait, func(t time.Time) tea.Msg { return facRefresh{at: t} })
	}
	return f.askFacilitator(now)
}

// askFacilitator asks for a snapshot without an agency's view: the clock
// and the facilitator view as they are now.
func (f *Model) askFacilitator(now time.Time) tea.Cmd {
	f.lastAsk = now
	return f.askClock()
}

func (f *Model) isSeat(id string) bool {
	for _, s := range f.seats {
		if s.Seat == id {
			return true
		}
	}
	return false
}

// askView asks for the viewed agency's snapshot, unless a request is on
// its way: the round trip is the throttle.
func (f *Model) askView() tea.Cmd {
	if f.viewWaiting || f.viewAs == "" || f.link == nil {
		return nil
	}
	f.viewWaiting = true
	link, agency := f.link, f.viewAs
	return func() tea.Msg {
		link.Send(wire.ViewRequest{Type: wire.TypeView, Agency: agency})
		return nil
	}
}

// askClock asks for a snapshot without a view: the clock as it is now.
func (f *Model) askClock() tea.Cmd {
	if f.link == nil {
		return nil
	}
	link := f.link
	return func() tea.Msg {
		link.Send(wire.ViewRequest{Type: wire.TypeView})
		return nil
	}
}

// answerOrKeep reports the answer to a command or control, or keeps it
// until its facSent arrives.
// answer is the server's answer to a command or control: accepted, or
// refused and why.
type answer struct {
	ok  bool
	why string
}

func (f *Model) answerOrKeep(id string, ans answer) {
	if _, ok := f.sent[id]; ok {
		f.answer(id, ans)
		return
	}
	if len(f.early) < 64 {
		f.early[id] = ans
	}
}

func (f *Model) answer(id string, ans answer) {
	what := f.sent[id]
	delete(f.sent, id)
	if !ans.ok {
		f.setFlash("✗ "+what+" refused: "+ans.why, true)
		return
	}
	if f.created == nil || f.created.ID != id {
		f.setFlash("✓ done: "+what, false)
	}
}

func (f *Model) setFlash(s string, bad bool) { f.flash, f.flashBad = s, bad }

// facExplain puts a refusal in plain words, with its rule.
func facExplain(rule, reason string) string {
	switch {
	case rule == "":
		return reason
	case reason == "":
		return "rule " + rule
	}
	return reason + " (" + rule + ")"
}

// setSeat puts one seat's new state in the seat list, in place, or at the
// end for a seat not yet listed.
func (f *Model) setSeat(si wire.SeatInfo) {
	for i := range f.seats {
		if f.seats[i].Seat == si.Seat {
			f.seats[i] = si
			return
		}
	}
	f.seats = append(f.seats, si)
	f.clampSel()
}

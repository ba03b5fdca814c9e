package facilitator

import (
	"fmt"
	"strconv"
	"strings"
	"ttx/tui"
	"ttx/tui/components"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
)

// command sends an engine command as the facilitator.
func (f *Model) command(c engine.Command, what string) tea.Cmd {
	if f.link == nil {
		f.setFlash("… not connected: "+what, true)
		return nil
	}
	f.setFlash("… sent: "+what, false)
	if f.state.State != tui.StateOnline {
		f.setFlash("… queued until back online: "+what, false)
	}
	link := f.link
	return func() tea.Msg { return facSent{id: link.Command(c), what: what} }
}

// control sends a server-side control.
func (f *Model) control(c wire.Control, what string) tea.Cmd {
	if f.link == nil {
		f.setFlash("… not connected: "+what, true)
		return nil
	}
	if f.state.State != tui.StateOnline {
		f.setFlash("✗ offline: "+what+" was not sent; try again when back online", true)
		return nil
	}
	f.ctlN++
	c.Type, c.ID = wire.TypeControl, "ctl-"+strconv.Itoa(f.ctlN)
	f.sent[c.ID] = what
	f.setFlash("… sent: "+what, false)
	link := f.link
	return func() tea.Msg {
		link.Send(c)
		return nil
	}
}

// ---- keys ----

func facPace(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

// agencyOptions lists the seats' ids and names, for forms.
func (f *Model) agencyOptions() (ids, labels []string) {
	for _, s := range f.seats {
		ids = append(ids, s.Seat)
		labels = append(labels, s.Seat)
	}
	return ids, labels
}

func (f *Model) noPlay() tea.Cmd {
	if f.clock.NoPlay != "" {
		f.confirm = &facConfirm{question: "Lift NO PLAY?", detail: []string{"Play resumes on every screen: " + f.clock.NoPlay},
			yes: func() tea.Cmd { return f.command(engine.Command{Type: engine.CmdLiftNoPlay}, "lift NO PLAY") }}
		return nil
	}
	form := &facForm{title: "NO PLAY", intro: []string{"Stops play at once for a real-world matter. Every player's screen shows your message until you lift it with !."},
		fields: []components.Field{components.TextField("text", "Message", true).WithText("", "e.g. NO PLAY: a real casualty in the car park; stay where you are")}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		return f.command(engine.Command{Type: engine.CmdNoPlay, Text: fm.Value("text")}, "NO PLAY"), ""
	}
	return f.setForm(form)
}

func (f *Model) askEnd() tea.Cmd {
	if f.clock.Ended {
		f.setFlash("The exercise has already ended.", false)
		return nil
	}
	f.confirm = &facConfirm{question: "End the exercise now?", detail: []string{"Play stops for everyone and the final score is recorded in the debrief log. This cannot be undone."},
		yes: func() tea.Cmd { return f.command(engine.Command{Type: engine.CmdEnd}, "end the exercise") }}
	return nil
}

func (f *Model) selectedSeat() *wire.SeatInfo {
	if f.pane != facPaneSeats || f.sel[facPaneSeats] >= len(f.seats) {
		return nil
	}
	return &f.seats[f.sel[facPaneSeats]]
}

func (f *Model) openBot() tea.Cmd {
	s := f.selectedSeat()
	if s == nil {
		return nil
	}
	opts := []string{"doctrine", "naive", ""}
	labels := []string{"doctrine bot (plays by the book)", "naive bot (common mistakes)", "people (no bot)"}
	choice := 0
	if s.Bot != "" {
		choice = 2 // back to its people
	}
	seat := s.Seat
	form := &facForm{title: "Who plays " + seat, intro: []string{fmt.Sprintf("%s is now played by %s.", facSeatName(s), facWho(s))},
		fields: []components.Field{components.ChoiceField("bot", "Hand the seat to", opts, labels, choice)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		b := fm.Value("bot")
		what := "hand " + seat + " back to its players"
		if b != "" {
			what = "hand " + seat + " to a " + b + " bot"
		}
		return f.control(wire.Control{Op: wire.OpBot, Seat: seat, Bot: b}, what), ""
	}
	return f.setForm(form)
}

func facSeatName(s *wire.SeatInfo) string {
	if s.Name != "" {
		return s.Name
	}
	return s.Seat
}

// facWho says who holds a seat, in words.
func facWho(s *wire.SeatInfo) string {
	switch {
	case s.Bot != "" && s.Connected > 0:
		return fmt.Sprintf("a %s bot, %d watching", s.Bot, s.Connected)
	case s.Bot != "":
		return "a " + s.Bot + " bot"
	case s.Connected == 0:
		return "nobody yet"
	case len(s.Players) > 0:
		return strings.Join(s.Players, ", ")
	}
	return fmt.Sprintf("%d connected", s.Connected)
}

// ---- the competent authority ----

package facilitator

import (
	"fmt"
	"strconv"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"github.com/charmbracelet/x/ansi"

	"ttx/engine"
	"ttx/server/wire"
)

// seatAct is a seat's latest action, from the server or the events.
func (f *Model) seatAct(s *wire.SeatInfo) (string, int64, bool) {
	a, ok := f.lastAct[s.Seat]
	if s.LastAction != "" && (!ok || s.LastT > a.t) {
		return s.LastAction, s.LastT, true
	}
	return a.what, a.t, ok
}

// seatPlay is who plays a seat, as the engine's facilitator view has it.
func (f *Model) seatPlay(agency string) *engine.SeatView {
	if f.fv == nil {
		return nil
	}
	for i := range f.fv.Seats {
		if f.fv.Seats[i].Agency == agency {
			return &f.fv.Seats[i]
		}
	}
	return nil
}

func (f *Model) seatsPane(w, h int) (string, []string) {
	title := "Seats"
	if f.haveScore {
		title += fmt.Sprintf(" · score %d", f.score.Total)
	}
	if len(f.seats) == 0 {
		return title, []string{f.st.Subtle.Render("No seats yet: waiting for the server.")}
	}
	idW := 0
	for _, s := range f.seats {
		idW = max(idW, ansi.StringWidth(s.Seat))
	}
	nameW := min(idW+1, 22)
	if w >= 120 {
		nameW = min(max(w/4, idW+1), 44)
	}
	whoW := min(max(w/5, 16), 34)
	if w < 64 {
		whoW = 15 // "⚙ bot: doctrine", leaving the last action room
	}
	scoreW := 5
	actW := max(w-2-nameW-whoW-scoreW-3, 8)
	lines := []string{f.st.Subtle.Render("  " + components.Cell("SEAT", nameW) + " " + components.Cell("PLAYED BY", whoW) + " " + components.Cell("LAST ACTION", actW) + " " + facRight("SCORE", scoreW))}
	now := f.exerciseTime()
	start, end := components.Window(len(f.seats), f.sel[facPaneSeats], h-2)
	for i := start; i < end; i++ {
		s := &f.seats[i]
		name := f.st.Bold.Render(s.Seat)
		if s.Name != "" && s.Name != s.Seat && nameW > idW+8 {
			name += " " + f.st.Subtle.Render(s.Name)
		}
		var who string
		sv := f.seatPlay(s.Seat)
		switch {
		case sv != nil && sv.Kind == engine.SeatPerson && sv.Name != "" && s.Connected > 0 && s.Bot == "":
			// Who plays the seat, as the log records it.
			who = f.st.Good.Render("●") + fmt.Sprintf(" %d: %s", s.Connected, sv.Name)
			if whoW >= 30 {
				who += f.st.Subtle.Render(" since " + styles.Clock(sv.Since))
			}
		case s.Bot != "":
			who = "⚙ bot: " + s.Bot
			if s.Connected > 0 {
				who += fmt.Sprintf(" +%d", s.Connected)
				if whoW >= 24 {
					who += " watching"
				}
			}
		case s.Connected == 0:
			who = f.st.Subtle.Render("○ empty")
		case len(s.Players) > 0:
			who = f.st.Good.Render("●") + fmt.Sprintf(" %d: %s", s.Connected, strings.Join(s.Players, ", "))
		default:
			who = f.st.Good.Render("●") + fmt.Sprintf(" %d connected", s.Connected)
		}
		act := f.st.Subtle.Render("—")
		if what, t, ok := f.seatAct(s); ok {
			act = strings.ReplaceAll(what, "_", " ")
			if actW >= 36 {
				act += " at " + styles.Clock(t)
			}
			if ago := ", " + facAgo(now-t); ansi.StringWidth(act+ago) <= actW {
				act += f.st.Subtle.Render(ago)
			}
		}
		score := "–"
		if f.haveScore {
			score = strconv.Itoa(f.score.Agencies[s.Seat])
		}
		line := components.Cell(name, nameW) + " " + components.Cell(who, whoW) + " " + components.Cell(act, actW) + " " + facRight(score, scoreW)
		if i == f.sel[facPaneSeats] && f.pane == facPaneSeats {
			lines = append(lines, "› "+f.st.Selected.Render(ansi.Strip(line)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	legend, keys := "⚙ bot · ● people connected · ○ empty", "b: bot or back · v: view as"
	switch {
	case ansi.StringWidth(legend+"   "+keys) <= w && h > len(lines)+1:
		lines = append(lines, "", f.st.Subtle.Render(legend+"   "+keys))
	case h > len(lines)+2:
		lines = append(lines, "", f.st.Subtle.Render(legend), f.st.Subtle.Render(keys))
	}
	return title, lines
}

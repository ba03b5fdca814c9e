package facilitator

import (
	"fmt"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"ttx/engine"
)

// facVerb says what an event was, briefly.
func (f *Model) describe(e *engine.Event) string {
	p := &e.Payload
	who := ""
	if p.Person != "" {
		who = " " + f.personName(p.Person)
	}
	switch e.Type {
	case engine.EvSeat:
		switch p.Kind {
		case engine.SeatPerson:
			return "· seat " + p.Agency + " now played by " + p.Text
		case engine.SeatBot:
			return "· seat " + p.Agency + " now played by a bot (" + p.Text + ")"
		}
		return "· seat " + p.Agency + " now held by nobody"
	case engine.CmdMethane:
		return "· " + e.Actor + " filed an M/ETHANE report"
	case engine.EvInject:
		return "✉ inject " + p.Inject + " " + facInjectLine(e.To, p.Channel, p.From, p.Text)
	case engine.EvRejected:
		return "✗ refused " + strings.ReplaceAll(p.Kind, "_", " ") + who + ": " + facExplain(p.Rule, p.Reason)
	case engine.EvFlagged:
		return "⚑ flagged " + p.Agency + who + ": " + facExplain(p.Rule, p.Reason)
	case engine.EvLearned:
		s := "· " + p.Agency + " learned of" + who
		if n := len(p.Indicators); n > 0 {
			s += fmt.Sprintf(" (%d indicator", n)
			if n > 1 {
				s += "s"
			}
			s += ")"
		}
		return s
	case engine.EvRG:
		if p.Positive {
			s := "⚖ RG+ reasonable grounds for" + who
			if p.Authority != "" {
				s += " (" + p.Authority + ")"
			}
			return s
		}
		return "⚖ RG- not met for" + who
	case engine.EvCG:
		return "⚖ CG " + strings.ReplaceAll(p.Outcome, "_", " ") + ":" + who
	case engine.EvStarted:
		return "▶ the exercise started (in-world " + p.InWorld + ")"
	case engine.EvPhase:
		return "▸ phase: " + p.Text
	case engine.EvMissed:
		return "⌛ missed: " + strings.ReplaceAll(p.Kind, "_", " ") + " by " + strings.Join(p.Agencies, "/") + who + " (after " + p.Inject + ")"
	case engine.EvDecisionOpen:
		return "? decision " + p.Decision + " for " + strings.Join(e.To, ",") + ": " + p.Text
	case engine.EvConsent:
		if p.Consented {
			return "✓ consent given by" + who
		}
		return "✗ consent refused by" + who
	case engine.EvSupportRefused:
		return "✗ support declined by" + who
	case engine.EvFlag:
		return "· flag " + p.Flag + " set"
	case engine.EvResource:
		return fmt.Sprintf("· %s now holds %d %s", p.Agency, p.Count, strings.TrimSpace(p.Kind+" "+p.Language))
	case engine.EvReturned:
		return fmt.Sprintf("· %s back to %s (%s), %d left", strings.TrimSpace(p.Kind+" "+p.Language), p.Agency, p.Request, p.Count)
	case engine.EvPaused:
		return "⏸ paused " + p.Text
	case engine.EvResumed:
		return "▶ resumed"
	case engine.EvNoPlay:
		return "⛔ NO PLAY: " + p.Text
	case engine.EvNoPlayLifted:
		return "▶ NO PLAY lifted"
	case engine.EvClockAdvanced:
		return fmt.Sprintf("⏩ in-world clock advanced %d days to %s", p.Days, p.InWorld)
	case engine.EvEnded:
		s := "■ the exercise ended"
		if p.Score != nil {
			s += fmt.Sprintf(" · score %d", p.Score.Total)
		}
		return s
	case engine.CmdDecide:
		return "✓ decided " + p.Decision + ": " + p.Option
	}
	s := "✓ " + strings.ReplaceAll(e.Type, "_", " ") + who
	if p.Agency != "" && p.Agency != e.Actor {
		s += " → " + p.Agency
	}
	if len(p.Agencies) > 0 {
		s += " → " + strings.Join(p.Agencies, ", ")
	}
	for _, extra := range []string{p.Text, p.Rationale, p.Kind, p.Request} {
		if extra != "" {
			s += ": " + strings.Join(strings.Fields(extra), " ")
			break
		}
	}
	return s
}

func (f *Model) feedPane(w, h int) (string, []string) {
	title := "Feed · all agencies"
	if f.feedFilter != "" {
		title = "Feed · " + f.feedFilter + " only"
	}
	if f.feedBack > 0 {
		title += fmt.Sprintf(" · scrolled back %d (end follows)", f.feedBack)
	}
	// Walk back from the newest, skipping the lines scrolled past.
	var picked []*engine.Event
	skip := f.feedBack
	for i := len(f.events) - 1; i >= 0 && len(picked) < h; i-- {
		e := &f.events[i]
		if !f.feedMatch(e) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		picked = append(picked, e)
	}
	if len(picked) == 0 {
		return title, []string{f.st.Subtle.Render("No events yet.")}
	}
	actorW := 12
	lines := make([]string, 0, len(picked))
	for i := len(picked) - 1; i >= 0; i-- {
		e := picked[i]
		d := f.describe(e)
		switch e.Type {
		case engine.EvRejected:
			d = f.st.Bad.Render(d)
		case engine.EvFlagged, engine.EvMissed:
			d = f.st.Warn.Render(d)
		case engine.EvNoPlay:
			d = f.st.Bad.Render(d)
		}
		lines = append(lines, f.st.Subtle.Render(styles.Clock(e.T))+" "+components.Cell(e.Actor, actorW)+" "+d)
	}
	return title, lines
}

package replay

import (
	"fmt"
	"strings"
	"ttx/tui/components"
	"ttx/tui/styles"

	"ttx/engine"
)

func (m Model) peopleLines(v engine.View, width int) []string {
	out := []string{m.section("People it knows of", len(v.People))}
	if len(v.People) == 0 {
		out = append(out, m.styles.Subtle.Render("  none yet"))
	}
	for _, p := range v.People {
		age := fmt.Sprintf("%d", p.Age)
		if p.Age == 0 {
			age = "age unknown"
		}
		if p.Child {
			age += " child"
		}
		if p.AgeDisputed {
			age += " (age disputed)"
		}
		status := fmt.Sprintf("%-22s", components.StatusLabel(p.Status))
		switch p.Status {
		case "identified", "concern":
			status = m.styles.Warn.Render(status)
		case "safe", "referred", "notified", "rg_positive", "cg_positive":
			status = m.styles.Good.Render(status)
		case "declined", "rg_negative", "cg_negative":
			status = m.styles.Bad.Render(status)
		}
		out = append(out, "  "+status+" "+m.styles.Bold.Render(p.Alias)+" · "+replayJoin(" · ", age, p.Sex, p.Nationality, strings.Join(p.Languages, "/")))
		for _, ind := range p.Indicators {
			out = append(out, replayWrap("    ◆ ", ind.Text+" ("+ind.Kind+")", width, 6)...)
		}
		facts := components.Facts(&p)
		if len(facts) > 0 {
			out = append(out, replayWrap("      ", strings.Join(facts, " · "), width, 6)...)
		}
		for _, n := range p.Notes {
			out = append(out, replayWrap("      note: ", n, width, 12)...)
		}
	}
	return out
}

func (m Model) agencyLines(v engine.View, width int) []string {
	out := []string{m.section("Inbox", len(v.Inbox))}
	if len(v.Inbox) == 0 {
		out = append(out, m.styles.Subtle.Render("  nothing yet"))
	}
	for _, in := range v.Inbox {
		out = append(out, replayWrap(fmt.Sprintf("  %s %-12s ", styles.Clock(in.T), "["+in.Channel+"]"), replayJoin(": ", in.From, in.Text), width, 23)...)
	}
	out = append(out, "", m.section("Resources", -1))
	if len(v.Resources) == 0 {
		out = append(out, m.styles.Subtle.Render("  none"))
	}
	for _, r := range v.Resources {
		kind := r.Kind
		if r.Language != "" {
			kind += " (" + r.Language + ")"
		}
		out = append(out, fmt.Sprintf("  %-28s %d", kind, r.Count))
	}
	if len(v.Requests) > 0 {
		out = append(out, "", m.section("Resource requests", len(v.Requests)))
		for _, r := range v.Requests {
			state := "open"
			if !r.Open {
				state = r.Outcome
			}
			kind := r.Kind
			if r.Language != "" {
				kind += " (" + r.Language + ")"
			}
			out = append(out, replayWrap("  ", fmt.Sprintf("%s: %s for %s, %s → %s · %s", r.ID, kind, m.d.person(r.Person), r.From, r.Holder, state), width, 4)...)
		}
	}
	if len(v.Decisions) > 0 {
		out = append(out, "", m.section("Decisions waiting", len(v.Decisions)))
		for _, dv := range v.Decisions {
			due := ""
			if dv.Deadline > 0 {
				due = "due " + styles.Clock(dv.Deadline)
			}
			out = append(out, replayWrap("  ", replayJoin(" · ", dv.ID+": "+dv.Prompt, "options "+strings.Join(dv.OptionIDs, ", "), due), width, 4)...)
		}
	}
	return out
}

package player

import (
	"charm.land/bubbles/v2/key"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/tui/components"
)

// The M/ETHANE report (J3): M opens a form of its seven headings, filled
// in with the agency's latest report, if any; the sites the agency knows
// of and their hazards are in its note. The report reaches every agency
// and the room's screen.

// methaneKey opens the M/ETHANE form on M; ok says the key was its.
func (p *Model) methaneKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if !key.Matches(msg, p.keys.Methane) || p.view == nil {
		return nil, false
	}
	return p.open(methaneForm(p.view)), true
}

// methaneForm is the M/ETHANE report, answering the latest prompt in the
// inbox if there is one.
func methaneForm(v *engine.View) spec {
	last := engine.Methane{}
	if v.Methane != nil {
		last = v.Methane.Methane
	}
	major := 1
	if last.Major {
		major = 0
	}
	victims := ""
	if v.Methane != nil {
		victims = strconv.Itoa(last.Victims)
	}
	var note []string
	note = append(note, "A situation report for every agency and the room (J3).")
	for _, s := range v.Sites {
		line := "Known site: " + s.Name
		if s.Location != "" {
			line += ", " + s.Location
		}
		if len(s.Risks) > 0 {
			line += ". Hazards: " + strings.Join(s.Risks, " ")
		}
		note = append(note, line)
	}
	prompt := ""
	for _, in := range v.Inbox {
		if in.Methane {
			prompt = in.ID
		}
	}
	f := spec{title: "M/ETHANE report", note: strings.Join(note, "\n"), fields: []components.Field{
		components.ChoiceField("major", "M  Major incident declared?", []string{"yes", "no"}, nil, major),
		components.LineField("location", "E  Exact location", "the sites, addresses or area", last.Location, true, nil),
		components.LineField("type", "T  Type of incident", "e.g. forced labour at a car wash", last.Type, false, nil),
		components.LineField("hazards", "H  Hazards", "present and potential", last.Hazards, false, nil),
		components.LineField("access", "A  Access", "routes in and out, rendezvous point", last.Access, false, nil),
		components.LineField("victims", "N  Number of potential victims", "a number", victims, true, nil),
		components.LineField("present", "E  Services present", "", last.Present, false, nil),
		components.LineField("required", "   Services required", "", last.Required, false, nil),
	}}
	f.build = func(f *components.Form) (engine.Command, string) {
		n, err := strconv.Atoi(strings.TrimSpace(f.Value("victims")))
		if err != nil || n < 0 {
			n = 0
		}
		m := &engine.Methane{Major: f.Value("major") == "yes", Location: f.Value("location"), Type: f.Value("type"), Hazards: f.Value("hazards"),
			Access: f.Value("access"), Victims: n, Present: f.Value("present"), Required: f.Value("required")}
		return engine.Command{Type: engine.CmdMethane, Inject: prompt, Methane: m}, fmt.Sprintf("M/ETHANE report (%d potential victims)", n)
	}
	return f
}

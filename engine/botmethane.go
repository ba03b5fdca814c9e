package engine

import (
	"slices"
	"strings"
)

// The bots' M/ETHANE reports (J3). A doctrine bot reports what its agency
// knows as each phase begins and whenever it is asked; a naive bot
// reports once, when first asked, on first impressions, and never again.

// majorAt is the number of potential victims at which a doctrine bot
// declares a major incident.
const majorAt = 10

// reportMethane files the doctrine bot's report at a new phase and for
// every prompt not yet answered, once a turn.
func (b *doctrineBot) reportMethane(v *View, t *turn, newPhase bool) {
	var asked []string
	for _, in := range v.Inbox {
		if in.Methane && !b.memo["methane:"+in.ID] {
			asked = append(asked, in.ID)
		}
	}
	if !newPhase && len(asked) == 0 {
		return
	}
	c := Command{Type: CmdMethane, Methane: doctrineMethane(v)}
	if len(asked) > 0 {
		c.Inject = asked[len(asked)-1]
	}
	if t.add(c) {
		for _, id := range asked {
			b.memo["methane:"+id] = true
		}
	}
}

// doctrineMethane is a report of what the agency knows: the potential
// victims it has seen signs of or identified, the sites where the people
// it knows are, and those sites' hazards.
func doctrineMethane(v *View) *Methane {
	m := &Methane{Type: "Suspected human trafficking and modern slavery (exploitation of workers)"}
	interp := false
	for i := range v.People {
		p := &v.People[i]
		if victimSigns(p) || statusRank(p.Status) >= statusRank("identified") && !hasKind(p, "offending") {
			m.Victims++
			interp = interp || needsInterpreter(p)
		}
	}
	m.Major = m.Victims >= majorAt
	var where, hazards []string
	for _, s := range v.Sites {
		where = append(where, s.Name+" ("+s.Location+")")
		hazards = append(hazards, s.Risks...)
	}
	m.Location = strings.Join(where, "; ")
	m.Hazards = strings.Join(hazards, " ")
	if len(v.Sites) > 0 {
		m.Access = "Through the sites' entrances; rendezvous point and route to be agreed with police"
	}
	var kinds []string
	for _, d := range v.Directory {
		if !slices.Contains(kinds, d.Kind) {
			kinds = append(kinds, d.Kind)
		}
	}
	m.Present = strings.ReplaceAll(strings.Join(kinds, ", "), "_", " ")
	var need []string
	if interp {
		need = append(need, "interpreters")
	}
	if m.Victims > 0 {
		need = append(need, "places of safety", "health assessment")
	}
	m.Required = strings.Join(need, ", ")
	return m
}

// reportMethane files the naive bot's one report, when it is first asked:
// a guess from everyone it has heard of, with no hazards, never updated.
func (b *naiveBot) reportMethane(v *View, t *turn) {
	if b.memo["methane"] || !slices.ContainsFunc(v.Inbox, func(in InjectView) bool { return in.Methane }) {
		return
	}
	b.memo["methane"] = true
	t.add(Command{Type: CmdMethane, Methane: &Methane{Major: true, Location: "as in the call", Type: "trafficking", Victims: len(v.People)}})
}

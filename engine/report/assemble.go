package report

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"ttx/engine"
)

// Report returns the report of the events added so far.
func (b *Builder) Report() *Report {
	sc := b.scorer.Result()
	r := &Report{}
	r.Summary = b.summary()
	r.Scores = b.scores(sc)
	lanes := make([]string, 0, len(b.sc.Agencies)+1)
	for _, a := range b.sc.Agencies {
		lanes = append(lanes, a.ID)
	}
	r.Timeline = b.bins.timeline(append(lanes, facilitatorLane), b.last)
	r.Journeys = b.journeys(sc.Journeys)
	r.JourneyTotals = totalJourneys(r.Journeys)
	r.Missed = b.missed(sc.Missed)
	r.Expectations = slices.Clone(b.expect)
	r.Sharing = b.sharing()
	r.Findings = b.sortedFindings()
	r.Refusals = b.sortedRefusals()
	for _, d := range b.sc.Decisions {
		r.Decisions = append(r.Decisions, *b.decisions[d.ID])
	}
	r.JESIP = b.jesip(r)
	r.Plan = b.plan(r)
	return r
}

func (b *Builder) summary() Summary {
	h, sc := b.h, b.sc
	s := Summary{Scenario: sc.ID, Title: sc.Title, About: strings.TrimSpace(sc.Summary), ScenarioSHA256: h.ScenarioSHA256, Exercise: h.Exercise, Fork: h.Fork,
		Seed: h.Seed, RulesAsOf: h.RulesAsOf, Authority: b.rules.Authority(), Engine: h.Engine, Created: h.Created,
		InWorldStart: sc.Clock.Start.Format("2006-01-02 15:04"), Length: b.last, Events: b.events, Commands: b.commands,
		FacilitatorCommands: b.facCmds, Ended: b.ended, Seats: slices.Clone(b.seats), Phases: slices.Clone(b.phases)}
	for _, o := range sc.Objectives {
		s.Objectives = append(s.Objectives, Objective{ID: o.ID, Text: strings.TrimSpace(o.Text), Exercises: o.Exercises})
	}
	s.Pauses = slices.Clone(b.pauses)
	for _, open := range []struct {
		iv   *Interval
		from time.Time
	}{{b.pausing, b.pausedAt}, {b.noPlay, b.noPlayAt}} {
		if open.iv != nil {
			iv := *open.iv
			iv.To, iv.Open, iv.Wall = b.last, true, b.lastWall.Sub(open.from).Milliseconds()
			s.Pauses = append(s.Pauses, iv)
		}
	}
	slices.SortStableFunc(s.Pauses, func(a, b Interval) int { return cmp.Compare(a.From, b.From) })
	return s
}

func (b *Builder) scores(sc engine.Scorecard) Scores {
	s := Scores{Total: sc.Total, Earned: sc.Earned, Penalty: sc.Penalty, Possible: sc.Possible}
	lost := map[string]map[string]int{}
	for _, sh := range sc.Shortfalls {
		s.Shortfalls = append(s.Shortfalls, Shortfall{Shortfall: sh, Alias: b.aliasOrEmpty(sh.Person)})
		if lost[sh.Agency] == nil {
			lost[sh.Agency] = map[string]int{}
		}
		lost[sh.Agency][sh.Cause] += sh.Points
	}
	for _, a := range sc.Detail {
		s.Agencies = append(s.Agencies, AgencyScore{AgencyScore: a, Name: b.agencyName(a.Agency), Lost: lost[a.Agency]})
	}
	for _, it := range sc.Items {
		item := Item{ID: it.ID, Text: strings.TrimSpace(it.Text), Source: it.Source, Evidences: it.Evidences, Agencies: it.Agencies, Lead: it.Lead, Action: it.Action, Asked: it.Asked, Points: it.Points, Earned: it.Earned, Possible: it.Possible}
		for _, p := range it.Unmet {
			item.Unmet = append(item.Unmet, b.alias(p))
		}
		for _, p := range it.Charged {
			item.Charged = append(item.Charged, b.alias(p))
		}
		for _, a := range it.Awards {
			if item.ByAgency == nil {
				item.ByAgency = make(map[string]int)
			}
			item.ByAgency[a.Agency] += a.Points
		}
		s.Items = append(s.Items, item)
	}
	return s
}

// aliasOrEmpty is the alias of a person, or "" for no one.
func (b *Builder) aliasOrEmpty(id string) string {
	if id == "" {
		return ""
	}
	return b.alias(id)
}

func (b *Builder) agencyName(id string) string {
	if a := b.agency[id]; a != nil {
		return a.Name
	}
	return id
}

func (b *Builder) journeys(js []engine.Journey) []Journey {
	out := make([]Journey, 0, len(js))
	for _, ej := range js {
		j := Journey{Person: ej.Person, Alias: ej.Alias, Child: ej.Child}
		var first *int64
		if ej.FirstIndicator != nil {
			t := ej.FirstIndicator.T
			first = &t
		}
		step := func(st *engine.Step) *Step {
			if st == nil {
				return nil
			}
			s := &Step{T: st.T, Agency: st.Agency, Detail: st.Detail, InWorld: st.InWorld}
			if first != nil {
				d := st.T - *first
				s.Delay = &d
			}
			return s
		}
		j.FirstIndicator = step(ej.FirstIndicator)
		j.Identified, j.Safe, j.Declined = step(ej.Identified), step(ej.Safe), step(ej.Declined)
		j.Referred, j.Notified, j.RG, j.CG = step(ej.Referred), step(ej.Notified), step(ej.RG), step(ej.CG)
		j.Outcome = b.outcome(&j)
		if j.Identified != nil && (j.FirstIndicator == nil || j.Identified.T < j.FirstIndicator.T) {
			j.Notes = append(j.Notes, "identified before anyone had seen an indicator of them: on first impressions (R15)")
		}
		if j.Referred != nil && (j.Safe == nil || j.Safe.T > j.Referred.T) && (j.Declined == nil || j.Declined.T > j.Referred.T) {
			j.Notes = append(j.Notes, "referred while still in danger: safeguard first (R9)")
		}
		if b.refused[j.Person] && j.Declined == nil && j.Safe == nil {
			j.Notes = append(j.Notes, "declined support, but nobody recorded the offer, the reasons and the risk (R9)")
		}
		out = append(out, j)
	}
	return out
}

// totalJourneys counts the journeys that reached each step, choosing the
// step of each column of the journey table as the table does.
func totalJourneys(js []Journey) JourneyTotals {
	t := JourneyTotals{Victims: len(js)}
	var sums [5]int64
	for _, j := range js {
		for i, st := range [5]*Step{j.Identified, j.Safe, declinedNotSafe(j), j.Referred, notifiedNotReferred(j)} {
			if st == nil {
				continue
			}
			tot := t.step(i)
			tot.Count++
			if j.FirstIndicator == nil || st.T < j.FirstIndicator.T {
				tot.Before++
				continue
			}
			tot.After++
			sums[i] += st.T - j.FirstIndicator.T
		}
	}
	for i := range sums {
		if tot := t.step(i); tot.After > 0 {
			tot.MeanDelay = sums[i] / int64(tot.After)
		}
	}
	return t
}

func (t *JourneyTotals) step(i int) *StepTotal {
	return []*StepTotal{&t.Identified, &t.Safe, &t.Declined, &t.Referred, &t.Notified}[i]
}

// declinedNotSafe is a journey's recorded decline when the person was
// never made safe: what the "safe or declined" column shows.
func declinedNotSafe(j Journey) *Step {
	if j.Safe != nil {
		return nil
	}
	return j.Declined
}

// notifiedNotReferred is a journey's Duty to Notify report when the person
// was not referred: what the "referred or notified" column shows.
func notifiedNotReferred(j Journey) *Step {
	if j.Referred != nil {
		return nil
	}
	return j.Notified
}

func (b *Builder) outcome(j *Journey) string {
	switch {
	case j.CG != nil:
		return "Conclusive Grounds: " + strings.ReplaceAll(j.CG.Detail, "_", " ")
	case j.RG != nil:
		return "Reasonable Grounds " + j.RG.Detail
	case j.Referred != nil:
		return "referred into the NRM"
	case j.Notified != nil:
		return "Duty to Notify report"
	case j.Declined != nil:
		return "declined support (recorded)"
	case j.Safe != nil:
		return "safe, not referred"
	case b.refused[j.Person]:
		return "declined support (not recorded)"
	case j.Identified != nil:
		return "identified, never made safe"
	case j.FirstIndicator != nil:
		return "indicators seen, never identified"
	}
	return "never seen"
}

func (b *Builder) missed(ms []engine.Missed) []Missed {
	out := make([]Missed, 0, len(ms))
	for _, m := range ms {
		mm := Missed{Kind: m.Kind, Agency: m.Agency, Person: m.Person, Alias: b.alias(m.Person), T: m.T}
		for _, id := range m.Indicators {
			mm.Indicators = append(mm.Indicators, b.indicator(m.Person, id))
		}
		for _, n := range b.leads(m.Person) {
			need := Need{Agency: n.agency, Role: n.role}
			if n.agency == m.Agency {
				need.Role += ": the agency that saw it"
			}
			if s, ok := b.sawInd[[2]string{n.agency, m.Person}]; ok {
				t := s.t
				need.Learned, need.From = &t, causeText(s.cause)
			}
			mm.NeededBy = append(mm.NeededBy, need)
		}
		out = append(out, mm)
	}
	return out
}

type lead struct{ agency, role string }

// leads returns the agencies that would lead for a person: children's
// services for a person who is or may be a child, else the first
// responder first in [leadKinds] order; with none of those, every first
// responder.
func (b *Builder) leads(person string) []lead {
	if p := b.person[person]; p != nil && p.MayBeChild() {
		var out []lead
		for _, a := range b.sc.Agencies {
			if a.Kind == "child_safeguarding" {
				out = append(out, lead{a.ID, "children's services, who lead for a child (R3)"})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	for _, k := range leadKinds() {
		for _, a := range b.sc.Agencies {
			if a.Kind == k {
				return []lead{{a.ID, "the lead first responder (R1)"}}
			}
		}
	}
	var out []lead
	for _, a := range b.sc.Agencies {
		if a.IsFirstResponder() {
			out = append(out, lead{a.ID, "a first responder (R1)"})
		}
	}
	return out
}

func (b *Builder) indicator(person, id string) IndicatorRef {
	if p := b.person[person]; p != nil {
		for _, ind := range p.Indicators {
			if ind.ID == id {
				return IndicatorRef{ID: id, Kind: ind.Kind, Text: strings.TrimSpace(ind.Text)}
			}
		}
	}
	return IndicatorRef{ID: id, Kind: "unknown"}
}

// causeText says in words how an agency came to learn something.
func causeText(cause string) string {
	kind, from, _ := strings.Cut(cause, ":")
	switch kind {
	case "seen":
		return "saw it at the scene"
	case "briefing":
		return "its briefing"
	case "inject":
		return "inject " + from
	case "share":
		return "shared by " + from
	case "child_safeguarding":
		return "child safeguarding referral from " + from
	case "adult_safeguarding":
		return "adult safeguarding referral from " + from
	case "charging":
		return "charging request from " + from
	case "request":
		return "resource request from " + from
	case "observe":
		return "its own observation"
	case "interview":
		return "the person's disclosure"
	case "remove", "medical", "age_assessment", "arrest":
		return "its own " + strings.ReplaceAll(kind, "_", " ")
	}
	return cause
}

func (b *Builder) sharing() Sharing {
	s := Sharing{Messages: b.messages, Shares: b.shares, Waits: b.waits.result(b.last)}
	for _, a := range b.sc.Agencies {
		s.Agencies = append(s.Agencies, a.ID)
	}
	for _, from := range s.Agencies {
		for _, to := range s.Agencies {
			c := b.cells[[2]string{from, to}]
			if c == nil {
				continue
			}
			cell := c.Cell
			for _, p := range b.sc.People {
				if c.people[p.ID] {
					cell.People = append(cell.People, p.Alias)
				}
			}
			s.Cells = append(s.Cells, cell)
		}
	}
	for _, f := range b.firsts {
		s.People = append(s.People, *f)
	}
	order := func(id string) int { return b.lane[id] }
	slices.SortFunc(s.People, func(x, y PersonShare) int {
		return cmp.Or(cmp.Compare(x.T, y.T), cmp.Compare(order(x.From), order(y.From)), cmp.Compare(x.Person, y.Person))
	})
	return s
}

func (b *Builder) sortedFindings() []Finding {
	out := make([]Finding, 0, len(b.findings))
	for _, f := range b.findings {
		out = append(out, f.Finding)
	}
	slices.SortFunc(out, func(x, y Finding) int { return cmp.Compare(x.Seq, y.Seq) })
	return out
}

func (b *Builder) sortedRefusals() []Refusal {
	out := make([]Refusal, 0, len(b.refusals))
	for _, r := range b.refusals {
		out = append(out, *r)
	}
	order := func(id string) int {
		if i, ok := b.lane[id]; ok {
			return i
		}
		return len(b.lane)
	}
	slices.SortFunc(out, func(x, y Refusal) int {
		return cmp.Or(cmp.Compare(order(x.Agency), order(y.Agency)), cmp.Compare(x.Code, y.Code), cmp.Compare(x.Action, y.Action))
	})
	return out
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

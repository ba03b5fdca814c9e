package engine

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Scorecard is the score of an exercise, computed from its events alone.
type Scorecard struct {
	// Total is the overall score, 0 to 100.
	Total int `json:"total"`
	// Agencies maps each agency id to its score, 0 to 100.
	Agencies map[string]int `json:"agencies"`
	Earned   int            `json:"earned"`
	Penalty  int            `json:"penalty"`
	Possible int            `json:"possible"`
	// Detail gives each agency's points in the scenario's agency order.
	Detail   []AgencyScore `json:"detail"`
	Items    []ItemScore   `json:"items"`
	Journeys []Journey     `json:"journeys"`
	Missed   []Missed      `json:"missed"`
}

// ScoreSummary is the part of a [Scorecard] recorded on the final event.
type ScoreSummary struct {
	Total    int            `json:"total"`
	Agencies map[string]int `json:"agencies"`
}

// Summary returns the total and per-agency scores.
func (s Scorecard) Summary() ScoreSummary { return ScoreSummary{Total: s.Total, Agencies: s.Agencies} }

// AgencyScore is one agency's points: those it earned itself on the items
// expected of it, against its share of what those items make possible.
type AgencyScore struct {
	Agency string `json:"agency"`
	// Scored is false for an agency no item expects anything of.
	Scored   bool    `json:"scored"`
	Score    int     `json:"score"`
	Earned   int     `json:"earned"`
	Penalty  int     `json:"penalty"`
	Possible float64 `json:"possible"`
}

// ItemScore is the result of one rubric item or inject expectation.
type ItemScore struct {
	ID        string   `json:"id"`
	Text      string   `json:"text"`
	Source    string   `json:"source"` // rubric or expectation
	Evidences []string `json:"evidences,omitempty"`
	Agencies  []string `json:"agencies,omitempty"`
	Points    int      `json:"points"`
	Earned    int      `json:"earned"`
	Possible  int      `json:"possible"`
	Awards    []Award  `json:"awards,omitempty"`
	// Unmet lists the people the item was scored for and not earned.
	Unmet []string `json:"unmet,omitempty"`
}

// Award is points earned or lost, with the event that earned or lost them.
type Award struct {
	Seq    int64  `json:"seq"`
	T      int64  `json:"t"`
	Agency string `json:"agency"`
	Person string `json:"person,omitempty"`
	Points int    `json:"points"`
}

// Journey is one person's way through identification, safety and the NRM.
type Journey struct {
	Person         string `json:"person"`
	Alias          string `json:"alias"`
	Child          bool   `json:"child"`
	FirstIndicator *Step  `json:"first_indicator,omitempty"`
	Identified     *Step  `json:"identified,omitempty"`
	Safe           *Step  `json:"safe,omitempty"`
	Declined       *Step  `json:"declined,omitempty"`
	Referred       *Step  `json:"referred,omitempty"`
	Notified       *Step  `json:"notified,omitempty"`
	RG             *Step  `json:"rg,omitempty"`
	CG             *Step  `json:"cg,omitempty"`
}

// Step is when a step of a journey happened and who took it.
type Step struct {
	Seq    int64  `json:"seq"`
	T      int64  `json:"t"`
	Agency string `json:"agency"`
	Detail string `json:"detail,omitempty"`
	// InWorld is the in-world date of a competent authority decision.
	InWorld string `json:"in_world,omitempty"`
}

// Missed is a missed opportunity: an agency saw indicators of a person and
// neither acted on them nor shared them.
type Missed struct {
	Agency     string   `json:"agency"`
	Person     string   `json:"person"`
	Indicators []string `json:"indicators"`
	Seq        int64    `json:"seq"`
	T          int64    `json:"t"`
}

// Scorer scores a stream of events against a scenario's rubric. Feed it
// every event in order with Add; Result may be called at any time.
type Scorer struct {
	sc      *Scenario
	items   []*itemState
	byEvent map[string][]*itemState
	first   map[string]map[string]int64 // reference (first_indicator, identified, known) -> person -> t
	journey []*Journey
	jIndex  map[string]*Journey
	seen    []*Missed
	seenIdx map[[2]string]*Missed
	acted   map[[2]string]bool
	agency  map[string]bool
	victim  map[string]bool
}

type itemState struct {
	ItemScore
	r        *RubricItem
	x        *Expectation
	subjects []string // people scored for; nil: scored once
	opened   int64    // expectations: release time
	deadline int64
	done     map[string]bool
}

// NewScorer returns a scorer for sc's rubric.
func NewScorer(sc *Scenario) *Scorer {
	s := &Scorer{sc: sc, byEvent: make(map[string][]*itemState), jIndex: make(map[string]*Journey),
		first:   map[string]map[string]int64{"first_indicator": {}, "identified": {}, "known": {}},
		seenIdx: make(map[[2]string]*Missed), acted: make(map[[2]string]bool), agency: make(map[string]bool), victim: make(map[string]bool)}
	for _, a := range sc.Agencies {
		s.agency[a.ID] = true
	}
	for i := range sc.People {
		p := &sc.People[i]
		if p.Truth.Victim {
			s.victim[p.ID] = true
			j := &Journey{Person: p.ID, Alias: p.Alias, Child: p.MayBeChild()}
			s.journey = append(s.journey, j)
			s.jIndex[p.ID] = j
		}
	}
	for i := range sc.Rubric {
		r := &sc.Rubric[i]
		it := &itemState{r: r, done: make(map[string]bool), ItemScore: ItemScore{ID: r.ID, Text: r.Text, Source: "rubric", Evidences: r.Evidences, Agencies: r.Agencies, Points: r.Points}}
		switch {
		case len(r.People) > 0:
			it.subjects = r.People
		case r.ForEach != "":
			it.subjects = group(sc, r.ForEach)
		}
		if r.Points > 0 {
			it.Possible = r.Points * max(len(it.subjects), 1)
			if r.ForEach != "" && len(it.subjects) == 0 {
				it.Possible = 0
			}
		}
		s.items = append(s.items, it)
		s.byEvent[r.Event] = append(s.byEvent[r.Event], it)
	}
	return s
}

// group returns the ids of the people in a rubric group.
func group(sc *Scenario, name string) []string {
	ids := []string{}
	for _, p := range sc.People {
		t := p.Truth
		child := p.MayBeChild()
		var in bool
		switch name {
		case "victim":
			in = t.Victim
		case "child":
			in = child
		case "adult_victim":
			in = t.Victim && !child
		case "child_victim":
			in = t.Victim && child
		case "declining":
			in = t.Victim && !t.AcceptsSupport
		case "non_consenting":
			in = t.Victim && !child && !t.Consents
		case "suspect":
			in = t.Suspect
		case "non_victim":
			in = !t.Victim && !t.Suspect
		}
		if in {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// actingAgency is the agency an event is to the credit or charge of.
func (s *Scorer) actingAgency(e *Event) string {
	switch e.Type {
	case EvFlagged, EvConsent, EvLearned, EvSupportRefused:
		return e.Payload.Agency
	case EvRG, EvCG:
		if len(e.To) > 0 {
			return e.To[0]
		}
		return ""
	}
	if s.agency[e.Actor] {
		return e.Actor
	}
	return ""
}

// Add scores one event.
func (s *Scorer) Add(e *Event) {
	agency := s.actingAgency(e)
	person := e.Payload.Person
	s.track(e, agency, person)
	if e.Type == EvInject && e.Payload.Inject != "" {
		s.openExpectations(e)
	}
	for _, it := range s.byEvent[e.Type] {
		s.match(it, e, agency, person)
	}
}

func (s *Scorer) track(e *Event, agency, person string) {
	if person == "" {
		return
	}
	key := [2]string{agency, person}
	switch {
	case e.Type == EvLearned:
		if _, ok := s.first["known"][person]; !ok {
			s.first["known"][person] = e.T
		}
		if len(e.Payload.Indicators) > 0 {
			if _, ok := s.first["first_indicator"][person]; !ok {
				s.first["first_indicator"][person] = e.T
				if j := s.jIndex[person]; j != nil {
					j.FirstIndicator = &Step{Seq: e.Seq, T: e.T, Agency: agency}
				}
			}
			if m := s.seenIdx[key]; m != nil {
				m.Indicators = append(m.Indicators, e.Payload.Indicators...)
			} else {
				m := &Missed{Agency: agency, Person: person, Indicators: slices.Clone(e.Payload.Indicators), Seq: e.Seq, T: e.T}
				s.seen = append(s.seen, m)
				s.seenIdx[key] = m
			}
		}
		return
	case e.Type == EvRejected || e.Type == EvFlagged || e.Type == EvCommand:
		return
	}
	if agency != "" && e.Actor == agency {
		s.acted[key] = true
	}
	if e.Type == CmdIdentify {
		if _, ok := s.first["identified"][person]; !ok {
			s.first["identified"][person] = e.T
		}
	}
	j := s.jIndex[person]
	if j == nil {
		return
	}
	step := func(p **Step, detail string) {
		if *p == nil {
			*p = &Step{Seq: e.Seq, T: e.T, Agency: agency, Detail: detail}
		}
	}
	switch e.Type {
	case CmdIdentify:
		step(&j.Identified, "")
	case CmdRemove:
		step(&j.Safe, e.Payload.Place)
	case CmdRecordDecline:
		step(&j.Declined, e.Payload.Text)
	case CmdNRMReferral:
		step(&j.Referred, "")
	case CmdDutyToNotify:
		step(&j.Notified, "")
	case EvRG:
		d := "negative"
		if e.Payload.Positive {
			d = "positive"
		}
		step(&j.RG, d)
		j.RG.InWorld = e.Payload.InWorld
	case EvCG:
		step(&j.CG, e.Payload.Outcome)
		j.CG.InWorld = e.Payload.InWorld
	}
}

func (s *Scorer) openExpectations(e *Event) {
	for i := range s.sc.Injects {
		in := &s.sc.Injects[i]
		if in.ID != e.Payload.Inject {
			continue
		}
		for j := range in.Expect {
			x := &in.Expect[j]
			it := &itemState{x: x, opened: e.T, deadline: e.T + x.Within.D.Milliseconds(), done: make(map[string]bool),
				ItemScore: ItemScore{ID: in.ID + "." + x.ID, Text: expectText(in, x), Source: "expectation", Evidences: x.Evidences, Agencies: x.By, Points: x.Points, Possible: max(x.Points, 0)}}
			s.items = append(s.items, it)
			s.byEvent[x.Action] = append(s.byEvent[x.Action], it)
		}
	}
}

func expectText(in *Inject, x *Expectation) string {
	t := strings.ReplaceAll(x.Action, "_", " ")
	if x.Person != "" {
		t += " " + x.Person
	}
	return fmt.Sprintf("%s within %s of inject %s", t, FormatDuration(x.Within.D), in.ID)
}

// FormatDuration writes a duration as scenarios do: 90s, 15m, 1h30m, 45d.
func FormatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "0s"
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String() // such as 1h30m0s
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (s *Scorer) match(it *itemState, e *Event, agency, person string) {
	if x := it.x; x != nil { // an expectation
		if it.done[""] || e.T > it.deadline || !x.Matches(e.Type, agency, person) {
			return
		}
		it.done[""] = true
		it.Earned += x.Points
		it.Awards = append(it.Awards, Award{Seq: e.Seq, T: e.T, Agency: agency, Person: person, Points: x.Points})
		return
	}
	r := it.r
	if r.Rule != "" && e.Payload.Rule != r.Rule {
		return
	}
	if r.Points > 0 && agency == "" { // the engine's own doing earns nothing
		return
	}
	if len(r.Agencies) > 0 && !slices.Contains(r.Agencies, agency) {
		return
	}
	subject := ""
	if it.subjects != nil {
		if !slices.Contains(it.subjects, person) {
			return
		}
		subject = person
	}
	if r.Within.D > 0 {
		from := int64(0)
		if r.From != "" && r.From != "start" {
			t, ok := s.first[r.From][person]
			if !ok {
				t = e.T
			}
			from = t
		}
		if e.T > from+r.Within.D.Milliseconds() {
			return
		}
	}
	// A positive item is earned once per person; a penalty is charged once
	// per agency and person, however often the same thing is tried again.
	key := subject
	if r.Points < 0 {
		key = agency + "|" + person
	}
	if it.done[key] {
		return
	}
	it.done[key] = true
	it.Earned += r.Points
	it.Awards = append(it.Awards, Award{Seq: e.Seq, T: e.T, Agency: agency, Person: person, Points: r.Points})
}

// Result returns the scorecard as of the events added so far.
func (s *Scorer) Result() Scorecard {
	sc := Scorecard{Agencies: make(map[string]int)}
	type tally struct {
		earned, penalty int
		possible        float64
	}
	per := make(map[string]*tally)
	for _, a := range s.sc.Agencies {
		per[a.ID] = &tally{}
	}
	for _, it := range s.items {
		is := it.ItemScore
		is.Awards = slices.Clone(it.Awards)
		if it.subjects != nil && it.Points > 0 {
			for _, p := range it.subjects {
				if !it.done[p] {
					is.Unmet = append(is.Unmet, p)
				}
			}
		}
		sc.Items = append(sc.Items, is)
		if it.Points < 0 {
			for _, a := range it.Awards {
				sc.Penalty -= a.Points
				if t := per[a.Agency]; t != nil {
					t.penalty -= a.Points
				}
			}
			continue
		}
		sc.Earned += it.Earned
		sc.Possible += it.Possible
		// Points go to the agency that earned them; an item expected of
		// several agencies is each one's equal share of the work.
		for _, a := range it.Awards {
			if t := per[a.Agency]; t != nil && slices.Contains(it.Agencies, a.Agency) {
				t.earned += a.Points
			}
		}
		for _, a := range it.Agencies {
			if t := per[a]; t != nil {
				t.possible += float64(it.Possible) / float64(len(it.Agencies))
			}
		}
	}
	sc.Total = percent(float64(sc.Earned-sc.Penalty), float64(sc.Possible))
	for _, a := range s.sc.Agencies {
		t := per[a.ID]
		d := AgencyScore{Agency: a.ID, Earned: t.earned, Penalty: t.penalty, Possible: math.Round(t.possible*10) / 10}
		if t.possible > 0 { // an agency with nothing expected of it is not scored
			d.Scored = true
			d.Score = percent(float64(t.earned-t.penalty), t.possible)
			sc.Agencies[a.ID] = d.Score
		}
		sc.Detail = append(sc.Detail, d)
	}
	for _, j := range s.journey {
		sc.Journeys = append(sc.Journeys, *j)
	}
	for _, m := range s.seen {
		if !s.acted[[2]string{m.Agency, m.Person}] && s.victim[m.Person] {
			mm := *m
			mm.Indicators = slices.Clone(m.Indicators)
			sc.Missed = append(sc.Missed, mm)
		}
	}
	return sc
}

// percent is n of d as a whole percentage, 0 to 100: more than the share
// expected of an agency counts as all of it, and penalties stop at 0.
func percent(n, d float64) int {
	if d <= 0 {
		return 0
	}
	v := int(math.Round(100 * n / d))
	return min(max(v, 0), 100)
}

// ScoreEvents scores a whole stream of events.
func ScoreEvents(sc *Scenario, events []Event) Scorecard {
	s := NewScorer(sc)
	for i := range events {
		s.Add(&events[i])
	}
	return s.Result()
}

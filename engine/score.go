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
	// Agencies maps each scored agency id to its score, 0 to 100.
	Agencies map[string]int `json:"agencies"`
	Earned   int            `json:"earned"`
	Penalty  int            `json:"penalty"`
	Possible int            `json:"possible"`
	// Detail gives each agency's points in the scenario's agency order.
	Detail []AgencyScore `json:"detail"`
	Items  []ItemScore   `json:"items"`
	// Shortfalls lists every point lost, each charged to the agency
	// responsible and naming its cause, in item order.
	Shortfalls []Shortfall `json:"shortfalls"`
	Journeys   []Journey   `json:"journeys"`
	Missed     []Missed    `json:"missed"`
}

// ScoreSummary is the part of a [Scorecard] recorded on the final event.
type ScoreSummary struct {
	Total    int            `json:"total"`
	Agencies map[string]int `json:"agencies"`
}

// Summary returns the total and per-agency scores.
func (s Scorecard) Summary() ScoreSummary { return ScoreSummary{Total: s.Total, Agencies: s.Agencies} }

// AgencyScore is one agency's points. Possible is what was expected of
// the agency: the items and expectations it was responsible for (see
// [RubricItem.Lead]). Earned is how much of that was achieved, by the
// agency or by another on its behalf (OnBehalf of it). Penalty is what its
// own wrong actions cost.
type AgencyScore struct {
	Agency string `json:"agency"`
	// Scored is false for an agency nothing was expected of.
	Scored   bool `json:"scored"`
	Score    int  `json:"score"`
	Earned   int  `json:"earned"`
	OnBehalf int  `json:"on_behalf"`
	Penalty  int  `json:"penalty"`
	Possible int  `json:"possible"`
	// Credit is what the agency's own actions earned, for itself or on
	// another's behalf.
	Credit int `json:"credit"`
}

// ItemScore is the result of one rubric item or inject expectation.
type ItemScore struct {
	ID        string   `json:"id"`
	Text      string   `json:"text"`
	Source    string   `json:"source"` // rubric or expectation
	Evidences []string `json:"evidences,omitempty"`
	Agencies  []string `json:"agencies,omitempty"`
	Lead      []string `json:"lead,omitempty"`
	// Action is the event type the item scores; Asked the request it
	// answers, if any (see [Ask]).
	Action   string  `json:"action"`
	Asked    string  `json:"asked,omitempty"`
	Points   int     `json:"points"`
	Earned   int     `json:"earned"`
	Possible int     `json:"possible"`
	Awards   []Award `json:"awards,omitempty"`
	// Unmet lists the people the item was scored for and not fully
	// earned; Charged the people a penalty was charged for.
	Unmet   []string `json:"unmet,omitempty"`
	Charged []string `json:"charged,omitempty"`
}

// Award is points earned or lost, with the event that earned or lost them.
type Award struct {
	Seq    int64  `json:"seq"`
	T      int64  `json:"t"`
	Agency string `json:"agency"`
	Person string `json:"person,omitempty"`
	Points int    `json:"points"`
	// For is the agency responsible for the item, where another agency's
	// action earned it on its behalf.
	For string `json:"for,omitempty"`
}

// Causes of a [Shortfall].
const (
	// CauseNotDone: the responsible agency knew of the person (or the
	// item is not about a person) and did not act.
	CauseNotDone = "not_done"
	// CauseUnknown: no agency that could act ever knew of the person.
	CauseUnknown = "not_known"
	// CauseLate: the action came after its window closed.
	CauseLate = "late"
	// CauseRule: the action was taken while breaking a rule, so it earns
	// part of its points.
	CauseRule = "rule_broken"
	// CauseNotAsked: the item answers a request nobody made.
	CauseNotAsked = "not_asked"
	// CauseNotAnswered: the request was made and not answered.
	CauseNotAnswered = "not_answered"
	// CauseRefused: the request was refused.
	CauseRefused = "refused"
	// CausePenalty: a penalty item matched the agency's action.
	CausePenalty = "penalty"
	// CauseOther: an agency the item is not for took the action itself,
	// so the agencies it is for could no longer.
	CauseOther = "pre_empted"
	// CauseNotPassedOn: an agency knew of the person, and none of the
	// agencies the item is for ever did.
	CauseNotPassedOn = "not_passed_on"
)

// Shortfall is points lost on one item, charged to the agency responsible,
// with its cause: which person, which event (Seq, 0 for an absence) and
// which rule.
type Shortfall struct {
	Item   string `json:"item"`
	Agency string `json:"agency,omitempty"`
	Person string `json:"person,omitempty"`
	Points int    `json:"points"`
	Cause  string `json:"cause"`
	Rule   string `json:"rule,omitempty"`
	Seq    int64  `json:"seq,omitempty"`
	T      int64  `json:"t,omitempty"`
	// Reason says in words what happened or did not.
	Reason string `json:"reason"`
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

// Kinds of [Missed] opportunity.
const (
	// MissedSeen: an agency saw indicators and neither acted nor shared.
	MissedSeen = "seen_not_acted"
	// MissedNotGathered: indicators of a victim that observing them would
	// have brought to light and nobody ever gathered; the agency named
	// knew of the person first and should have.
	MissedNotGathered = "not_gathered"
)

// Missed is a missed opportunity: an agency saw indicators of a victim and
// neither acted on them nor shared them, or knew of a victim and nobody
// ever gathered indicators that were there to find.
type Missed struct {
	Kind       string   `json:"kind"`
	Agency     string   `json:"agency"`
	Person     string   `json:"person"`
	Indicators []string `json:"indicators"`
	Seq        int64    `json:"seq"`
	T          int64    `json:"t"`
}

// Scorer scores a stream of events against a scenario's rubric. Feed it
// every event in order with Add; Result may be called at any time.
//
// Everything it keeps is bounded by the scenario's size (people, agencies,
// items), not by the number of events.
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
	// knew is when each agency first knew of each person: person -> agency -> t.
	knew map[string]map[string]int64
	// asks are the requests made, first of each kind per asker, person
	// and addressee.
	asks map[askKey]eventRef
	// refusals are the first refusal of each kind per holder and person.
	refusals map[askKey]eventRef
	// history is the first accepted action of each type per agency and
	// person, for the action types some expectation names.
	history  map[[3]string]eventRef
	expected map[string]bool
	// declined is the people who declined support when offered it.
	declined map[string]bool
	// gathered is the indicators any agency learned, per person.
	gathered map[string]map[string]bool
	// last is the latest accepted player action and the credit it earned,
	// so that a flag raised on that action can reduce it.
	last lastAction
}

type askKey struct{ action, by, to, person, kind string }

type eventRef struct {
	seq, t int64
	agency string
	text   string
}

type lastAction struct {
	seq            int64
	agency, person string
	units          []*unit
}

type itemState struct {
	ItemScore
	r        *RubricItem
	x        *Expectation
	inject   *Inject
	subjects []string // people scored for; nil: scored once
	opened   int64    // expectations: release time
	deadline int64
	units    map[string]*unit
	charged  map[string]bool
}

// unit is one scoring of a positive item: for one person, or the item once.
type unit struct {
	award *Award
	full  int // the points a clean action earns
	late  *eventRef
	other *eventRef // the first such action by an agency the item is not for
	// alt is a later action that met the item cleanly, after the first
	// broke a rule: it earns the item in full.
	alt  *Award
	flaw *Shortfall
}

// NewScorer returns a scorer for sc's rubric.
func NewScorer(sc *Scenario) *Scorer {
	s := &Scorer{sc: sc, byEvent: make(map[string][]*itemState), jIndex: make(map[string]*Journey),
		first:   map[string]map[string]int64{"first_indicator": {}, "identified": {}, "known": {}},
		seenIdx: make(map[[2]string]*Missed), acted: make(map[[2]string]bool), agency: make(map[string]bool), victim: make(map[string]bool),
		knew: make(map[string]map[string]int64), asks: make(map[askKey]eventRef), refusals: make(map[askKey]eventRef),
		history: make(map[[3]string]eventRef), expected: make(map[string]bool), gathered: make(map[string]map[string]bool), declined: make(map[string]bool)}
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
	for i := range sc.Injects {
		for _, x := range sc.Injects[i].Expect {
			s.expected[x.Action] = true
		}
	}
	for i := range sc.Rubric {
		r := &sc.Rubric[i]
		it := &itemState{r: r, units: make(map[string]*unit), charged: make(map[string]bool),
			ItemScore: ItemScore{ID: r.ID, Text: r.Text, Source: "rubric", Evidences: r.Evidences, Agencies: r.Agencies, Lead: r.Leads(), Action: r.Event, Asked: askAction(r.Asked), Points: r.Points}}
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

func askAction(a *Ask) string {
	if a == nil {
		return ""
	}
	return a.Action
}

// Leads returns the agencies whose duty the item is: Lead, or Agencies.
func (r *RubricItem) Leads() []string {
	if len(r.Lead) > 0 {
		return r.Lead
	}
	return r.Agencies
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

// playerAction reports whether e is an accepted action of an agency.
func (s *Scorer) playerAction(e *Event) bool {
	return s.agency[e.Actor] && slices.Contains(CommandTypes, e.Type)
}

// Add scores one event.
func (s *Scorer) Add(e *Event) {
	agency := s.actingAgency(e)
	person := e.Payload.Person
	s.track(e, agency, person)
	action := s.playerAction(e)
	if action {
		s.last = lastAction{seq: e.Seq, agency: agency, person: person}
		for _, t := range scoredAs(e.Type) {
			if !s.expected[t] {
				continue
			}
			k := [3]string{t, agency, person}
			if _, ok := s.history[k]; !ok {
				s.history[k] = eventRef{seq: e.Seq, t: e.T, agency: agency}
			}
		}
	}
	if e.Type == EvFlagged {
		s.flawed(e)
	}
	if e.Type == EvInject && e.Payload.Inject != "" {
		s.openExpectations(e)
	}
	for _, t := range scoredAs(e.Type) {
		for _, it := range s.byEvent[t] {
			s.match(it, e, agency, person, t)
		}
	}
}

// scoredAs lists the event types an event counts as: its own, and for a
// message, a share too (a message is a way of sharing, J1).
func scoredAs(typ string) []string {
	if typ == CmdMessage {
		return []string{CmdMessage, CmdShare}
	}
	return []string{typ}
}

// flawed reduces the credit of the action a flag was raised on: an item
// reached while breaking a rule is never full (nrm-rules.md: the rule the
// flag cites).
func (s *Scorer) flawed(e *Event) {
	l := &s.last
	if l.agency != e.Payload.Agency || l.person != e.Payload.Person {
		return
	}
	for _, u := range l.units {
		if u.alt != nil && u.alt.Seq == l.seq {
			u.alt = nil // the later action broke a rule too
			continue
		}
		if u.flaw != nil || u.award == nil || u.award.Seq != l.seq {
			continue
		}
		kept := u.full / 2
		u.flaw = &Shortfall{Agency: l.agency, Person: l.person, Points: u.full - kept, Cause: CauseRule, Rule: e.Payload.Rule, Seq: e.Seq, T: e.T, Reason: e.Payload.Reason}
		u.award.Points = kept
	}
}

func (s *Scorer) track(e *Event, agency, person string) {
	switch e.Type {
	case CmdRequest:
		k := askKey{e.Type, agency, e.Payload.Agency, person, e.Payload.Kind}
		if _, ok := s.asks[k]; !ok {
			s.asks[k] = eventRef{seq: e.Seq, t: e.T, agency: agency}
		}
	case CmdChargingRequest:
		for _, to := range e.Payload.Agencies {
			k := askKey{e.Type, agency, to, person, ""}
			if _, ok := s.asks[k]; !ok {
				s.asks[k] = eventRef{seq: e.Seq, t: e.T, agency: agency}
			}
		}
	case EvSupportRefused:
		s.declined[person] = true
	case CmdRefuse:
		k := askKey{CmdRequest, e.Payload.Agency, agency, person, e.Payload.Kind}
		if _, ok := s.refusals[k]; !ok {
			s.refusals[k] = eventRef{seq: e.Seq, t: e.T, agency: agency, text: e.Payload.Text}
		}
	}
	if person == "" {
		return
	}
	key := [2]string{agency, person}
	switch {
	case e.Type == EvLearned:
		if s.knew[person] == nil {
			s.knew[person] = make(map[string]int64)
		}
		if _, ok := s.knew[person][agency]; !ok {
			s.knew[person][agency] = e.T
		}
		if _, ok := s.first["known"][person]; !ok {
			s.first["known"][person] = e.T
		}
		if len(e.Payload.Indicators) > 0 {
			if s.gathered[person] == nil {
				s.gathered[person] = make(map[string]bool)
			}
			for _, i := range e.Payload.Indicators {
				s.gathered[person][i] = true
			}
			if _, ok := s.first["first_indicator"][person]; !ok {
				s.first["first_indicator"][person] = e.T
				if j := s.jIndex[person]; j != nil {
					j.FirstIndicator = &Step{Seq: e.Seq, T: e.T, Agency: agency}
				}
			}
			if m := s.seenIdx[key]; m != nil {
				m.Indicators = append(m.Indicators, e.Payload.Indicators...)
			} else {
				m := &Missed{Kind: MissedSeen, Agency: agency, Person: person, Indicators: slices.Clone(e.Payload.Indicators), Seq: e.Seq, T: e.T}
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
			it := &itemState{x: x, inject: in, opened: e.T, deadline: e.T + x.Within.D.Milliseconds(), units: make(map[string]*unit),
				ItemScore: ItemScore{ID: in.ID + "." + x.ID, Text: expectText(in, x), Source: "expectation", Evidences: x.Evidences, Agencies: x.By, Lead: x.Leads(in), Action: x.Action, Asked: askAction(x.Asked), Points: x.Points, Possible: max(x.Points, 0)}}
			s.items = append(s.items, it)
			s.byEvent[x.Action] = append(s.byEvent[x.Action], it)
			// An action taken before the inject prompted it counts: the
			// expectation asks for the action by the deadline.
			var early *eventRef
			for k, ref := range s.history {
				if k[0] == x.Action && x.Matches(k[0], k[1], k[2]) && (early == nil || ref.seq < early.seq) {
					early = &ref
				}
			}
			if early != nil {
				it.credit("", Award{Seq: early.seq, T: early.t, Agency: early.agency, Person: x.Person, Points: x.Points})
			}
		}
	}
}

// Leads returns the agencies whose duty the expectation is in inject in:
// Lead, or those of By that the inject reached, or By, or the inject's
// recipients.
func (x *Expectation) Leads(in *Inject) []string {
	switch {
	case len(x.Lead) > 0:
		return x.Lead
	case len(x.By) == 0:
		return in.To
	}
	var reached []string
	for _, a := range x.By {
		if slices.Contains(in.To, a) {
			reached = append(reached, a)
		}
	}
	if len(reached) > 0 {
		return reached
	}
	return x.By
}

func expectText(in *Inject, x *Expectation) string {
	t := strings.ReplaceAll(x.Action, "_", " ")
	if x.Person != "" {
		t += " " + x.Person
	}
	return fmt.Sprintf("%s by %s after inject %s", t, FormatDuration(x.Within.D), in.ID)
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

// onceActions are the actions taken once for a person, whoever takes
// them: one agency's taking it leaves nothing for another to do.
var onceActions = []string{CmdRemove, CmdRecordDecline, CmdNRMReferral, CmdDutyToNotify, CmdChildSafeguarding, CmdAdultSafeguarding, CmdAgeAssessment, CmdArrest}

// unit returns the unit for subject ("" for an item scored once; a
// person otherwise).
func (it *itemState) unit(subject string) *unit {
	if it.subjects == nil {
		subject = ""
	}
	u := it.units[subject]
	if u == nil {
		u = &unit{}
		it.units[subject] = u
	}
	return u
}

// credit records the first award of a unit.
func (it *itemState) credit(subject string, a Award) *unit {
	u := it.unit(subject)
	switch {
	case u.award == nil:
		u.full = a.Points
		u.award = &a
		return u
	case u.flaw != nil && u.alt == nil:
		u.alt = &a // unless a flag on this action too takes it back
		return u
	}
	return nil
}

// lateFor records the first action that would have earned a unit had it
// come in time.
func (it *itemState) lateFor(subject string, e *Event, agency string) {
	if u := it.unit(subject); u.late == nil {
		u.late = &eventRef{seq: e.Seq, t: e.T, agency: agency}
	}
}

func (s *Scorer) match(it *itemState, e *Event, agency, person, typ string) {
	if x := it.x; x != nil { // an expectation
		if !x.Matches(typ, agency, person) {
			return
		}
		if e.T > it.deadline {
			it.lateFor("", e, agency)
			return
		}
		if u := it.credit("", Award{Seq: e.Seq, T: e.T, Agency: agency, Person: person, Points: x.Points}); u != nil && e.Seq == s.last.seq {
			s.last.units = append(s.last.units, u)
		}
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
		if r.Points > 0 && agency != "" && it.subjects != nil && slices.Contains(it.subjects, person) && slices.Contains(onceActions, r.Event) {
			u := it.unit(person)
			if u.other == nil {
				u.other = &eventRef{seq: e.Seq, t: e.T, agency: agency}
			}
		}
		return
	}
	if r.Asked != nil && r.Asked.Kind != "" && e.Payload.Kind != r.Asked.Kind {
		return
	}
	subject := ""
	if it.subjects != nil {
		if !slices.Contains(it.subjects, person) {
			return
		}
		subject = person
	}
	if r.Points < 0 {
		// A penalty is charged once per agency and person, however often
		// the same thing is tried again.
		key := agency + "|" + person
		if it.charged[key] {
			return
		}
		it.charged[key] = true
		it.Earned += r.Points
		it.Awards = append(it.Awards, Award{Seq: e.Seq, T: e.T, Agency: agency, Person: person, Points: r.Points})
		return
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
			it.lateFor(subject, e, agency)
			return
		}
	}
	if u := it.credit(subject, Award{Seq: e.Seq, T: e.T, Agency: agency, Person: person, Points: r.Points}); u != nil && e.Seq == s.last.seq {
		s.last.units = append(s.last.units, u)
	}
}

// responsible returns the agency of leads responsible for person: the
// first of them, in list order, that knew of the person, or the first
// listed when none did or the item is about no one. known reports
// whether that agency knew of the person.
func (s *Scorer) responsible(leads []string, person string) (agency string, known bool) {
	if len(leads) == 0 {
		return "", false
	}
	if person == "" {
		return leads[0], true
	}
	for _, a := range leads {
		if _, ok := s.knew[person][a]; ok {
			return a, true
		}
	}
	return leads[0], false
}

// Result returns the scorecard as of the events added so far.
func (s *Scorer) Result() Scorecard {
	sc := Scorecard{Agencies: make(map[string]int)}
	per := make(map[string]*AgencyScore)
	for _, a := range s.sc.Agencies {
		per[a.ID] = &AgencyScore{Agency: a.ID}
	}
	charge := func(sh Shortfall) {
		sc.Shortfalls = append(sc.Shortfalls, sh)
	}
	for _, it := range s.items {
		is := it.ItemScore
		is.Awards = slices.Clone(it.Awards)
		is.Earned = it.Earned
		if it.Points < 0 {
			for _, a := range it.Awards {
				sc.Penalty -= a.Points
				if t := per[a.Agency]; t != nil {
					t.Penalty -= a.Points
				}
				if a.Person != "" && !slices.Contains(is.Charged, a.Person) {
					is.Charged = append(is.Charged, a.Person)
				}
				charge(Shortfall{Item: it.ID, Agency: a.Agency, Person: a.Person, Points: -a.Points, Cause: CausePenalty, Rule: it.r.Rule, Seq: a.Seq, T: a.T, Reason: strings.TrimSpace(it.Text)})
			}
			sc.Items = append(sc.Items, is)
			continue
		}
		subjects := it.subjects
		if subjects == nil {
			subjects = []string{""}
		}
		if it.Possible == 0 {
			subjects = nil
		}
		for _, p := range subjects {
			s.settle(it, &is, p, per, charge)
		}
		sc.Earned += is.Earned
		sc.Possible += it.Possible
		sc.Items = append(sc.Items, is)
	}
	sc.Total = percent(float64(sc.Earned-sc.Penalty), float64(sc.Possible))
	for _, a := range s.sc.Agencies {
		d := per[a.ID]
		if d.Possible > 0 { // an agency with nothing expected of it is not scored
			d.Scored = true
			d.Score = percent(float64(d.Earned-d.Penalty), float64(d.Possible))
			sc.Agencies[a.ID] = d.Score
		}
		sc.Detail = append(sc.Detail, *d)
	}
	for _, j := range s.journey {
		sc.Journeys = append(sc.Journeys, *j)
	}
	sc.Missed = s.missed()
	return sc
}

// settle scores one unit of a positive item (for person p, or the item
// once when p is empty): the points go to the agency responsible for it,
// and any shortfall is charged to that agency with its cause.
func (s *Scorer) settle(it *itemState, is *ItemScore, p string, per map[string]*AgencyScore, charge func(Shortfall)) {
	leads := is.Lead
	u := it.units[p]
	book := func(agency string, earned int) {
		if t := per[agency]; t != nil {
			t.Possible += is.Points
			t.Earned += earned
		}
	}
	if u != nil && u.award != nil {
		a, flaw := *u.award, u.flaw
		if flaw != nil && u.alt != nil {
			a, flaw = *u.alt, nil // met cleanly later, in full
		}
		owner := a.Agency
		if !slices.Contains(leads, owner) {
			owner, _ = s.responsible(leads, p)
			if owner != "" {
				a.For = owner
			}
		}
		is.Earned += a.Points
		is.Awards = append(is.Awards, a)
		if t := per[a.Agency]; t != nil {
			t.Credit += a.Points
		}
		book(owner, a.Points)
		if t := per[owner]; t != nil && owner != a.Agency {
			t.OnBehalf += a.Points
		}
		if flaw != nil {
			sh := *flaw
			sh.Item = it.ID
			if p != "" {
				is.Unmet = append(is.Unmet, p)
			}
			charge(sh)
		}
		return
	}
	if p != "" {
		is.Unmet = append(is.Unmet, p)
	}
	sh := s.blame(it, p, 0)
	sh.Points = is.Points
	book(sh.Agency, 0)
	charge(sh)
}

// maxAfter bounds how far blame follows a chain of prerequisites; the
// loader refuses cycles, so this only guards against a scenario built
// without it.
const maxAfter = 16

// blame finds who is responsible for an unmet unit of a positive item,
// and why: the agency whose action came too late; for an item that
// answers a request, the agency asked (refused or silent) or the one that
// should have asked; for an item whose prerequisite never happened, the
// agency responsible for that; else the responsible lead.
func (s *Scorer) blame(it *itemState, p string, depth int) Shortfall {
	sh := Shortfall{Item: it.ID, Person: p}
	leads := it.Lead
	if it.x != nil && it.x.Person != "" {
		sh.Person = it.x.Person // an expectation about one person
	}
	who := s.alias(sh.Person)
	what := actionText(it.Action)
	if u := it.units[p]; u != nil && u.late != nil {
		sh.Agency, sh.Cause, sh.Seq, sh.T = u.late.agency, CauseLate, u.late.seq, u.late.t
		if !slices.Contains(leads, sh.Agency) {
			sh.Agency, _ = s.responsible(leads, sh.Person)
		}
		sh.Reason = fmt.Sprintf("%s: too late for the item's window", doing(it.Action, who))
		if it.x != nil {
			sh.Reason = fmt.Sprintf("%s came after its deadline, %s after inject %s", what, FormatDuration(it.x.Within.D), it.inject.ID)
		}
		return sh
	}
	if u := it.units[p]; u != nil && u.other != nil {
		sh.Agency, sh.Cause, sh.Seq, sh.T = u.other.agency, CauseOther, u.other.seq, u.other.t
		sh.Reason = fmt.Sprintf("%s went ahead and did it itself (%s), where the item is for %s", s.name(sh.Agency), doing(it.Action, who), s.names(it.Agencies))
		return sh
	}
	r := it.r
	if ask, may := it.asked(); ask != nil {
		person := p
		if it.x != nil {
			person = it.x.Person
		}
		s.unanswered(ask, may, leads, person, &sh)
		return sh
	}
	for _, id := range afterOf(r) {
		if pre := s.rubricItem(id); pre != nil && depth < maxAfter && (pre.subjects == nil || slices.Contains(pre.subjects, p)) && !pre.happened(p) {
			sh = s.blame(pre, p, depth+1)
			sh.Item = it.ID
			sh.Reason = fmt.Sprintf("could not %s: %s (item %s)", doing(it.Action, who), sh.Reason, pre.ID)
			return sh
		}
	}
	agency, known := s.responsible(leads, sh.Person)
	sh.Agency, sh.Cause = agency, CauseNotDone
	switch {
	case agency == "":
		sh.Reason = fmt.Sprintf("nobody did %s", doing(it.Action, who))
	case !known:
		// No lead knew of the person: the agency that did, and did not
		// pass them on, is responsible; if nobody did, nobody is.
		if knower := s.firstToKnow(sh.Person); knower != "" {
			sh.Agency, sh.Cause = knower, CauseNotPassedOn
			sh.Reason = fmt.Sprintf("%s knew of %s and no agency that could %s ever learned of them", s.name(knower), who, what)
			break
		}
		sh.Agency, sh.Cause = "", CauseUnknown
		sh.Reason = fmt.Sprintf("%s never came to light, so nobody could %s", who, what)
	case it.Action == CmdRecordDecline && sh.Person != "" && !s.declined[sh.Person]:
		sh.Reason = fmt.Sprintf("%s did not offer %s support, so there was no decline to record: offer safety and support first (R9)", s.name(agency), who)
	default:
		sh.Reason = fmt.Sprintf("%s did not %s", s.name(agency), doing(it.Action, who))
	}
	return sh
}

// asked returns the request the item answers, if any, and the agencies
// that may answer it.
func (it *itemState) asked() (*Ask, []string) {
	switch {
	case it.r != nil:
		return it.r.Asked, it.r.Agencies
	case it.x != nil:
		return it.x.Asked, it.x.By
	}
	return nil, nil
}

func afterOf(r *RubricItem) []string {
	if r == nil {
		return nil
	}
	return r.After
}

// firstToKnow returns the agency that knew of person first (ties in the
// scenario's agency order), or "" when none did.
func (s *Scorer) firstToKnow(person string) string {
	best, bestT := "", int64(math.MaxInt64)
	for _, a := range s.sc.Agencies {
		if t, ok := s.knew[person][a.ID]; ok && t < bestT {
			best, bestT = a.ID, t
		}
	}
	return best
}

// happened reports whether the item's action was taken for person p,
// in time or not.
func (it *itemState) happened(p string) bool {
	u := it.units[p]
	return u != nil && (u.award != nil || u.late != nil)
}

func (s *Scorer) rubricItem(id string) *itemState {
	for _, it := range s.items {
		if it.r != nil && it.ID == id {
			return it
		}
	}
	return nil
}

// actionText names an action in words.
func actionText(action string) string {
	switch action {
	case CmdNRMReferral:
		return "refer into the NRM"
	case CmdDutyToNotify:
		return "make a Duty to Notify report"
	case CmdRequest:
		return "request a resource"
	case CmdAllocate:
		return "allocate a resource"
	case CmdChildSafeguarding:
		return "refer to child safeguarding"
	case CmdAdultSafeguarding:
		return "make an adult safeguarding referral (R12)"
	case CmdChargingRequest:
		return "ask the CPS for charging advice"
	case CmdChargingAdvice:
		return "give charging advice"
	case CmdRecordDecline:
		return "record the decline of support"
	case CmdRemove:
		return "move to a place of safety"
	case CmdLogDecision:
		return "log a decision"
	case CmdDecide:
		return "answer the decision point"
	}
	return strings.ReplaceAll(action, "_", " ")
}

// unanswered finds who is to blame for an unmet item that answers a
// request: the agency asked, if it was asked (refused or never answered),
// else the agency that should have asked.
func (s *Scorer) unanswered(ask *Ask, may, leads []string, p string, sh *Shortfall) {
	what := "charging advice"
	if ask.Action == CmdRequest {
		what = "a resource"
		if ask.Kind != "" {
			what = "a " + strings.ReplaceAll(ask.Kind, "_", " ")
		}
	}
	var open, refused *askKey
	var openRef, refusedRef eventRef
	for k, v := range s.asks {
		if k.action != ask.Action || k.person != p || (ask.Kind != "" && k.kind != ask.Kind) {
			continue
		}
		if len(may) > 0 && !slices.Contains(may, k.to) {
			continue
		}
		kk := k
		if rf, ok := s.refusals[askKey{CmdRequest, k.by, k.to, p, k.kind}]; ok && ask.Action == CmdRequest {
			if refused == nil || rf.seq < refusedRef.seq {
				refused, refusedRef = &kk, rf
			}
			continue
		}
		if open == nil || v.seq < openRef.seq {
			open, openRef = &kk, v
		}
	}
	switch {
	case open != nil:
		// Asked and never answered: the agency asked is responsible.
		sh.Agency = open.to
		if !slices.Contains(leads, sh.Agency) {
			sh.Agency, _ = s.responsible(leads, p)
		}
		sh.Cause, sh.Seq, sh.T = CauseNotAnswered, openRef.seq, openRef.t
		sh.Reason = fmt.Sprintf("%s asked %s for %s%s and had no answer", s.name(open.by), s.name(open.to), what, forWhom(s.alias(p)))
	case refused != nil:
		// A refusal is an answer (none left, say): the asker should have
		// asked elsewhere.
		sh.Agency, sh.Cause, sh.Seq, sh.T = refused.by, CauseRefused, refusedRef.seq, refusedRef.t
		sh.Reason = fmt.Sprintf("%s asked %s for %s%s and was refused", s.name(refused.by), s.name(refused.to), what, forWhom(s.alias(p)))
		if refusedRef.text != "" {
			sh.Reason += " (" + refusedRef.text + ")"
		}
		sh.Reason += "; it asked no other agency"
	default:
		asker, _ := s.responsible(ask.By, p)
		sh.Agency, sh.Cause = asker, CauseNotAsked
		sh.Reason = fmt.Sprintf("nobody asked %s for %s%s", s.names(leads), what, forWhom(s.alias(p)))
		if asker != "" {
			sh.Reason = fmt.Sprintf("%s did not ask %s for %s%s", s.name(asker), s.names(leads), what, forWhom(s.alias(p)))
		}
	}
}

// missed lists the missed opportunities: indicators seen and neither
// acted on nor shared, and victims whose indicators nobody gathered,
// charged to the agency that knew of them first.
func (s *Scorer) missed() []Missed {
	var out []Missed
	for _, m := range s.seen {
		if !s.acted[[2]string{m.Agency, m.Person}] && s.victim[m.Person] {
			mm := *m
			mm.Indicators = slices.Clone(m.Indicators)
			out = append(out, mm)
		}
	}
	for i := range s.sc.People {
		p := &s.sc.People[i]
		if !p.Truth.Victim {
			continue
		}
		a := s.firstToKnow(p.ID)
		if a == "" {
			continue // never in play: nobody could have gathered anything
		}
		m := Missed{Kind: MissedNotGathered, Agency: a, Person: p.ID, T: s.knew[p.ID][a]}
		for _, ind := range p.Indicators {
			if !s.gathered[p.ID][ind.ID] && revealedByAction(&ind) {
				m.Indicators = append(m.Indicators, ind.ID)
			}
		}
		if len(m.Indicators) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// revealedByAction reports whether observing the person, which any agency
// that knows of them can do, would have brought the indicator to light.
func revealedByAction(ind *Indicator) bool {
	for _, r := range ind.Revealed {
		if r.By == "observe" {
			return true
		}
	}
	return false
}

func forWhom(alias string) string {
	if alias == "" {
		return ""
	}
	return " for " + alias
}

// doing says an action on a person in words: "observe Ana", "refer into
// the NRM for Ana".
func doing(action, alias string) string {
	if alias == "" {
		return actionText(action)
	}
	switch action {
	case CmdObserve, CmdIdentify, CmdArrest:
		return action + " " + alias
	case CmdRemove:
		return "move " + alias + " to a place of safety"
	case CmdSeekConsent:
		return "seek consent from " + alias
	case CmdChildSafeguarding:
		return "refer " + alias + " to child safeguarding"
	}
	return actionText(action) + " for " + alias
}

func (s *Scorer) alias(id string) string {
	if p := s.sc.Person(id); p != nil && p.Alias != "" {
		return p.Alias
	}
	return id
}

func (s *Scorer) name(id string) string {
	if a := s.sc.Agency(id); a != nil && a.Name != "" {
		return a.Name
	}
	return id
}

func (s *Scorer) names(ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, s.name(id))
	}
	if len(out) == 0 {
		return "anyone"
	}
	return strings.Join(out, " or ")
}

// percent is n of d as a whole percentage, 0 to 100: penalties stop at 0.
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

package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Bot plays one seat. It sees only its agency's [View] and answers with the
// commands it takes now; the caller fills in Actor, T and ID.
type Bot interface {
	Act(v *View) []Command
}

// BotKinds are the kinds of bot [NewBot] makes.
var BotKinds = []string{"doctrine", "naive"}

// NewBot returns a bot of the given kind for one seat: "doctrine" follows
// good practice; "naive" acts on first impressions.
func NewBot(kind string) (Bot, error) {
	switch kind {
	case "doctrine":
		return &doctrineBot{memo: make(memo)}, nil
	case "naive":
		return &naiveBot{memo: make(memo)}, nil
	}
	return nil, fmt.Errorf("unknown bot kind %q (want one of %s)", kind, strings.Join(BotKinds, ", "))
}

// maxActionsPerTurn keeps bots at a human pace: a few actions a turn.
const maxActionsPerTurn = 6

// removerKinds, in order of preference, say which agency takes the lead in
// removing people to safety.
var removerKinds = []string{"police", "border_force", "nca", "glaa", "immigration", "adult_safeguarding", "child_safeguarding", "housing"}

func leadAgency(v *View, kinds []string) string {
	for _, k := range kinds {
		for _, d := range v.Directory {
			if d.Kind == k {
				return d.ID
			}
		}
	}
	return ""
}

func holderOf(v *View, kind, lang string) string {
	return nextHolder(v, kind, lang, "")
}

// nextHolder returns the first agency that held the resource at the start
// and has not already refused person a request for it.
func nextHolder(v *View, kind, lang, person string) string {
	for _, d := range v.Directory {
		for _, r := range d.Resources {
			if r.Kind == kind && r.Language == lang && r.Count > 0 && !refused(v, d.ID, kind, lang, person) {
				return d.ID
			}
		}
	}
	return ""
}

func refused(v *View, holder, kind, lang, person string) bool {
	for _, r := range v.Requests {
		if r.Holder == holder && r.Kind == kind && r.Language == lang && r.Person == person && r.Outcome == "refused" {
			return true
		}
	}
	return false
}

// awaiting reports whether the agency has an unanswered request of kind
// for person.
func awaiting(v *View, kind, person string) bool {
	for _, r := range v.Requests {
		if r.From == v.Agency && r.Kind == kind && r.Person == person && r.Open {
			return true
		}
	}
	return false
}

// allocated counts the agency's requests of kind for person that were
// granted.
func allocated(v *View, kind, person string) int {
	n := 0
	for _, r := range v.Requests {
		if r.From == v.Agency && r.Kind == kind && r.Person == person && r.Outcome == "allocated" {
			n++
		}
	}
	return n
}

// stillToSpeak reports whether the agency still has to talk with the
// person: to move them to safety, or to seek their consent to a referral.
func stillToSpeak(v *View, p *PersonView) bool {
	if statusRank(p.Status) < statusRank("safe") && !p.Refused {
		return true
	}
	return v.FirstResponder && !p.Child && p.Consent == "" && !p.Referred && statusRank(p.Status) < statusRank("referred")
}

func hasKind(p *PersonView, kinds ...string) bool {
	for _, i := range p.Indicators {
		if slices.Contains(kinds, i.Kind) {
			return true
		}
	}
	return false
}

func victimSigns(p *PersonView) bool { return hasKind(p, "physical", "psychological", "situational") }

func needsInterpreter(p *PersonView) bool { return !slices.Contains(p.Languages, englishLanguage) }

// turn collects a bot's commands for one turn, up to the limit.
type turn struct{ cmds []Command }

func (t *turn) full() bool { return len(t.cmds) >= maxActionsPerTurn }

func (t *turn) add(c Command) bool {
	if t.full() {
		return false
	}
	t.cmds = append(t.cmds, c)
	return true
}

// answerRequests allocates what it can of the requests addressed to v's
// agency, oldest first; the rest wait for a booking to end, and are
// refused only when nothing will come back at a known time (a place held
// until someone moves on has no date: the asker should look elsewhere).
// Both kinds of bot do this.
func answerRequests(v *View, t *turn) {
	stock := make(map[[2]string]int)
	timed := make(map[[2]string]bool) // an allocation comes back at a set time
	back := make(map[[2]string]bool)
	for _, r := range v.Resources {
		k := [2]string{r.Kind, r.Language}
		stock[k], timed[k] = r.Count, r.Booking > 0
		back[k] = slices.ContainsFunc(r.Bookings, func(b BookingView) bool { return b.Returns == ReturnsAtTime })
	}
	for _, r := range v.Requests { // in the order asked
		if !r.Open || r.Holder != v.Agency {
			continue
		}
		k := [2]string{r.Kind, r.Language}
		switch {
		case stock[k] > 0:
			stock[k]--
			back[k] = back[k] || timed[k]
			t.add(Command{Type: CmdAllocate, Request: r.ID})
		case !back[k]:
			t.add(Command{Type: CmdRefuse, Request: r.ID, Text: "none left"})
		}
	}
}

// memo remembers what a bot has done, so that it does each thing once.
type memo map[string]bool

// try takes c unless it was taken before under key or the turn is full.
func (m memo) try(t *turn, key string, c Command) {
	if !m[key] && !t.full() {
		m[key] = true
		t.add(c)
	}
}

// choose returns the recommended option of a decision, or when
// recommended is false the first option that is not.
func choose(d DecisionView, recommended bool) string {
	for _, o := range d.Options {
		if o.Recommended == recommended {
			return o.ID
		}
	}
	return d.OptionIDs[0]
}

type doctrineBot struct {
	memo
	phase string
}

func (b *doctrineBot) Act(v *View) []Command {
	t := &turn{}
	for _, d := range v.Decisions {
		opt := choose(d, true)
		t.add(Command{Type: CmdLogDecision, Stage: 4, Text: "Decision " + d.ID + ": option " + opt, Rationale: "the option that keeps potential victims safe and follows the agreed procedure"})
		t.add(Command{Type: CmdDecide, Decision: d.ID, Option: opt})
	}
	answerRequests(v, t)
	newPhase := v.Phase != "" && v.Phase != b.phase
	if newPhase {
		b.phase = v.Phase
		// A working strategy from the shared picture of threat and risk is
		// Joint Decision Model stage 2 (J2).
		t.add(Command{Type: CmdLogDecision, Stage: 2, Text: "Working strategy for phase: " + v.Phase, Rationale: "shared picture of threat and risk with partner agencies; safeguard first"})
	}
	b.reportMethane(v, t, newPhase)
	lead := leadAgency(v, removerKinds)
	childLead := leadAgency(v, []string{"child_safeguarding"})
	if childLead == "" {
		childLead = lead
	}
	cps := leadAgency(v, []string{"cps"})
	b.passOnIntelligence(v, t)
	for i := range v.People {
		if t.full() {
			break
		}
		b.person(v, &v.People[i], t, lead, childLead, cps)
	}
	return t.cmds
}

// partners lists the other agencies with a role for p ([View.HasRole]);
// for a nil p, intelligence not about a person, every other agency.
func partners(v *View, p *PersonView) []string {
	var out []string
	for _, d := range v.Directory {
		if d.ID != v.Agency && v.HasRole(d.ID, p) {
			out = append(out, d.ID)
		}
	}
	return out
}

// passOnIntelligence shares what reaches the agency by intelligence, phone,
// email or in person with every partner, once (J1: communicate): it names
// no person, so every partner has a role for it.
func (b *doctrineBot) passOnIntelligence(v *View, t *turn) {
	others := partners(v, nil)
	if len(others) == 0 {
		return
	}
	for _, in := range v.Inbox {
		switch in.Channel {
		case "intelligence", "phone", "email", "walk_in":
			b.try(t, "inject:"+in.ID, Command{Type: CmdShare, To: others, Text: "Passing on from " + in.From + ": " + in.Text})
		}
	}
}

func (b *doctrineBot) person(v *View, p *PersonView, t *turn, lead, childLead, cps string) {
	key := func(s string) string { return s + ":" + p.ID }
	if statusRank(p.Status) < statusRank("concern") {
		b.try(t, key("observe"), Command{Type: CmdObserve, Person: p.ID, Text: "spoke with " + p.Alias + " and recorded what was seen"})
		return
	}
	offending := hasKind(p, "offending")
	if offending && slices.Contains(powersKinds, v.Kind) {
		if !p.Arrested {
			b.try(t, key("arrest"), Command{Type: CmdArrest, Person: p.ID, Text: "reasonable grounds to suspect trafficking offences"})
		}
		if cps != "" {
			b.try(t, key("charging"), Command{Type: CmdChargingRequest, Person: p.ID, Text: "file for early investigative advice"})
		}
	}
	if v.Kind == "cps" && p.Charging == "requested" {
		b.try(t, key("advice"), Command{Type: CmdChargingAdvice, Person: p.ID, Outcome: "further_investigation", Section45: true, Text: "investigate the suspect's own situation; section 45 considered"})
	}
	if !victimSigns(p) {
		return
	}
	if statusRank(p.Status) < statusRank("identified") {
		b.try(t, key("identify"), Command{Type: CmdIdentify, Person: p.ID, Rationale: "indicators of exploitation seen"})
		return
	}
	// Each person is shared only with the partners that have a role for
	// them: necessary and proportionate (J1: communicate).
	others := partners(v, p)
	if len(others) > 0 {
		b.try(t, key("share"), Command{Type: CmdShare, Person: p.ID, To: others, Text: "potential victim: sharing what we know"})
		// Partners hear again once the person is safe or has declined.
		if st := p.Status; (st == "safe" || st == "declined") && v.Agency == lead {
			b.try(t, key("update:"+st), Command{Type: CmdShare, Person: p.ID, To: others, Text: "update: " + p.Alias + " is " + st})
		}
	}
	if p.Child && !p.Safeguarded {
		b.try(t, key("child_safeguarding"), Command{Type: CmdChildSafeguarding, Person: p.ID, Text: "potential child victim of trafficking"})
	}
	if v.Kind == "child_safeguarding" && p.AgeDisputed {
		b.try(t, key("age"), Command{Type: CmdAgeAssessment, Person: p.ID})
	}
	if v.Kind == "child_safeguarding" && !p.AgeDisputed && b.memo[key("age")] && len(others) > 0 {
		b.try(t, key("age-shared"), Command{Type: CmdShare, Person: p.ID, To: others, Text: fmt.Sprintf("age assessed: %d", p.Age)})
	}
	if !p.Child && slices.Contains(p.Needs, "care_and_support") {
		b.try(t, key("adult_safeguarding"), Command{Type: CmdAdultSafeguarding, Person: p.ID, Text: "care and support needs; at risk of abuse"})
	}
	if v.Agency != lead && !(p.Child && v.Agency == childLead) {
		return
	}
	if needsInterpreter(p) && !p.Interpreter && !awaiting(v, "interpreter", p.ID) && stillToSpeak(v, p) {
		for _, l := range p.Languages {
			if h := nextHolder(v, "interpreter", l, p.ID); h != "" {
				// Asked again once an interpreter's booking has ended.
				again := fmt.Sprintf(":%d", allocated(v, "interpreter", p.ID))
				b.try(t, key("interpreter:"+h+":"+l+again), Command{Type: CmdRequest, Person: p.ID, Agency: h, Kind: "interpreter", Language: l})
				break
			}
		}
	}
	if slices.Contains(p.Needs, "medical") && v.Agency == lead {
		if h := holderOf(v, "medic", ""); h != "" {
			b.try(t, key("medic"), Command{Type: CmdRequest, Person: p.ID, Agency: h, Kind: "medic"})
		}
	}
	safe := statusRank(p.Status) >= statusRank("safe")
	if !safe && !p.Refused && !p.Accepted && v.Agency == lead {
		b.try(t, key("offer"), Command{Type: CmdOfferSupport, Person: p.ID, Text: "offered safety, accommodation and support"})
		return
	}
	if !safe && !p.Refused && v.Agency == lead {
		if !p.PlaceReady && !awaiting(v, "reception_place", p.ID) && !awaiting(v, "bed", p.ID) {
			for _, kind := range []string{"reception_place", "bed"} {
				if h := nextHolder(v, kind, "", p.ID); h != "" {
					b.try(t, key("place:"+h+":"+kind), Command{Type: CmdRequest, Person: p.ID, Agency: h, Kind: kind})
					break
				}
			}
		}
		switch {
		case p.PlaceReady && (p.Interpreter || !needsInterpreter(p) || b.memo[key("waited")]):
			t.add(Command{Type: CmdRemove, Person: p.ID, Place: "place of safety"})
		case p.PlaceReady:
			b.memo[key("waited")] = true
		}
		return
	}
	if p.Refused && statusRank(p.Status) < statusRank("declined") {
		b.try(t, key("decline"), Command{Type: CmdRecordDecline, Person: p.ID, Text: "does not want to leave; fears for family and debts", Risk: "remains at the address with the exploiters; contact details and a route back to support given"})
		return
	}
	if statusRank(p.Status) >= statusRank("referred") || p.Referred || !v.FirstResponder {
		return
	}
	if p.Child {
		if p.Safeguarded && (safe || p.Refused || statusRank(p.Status) >= statusRank("safe")) {
			b.try(t, key("nrm"), Command{Type: CmdNRMReferral, Person: p.ID})
		}
		return
	}
	switch p.Consent {
	case "":
		if !needsInterpreter(p) || p.Interpreter {
			b.try(t, key("consent"), Command{Type: CmdSeekConsent, Person: p.ID})
		}
	case "given":
		b.try(t, key("nrm"), Command{Type: CmdNRMReferral, Person: p.ID})
	case "declined":
		if v.DutyToNotify {
			b.try(t, key("dtn"), Command{Type: CmdDutyToNotify, Person: p.ID})
		} else {
			b.try(t, key("noduty"), Command{Type: CmdLogDecision, Stage: 3, Text: "No NRM referral for " + p.Alias, Rationale: "adult does not consent; no Duty to Notify exists on this date; support offer left open"})
		}
	}
}

type naiveBot struct{ memo }

func (b *naiveBot) Act(v *View) []Command {
	t := &turn{}
	for _, d := range v.Decisions {
		opt := choose(d, false)
		t.add(Command{Type: CmdDecide, Decision: d.ID, Option: opt})
	}
	answerRequests(v, t)
	b.reportMethane(v, t)
	lead := leadAgency(v, removerKinds)
	cps := leadAgency(v, []string{"cps"})
	for i := range v.People {
		p := &v.People[i]
		key := func(s string) string { return s + ":" + p.ID }
		if t.full() {
			break
		}
		if statusRank(p.Status) < statusRank("identified") {
			b.try(t, key("identify"), Command{Type: CmdIdentify, Person: p.ID})
			continue
		}
		if hasKind(p, "offending") && slices.Contains(powersKinds, v.Kind) {
			b.try(t, key("arrest"), Command{Type: CmdArrest, Person: p.ID})
			if cps != "" {
				b.try(t, key("charging"), Command{Type: CmdChargingRequest, Person: p.ID})
			}
		}
		if v.Kind == "cps" && p.Charging == "requested" {
			b.try(t, key("advice"), Command{Type: CmdChargingAdvice, Person: p.ID, Outcome: "charge"})
		}
		if !p.Referred {
			b.try(t, key("nrm"), Command{Type: CmdNRMReferral, Person: p.ID})
		}
		if v.Agency == lead && statusRank(p.Status) < statusRank("safe") && !p.Refused {
			if !p.PlaceReady {
				if h := holderOf(v, "bed", ""); h != "" {
					b.try(t, key("bed"), Command{Type: CmdRequest, Person: p.ID, Agency: h, Kind: "bed"})
				}
			} else {
				t.add(Command{Type: CmdRemove, Person: p.ID})
			}
		}
	}
	return t.cmds
}

// SimulateOptions set up a simulated exercise.
type SimulateOptions struct {
	Options
	// Bots maps each seat to its bot kind; a seat left out gets Default.
	Bots    map[string]string
	Default string
	// Step is the exercise time between bot turns (default one minute).
	Step time.Duration
	// Wall gives the wall-clock time recorded with each command.
	Wall func() time.Time
}

// Simulate plays a whole exercise with a bot in every seat and no server,
// calling emit with each batch of events in order.
func Simulate(sc *Scenario, o SimulateOptions, emit func([]Event) error) error {
	o = o.withDefaults()
	x := New(sc, o.Options)
	bots, err := seatBots(sc, o)
	if err != nil {
		return err
	}
	length := sc.playLength()
	n := 0
	apply := func(c Command) error { return emit(x.Apply(c, o.Wall())) }
	asIs := func(id string) string { return id }
	for at := time.Duration(0); at <= length; at += o.Step {
		ms := at.Milliseconds()
		if err := apply(Command{Actor: Facilitator, Type: CmdTick, T: ms, ID: fmt.Sprintf("tick-%d", ms/1000)}); err != nil {
			return err
		}
		if x.Ended() { // the scenario's clock ended play by itself
			return nil
		}
		if err := botsTurn(x, bots, ms, &n, asIs, apply); err != nil {
			return err
		}
	}
	return apply(Command{Actor: Facilitator, Type: CmdEnd, T: length.Milliseconds(), ID: "end"})
}

// withDefaults fills in the step (one minute) and the wall clock (always
// the zero time) when o leaves them out.
func (o SimulateOptions) withDefaults() SimulateOptions {
	if o.Step <= 0 {
		o.Step = time.Minute
	}
	if o.Wall == nil {
		o.Wall = func() time.Time { return time.Time{} }
	}
	return o
}

// playLength is how long bots play the scenario: its length, or two hours
// if it gives none.
func (sc *Scenario) playLength() time.Duration {
	if sc.Length.D <= 0 {
		return 2 * time.Hour
	}
	return sc.Length.D
}

// seatBots makes a bot for each of sc's agencies, in order: the kind
// o.Bots gives the seat, or o.Default.
func seatBots(sc *Scenario, o SimulateOptions) ([]Bot, error) {
	bots := make([]Bot, len(sc.Agencies))
	for i, a := range sc.Agencies {
		kind := o.Bots[a.ID]
		if kind == "" {
			kind = o.Default
		}
		b, err := NewBot(kind)
		if err != nil {
			return nil, fmt.Errorf("seat %s: %w", a.ID, err)
		}
		bots[i] = b
	}
	return bots, nil
}

// botsTurn is the bots' turn at ms: each seat's bot, in the order of the
// scenario's agencies, acts on its seat's view of x, and apply applies
// what it does. n counts the bots' commands; a command's id is its seat
// and number, passed through id.
func botsTurn(x *Exercise, bots []Bot, ms int64, n *int, id func(string) string, apply func(Command) error) error {
	for i, a := range x.Scenario().Agencies {
		v := x.View(a.ID)
		for _, c := range bots[i].Act(&v) {
			*n++
			c.Actor, c.T, c.ID = a.ID, ms, id(fmt.Sprintf("%s-%d", a.ID, *n))
			if err := apply(c); err != nil {
				return err
			}
		}
	}
	return nil
}

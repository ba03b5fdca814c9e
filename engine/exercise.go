package engine

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Version is the engine's version, recorded in every debrief log. It
// changes whenever the same commands could produce different events.
const Version = "1.4.0"

// Options set up an exercise.
type Options struct {
	// Seed feeds every random draw (a person's disclosure, for one).
	Seed int64
	// RulesAsOf overrides the scenario's rules_as_of when not zero.
	RulesAsOf time.Time
}

// Exercise is one run of a scenario: the state that its events fold into.
// It is not safe for concurrent use; one goroutine owns it.
type Exercise struct {
	sc    *Scenario
	rules Rules
	seed  uint64
	score *Scorer

	seq      int64
	now      int64 // exercise time, ms
	wall     time.Time
	skipDays int
	started  bool
	paused   bool
	noPlay   string
	ended    bool
	phase    int

	people   []*personState
	person   map[string]*personState
	agencies []*agencyState
	agency   map[string]*agencyState

	injects   map[string]*injectState
	decisions map[string]*decisionState
	flags     map[string]bool
	done      map[string]int
	requests  map[string]*request
	nextReq   int
	bookings  []*booking // allocations out now, oldest first (resources.go)
	adhoc     int
	pending   []*expectState
	caJobs    []caJob
	reveals   []timedReveal
	out       []Event
	// seats is who plays each seat, as the seat commands said.
	seats map[string]SeatView
	// board holds the M/ETHANE reports; public the injects released to
	// every agency, for the room (methane.go).
	board  *MethaneBoard
	public []InjectView
}

type personState struct {
	p              *Person
	reached        map[string]bool
	adultAssessed  bool // an age assessment found the person adult
	assessed       bool
	interpreters   []string
	placeFree      int // places allocated and not yet used
	medical        bool
	consent        map[string]bool // agency -> consented (present once sought)
	supportRefused bool
	childSafe      bool // referred to child safeguarding
	// ageDoubted: a first responder judged that the person may be a
	// child and referred them to child safeguarding; they are treated as
	// a child until an age assessment says otherwise (R3, R3a).
	ageDoubted      bool
	referredBy      string
	rgDone          bool
	rgPositive      bool
	rgInWorld       time.Time
	cgDone          bool
	referredAt      int64  // exercise time of the NRM referral
	cgOutcome       string // the Conclusive Grounds outcome, once decided
	cgInWorld       time.Time
	chargingAsked   []string
	chargingAdvised bool
}

type agencyState struct {
	a         *Agency
	resources []*stock
	knows     map[string]*knowledge
	order     []string // people in the order learned
	inbox     []InjectView
}

type stock struct {
	kind, language string
	count          int
	booking        int64 // how long one allocation holds it, ms; 0: see [PlaceReleases]
}

type knowledge struct {
	indicators []string
	status     string
	consent    string // "", "given", "declined"
	refused    bool   // the person refused support when this agency offered it
	accepted   bool   // the person accepted this agency's offer of support
	notes      []string
	ageKnown   bool

	// What the agency has done or been told of, for its view; the rules
	// use the person's state, which is the truth.
	interpreter bool   // an interpreter was allocated at its request or by it
	place       bool   // a place was allocated at its request or by it
	safeguarded bool   // it referred, or received, a child safeguarding referral
	arrested    bool   // it arrested the person, or was told
	referred    bool   // it referred the person, or was told
	charging    string // "requested" or "advised", where it is a party
}

type injectState struct {
	in        *Inject
	released  bool
	cancelled bool
}

type decisionState struct {
	d      *Decision
	open   bool
	opened int64
	chosen string
	closed bool
}

type expectState struct {
	inject   string
	x        *Expectation
	deadline int64
	met      bool
}

// timedReveal is an indicator that comes to light to agencies at a time.
type timedReveal struct {
	at     int64
	person string
	ind    string
	to     []string
	done   bool
}

type caJob struct {
	due    int64
	person string
	kind   string // rg or cg
}

type request struct {
	id, from, holder, kind, language, person string
	n                                        int   // the number in the id: requests queue in this order
	asked                                    int64 // exercise time of the request
	open                                     bool
	outcome                                  string // allocated or refused
}

// New starts an exercise of sc.
func New(sc *Scenario, opts Options) *Exercise {
	rules := Rules{AsOf: sc.RulesAsOf.Time}
	if !opts.RulesAsOf.IsZero() {
		rules.AsOf = opts.RulesAsOf
	}
	x := &Exercise{
		sc:        sc,
		rules:     rules,
		seed:      uint64(opts.Seed),
		person:    make(map[string]*personState),
		agency:    make(map[string]*agencyState),
		injects:   make(map[string]*injectState),
		decisions: make(map[string]*decisionState),
		flags:     make(map[string]bool),
		done:      make(map[string]int),
		requests:  make(map[string]*request), seats: make(map[string]SeatView),
	}
	x.score = NewScorer(sc)
	x.board = NewMethaneBoard(sc)
	for i := range sc.Agencies {
		a := &sc.Agencies[i]
		as := &agencyState{a: a, knows: make(map[string]*knowledge)}
		for _, r := range a.Resources {
			as.resources = append(as.resources, &stock{kind: r.Kind, language: r.Language, count: r.Count, booking: r.Booking.D.Milliseconds()})
		}
		x.agencies = append(x.agencies, as)
		x.agency[a.ID] = as
	}
	for i := range sc.People {
		p := &sc.People[i]
		ps := &personState{p: p, reached: make(map[string]bool), consent: make(map[string]bool)}
		x.people = append(x.people, ps)
		x.person[p.ID] = ps
	}
	for i := range sc.Injects {
		x.injects[sc.Injects[i].ID] = &injectState{in: &sc.Injects[i]}
	}
	for _, p := range sc.People {
		for _, ind := range p.Indicators {
			for _, r := range ind.Revealed {
				if len(r.To) > 0 {
					x.reveals = append(x.reveals, timedReveal{at: r.At.D.Milliseconds(), person: p.ID, ind: ind.ID, to: r.To})
				}
			}
		}
	}
	for i := range sc.Decisions {
		x.decisions[sc.Decisions[i].ID] = &decisionState{d: &sc.Decisions[i]}
	}
	return x
}

// draw returns a random number in [0, 1) for one person and agency,
// fixed by the seed: each draw stands alone, so what one team does
// elsewhere does not change what a person tells another.
func (x *Exercise) draw(person, agency string) float64 {
	h := fnv.New64a()
	h.Write([]byte(person))
	h.Write([]byte{0})
	h.Write([]byte(agency))
	return rand.New(rand.NewPCG(x.seed, h.Sum64())).Float64()
}

// Scenario returns the scenario being played.
func (x *Exercise) Scenario() *Scenario { return x.sc }

// Rules returns the rule set in force.
func (x *Exercise) Rules() Rules { return x.rules }

// Now returns the exercise time in milliseconds.
func (x *Exercise) Now() int64 { return x.now }

// Ended reports whether the exercise has ended.
func (x *Exercise) Ended() bool { return x.ended }

// Paused reports whether the facilitator has paused play.
func (x *Exercise) Paused() bool { return x.paused }

// Seq returns the sequence number of the last event.
func (x *Exercise) Seq() int64 { return x.seq }

// InWorld returns the in-world time now.
func (x *Exercise) InWorld() time.Time { return x.inWorld(x.now) }

func (x *Exercise) inWorld(t int64) time.Time {
	return x.sc.Clock.Start.Add(time.Duration(t)*time.Millisecond + time.Duration(x.skipDays)*24*time.Hour)
}

// Score returns the score so far.
func (x *Exercise) Score() Scorecard { return x.score.Result() }

// Apply carries out one command at its exercise time, first letting the
// clock reach that time, and returns the events that result. The first
// event it returns for the command itself is of type [EvCommand]; a
// command that breaks a rule yields an [EvRejected] event naming the rule.
// wall is the wall-clock time the command arrived, recorded as given.
func (x *Exercise) Apply(c Command, wall time.Time) []Event {
	x.out = nil
	x.wall = wall
	if !x.started {
		x.started = true
		x.emit(System, EvStarted, x.allAgencies(), Payload{InWorld: x.inWorld(0).Format(inWorldLayout), Authority: x.rules.Authority()})
		for _, as := range x.agencies {
			for _, ps := range x.people {
				if slices.Contains(ps.p.Known, as.a.ID) {
					x.learn(as, ps.p.ID, nil, "briefing")
				}
			}
		}
		x.fireDue()
		x.evaluate()
	}
	// Exercise time stands still while paused or in NO PLAY: nothing
	// fires and no deadline passes until play resumes.
	if c.T > x.now && !x.ended && !x.paused && x.noPlay == "" {
		x.advance(c.T)
	}
	cc := c
	x.emit(c.Actor, EvCommand, x.seenBy(c.Actor), Payload{Command: &cc})
	if c.T < x.now {
		x.reject(c, "", fmt.Sprintf("command time %s is before exercise time %s", fmtMillis(c.T), fmtMillis(x.now)))
	} else {
		x.dispatch(c)
	}
	x.evaluate()
	out := x.out
	x.out = nil
	return out
}

// NextDue returns the next exercise time at which something is scheduled
// to happen by itself (an inject, a deadline, a decision), if any. A
// server sends a tick at that time.
func (x *Exercise) NextDue() (int64, bool) {
	t, ok := x.nextDue()
	return t, ok && !x.ended
}

const inWorldLayout = "2006-01-02 15:04"

func fmtMillis(ms int64) string {
	return (time.Duration(ms) * time.Millisecond).String()
}

func (x *Exercise) emit(actor, typ string, to []string, p Payload) {
	x.seq++
	e := Event{Seq: x.seq, T: x.now, Wall: x.wall, Actor: actor, Type: typ, To: to, Payload: p}
	x.out = append(x.out, e)
	x.score.Add(&e)
	x.board.Add(&e)
}

func (x *Exercise) allAgencies() []string {
	ids := make([]string, len(x.agencies))
	for i, a := range x.agencies {
		ids[i] = a.a.ID
	}
	return ids
}

// seenBy is the audience of an actor's own event: the actor itself when
// an agency; only the facilitator otherwise.
func (x *Exercise) seenBy(actor string) []string {
	if _, ok := x.agency[actor]; ok {
		return []string{actor}
	}
	return nil
}

func (x *Exercise) reject(c Command, rule, reason string) {
	x.emit(c.Actor, EvRejected, x.seenBy(c.Actor), Payload{CommandID: c.ID, Kind: c.Type, Person: c.Person, Rule: rule, Reason: reason})
}

func (x *Exercise) flag(actor, person, rule, reason string) {
	x.emit(System, EvFlagged, nil, Payload{Agency: actor, Person: person, Rule: rule, Reason: reason})
}

// ---- time ----

func (x *Exercise) nextDue() (int64, bool) {
	best, ok := int64(0), false
	consider := func(t int64) {
		if !ok || t < best {
			best, ok = t, true
		}
	}
	phases := x.sc.Clock.Phases
	if x.phase < len(phases) {
		consider(phases[x.phase].At.D.Milliseconds())
	}
	if end := x.sc.Clock.End; end != nil && !x.ended {
		consider(end.D.Milliseconds())
	}
	for i := range x.sc.Injects {
		in := &x.sc.Injects[i]
		st := x.injects[in.ID]
		if in.At != nil && !st.released && !st.cancelled {
			consider(in.At.D.Milliseconds())
		}
	}
	for i := range x.sc.Decisions {
		d := &x.sc.Decisions[i]
		st := x.decisions[d.ID]
		switch {
		case !st.open && !st.closed && d.At != nil:
			consider(d.At.D.Milliseconds())
		case st.open && d.Within.D > 0:
			consider(st.opened + d.Within.D.Milliseconds())
		}
	}
	for _, p := range x.pending {
		if !p.met {
			consider(p.deadline + 1)
		}
	}
	for _, j := range x.caJobs {
		consider(j.due)
	}
	for _, r := range x.reveals {
		if !r.done {
			consider(r.at)
		}
	}
	for _, b := range x.bookings {
		if b.until > 0 {
			consider(b.until)
		}
	}
	// A condition that waits for a time wakes the clock at that time.
	for i := range x.sc.Injects {
		in := &x.sc.Injects[i]
		if st := x.injects[in.ID]; in.When != nil && !st.released && !st.cancelled {
			x.afterTimes(in.When, consider)
		}
	}
	for i := range x.sc.Decisions {
		d := &x.sc.Decisions[i]
		if st := x.decisions[d.ID]; d.When != nil && !st.open && !st.closed {
			x.afterTimes(d.When, consider)
		}
	}
	return best, ok
}

// advance lets exercise time reach t, firing everything due on the way in
// time order.
func (x *Exercise) advance(t int64) {
	for {
		due, ok := x.nextDue()
		if !ok || due > t {
			break
		}
		if due > x.now {
			x.now = due
		}
		x.fireDue()
		x.evaluate()
	}
	x.now = t
}

// fireDue fires everything due at or before now, in a fixed order.
func (x *Exercise) fireDue() {
	if end := x.sc.Clock.End; end != nil && !x.ended && end.D.Milliseconds() <= x.now {
		x.finish(System)
		return
	}
	phases := x.sc.Clock.Phases
	for x.phase < len(phases) && phases[x.phase].At.D.Milliseconds() <= x.now {
		ph := phases[x.phase]
		x.phase++
		x.emit(System, EvPhase, x.allAgencies(), Payload{Phase: ph.ID, Text: ph.Title})
		x.methanePrompt(ph)
	}
	for i := range x.sc.Injects {
		in := &x.sc.Injects[i]
		st := x.injects[in.ID]
		if in.At != nil && !st.released && !st.cancelled && in.At.D.Milliseconds() <= x.now {
			x.release(in.ID, "scheduled")
		}
	}
	for i := range x.sc.Decisions {
		d := &x.sc.Decisions[i]
		st := x.decisions[d.ID]
		if !st.open && !st.closed && d.At != nil && d.At.D.Milliseconds() <= x.now {
			x.openDecision(st)
		}
		if st.open && d.Within.D > 0 && st.opened+d.Within.D.Milliseconds() <= x.now {
			x.choose(st, d.Default, System)
		}
	}
	for _, p := range x.pending {
		if !p.met && p.deadline < x.now {
			p.met = true // settled: missed
			x.emit(System, EvMissed, nil, Payload{Inject: p.inject, Expect: p.x.ID, Kind: p.x.Action, Agencies: p.x.By, Person: p.x.Person})
			if p.x.Contingency != "" {
				x.release(p.x.Contingency, "contingency:"+p.inject+"."+p.x.ID)
			}
		}
	}
	x.pending = slices.DeleteFunc(x.pending, func(p *expectState) bool { return p.met })
	for i := range x.reveals {
		r := &x.reveals[i]
		if !r.done && r.at <= x.now {
			r.done = true
			for _, a := range r.to {
				x.learn(x.agency[a], r.person, []string{r.ind}, "seen")
			}
		}
	}
	var later []caJob
	jobs := x.caJobs
	x.caJobs = nil
	for _, j := range jobs {
		if j.due <= x.now {
			x.caDecide(j)
		} else {
			later = append(later, j)
		}
	}
	x.caJobs = append(later, x.caJobs...)
	x.returnDue()
}

// afterTimes passes consider every time still to come that c waits for.
func (x *Exercise) afterTimes(c *Condition, consider func(int64)) {
	if c.After != nil && c.After.D.Milliseconds() > x.now {
		consider(c.After.D.Milliseconds())
	}
	for i := range c.All {
		x.afterTimes(&c.All[i], consider)
	}
	for i := range c.Any {
		x.afterTimes(&c.Any[i], consider)
	}
	if c.Not != nil {
		x.afterTimes(c.Not, consider)
	}
}

// evaluate fires conditional injects and decisions whose conditions now hold.
func (x *Exercise) evaluate() {
	for changed := true; changed; {
		changed = false
		for i := range x.sc.Injects {
			in := &x.sc.Injects[i]
			st := x.injects[in.ID]
			if in.When != nil && !st.released && !st.cancelled && x.holds(in.When) {
				x.release(in.ID, "condition")
				changed = true
			}
		}
		for i := range x.sc.Decisions {
			d := &x.sc.Decisions[i]
			st := x.decisions[d.ID]
			if d.When != nil && !st.open && !st.closed && x.holds(d.When) {
				x.openDecision(st)
				changed = true
			}
		}
	}
}

func (x *Exercise) holds(c *Condition) bool {
	switch {
	case c.All != nil:
		for i := range c.All {
			if !x.holds(&c.All[i]) {
				return false
			}
		}
		return true
	case c.Any != nil:
		for i := range c.Any {
			if x.holds(&c.Any[i]) {
				return true
			}
		}
		return false
	case c.Not != nil:
		return !x.holds(c.Not)
	case c.After != nil:
		return x.now >= c.After.D.Milliseconds()
	case c.Flag != "":
		return x.flags[c.Flag]
	case c.Released != "":
		return x.injects[c.Released].released
	case c.Chosen != "":
		d, o, _ := strings.Cut(c.Chosen, ".")
		return x.decisions[d].chosen == o
	case c.Done != nil:
		return x.doneCount(c.Done.Action, c.Done.By, c.Done.Person) >= max(c.Done.Count, 1)
	case c.Status != nil:
		return x.person[c.Status.Person].reached[c.Status.Is]
	}
	return false
}

func doneKey(action, agency, person string) string { return action + "|" + agency + "|" + person }

func (x *Exercise) doneCount(action string, by []string, person string) int {
	if len(by) == 0 {
		return x.done[doneKey(action, "", person)]
	}
	n := 0
	for _, a := range by {
		n += x.done[doneKey(action, a, person)]
	}
	return n
}

func (x *Exercise) markDone(action, agency, person string) {
	x.done[doneKey(action, agency, person)]++
	x.done[doneKey(action, "", person)]++
	if person != "" {
		x.done[doneKey(action, agency, "")]++
		x.done[doneKey(action, "", "")]++
	}
	for _, p := range x.pending {
		if !p.met && p.x.Matches(action, agency, person) {
			p.met = true
		}
	}
}

// ---- injects and decisions ----

func (x *Exercise) release(id, cause string) {
	st := x.injects[id]
	if st.released || (st.cancelled && cause != "facilitator") {
		return
	}
	st.released = true
	in := st.in
	x.emit(System, EvInject, slices.Clone(in.To), Payload{Inject: in.ID, From: in.From, Channel: in.Channel, Text: in.Text, Cause: cause})
	for _, a := range in.To {
		as := x.agency[a]
		as.inbox = append(as.inbox, InjectView{ID: in.ID, T: x.now, From: in.From, Channel: in.Channel, Text: in.Text, Methane: asksMethane(in, a)})
		x.reveal(as, in.Reveals, "inject:"+in.ID)
	}
	x.notePublic(in.To, InjectView{ID: in.ID, T: x.now, From: in.From, Channel: in.Channel, Text: in.Text, Methane: asksMethane(in, "")})
	for i := range in.Expect {
		e := &in.Expect[i]
		// An action already taken meets the expectation: it asks for the
		// action by the deadline, and acting early is no miss.
		if x.doneCount(e.Action, e.By, e.Person) > 0 {
			continue
		}
		x.pending = append(x.pending, &expectState{inject: in.ID, x: e, deadline: x.now + e.Within.D.Milliseconds()})
	}
}

// reveal tells an agency about people, sites and indicators named in refs.
func (x *Exercise) reveal(as *agencyState, refs []string, cause string) {
	type learn struct {
		person string
		inds   []string
	}
	var got []learn
	add := func(person, ind string) {
		for i := range got {
			if got[i].person == person {
				if ind != "" {
					got[i].inds = append(got[i].inds, ind)
				}
				return
			}
		}
		l := learn{person: person}
		if ind != "" {
			l.inds = []string{ind}
		}
		got = append(got, l)
	}
	for _, r := range refs {
		if _, ok := x.person[r]; ok {
			add(r, "")
			continue
		}
		if p, ind, ok := strings.Cut(r, "."); ok {
			add(p, ind)
			continue
		}
		for _, ps := range x.people { // a site: everyone at it
			if ps.p.Site == r {
				add(ps.p.ID, "")
			}
		}
	}
	for _, l := range got {
		x.learn(as, l.person, l.inds, cause)
	}
}

// learn records that an agency knows a person and some indicators, and
// emits a learned event when anything is new.
func (x *Exercise) learn(as *agencyState, person string, inds []string, cause string) {
	k, known := as.knows[person]
	if !known {
		k = &knowledge{status: "known"}
		as.knows[person] = k
		as.order = append(as.order, person)
		x.person[person].reached["known"] = true
	}
	var fresh []string
	for _, i := range inds {
		if !slices.Contains(k.indicators, i) {
			k.indicators = append(k.indicators, i)
			fresh = append(fresh, i)
		}
	}
	if known && len(fresh) == 0 {
		return
	}
	x.emit(System, EvLearned, []string{as.a.ID}, Payload{Agency: as.a.ID, Person: person, Indicators: fresh, Cause: cause})
}

// revealBy reveals the indicators of a person that come to light by action.
func (x *Exercise) revealBy(as *agencyState, ps *personState, action string) {
	var inds []string
	for _, ind := range ps.p.Indicators {
		for _, r := range ind.Revealed {
			if r.By == action {
				inds = append(inds, ind.ID)
			}
		}
	}
	if len(inds) > 0 {
		x.learn(as, ps.p.ID, inds, action)
	}
}

func (x *Exercise) openDecision(st *decisionState) {
	st.open = true
	st.opened = x.now
	opts := make([]string, len(st.d.Options))
	for i, o := range st.d.Options {
		opts[i] = o.ID
	}
	x.emit(System, EvDecisionOpen, []string{st.d.To}, Payload{Decision: st.d.ID, Text: st.d.Prompt, Agencies: opts})
}

func (x *Exercise) choose(st *decisionState, option, actor string) {
	st.open = false
	st.closed = true
	st.chosen = option
	to := []string{st.d.To}
	x.emit(actor, CmdDecide, to, Payload{Decision: st.d.ID, Option: option})
	if actor != System { // a default taken when time ran out is not the agency's decision
		x.markDone(CmdDecide, st.d.To, "")
	}
	for _, o := range st.d.Options {
		if o.ID != option {
			continue
		}
		for _, e := range o.Effects {
			switch {
			case e.Flag != "":
				x.flags[e.Flag] = true
				x.emit(System, EvFlag, nil, Payload{Flag: e.Flag, Decision: st.d.ID})
			case e.Release != "":
				x.release(e.Release, "decision:"+st.d.ID)
			case e.Cancel != "":
				x.injects[e.Cancel].cancelled = true
			case e.Resource != nil:
				r := e.Resource
				as := x.agency[r.Agency]
				s := as.stock(r.Kind, r.Language, true)
				s.count = max(s.count+r.Delta, 0)
				x.emit(System, EvResource, []string{r.Agency}, Payload{Agency: r.Agency, Kind: r.Kind, Language: r.Language, Count: s.count})
			}
		}
	}
}

func (as *agencyState) stock(kind, lang string, create bool) *stock {
	for _, s := range as.resources {
		if s.kind == kind && s.language == lang {
			return s
		}
	}
	if !create {
		return nil
	}
	s := &stock{kind: kind, language: lang}
	as.resources = append(as.resources, s)
	return s
}

// ---- competent authority (R5-R8) ----

func (x *Exercise) caDecide(j caJob) {
	ps := x.person[j.person]
	switch j.kind {
	case "rg":
		if ps.rgDone {
			return
		}
		x.decideRG(ps, ps.p.Truth.Victim, System)
		if ps.rgPositive && x.sc.CompetentAuthority.CGAfter.D > 0 {
			x.caJobs = append(x.caJobs, caJob{due: x.now + x.sc.CompetentAuthority.CGAfter.D.Milliseconds(), person: ps.p.ID, kind: "cg"})
		}
	case "cg":
		if ps.cgDone {
			return
		}
		out := ps.p.Truth.Outcome
		if out == "" {
			out = "victim_of_trafficking"
			if !ps.p.Truth.Victim {
				out = "not_recognised"
			}
		}
		// The engine fast-forwards to the end of the recovery period (R7).
		when := x.inWorld(x.now)
		if end := ps.rgInWorld.AddDate(0, 0, x.rules.RecoveryDays()); when.Before(end) {
			when = end
		}
		x.decideCG(ps, out, when, System)
	}
}

func (x *Exercise) decideRG(ps *personState, positive bool, actor string) {
	ps.rgDone = true
	ps.rgPositive = positive
	ps.rgInWorld = x.inWorld(x.now)
	status := "rg_negative"
	if positive {
		status = "rg_positive"
	}
	ps.reached[status] = true
	reason := fmt.Sprintf("Reasonable Grounds test %s; ", x.rules.RGTest())
	if positive {
		reason += fmt.Sprintf("recovery period of at least %d days begins (R7)", x.rules.RecoveryDays())
	} else {
		reason += "not met on the information referred"
	}
	x.emit(actor, EvRG, []string{ps.referredBy}, Payload{Person: ps.p.ID, Positive: positive, Rule: "R6", Reason: reason, Authority: x.rules.Authority(), InWorld: ps.rgInWorld.Format(inWorldLayout), Days: x.rules.RecoveryDays()})
	x.setStatus(x.agency[ps.referredBy], ps.p.ID, status)
	x.moveOn(ps, "rg_decision")
}

func (x *Exercise) decideCG(ps *personState, outcome string, when time.Time, actor string) {
	ps.cgDone = true
	ps.cgOutcome, ps.cgInWorld = outcome, when
	status := "cg_positive"
	if outcome == "not_recognised" {
		status = "cg_negative"
	}
	ps.reached[status] = true
	x.emit(actor, EvCG, []string{ps.referredBy}, Payload{Person: ps.p.ID, Outcome: outcome, Positive: status == "cg_positive", Rule: "R8", Authority: x.rules.Authority(), InWorld: when.Format(inWorldLayout)})
	x.setStatus(x.agency[ps.referredBy], ps.p.ID, status)
}

// ---- statuses ----

// statusRank orders statuses along a person's journey.
func statusRank(s string) int {
	switch s {
	case "known":
		return 0
	case "concern":
		return 1
	case "identified":
		return 2
	case "safe", "declined":
		return 3
	case "referred", "notified":
		return 4
	case "rg_positive", "rg_negative":
		return 5
	case "cg_positive", "cg_negative":
		return 6
	}
	return -1
}

// setStatus moves an agency's picture of a person forward (never back) and
// records that the person reached the status.
func (x *Exercise) setStatus(as *agencyState, person, status string) {
	x.person[person].reached[status] = true
	if as == nil {
		return
	}
	k := as.knows[person]
	if k == nil {
		return
	}
	if statusRank(status) >= statusRank(k.status) {
		k.status = status
	}
}

// isChild reports whether a person is treated as a child (R3, R3a).
func (ps *personState) isChild() bool {
	if ps.assessed {
		return !ps.adultAssessed
	}
	return ps.ageDoubted || ps.p.MayBeChild()
}

// MayBeChild reports whether the person is, or may be, under 18 as far as
// anyone can tell before an age assessment: by the age they give (their
// claimed age, or their age when they claim none), or because their age is
// disputed (R3, R3a).
func (p *Person) MayBeChild() bool {
	if p.AgeDisputed {
		return true
	}
	if p.ClaimedAge > 0 {
		return p.ClaimedAge < 18
	}
	return p.Age < 18
}

func (ps *personState) needsInterpreter() bool {
	return !slices.Contains(ps.p.Languages, englishLanguage)
}

func (ps *personState) hasInterpreter() bool {
	for _, l := range ps.interpreters {
		if slices.Contains(ps.p.Languages, l) {
			return true
		}
	}
	return false
}

func (x *Exercise) agenciesOfKind(kind string) []string {
	var ids []string
	for _, a := range x.agencies {
		if a.a.Kind == kind {
			ids = append(ids, a.a.ID)
		}
	}
	return ids
}

func union(a []string, b ...string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// NoPlay returns the facilitator's NO PLAY message while NO PLAY is in
// force, and "" otherwise.
func (x *Exercise) NoPlay() string { return x.noPlay }

// Started reports whether the exercise has begun (its first command was
// applied).
func (x *Exercise) Started() bool { return x.started }

// Phase returns the title of the current phase, or "".
func (x *Exercise) Phase() string {
	if x.phase == 0 {
		return ""
	}
	return x.sc.Clock.Phases[x.phase-1].Title
}

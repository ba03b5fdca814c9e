package report

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"ttx/engine"
)

// Event types the engine emits for the facilitator's commands. The engine
// writes them as literals; they are named here.
const (
	evPaused     = "paused"
	evResumed    = "resumed"
	evNoPlay     = "no_play"
	evNoPlayLift = "no_play_lifted"
	evEnded      = "ended"
)

// facilitatorLane is the lane id of the facilitator's own actions.
const facilitatorLane = engine.Facilitator

// Limits that keep a report's size bounded whatever the log's length.
const (
	// maxBins is the most bins a lane of the timeline has.
	maxBins = 720
	// firstBin is the width of a timeline bin before any merging, in ms.
	firstBin = 1000
	// maxEntries is the most distinct decision-log entries listed per
	// Joint Decision Model stage.
	maxEntries = 60
	// minuteMillis is a minute of exercise time.
	minuteMillis = 60_000
)

// Build reads a debrief log, checking its hash chain line by line, and
// returns its report. It holds one event at a time: each is folded into
// the report's derived data as it is read. It does not re-run the engine;
// [FromLog] does both.
func Build(r io.Reader) (*Report, error) {
	lr, err := engine.NewLogReader(r)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	h := lr.Header()
	sc, _, err := engine.ScenarioFromHeader(h)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", &engine.LogError{Line: 1, Err: err})
	}
	b := NewBuilder(h, sc)
	for {
		e, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read log: %w", err)
		}
		b.Add(&e)
	}
	rep := b.Report()
	rep.Summary.Verification = "hash chain intact"
	return rep, nil
}

// FromLog verifies a debrief log and builds its report in the same pass,
// holding no more than the events of one command at a time. A log written
// by this engine's version is verified completely, by
// [engine.ReplayLog]: its hash chain, and the engine re-run over its
// commands reproducing every event and the score; each event is folded
// into the report as it is verified. A log written by another version,
// which this engine cannot be expected to reproduce, has its hash chain
// checked and its events taken as recorded ([Build]). The report's
// summary says which was done. r is read from the start after its header
// is looked at, so it must seek.
func FromLog(r io.ReadSeeker) (*Report, error) {
	lr, err := engine.NewLogReader(r)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	h := lr.Header()
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	if h.Engine != engine.Version {
		rep, err := Build(r)
		if err != nil {
			return nil, err
		}
		rep.Summary.Verification = fmt.Sprintf("hash chain intact; written by engine %s, which this engine (%s) cannot re-run, so the events are taken as recorded", h.Engine, engine.Version)
		return rep, nil
	}
	sc, _, err := engine.ScenarioFromHeader(h)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", &engine.LogError{Line: 1, Err: err})
	}
	b := NewBuilder(h, sc)
	rp, err := engine.ReplayLog(r, b.Add)
	if err != nil {
		return nil, fmt.Errorf("verify log: %w", err)
	}
	rep := b.Report()
	if rep.Scores.Total != rp.Score.Total || !maps.Equal(rp.Score.Agencies, agencyScores(rep.Scores)) {
		return nil, fmt.Errorf("verify log: the report's score (%d) differs from the verified replay's (%d)", rep.Scores.Total, rp.Score.Total)
	}
	rep.Summary.Verification = fmt.Sprintf("hash chain intact; engine %s re-ran the %d commands and reproduced every event and the score", rp.Header.Engine, rp.Commands)
	return rep, nil
}

func agencyScores(s Scores) map[string]int {
	m := make(map[string]int, len(s.Agencies))
	for _, a := range s.Agencies {
		if a.Scored { // the engine's summary leaves out agencies nothing was expected of
			m[a.Agency] = a.Score
		}
	}
	return m
}

// Builder folds a log's events, one at a time, into a [Report]. Feed it
// every event in order with Add, then call Report. It keeps only derived
// data (counts, first times, timeline bins, folded findings), never the
// events themselves. A Builder is for one goroutine.
type Builder struct {
	h      engine.Header
	sc     *engine.Scenario
	rules  engine.Rules
	scorer *engine.Scorer
	// board folds the M/ETHANE reports (J3) as the engine does (methane.go).
	board *engine.MethaneBoard

	agency map[string]*engine.Agency
	lane   map[string]int // agency id (or the facilitator) -> lane
	person map[string]*engine.Person

	seats    []Seat
	events   int64
	commands int64
	facCmds  int64
	last     int64
	ended    bool

	bins    *bins
	phases  []PhaseMark
	pauses  []Interval
	pausing *Interval
	noPlay  *Interval
	// pausedAt and noPlayAt are the wall-clock times play stopped.
	pausedAt, noPlayAt time.Time
	lastWall           time.Time

	// knowledge: first times an agency knew of a person, and learned an
	// indicator of them (and how).
	sawInd map[[2]string]seen

	cells    map[[2]string]*cellState
	firsts   map[[2]string]*PersonShare
	shares   int
	messages int
	sharers  map[string]bool
	// personShares counts the recipients of shares about a person;
	// noRole lists, by recipient, the people it was sent details of
	// without having a role for them ([engine.HasRole]), and noRoleN
	// counts those recipients.
	personShares int
	noRole       map[string]map[string]bool
	noRoleN      int

	findings map[findingKey]*findingState
	refusals map[[3]string]*Refusal
	lastAct  map[string]string // agency -> type of its last accepted action

	decisions map[string]*DecisionPoint
	expect    []MissedExpectation

	stages [5]stageState
	minute int64           // the exercise minute being counted
	inMin  map[string]bool // agencies that logged a decision in it
	joint  jointMinutes
	// meetings counts injects delivered as meetings to two or more agencies.
	meetings int

	// risk is the risk field of the last command, which its accepted
	// log_decision event does not carry; riskBy counts by agency the
	// entries that are, by what they say, assessments of threat and risk
	// (J2 stage 2); mismatches counts the entries whose stage tag their
	// content contradicts, and mismatched describes the first few.
	risk       string
	riskBy     map[string]int
	mismatches int
	mismatched []string

	requests  map[string]int64 // open request id -> time
	charging  map[string]int   // person -> charging requests not yet advised on
	reqs      requestStats
	refused   map[string]bool // people who declined support
	recorded  map[string]bool // people whose decline was recorded
	recordedR map[string]bool // people whose decline was recorded with the risk
	waits     *waitState
}

type seen struct {
	t     int64
	cause string
}

type cellState struct {
	Cell
	people map[string]bool
}

type findingKey struct {
	typ, rule, agency, action, reason string
}

type findingState struct {
	Finding
	people map[string]bool
}

type stageState struct {
	count    int
	agencies map[string]int
	entries  map[[3]string]*DecisionEntry
	order    []*DecisionEntry
	omitted  int // entries not listed: the list was full
}

type jointMinutes struct {
	minutes int // minutes in which two or more agencies logged decisions
	most    int // the most agencies in one minute
}

type requestStats struct {
	made, allocated, refusedN int
	waitSum, waitMax          int64
	// charging counts charging requests (R13), advised those answered
	// with charging advice.
	charging, advised int
}

// NewBuilder returns a builder for a log with header h of scenario sc
// (see [engine.ScenarioFromHeader]).
func NewBuilder(h engine.Header, sc *engine.Scenario) *Builder {
	b := &Builder{h: h, sc: sc, scorer: engine.NewScorer(sc),
		agency: make(map[string]*engine.Agency), lane: make(map[string]int), person: make(map[string]*engine.Person),
		sawInd: make(map[[2]string]seen), cells: make(map[[2]string]*cellState), firsts: make(map[[2]string]*PersonShare),
		sharers: make(map[string]bool), noRole: make(map[string]map[string]bool), findings: make(map[findingKey]*findingState), refusals: make(map[[3]string]*Refusal),
		lastAct: make(map[string]string), decisions: make(map[string]*DecisionPoint), inMin: make(map[string]bool),
		riskBy: make(map[string]int), requests: make(map[string]int64), charging: make(map[string]int), refused: make(map[string]bool), recorded: make(map[string]bool), recordedR: make(map[string]bool),
		minute: -1}
	b.waits = newWaitState(sc)
	b.board = engine.NewMethaneBoard(sc)
	b.rules = engine.Rules{AsOf: sc.RulesAsOf.Time}
	if t, err := parseDate(h.RulesAsOf); err == nil {
		b.rules.AsOf = t
	}
	for i := range sc.Agencies {
		a := &sc.Agencies[i]
		b.agency[a.ID] = a
		b.lane[a.ID] = i
		b.seats = append(b.seats, Seat{Agency: a.ID, Name: a.Name, Kind: a.Kind, FirstResponder: a.IsFirstResponder(), First: -1, Last: -1})
	}
	b.lane[facilitatorLane] = len(sc.Agencies)
	b.bins = newBins(len(sc.Agencies)+1, len(markKinds()))
	for i := range sc.People {
		b.person[sc.People[i].ID] = &sc.People[i]
	}
	for i := range b.stages {
		b.stages[i] = stageState{agencies: make(map[string]int), entries: make(map[[3]string]*DecisionEntry)}
	}
	for i := range sc.Decisions {
		d := &sc.Decisions[i]
		dp := &DecisionPoint{ID: d.ID, Agency: d.To, Prompt: strings.TrimSpace(d.Prompt)}
		for _, o := range d.Options {
			if o.Recommended {
				dp.Recommended, dp.RecommendedText = o.ID, strings.TrimSpace(o.Text)
			}
		}
		b.decisions[d.ID] = dp
	}
	return b
}

// maxHolders bounds the seat history kept for one seat, so that a log of
// endless reconnections stays small.
const maxHolders = 50

func (b *Builder) seat(id string) *Seat {
	if i, ok := b.lane[id]; ok && i < len(b.seats) {
		return &b.seats[i]
	}
	return nil
}

func (b *Builder) mark(lane, kind string, t int64) {
	i, ok := b.lane[lane]
	if !ok {
		return
	}
	b.bins.add(i, slices.Index(markKinds(), kind), t)
}

// Add folds one event into the report. Events must come in log order.
func (b *Builder) Add(e *engine.Event) {
	b.scorer.Add(e)
	b.board.Add(e)
	b.events++
	b.last = max(b.last, e.T)
	b.lastWall = e.Wall
	b.tickMinute(e.T)
	b.waits.add(e, b.alias)
	p := &e.Payload
	switch e.Type {
	case engine.EvCommand:
		b.command(e)
		return
	case engine.EvInject:
		if p.Channel == "meeting" && len(e.To) >= 2 {
			b.meetings++
		}
		for _, a := range e.To {
			b.mark(a, MarkInject, e.T)
		}
		if e.Actor == engine.Facilitator {
			b.mark(facilitatorLane, MarkAction, e.T)
		}
		return
	case engine.EvRejected:
		b.rejected(e)
		return
	case engine.EvFlagged:
		b.flagged(e)
		return
	case engine.EvSeat:
		if st := b.seat(p.Agency); st != nil && len(st.PlayedBy) < maxHolders {
			st.PlayedBy = append(st.PlayedBy, Holder{T: e.T, Kind: p.Kind, Name: p.Text})
		}
		return
	case engine.EvMissed:
		b.missedExpectation(e)
		return
	case engine.EvLearned:
		b.learned(e)
		return
	case engine.EvPhase:
		b.phases = append(b.phases, PhaseMark{T: e.T, ID: p.Phase, Title: p.Text})
		return
	case engine.EvDecisionOpen:
		if dp := b.decisions[p.Decision]; dp != nil && dp.Opened == nil {
			t := e.T
			dp.Opened = &t
		}
		return
	case engine.EvSupportRefused:
		b.refused[p.Person] = true
		return
	case evPaused:
		if b.pausing == nil {
			b.pausing = &Interval{Kind: evPaused, From: e.T, Text: p.Text}
			b.pausedAt = e.Wall
		}
	case evResumed:
		if b.pausing != nil {
			b.pausing.To, b.pausing.Wall = e.T, e.Wall.Sub(b.pausedAt).Milliseconds()
			b.addInterval(*b.pausing)
			b.pausing = nil
		}
	case evNoPlay:
		if b.noPlay == nil {
			b.noPlay = &Interval{Kind: evNoPlay, From: e.T, Text: p.Text}
			b.noPlayAt = e.Wall
		}
	case evNoPlayLift:
		if b.noPlay != nil {
			b.noPlay.To, b.noPlay.Wall = e.T, e.Wall.Sub(b.noPlayAt).Milliseconds()
			b.addInterval(*b.noPlay)
			b.noPlay = nil
		}
	case evEnded:
		b.ended = true
	}
	if e.Actor == engine.Facilitator {
		b.mark(facilitatorLane, MarkAction, e.T)
		return
	}
	if e.Type == engine.CmdDecide {
		b.decided(e)
	}
	if b.agency[e.Actor] == nil {
		return // the engine's own events: decisions, the competent authority
	}
	b.accepted(e)
}

// command counts a command as received.
func (b *Builder) command(e *engine.Event) {
	b.commands++
	c := e.Payload.Command
	if c == nil {
		return
	}
	b.risk = c.Risk
	if c.Actor == engine.Facilitator {
		// Ticks and seat lines are the server's, not the facilitator's doing.
		if c.Type != engine.CmdTick && c.Type != engine.CmdSeat {
			b.facCmds++
		}
		return
	}
	if s := b.seat(c.Actor); s != nil {
		s.Commands++
		if s.First < 0 {
			s.First = e.T
		}
		s.Last = e.T
	}
}

// accepted folds an agency's accepted action.
func (b *Builder) accepted(e *engine.Event) {
	a, p := e.Actor, &e.Payload
	if s := b.seat(a); s != nil {
		s.Accepted++
	}
	b.lastAct[a] = e.Type
	kind := MarkAction
	if e.Type == engine.CmdLogDecision || e.Type == engine.CmdDecide {
		kind = MarkDecision
	}
	b.mark(a, kind, e.T)
	switch e.Type {
	case engine.CmdShare:
		b.share(e)
	case engine.CmdChargingAdvice:
		if b.charging[p.Person] > 0 {
			b.charging[p.Person]--
			b.reqs.advised++
		}
	case engine.CmdChildSafeguarding, engine.CmdAdultSafeguarding, engine.CmdChargingRequest:
		if e.Type == engine.CmdChargingRequest {
			b.reqs.charging++
			b.charging[p.Person]++
		}
		for _, to := range p.Agencies {
			if to != a {
				c := b.cell(a, to, e.T)
				c.PassOns++
				if p.Person != "" {
					c.people[p.Person] = true
				}
			}
		}
	case engine.CmdLogDecision:
		b.logDecision(e)
	case engine.CmdRequest:
		b.reqs.made++
		if p.Request != "" {
			b.requests[p.Request] = e.T
		}
	case engine.CmdAllocate, engine.CmdRefuse:
		if e.Type == engine.CmdAllocate {
			b.reqs.allocated++
		} else {
			b.reqs.refusedN++
		}
		if t, ok := b.requests[p.Request]; ok {
			w := e.T - t
			b.reqs.waitSum += w
			b.reqs.waitMax = max(b.reqs.waitMax, w)
			delete(b.requests, p.Request)
		}
	case engine.CmdRecordDecline:
		b.recorded[p.Person] = true
		if strings.TrimSpace(p.Risk) != "" {
			b.recordedR[p.Person] = true
		}
	}
}

func (b *Builder) cell(from, to string, t int64) *cellState {
	k := [2]string{from, to}
	c := b.cells[k]
	if c == nil {
		c = &cellState{Cell: Cell{From: from, To: to, First: t}, people: make(map[string]bool)}
		b.cells[k] = c
	}
	c.Last = t
	return c
}

// proportionate counts the recipients of a share about person and those
// of them with no role for the person (J1: communicate).
func (b *Builder) proportionate(person string, to []string) {
	ps := b.person[person]
	for _, id := range to {
		a := b.agency[id]
		if a == nil || ps == nil {
			continue
		}
		b.personShares++
		if engine.HasRole(a, ps) {
			continue
		}
		b.noRoleN++
		if b.noRole[id] == nil {
			b.noRole[id] = make(map[string]bool)
		}
		b.noRole[id][person] = true
	}
}

func (b *Builder) share(e *engine.Event) {
	a, p := e.Actor, &e.Payload
	b.shares++
	b.sharers[a] = true
	for _, to := range p.Agencies {
		c := b.cell(a, to, e.T)
		c.Shares++
		if p.Person != "" {
			c.people[p.Person] = true
		}
	}
	if p.Person == "" {
		b.messages++
		return
	}
	b.proportionate(p.Person, p.Agencies)
	k := [2]string{a, p.Person}
	f := b.firsts[k]
	if f == nil {
		f = &PersonShare{From: a, Person: p.Person, Alias: b.alias(p.Person), T: e.T}
		if s, ok := b.sawInd[k]; ok {
			d := e.T - s.t
			f.Delay = &d
		}
		b.firsts[k] = f
	}
	if f.T == e.T {
		for _, to := range p.Agencies {
			if !slices.Contains(f.To, to) {
				f.To = append(f.To, to)
			}
		}
		f.Indicators = max(f.Indicators, len(p.Indicators))
	}
}

func (b *Builder) learned(e *engine.Event) {
	p := &e.Payload
	k := [2]string{p.Agency, p.Person}
	if len(p.Indicators) > 0 {
		if _, ok := b.sawInd[k]; !ok {
			b.sawInd[k] = seen{t: e.T, cause: p.Cause}
		}
	}
	if from, ok := passedBy(p.Cause); ok && from != p.Agency && b.agency[from] != nil {
		b.cell(from, p.Agency, e.T).Delivered += len(p.Indicators)
	}
}

// passedBy returns the agency a learned event's cause names as the one
// that passed the knowledge on.
func passedBy(cause string) (string, bool) {
	for _, pre := range []string{"share:", "child_safeguarding:", "adult_safeguarding:", "charging:"} {
		if a, ok := strings.CutPrefix(cause, pre); ok {
			return a, true
		}
	}
	return "", false
}

func (b *Builder) rejected(e *engine.Event) {
	a, p := e.Actor, &e.Payload
	if s := b.seat(a); s != nil {
		s.Rejected++
	}
	b.mark(a, MarkRejected, e.T)
	if !isRule(p.Rule) {
		k := [3]string{a, p.Rule, p.Kind}
		r := b.refusals[k]
		if r == nil {
			r = &Refusal{Agency: a, Code: p.Rule, Action: p.Kind, First: e.T, Example: nameLanguages(p.Reason)}
			b.refusals[k] = r
		}
		r.Count++
		return
	}
	b.finding(e, engine.EvRejected, a, p.Kind)
}

func (b *Builder) flagged(e *engine.Event) {
	a := e.Payload.Agency
	b.mark(a, MarkFlagged, e.T)
	b.finding(e, engine.EvFlagged, a, b.lastAct[a])
}

func (b *Builder) finding(e *engine.Event, typ, agency, action string) {
	p := &e.Payload
	alias := b.alias(p.Person)
	reason := p.Reason
	if p.Person != "" && alias != "" {
		reason = strings.ReplaceAll(reason, alias, "\x00") // the same reason, whoever it is about
	}
	k := findingKey{typ: typ, rule: p.Rule, agency: agency, action: action, reason: reason}
	f := b.findings[k]
	if f == nil {
		f = &findingState{Finding: Finding{Type: typ, Rule: p.Rule, Agency: agency, Action: action, Reason: nameLanguages(p.Reason), First: e.T, Seq: e.Seq}, people: make(map[string]bool)}
		f.Explanation, f.Source = ruleText(b.rules, p.Rule)
		f.GoodPractice = goodPractice(p.Rule, action, b.rules.DutyToNotify())
		b.findings[k] = f
	}
	if p.Person != "" && !f.people[p.Person] {
		f.people[p.Person] = true
		f.People = append(f.People, alias)
	}
	f.Count++
	f.Last = e.T
}

func (b *Builder) missedExpectation(e *engine.Event) {
	p := &e.Payload
	for _, a := range p.Agencies {
		b.mark(a, MarkMissed, e.T)
	}
	m := MissedExpectation{T: e.T, Inject: p.Inject, Expect: p.Expect, Action: p.Kind, Agencies: slices.Clone(p.Agencies), Person: p.Person}
	for i := range b.sc.Injects {
		in := &b.sc.Injects[i]
		if in.ID != p.Inject {
			continue
		}
		for _, x := range in.Expect {
			if x.ID == p.Expect {
				m.Evidences, m.Points = slices.Clone(x.Evidences), x.Points
			}
		}
	}
	b.expect = append(b.expect, m)
}

func (b *Builder) decided(e *engine.Event) {
	p := &e.Payload
	dp := b.decisions[p.Decision]
	if dp == nil || dp.Chosen != "" {
		return
	}
	dp.Chosen, dp.T = p.Option, e.T
	dp.Defaulted = e.Actor == engine.System
	for i := range b.sc.Decisions {
		if d := &b.sc.Decisions[i]; d.ID == dp.ID {
			for _, o := range d.Options {
				if o.ID == p.Option {
					dp.ChosenText = strings.TrimSpace(o.Text)
				}
			}
		}
	}
}

func (b *Builder) logDecision(e *engine.Event) {
	p := &e.Payload
	if p.Stage < 1 || p.Stage > len(b.stages) {
		return
	}
	stage := p.Stage
	if judged := judgeStage(p.Text, p.Rationale, b.risk); judged != 0 {
		stage = judged
		if judged != p.Stage {
			b.mismatches++
			if len(b.mismatched) < 3 {
				b.mismatched = append(b.mismatched, fmt.Sprintf("%s tagged %q stage %d, but it is stage %d", e.Actor, short(p.Text, 60), p.Stage, judged))
			}
		}
	}
	if stage == 2 {
		b.riskBy[e.Actor]++
	}
	st := &b.stages[p.Stage-1]
	st.count++
	st.agencies[e.Actor]++
	k := [3]string{e.Actor, p.Text, p.Rationale}
	switch en := st.entries[k]; {
	case en != nil:
		en.Count++
	case len(st.order) < maxEntries:
		en = &DecisionEntry{Agency: e.Actor, T: e.T, Text: p.Text, Rationale: p.Rationale, Count: 1}
		st.entries[k] = en
		st.order = append(st.order, en)
	default:
		st.omitted++
	}
	b.inMin[e.Actor] = true
}

// tickMinute counts, for the co-location signal, the exercise minutes in
// which two or more agencies logged decisions. Time never goes backwards
// in a log, so only the current minute is held.
func (b *Builder) tickMinute(t int64) {
	m := t / minuteMillis
	if m == b.minute {
		return
	}
	if n := len(b.inMin); n >= 2 {
		b.joint.minutes++
		b.joint.most = max(b.joint.most, n)
	}
	clear(b.inMin)
	b.minute = m
}

// addInterval records a pause or NO PLAY, merging it into the last one
// when they are closer than a timeline bin, so that their number stays
// bounded.
func (b *Builder) addInterval(iv Interval) {
	if n := len(b.pauses); n > 0 {
		last := &b.pauses[n-1]
		if last.Kind == iv.Kind && iv.From-last.To < b.bins.width {
			last.To, last.Wall = iv.To, last.Wall+iv.Wall
			return
		}
	}
	b.pauses = append(b.pauses, iv)
	if len(b.pauses) > 2*maxBins {
		b.pauses = mergeIntervals(b.pauses, b.bins.width)
	}
}

func mergeIntervals(ivs []Interval, gap int64) []Interval {
	out := ivs[:0]
	for _, iv := range ivs {
		if n := len(out); n > 0 && out[n-1].Kind == iv.Kind && iv.From-out[n-1].To < gap {
			out[n-1].To, out[n-1].Wall = iv.To, out[n-1].Wall+iv.Wall
			continue
		}
		out = append(out, iv)
	}
	return out
}

func (b *Builder) alias(person string) string {
	if p := b.person[person]; p != nil {
		return p.Alias
	}
	return person
}

// isRule reports whether a rejection code is a rule id (R1 ... R16, R3a,
// J1 ... J3) rather than one of the engine's other codes.
func isRule(code string) bool {
	if _, ok := engine.RuleText[code]; ok {
		return true
	}
	if len(code) < 2 || (code[0] != 'R' && code[0] != 'J') {
		return false
	}
	rest := strings.TrimRight(code[1:], "abcdefghijklmnopqrstuvwxyz")
	if rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Load parses and validates a scenario. name is used in problem positions
// (usually the file's path). The error, when not nil, is [Problems]: every
// problem found, each naming file:line:col. A scenario larger than
// [MaxScenarioSize] (or the size [WithMaxSize] sets) is rejected before it
// is parsed, and one that holds more than the other limits allow before it
// is decoded.
func Load(name string, data []byte, opts ...LoadOption) (*Scenario, error) {
	if ps := sizeProblem(name, int64(len(data)), newLoadConfig(opts)); ps != nil {
		return nil, ps
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		return nil, Problems{{File: name, Pos: Pos{1, 1}, Msg: "empty scenario"}}
	} else if err != nil {
		return nil, Problems{syntaxProblem(name, data, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Problems{{File: name, Pos: posOf(&extra), Msg: "a scenario file holds one YAML document; found a second"}}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil, Problems{{File: name, Pos: Pos{1, 1}, Msg: "empty scenario"}}
	}
	if top := root.Content[0]; top.Kind != yaml.MappingNode {
		return nil, Problems{{File: name, Pos: posOf(top), Msg: "a scenario is a mapping of keys (id, title, agencies ...) to values, not " + kindName(top)}}
	}
	if ps := countLimits(name, root.Content[0]); ps != nil {
		return nil, ps
	}
	d := &decoder{file: name}
	sc := new(Scenario)
	d.decode(root.Content[0], reflect.ValueOf(sc).Elem())
	if d.stopped {
		return nil, d.problems.sorted()
	}
	v := &validator{file: name, sc: sc, problems: d.problems}
	v.validate()
	if len(v.problems) > 0 {
		return nil, v.problems.sorted()
	}
	return sc, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// validator checks a decoded scenario as a whole: ids, references,
// reachability, conditions. It adds to problems and never stops early.
type validator struct {
	file     string
	sc       *Scenario
	problems Problems

	agencies, sites, people, injects, decisions, flags, objectives map[string]bool
	options                                                        map[string]bool // decision.option
	indicators                                                     map[string]bool // person.indicator
	busy                                                           map[string]bool // agencies with something to do
}

func (v *validator) errorf(p Pos, format string, args ...any) {
	if p.Line == 0 { // an empty section: point at the file's start
		p = Pos{1, 1}
	}
	v.problems = append(v.problems, Problem{File: v.file, Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// ids records the ids of a list, reporting bad and duplicate ones.
func (v *validator) ids(what string, n int, get func(i int) (string, *Node)) map[string]bool {
	seen := make(map[string]bool, n)
	for i := range n {
		id, node := get(i)
		switch {
		case id == "":
			v.errorf(node.At, "%s has no id", what)
		case !idPattern.MatchString(id):
			v.errorf(node.PosOf("id"), "%s id %q: use lowercase letters, digits, - and _", what, id)
		case seen[id]:
			v.errorf(node.PosOf("id"), "duplicate %s id %q", what, id)
		}
		seen[id] = true
	}
	return seen
}

func (v *validator) oneOf(n *Node, key, what, val string, allowed []string) {
	if !slices.Contains(allowed, val) {
		v.errorf(n.PosOf(key), "unknown %s %q (want one of %s)", what, val, strings.Join(allowed, ", "))
	}
}

// ref checks an optional reference: "" means none.
func (v *validator) ref(n *Node, key, what, id string, set map[string]bool) bool {
	if id == "" {
		return false
	}
	if !set[id] {
		v.errorf(n.PosOf(key), "%s %q is not defined", what, id)
		return false
	}
	return true
}

// refs checks a list of references, where an empty one is a mistake.
func (v *validator) refs(n *Node, key, what string, ids []string, set map[string]bool) []string {
	var ok []string
	for _, id := range ids {
		if id == "" {
			v.errorf(n.PosOf(key), "an empty %s id in %s", what, key)
			continue
		}
		if v.ref(n, key, what, id, set) {
			ok = append(ok, id)
		}
	}
	return ok
}

func (v *validator) required(n *Node, key, val string) {
	if val == "" {
		v.errorf(n.PosOf(key), "%s is required", key)
	}
}

func (v *validator) validate() {
	sc := v.sc
	n := &sc.Node
	v.required(n, "id", sc.ID)
	if sc.ID != "" && !idPattern.MatchString(sc.ID) {
		v.errorf(n.PosOf("id"), "scenario id %q: use lowercase letters, digits, - and _", sc.ID)
	}
	v.required(n, "title", sc.Title)
	if !n.Has("rules_as_of") {
		v.errorf(n.At, "rules_as_of is required: the date whose rule set applies")
	}
	if !sc.Clock.Has("start") {
		v.errorf(n.PosOf("clock"), "clock.start is required")
	}
	if len(sc.Agencies) == 0 {
		v.errorf(n.At, "agencies is required: at least one seat")
	}
	v.objectives = v.ids("objective", len(sc.Objectives), func(i int) (string, *Node) { return sc.Objectives[i].ID, &sc.Objectives[i].Node })
	v.agencies = v.ids("agency", len(sc.Agencies), func(i int) (string, *Node) { return sc.Agencies[i].ID, &sc.Agencies[i].Node })
	v.sites = v.ids("site", len(sc.Sites), func(i int) (string, *Node) { return sc.Sites[i].ID, &sc.Sites[i].Node })
	v.people = v.ids("person", len(sc.People), func(i int) (string, *Node) { return sc.People[i].ID, &sc.People[i].Node })
	v.injects = v.ids("inject", len(sc.Injects), func(i int) (string, *Node) { return sc.Injects[i].ID, &sc.Injects[i].Node })
	v.decisions = v.ids("decision", len(sc.Decisions), func(i int) (string, *Node) { return sc.Decisions[i].ID, &sc.Decisions[i].Node })
	v.ids("phase", len(sc.Clock.Phases), func(i int) (string, *Node) { return sc.Clock.Phases[i].ID, &sc.Clock.Phases[i].Node })
	v.ids("rubric item", len(sc.Rubric), func(i int) (string, *Node) { return sc.Rubric[i].ID, &sc.Rubric[i].Node })
	v.busy = make(map[string]bool)
	v.options = make(map[string]bool)
	v.indicators = make(map[string]bool)
	v.flags = make(map[string]bool)

	v.validateCA()
	for i := range sc.Agencies {
		v.validateAgency(&sc.Agencies[i])
	}
	for i := range sc.Sites {
		s := &sc.Sites[i]
		v.required(&s.Node, "name", s.Name)
	}
	for i := range sc.People {
		v.validatePerson(&sc.People[i])
	}
	// Decisions first: their options and the flags their effects set are
	// what conditions elsewhere may test.
	released := make(map[string]bool)
	for i := range sc.Decisions {
		d := &sc.Decisions[i]
		opts := v.ids("option", len(d.Options), func(j int) (string, *Node) { return d.Options[j].ID, &d.Options[j].Node })
		for id := range opts {
			v.options[d.ID+"."+id] = true
		}
		for _, o := range d.Options {
			for _, e := range o.Effects {
				if e.Flag != "" {
					v.flags[e.Flag] = true
				}
				if e.Release != "" {
					released[e.Release] = true
				}
			}
		}
	}
	for _, in := range sc.Injects {
		for _, x := range in.Expect {
			if x.Contingency != "" {
				released[x.Contingency] = true
			}
		}
	}
	for i := range sc.Injects {
		v.validateInject(&sc.Injects[i], released)
	}
	for i := range sc.Decisions {
		v.validateDecision(&sc.Decisions[i])
	}
	for i := range sc.Clock.Phases {
		p := &sc.Clock.Phases[i]
		v.required(&p.Node, "title", p.Title)
		if end := sc.Clock.End; end != nil && p.At.D >= end.D {
			v.errorf(p.PosOf("at"), "phase %q starts at or after the end of play (%s)", p.ID, FormatDuration(end.D))
		}
	}
	if end := sc.Clock.End; end != nil && end.D <= 0 {
		v.errorf(sc.Clock.PosOf("end"), "end must be after the start of play")
	}
	for i := range sc.Objectives {
		o := &sc.Objectives[i]
		v.required(&o.Node, "text", o.Text)
	}
	for i := range sc.Rubric {
		v.validateRubric(&sc.Rubric[i])
	}
	v.checkDependencies()
	for _, a := range sc.Agencies {
		if a.ID != "" && !v.busy[a.ID] {
			v.errorf(a.At, "agency %q has nothing to do: no inject, decision, expectation or rubric item names it", a.ID)
		}
	}
}

func (v *validator) validateCA() {
	ca := &v.sc.CompetentAuthority
	if ca.Mode == "" {
		ca.Mode = "engine"
	}
	v.oneOf(&ca.Node, "mode", "competent authority mode", ca.Mode, []string{"engine", "facilitator"})
	if ca.Mode == "engine" && ca.RGAfter.D == 0 {
		ca.RGAfter.D = defaultRGAfter
	}
}

func (v *validator) validateAgency(a *Agency) {
	v.required(&a.Node, "name", a.Name)
	v.oneOf(&a.Node, "kind", "agency kind", a.Kind, AgencyKinds)
	if a.FirstResponder && a.Kind != "ngo" {
		v.errorf(a.PosOf("first_responder"), "first_responder is for NGOs on the first responder list; a %s agency's status follows from its kind (R1)", a.Kind)
	}
	for i := range a.Resources {
		v.validateResource(&a.Resources[i].Node, a.Resources[i].Kind, a.Resources[i].Language)
		if a.Resources[i].Count < 0 {
			v.errorf(a.Resources[i].PosOf("count"), "count must not be negative")
		}
		if a.Resources[i].Has("booking") && a.Resources[i].Booking.D <= 0 {
			v.errorf(a.Resources[i].PosOf("booking"), "booking must be longer than zero: leave it out to hold the resource until the person moves on (beds, reception places) or to the end")
		}
	}
}

func (v *validator) validateResource(n *Node, kind, lang string) {
	v.oneOf(n, "kind", "resource kind", kind, ResourceKinds)
	if kind == "interpreter" && lang == "" {
		v.errorf(n.At, "an interpreter needs a language")
	}
	if kind != "interpreter" && lang != "" {
		v.errorf(n.PosOf("language"), "language is only for interpreters")
	}
}

func (v *validator) validatePerson(p *Person) {
	n := &p.Node
	v.required(n, "alias", p.Alias)
	if !n.Has("age") {
		v.errorf(n.At, "person %q: age is required (the real age; claimed_age and age_disputed describe a dispute)", p.ID)
	} else if p.Age < 0 || p.Age > 120 {
		v.errorf(n.PosOf("age"), "age %d is out of range", p.Age)
	}
	if len(p.Languages) == 0 {
		v.errorf(n.At, "person %q: languages is required", p.ID)
	}
	v.ref(n, "site", "site", p.Site, v.sites)
	for _, e := range p.Exploitation {
		v.oneOf(n, "exploitation", "exploitation type", e, ExploitationTypes)
	}
	for _, e := range p.Needs {
		v.oneOf(n, "needs", "need", e, Needs)
	}
	v.refs(n, "known", "agency", p.Known, v.agencies)
	ids := v.ids("indicator", len(p.Indicators), func(i int) (string, *Node) { return p.Indicators[i].ID, &p.Indicators[i].Node })
	for id := range ids {
		v.indicators[p.ID+"."+id] = true
	}
	for i := range p.Indicators {
		ind := &p.Indicators[i]
		v.oneOf(&ind.Node, "kind", "indicator kind", ind.Kind, IndicatorKinds)
		v.required(&ind.Node, "text", ind.Text)
		for j := range ind.Revealed {
			r := &ind.Revealed[j]
			switch {
			case r.By != "" && len(r.To) > 0:
				v.errorf(r.Node.At, "a reveal is either by an action or to agencies at a time, not both")
			case r.By != "":
				v.oneOf(&r.Node, "by", "revealing action", r.By, RevealActions)
			case len(r.To) > 0:
				v.refs(&r.Node, "to", "agency", r.To, v.agencies)
			default:
				v.errorf(r.Node.At, "a reveal needs by (an action) or to (agencies, with at)")
			}
		}
	}
	t := &p.Truth
	if t.Discloses < 0 || t.Discloses > 1 {
		v.errorf(t.PosOf("discloses"), "discloses is a chance from 0 to 1")
	}
	if t.Outcome != "" {
		v.oneOf(&t.Node, "outcome", "outcome", t.Outcome, Outcomes)
	}
	if t.Victim && t.Outcome == "not_recognised" {
		v.errorf(t.PosOf("outcome"), "a victim's outcome cannot be not_recognised")
	}
}

func (v *validator) validateInject(in *Inject, released map[string]bool) {
	n := &in.Node
	if in.At == nil && in.When == nil && !released[in.ID] {
		v.errorf(n.At, "inject %q is unreachable: it has no at or when, and no decision or contingency releases it", in.ID)
	}
	if len(in.To) == 0 {
		v.errorf(n.At, "inject %q has no recipients (to)", in.ID)
	}
	for _, a := range v.refs(n, "to", "agency", in.To, v.agencies) {
		v.busy[a] = true
	}
	v.oneOf(n, "channel", "channel", in.Channel, Channels)
	v.required(n, "text", in.Text)
	for _, r := range in.Reveals {
		if !v.people[r] && !v.sites[r] && !v.indicators[r] {
			v.errorf(n.PosOf("reveals"), "reveals %q: not a person, site or person.indicator", r)
		}
	}
	if in.When != nil {
		v.condition(in.When)
	}
	v.ids("expectation", len(in.Expect), func(i int) (string, *Node) { return in.Expect[i].ID, &in.Expect[i].Node })
	for i := range in.Expect {
		x := &in.Expect[i]
		v.oneOf(&x.Node, "action", "action", x.Action, playerCommands())
		for _, a := range v.refs(&x.Node, "by", "agency", x.By, v.agencies) {
			v.busy[a] = true
		}
		v.leads(&x.Node, x.Lead, x.By, "by")
		v.ask(x.Asked)
		v.ref(&x.Node, "person", "person", x.Person, v.people)
		v.ref(&x.Node, "contingency", "inject", x.Contingency, v.injects)
		if x.Within.D == 0 {
			v.errorf(x.At, "expectation %q needs a deadline (within)", x.ID)
		}
		v.evidences(&x.Node, x.Evidences)
	}
}

func (v *validator) validateDecision(d *Decision) {
	n := &d.Node
	if d.At == nil && d.When == nil {
		v.errorf(n.At, "decision %q never opens: give it at or when", d.ID)
	}
	if v.ref(n, "to", "agency", d.To, v.agencies) {
		v.busy[d.To] = true
	} else if d.To == "" {
		v.errorf(n.At, "decision %q: to (the deciding agency) is required", d.ID)
	}
	v.required(n, "prompt", d.Prompt)
	if len(d.Options) < 2 {
		v.errorf(n.At, "decision %q needs at least two options", d.ID)
	}
	if d.Default != "" && !v.options[d.ID+"."+d.Default] {
		v.errorf(n.PosOf("default"), "default %q is not an option of decision %q", d.Default, d.ID)
	}
	if d.Within.D > 0 && d.Default == "" {
		v.errorf(n.PosOf("within"), "decision %q has a deadline but no default option", d.ID)
	}
	if d.When != nil {
		v.condition(d.When)
	}
	for _, o := range d.Options {
		v.required(&o.Node, "text", o.Text)
		for i := range o.Effects {
			e := &o.Effects[i]
			set := 0
			for _, k := range []string{"flag", "release", "cancel", "resource"} {
				if e.Has(k) {
					set++
				}
			}
			if set != 1 {
				v.errorf(e.At, "an effect has exactly one of flag, release, cancel, resource")
			}
			v.ref(&e.Node, "release", "inject", e.Release, v.injects)
			v.ref(&e.Node, "cancel", "inject", e.Cancel, v.injects)
			if r := e.Resource; r != nil {
				v.required(&r.Node, "agency", r.Agency)
				v.ref(&r.Node, "agency", "agency", r.Agency, v.agencies)
				v.validateResource(&r.Node, r.Kind, r.Language)
			}
		}
	}
}

func (v *validator) condition(c *Condition) {
	n := &c.Node
	set := 0
	for _, k := range []string{"all", "any", "not", "after", "flag", "released", "chosen", "done", "status"} {
		if n.Has(k) {
			set++
		}
	}
	if set != 1 {
		v.errorf(n.At, "a condition has exactly one of all, any, not, after, flag, released, chosen, done, status")
		return
	}
	for i := range c.All {
		v.condition(&c.All[i])
	}
	for i := range c.Any {
		v.condition(&c.Any[i])
	}
	if c.Not != nil {
		v.condition(c.Not)
	}
	if c.Flag != "" && !v.flags[c.Flag] {
		v.errorf(n.PosOf("flag"), "flag %q is never set by any decision effect", c.Flag)
	}
	v.ref(n, "released", "inject", c.Released, v.injects)
	if c.Chosen != "" && !v.options[c.Chosen] {
		v.errorf(n.PosOf("chosen"), "chosen %q: want decision.option of a defined decision", c.Chosen)
	}
	if d := c.Done; d != nil {
		v.oneOf(&d.Node, "action", "action", d.Action, playerCommands())
		v.refs(&d.Node, "by", "agency", d.By, v.agencies)
		v.ref(&d.Node, "person", "person", d.Person, v.people)
	}
	if s := c.Status; s != nil {
		v.ref(&s.Node, "person", "person", s.Person, v.people)
		if s.Person == "" {
			v.errorf(s.At, "status needs a person")
		}
		v.oneOf(&s.Node, "is", "status", s.Is, Statuses)
	}
}

// RubricGroups are the groups a rubric item may be scored for each of.
var RubricGroups = []string{"victim", "child", "adult_victim", "child_victim", "declining", "non_consenting", "suspect", "non_victim"}

// after checks an item's prerequisites: other positive rubric items, and
// no chain that comes back to the item.
func (v *validator) after(r *RubricItem) {
	byID := map[string]*RubricItem{}
	for i := range v.sc.Rubric {
		byID[v.sc.Rubric[i].ID] = &v.sc.Rubric[i]
	}
	for _, id := range r.After {
		pre := byID[id]
		switch {
		case pre == nil:
			v.errorf(r.PosOf("after"), "after %q: no rubric item has that id", id)
			continue
		case pre.Points < 0:
			v.errorf(r.PosOf("after"), "after %q: a penalty is no prerequisite", id)
			continue
		}
		if v.leadsBack(byID, pre, r.ID, map[string]bool{}) {
			v.errorf(r.PosOf("after"), "after %q: the chain of prerequisites comes back to %q", id, r.ID)
		}
	}
}

// leadsBack reports whether the prerequisites of it lead back to target.
func (v *validator) leadsBack(byID map[string]*RubricItem, it *RubricItem, target string, seen map[string]bool) bool {
	if it.ID == target {
		return true
	}
	if seen[it.ID] {
		return false
	}
	seen[it.ID] = true
	for _, id := range it.After {
		if next := byID[id]; next != nil && v.leadsBack(byID, next, target, seen) {
			return true
		}
	}
	return false
}

// ask checks the request an item or expectation answers.
func (v *validator) ask(a *Ask) {
	if a == nil {
		return
	}
	v.oneOf(&a.Node, "action", "asking action", a.Action, AskActions)
	if a.Kind != "" {
		v.oneOf(&a.Node, "kind", "resource", a.Kind, ResourceKinds)
		if a.Action != CmdRequest {
			v.errorf(a.PosOf("kind"), "kind narrows %s only", CmdRequest)
		}
	}
	v.refs(&a.Node, "by", "agency", a.By, v.agencies)
}

// AskActions are the actions a rubric item may answer (see [Ask]).
var AskActions = []string{CmdRequest, CmdChargingRequest}

// leads checks a lead list: agencies of the exercise, and among those who
// may act (key) where that list is given.
func (v *validator) leads(n *Node, lead, may []string, key string) {
	for _, a := range v.refs(n, "lead", "agency", lead, v.agencies) {
		v.busy[a] = true
		if len(may) > 0 && !slices.Contains(may, a) {
			v.errorf(n.PosOf("lead"), "lead %q is not among %s %v: the lead must be able to act", a, key, may)
		}
	}
}

// RubricFrom are the points a rubric item's time window may run from.
var RubricFrom = []string{"start", "first_indicator", "identified", "known"}

func (v *validator) validateRubric(r *RubricItem) {
	n := &r.Node
	v.required(n, "text", r.Text)
	if r.Points == 0 {
		v.errorf(n.PosOf("points"), "rubric item %q: points is required and not zero", r.ID)
	}
	for _, a := range v.refs(n, "agencies", "agency", r.Agencies, v.agencies) {
		v.busy[a] = true
	}
	v.leads(n, r.Lead, r.Agencies, "agencies")
	v.ask(r.Asked)
	if r.Asked != nil && r.Points < 0 {
		v.errorf(n.PosOf("asked"), "a penalty answers no request: asked is for positive items")
	}
	v.after(r)
	if r.ForEach != "" {
		v.oneOf(n, "for_each", "group", r.ForEach, RubricGroups)
		if len(r.People) > 0 {
			v.errorf(n.PosOf("people"), "give for_each or people, not both")
		}
	}
	v.refs(n, "people", "person", r.People, v.people)
	v.oneOf(n, "event", "event type", r.Event, EventTypes())
	if r.Rule != "" && r.Event != EvRejected && r.Event != EvFlagged {
		v.errorf(n.PosOf("rule"), "rule narrows rejected or flagged events only")
	}
	if r.From != "" {
		v.oneOf(n, "from", "window start", r.From, RubricFrom)
		if r.From != "start" && r.ForEach == "" && len(r.People) == 0 {
			v.errorf(n.PosOf("from"), "from %q needs a person: give for_each or people", r.From)
		}
	}
	v.evidences(n, r.Evidences)
}

var ruleID = regexp.MustCompile(`^(R\d+a?|J\d)$`)

func (v *validator) evidences(n *Node, ev []string) {
	for _, e := range ev {
		if !ruleID.MatchString(e) && !v.objectives[e] {
			v.errorf(n.PosOf("evidences"), "evidences %q: not a rule id (R1..R16, J1..J3) or a defined objective", e)
		}
	}
}

func playerCommands() []string {
	var out []string
	for _, c := range CommandTypes {
		if !slices.Contains(FacilitatorCommands, c) {
			out = append(out, c)
		}
	}
	return out
}

// EventTypes lists every event type a rubric may score.
func EventTypes() []string {
	return append(playerCommands(), EvRejected, EvFlagged, EvConsent, EvRG, EvCG, EvLearned, EvInject)
}

package engine

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Lint codes: each names one kind of [Warning], and the section of
// docs/scenario-format.md ("Common mistakes") that explains it.
const (
	// LintInjectNeverFires: an inject the loader accepts that cannot fire
	// in play (its when can never hold, or not within the scenario's length).
	LintInjectNeverFires = "inject-never-fires"
	// LintOptionNoEffect: a decision option that changes nothing.
	LintOptionNoEffect = "option-no-effect"
	// LintOptionsIdentical: every option of a decision does the same.
	LintOptionsIdentical = "options-identical"
	// LintRubricUnearnable: a rubric item no agency it names may earn.
	LintRubricUnearnable = "rubric-unearnable"
	// LintLeadCannotAct: a rubric item's lead may not take its action.
	LintLeadCannotAct = "lead-cannot-act"
	// LintPhaseIdle: an agency with nothing to do in a whole phase.
	LintPhaseIdle = "phase-idle"
	// LintExpectWindow: an expectation's window too short to act in.
	LintExpectWindow = "expect-window-short"
	// LintRubricWindow: a rubric window that closes before its prompt.
	LintRubricWindow = "rubric-window-short"
	// LintOutOfOrder: numbered injects scheduled in another order.
	LintOutOfOrder = "out-of-order"
	// LintUnknownPerson: a person named in text who is not defined.
	LintUnknownPerson = "unknown-person"
	// LintAgeContradiction: text giving a person an age their data does not.
	LintAgeContradiction = "age-contradiction"
	// LintNeverRevealed: a person no agency can ever come to know of.
	LintNeverRevealed = "person-never-revealed"
)

// LintCodes lists every lint code, in the order of the checks.
var LintCodes = []string{LintInjectNeverFires, LintOptionNoEffect, LintOptionsIdentical, LintRubricUnearnable, LintLeadCannotAct, LintPhaseIdle, LintExpectWindow, LintRubricWindow, LintOutOfOrder, LintUnknownPerson, LintAgeContradiction, LintNeverRevealed}

// LintDoc is the page that explains each lint code; a warning's [Warning.Doc]
// adds the code's anchor.
const LintDoc = "docs/scenario-format.md"

// Minimum windows: an expected action needs at least a minute, and at
// least the time it takes to read the inject that prompts it.
const (
	minWindow   = time.Minute
	wordsPerMin = 150 // reading aloud to a table, slower than reading alone
)

// Warning is something a scenario author should look at before running a
// workshop: the scenario loads (see [Load]), but play will not go as its
// author meant. [Lint] finds them.
type Warning struct {
	File string
	Pos
	// Code is one of [LintCodes].
	Code string
	Msg  string
	// Hint is a short fix.
	Hint string
}

// Doc is where the warning's code is explained.
func (w Warning) Doc() string { return LintDoc + "#common-mistakes-" + w.Code }

// String formats the warning as file:line:col: warning: message (hint: ...; see ...).
func (w Warning) String() string {
	return fmt.Sprintf("%s:%d:%d: warning: %s (hint: %s; see %s)", w.File, w.Line, w.Col, w.Msg, w.Hint, w.Doc())
}

// MayTake reports whether an agency of a's kind may ever take action under
// the rule set r, by the same rules the engine applies: an NRM referral by a
// first responder (R1, see [Agency.IsFirstResponder]), a Duty to Notify
// report by a specified public authority once the duty exists (R4), an age
// assessment by child safeguarding (R3a), an arrest by an agency with the
// power, charging advice by the CPS. Any agency may take any other action;
// whether it can in play depends on the state (a request to answer, a
// decision to make).
func (a *Agency) MayTake(action string, r Rules) bool {
	switch action {
	case CmdNRMReferral, CmdSeekConsent:
		return a.IsFirstResponder()
	case CmdDutyToNotify:
		return r.DutyToNotify() && slices.Contains(dutyToNotifyKinds, a.Kind)
	case CmdArrest:
		return slices.Contains(powersKinds, a.Kind)
	case CmdAgeAssessment:
		return a.Kind == "child_safeguarding"
	case CmdChargingAdvice:
		return a.Kind == "cps"
	}
	return true
}

// Lint checks a loaded scenario for what loads but will not play as meant.
// name is used in warning positions, as for [Load]. The warnings are in
// file order.
func Lint(name string, sc *Scenario) []Warning {
	l := &linter{file: name, sc: sc, rules: Rules{AsOf: sc.RulesAsOf.Time}}
	l.index()
	l.injectsNeverFire()
	l.decisionOptions()
	l.rubricActors()
	l.phases()
	l.windows()
	l.order()
	l.texts()
	l.revealed()
	sort.SliceStable(l.out, func(i, j int) bool {
		if l.out[i].Line != l.out[j].Line {
			return l.out[i].Line < l.out[j].Line
		}
		return l.out[i].Col < l.out[j].Col
	})
	return l.out
}

const never = time.Duration(math.MaxInt64)

type linter struct {
	file  string
	sc    *Scenario
	rules Rules
	out   []Warning

	injects   map[string]*Inject
	decisions map[string]*Decision
	// releasedBy maps an inject to the decisions whose options release it.
	releasedBy map[string][]string
	// contingentOn maps an inject to the injects whose expectations name
	// it as their contingency, with the expectation's window.
	contingentOn map[string][]contingency
	// flaggedBy maps a flag to the decisions whose options set it.
	flaggedBy map[string][]string
	// chosen holds the decision.option names that conditions test.
	chosen map[string]bool
	// places reports whether any bed or reception place can exist.
	places bool
	// stock holds the agencies that hold, or may be given, a resource.
	stock map[string]bool

	earliestIn, earliestDec map[string]time.Duration
}

type contingency struct {
	inject string
	within time.Duration
}

func (l *linter) warn(p Pos, code, hint, format string, args ...any) {
	if p.Line == 0 {
		p = Pos{1, 1}
	}
	l.out = append(l.out, Warning{File: l.file, Pos: p, Code: code, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

func (l *linter) index() {
	sc := l.sc
	l.injects = make(map[string]*Inject)
	l.decisions = make(map[string]*Decision)
	l.releasedBy = make(map[string][]string)
	l.contingentOn = make(map[string][]contingency)
	l.flaggedBy = make(map[string][]string)
	l.chosen = make(map[string]bool)
	l.stock = make(map[string]bool)
	l.earliestIn = make(map[string]time.Duration)
	l.earliestDec = make(map[string]time.Duration)
	for i := range sc.Injects {
		in := &sc.Injects[i]
		l.injects[in.ID] = in
		for _, x := range in.Expect {
			if x.Contingency != "" {
				l.contingentOn[x.Contingency] = append(l.contingentOn[x.Contingency], contingency{in.ID, x.Within.D})
			}
		}
		if in.When != nil {
			l.noteChosen(in.When)
		}
	}
	for _, a := range sc.Agencies {
		for _, r := range a.Resources {
			if r.Count > 0 {
				l.stock[a.ID] = true
				if r.Kind == "bed" || r.Kind == "reception_place" {
					l.places = true
				}
			}
		}
	}
	for i := range sc.Decisions {
		d := &sc.Decisions[i]
		l.decisions[d.ID] = d
		if d.When != nil {
			l.noteChosen(d.When)
		}
		for _, o := range d.Options {
			for _, e := range o.Effects {
				switch {
				case e.Release != "":
					l.releasedBy[e.Release] = append(l.releasedBy[e.Release], d.ID)
				case e.Flag != "":
					l.flaggedBy[e.Flag] = append(l.flaggedBy[e.Flag], d.ID)
				case e.Resource != nil && e.Resource.Delta > 0:
					l.stock[e.Resource.Agency] = true
					if e.Resource.Kind == "bed" || e.Resource.Kind == "reception_place" {
						l.places = true
					}
				}
			}
		}
	}
}

func (l *linter) noteChosen(c *Condition) {
	if c.Chosen != "" {
		l.chosen[c.Chosen] = true
	}
	for i := range c.All {
		l.noteChosen(&c.All[i])
	}
	for i := range c.Any {
		l.noteChosen(&c.Any[i])
	}
	if c.Not != nil {
		l.noteChosen(c.Not)
	}
}

// ---- time ----

// injectEarliest is the earliest exercise time at which an inject can fire
// by its at, its when, a decision releasing it or a contingency; never for
// one that cannot fire (the facilitator aside).
func (l *linter) injectEarliest(id string) time.Duration {
	if t, ok := l.earliestIn[id]; ok {
		return t
	}
	l.earliestIn[id] = never // a loop waits for ever
	in := l.injects[id]
	t := never
	if in == nil {
		return t
	}
	if in.At != nil {
		t = in.At.D
	}
	if in.When != nil {
		t = min(t, l.condEarliest(in.When))
	}
	for _, d := range l.releasedBy[id] {
		t = min(t, l.decisionEarliest(d))
	}
	for _, c := range l.contingentOn[id] {
		if e := l.injectEarliest(c.inject); e != never {
			t = min(t, e+c.within)
		}
	}
	l.earliestIn[id] = t
	return t
}

func (l *linter) decisionEarliest(id string) time.Duration {
	if t, ok := l.earliestDec[id]; ok {
		return t
	}
	l.earliestDec[id] = never
	d := l.decisions[id]
	t := never
	if d == nil {
		return t
	}
	if d.At != nil {
		t = d.At.D
	}
	if d.When != nil {
		t = min(t, l.condEarliest(d.When))
	}
	l.earliestDec[id] = t
	return t
}

// condEarliest is the earliest exercise time at which c can hold.
func (l *linter) condEarliest(c *Condition) time.Duration {
	switch {
	case c.All != nil:
		t := time.Duration(0)
		for i := range c.All {
			t = max(t, l.condEarliest(&c.All[i]))
		}
		return t
	case c.Any != nil:
		t := never
		for i := range c.Any {
			t = min(t, l.condEarliest(&c.Any[i]))
		}
		return t
	case c.After != nil:
		return c.After.D
	case c.Released != "":
		return l.injectEarliest(c.Released)
	case c.Chosen != "":
		d, _, _ := strings.Cut(c.Chosen, ".")
		return l.decisionEarliest(d)
	case c.Flag != "":
		t := never
		for _, d := range l.flaggedBy[c.Flag] {
			t = min(t, l.decisionEarliest(d))
		}
		return t
	}
	return 0
}

// condLatest is the time by which c surely holds if play goes on (through
// its after), or never when that depends on what players do.
func condLatest(c *Condition) time.Duration {
	switch {
	case c.All != nil:
		t := time.Duration(0)
		for i := range c.All {
			t = max(t, condLatest(&c.All[i]))
		}
		return t
	case c.Any != nil:
		t := never
		for i := range c.Any {
			t = min(t, condLatest(&c.Any[i]))
		}
		return t
	case c.After != nil:
		return c.After.D
	}
	return never
}

// planned is the time by which an inject is planned to fire: its at, or
// the time its when surely holds; never when neither says.
func planned(at *Duration, when *Condition) time.Duration {
	t := never
	if at != nil {
		t = at.D
	}
	if when != nil {
		t = min(t, condLatest(when))
	}
	return t
}

// ---- what can happen ----

func (l *linter) agencyIDs(ids []string) []*Agency {
	if len(ids) == 0 {
		ids = make([]string, len(l.sc.Agencies))
		for i, a := range l.sc.Agencies {
			ids[i] = a.ID
		}
	}
	var out []*Agency
	for _, id := range ids {
		if a := l.sc.Agency(id); a != nil {
			out = append(out, a)
		}
	}
	return out
}

func (l *linter) anyKind(kind string) bool {
	return slices.ContainsFunc(l.sc.Agencies, func(a Agency) bool { return a.Kind == kind })
}

// mayAct reports whether agency a may take action at all in this scenario,
// and if not, why.
func (l *linter) mayAct(a *Agency, action string) (bool, string) {
	if !a.MayTake(action, l.rules) {
		switch action {
		case CmdNRMReferral:
			return false, fmt.Sprintf("%s (%s) is not a first responder (R1)", a.ID, a.Kind)
		case CmdDutyToNotify:
			if !l.rules.DutyToNotify() {
				return false, "there is no Duty to Notify before 2015-11-01 (R4)"
			}
			return false, fmt.Sprintf("%s (%s) is not a specified public authority (R4)", a.ID, a.Kind)
		case CmdArrest:
			return false, fmt.Sprintf("%s (%s) has no power of arrest", a.ID, a.Kind)
		case CmdAgeAssessment:
			return false, fmt.Sprintf("%s (%s) is not child safeguarding, who alone assess age (R3a)", a.ID, a.Kind)
		case CmdChargingAdvice:
			return false, fmt.Sprintf("%s (%s) is not the CPS, who alone give charging advice", a.ID, a.Kind)
		}
		return false, a.ID + " may not " + strings.ReplaceAll(action, "_", " ")
	}
	switch action {
	case CmdDecide:
		if !slices.ContainsFunc(l.sc.Decisions, func(d Decision) bool { return d.To == a.ID }) {
			return false, fmt.Sprintf("no decision is put to %s", a.ID)
		}
	case CmdAllocate:
		if !l.stock[a.ID] {
			return false, fmt.Sprintf("%s holds no resource and no decision gives it one", a.ID)
		}
	}
	return true, ""
}

// mayHappen reports whether one of the agencies (all when none) can take
// action on the person (anyone when ""), and if not, why.
func (l *linter) mayHappen(action string, by []string, person string) (bool, string) {
	var why []string
	ok := false
	for _, a := range l.agencyIDs(by) {
		if yes, w := l.mayAct(a, action); yes {
			ok = true
		} else {
			why = append(why, w)
		}
	}
	if !ok {
		if len(why) == 0 {
			why = []string{"no agency may"}
		}
		return false, strings.Join(why, "; ")
	}
	people := []*Person{l.sc.Person(person)}
	if person == "" {
		people = nil
		for i := range l.sc.People {
			people = append(people, &l.sc.People[i])
		}
	}
	var whyP []string
	for _, p := range people {
		if p == nil {
			continue
		}
		if yes, w := l.personMay(action, p); yes {
			return true, ""
		} else {
			whyP = append(whyP, w)
		}
	}
	if person == "" && len(people) == 0 {
		return true, ""
	}
	return false, strings.Join(whyP, "; ")
}

// personMay reports whether action can be accepted on p by some agency of
// the scenario, as far as p's data decides.
func (l *linter) personMay(action string, p *Person) (bool, string) {
	switch action {
	case CmdNRMReferral:
		if l.referable(p) {
			return true, ""
		}
		return false, fmt.Sprintf("%s is an adult who does not consent (R2)", p.ID)
	case CmdDutyToNotify:
		return l.notifiable(p)
	case CmdRemove:
		if !p.Truth.AcceptsSupport {
			return false, fmt.Sprintf("%s declines support (truth.accepts_support is false)", p.ID)
		}
		if !l.places {
			return false, "no agency holds a bed or reception place"
		}
	case CmdRecordDecline:
		if p.Truth.AcceptsSupport {
			return false, fmt.Sprintf("%s accepts support, so never declines", p.ID)
		}
	case CmdChildSafeguarding:
		if !p.MayBeChild() {
			return false, fmt.Sprintf("%s is an adult (R3)", p.ID)
		}
	case CmdAdultSafeguarding:
		if p.MayBeChild() && (p.Age < 18 || !l.anyKind("child_safeguarding")) {
			return false, fmt.Sprintf("%s is or may be a child (R3)", p.ID)
		}
	}
	return true, ""
}

func (l *linter) referable(p *Person) bool {
	fr := slices.ContainsFunc(l.sc.Agencies, func(a Agency) bool { return a.IsFirstResponder() })
	return fr && (p.MayBeChild() || p.Truth.Consents)
}

func (l *linter) notifiable(p *Person) (bool, string) {
	switch {
	case !l.rules.DutyToNotify():
		return false, "there is no Duty to Notify before 2015-11-01 (R4)"
	case p.MayBeChild() && (p.Age < 18 || !l.anyKind("child_safeguarding")):
		return false, fmt.Sprintf("%s is or may be a child, never reported under the Duty to Notify (R3)", p.ID)
	case p.Truth.Consents:
		return false, fmt.Sprintf("%s consents, so is referred, not reported (R4)", p.ID)
	}
	return true, ""
}

// statusMay reports whether p can reach status, and if not, why.
func (l *linter) statusMay(p *Person, status string) (bool, string) {
	facilitator := l.sc.CompetentAuthority.Mode == "facilitator"
	switch status {
	case "safe":
		return l.personMay(CmdRemove, p)
	case "declined":
		return l.personMay(CmdRecordDecline, p)
	case "referred", "rg_positive", "rg_negative", "cg_positive", "cg_negative":
		if ok, why := l.mayHappen(CmdNRMReferral, nil, p.ID); !ok {
			return false, why
		}
		switch {
		case status == "rg_positive" && !facilitator && !p.Truth.Victim:
			return false, fmt.Sprintf("the engine decides RG positive only for a victim, and %s is not one", p.ID)
		case status == "rg_negative" && !facilitator && p.Truth.Victim:
			return false, fmt.Sprintf("the engine decides RG negative only for a non-victim, and %s is a victim", p.ID)
		case strings.HasPrefix(status, "cg_") && !facilitator && l.sc.CompetentAuthority.CGAfter.D == 0:
			return false, "the engine makes no Conclusive Grounds decision without competent_authority.cg_after"
		case status == "cg_positive" && !facilitator && !p.Truth.Victim:
			return false, fmt.Sprintf("a CG decision follows a positive RG decision, which the engine makes only for a victim, and %s is not one", p.ID)
		case status == "cg_negative" && !facilitator:
			return false, "the engine's CG decision follows a positive RG, for a victim, whose outcome is never not_recognised"
		}
	case "notified":
		if ok, why := l.mayHappen(CmdDutyToNotify, nil, p.ID); !ok {
			return false, why
		}
	}
	return true, ""
}

// condMay reports whether c can ever hold, and if not, why.
func (l *linter) condMay(c *Condition) (bool, string) {
	switch {
	case c.All != nil:
		for i := range c.All {
			if ok, why := l.condMay(&c.All[i]); !ok {
				return false, why
			}
		}
	case c.Any != nil:
		var why []string
		for i := range c.Any {
			ok, w := l.condMay(&c.Any[i])
			if ok {
				return true, ""
			}
			why = append(why, w)
		}
		return false, strings.Join(why, "; and ")
	case c.Done != nil:
		ok, why := l.mayHappen(c.Done.Action, c.Done.By, c.Done.Person)
		if !ok {
			return false, fmt.Sprintf("done %s can never hold: %s", c.Done.Action, why)
		}
	case c.Status != nil:
		if p := l.sc.Person(c.Status.Person); p != nil {
			if ok, why := l.statusMay(p, c.Status.Is); !ok {
				return false, fmt.Sprintf("%s never reaches status %s: %s", p.ID, c.Status.Is, why)
			}
		}
	}
	return true, ""
}

// ---- 1. injects that never fire ----

func (l *linter) injectsNeverFire() {
	length := l.sc.Length.D
	for i := range l.sc.Injects {
		in := &l.sc.Injects[i]
		released := len(l.releasedBy[in.ID]) > 0 || len(l.contingentOn[in.ID]) > 0
		if in.When != nil && in.At == nil && !released {
			if ok, why := l.condMay(in.When); !ok {
				l.warn(in.PosOf("when"), LintInjectNeverFires, "test a status or action some agency can bring about, or give the inject an at", "inject %q never fires: its when can never hold (%s)", in.ID, why)
				continue
			}
		}
		if length == 0 {
			continue
		}
		t := l.injectEarliest(in.ID)
		if t == never || t <= length {
			continue
		}
		key := "at"
		if in.At == nil {
			key = "when"
		}
		l.warn(in.PosOf(key), LintInjectNeverFires, "bring it forward, or lengthen the scenario's length", "inject %q cannot fire before %s, after the scenario's length of %s", in.ID, FormatDuration(t), FormatDuration(length))
	}
}

// ---- 2. decision options ----

func (l *linter) decisionOptions() {
	for i := range l.sc.Decisions {
		d := &l.sc.Decisions[i]
		sig := make([]string, len(d.Options))
		tested := false
		for j, o := range d.Options {
			sig[j] = effectSignature(o.Effects)
			tested = tested || l.chosen[d.ID+"."+o.ID]
		}
		if tested {
			continue
		}
		if len(sig) > 1 && !slices.ContainsFunc(sig, func(s string) bool { return s != sig[0] }) {
			l.warn(d.PosOf("options"), LintOptionsIdentical, "give the options different effects, or test them with chosen in a when", "every option of decision %q does the same: the answer changes nothing in play", d.ID)
			continue
		}
		for _, o := range d.Options {
			if len(o.Effects) == 0 && !o.Recommended && !l.chosen[d.ID+"."+o.ID] {
				l.warn(o.At, LintOptionNoEffect, "give it an effect, test it with chosen in a when, or mark it recommended", "option %q of decision %q has no effect and is not recommended: choosing it changes nothing", o.ID, d.ID)
			}
		}
	}
}

func effectSignature(effects []Effect) string {
	var parts []string
	for _, e := range effects {
		switch {
		case e.Flag != "":
			parts = append(parts, "flag:"+e.Flag)
		case e.Release != "":
			parts = append(parts, "release:"+e.Release)
		case e.Cancel != "":
			parts = append(parts, "cancel:"+e.Cancel)
		case e.Resource != nil:
			r := e.Resource
			parts = append(parts, fmt.Sprintf("resource:%s/%s/%s/%d", r.Agency, r.Kind, r.Language, r.Delta))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// ---- 3. rubric items no agency can earn ----

func (l *linter) rubricActors() {
	for i := range l.sc.Rubric {
		r := &l.sc.Rubric[i]
		if r.Points < 0 || !slices.Contains(playerCommands(), r.Event) {
			continue
		}
		people := r.People
		if r.ForEach != "" {
			people = group(l.sc, r.ForEach)
			if len(people) == 0 {
				continue
			}
		}
		if len(people) == 0 {
			people = []string{""}
		}
		var cannot, why []string
		for _, p := range people {
			if ok, w := l.mayHappen(r.Event, r.Agencies, p); !ok {
				cannot = append(cannot, p)
				why = append(why, w)
			}
		}
		hint := "name an agency that may take the action, or change the event or the people"
		switch {
		case len(cannot) == len(people) && people[0] == "":
			l.warn(r.PosOf("event"), LintRubricUnearnable, hint, "rubric item %q can never be earned: %s", r.ID, why[0])
			continue
		case len(cannot) == len(people):
			l.warn(r.PosOf("event"), LintRubricUnearnable, hint, "rubric item %q can never be earned: %s", r.ID, strings.Join(dedupe(why), "; "))
			continue
		case len(cannot) > 0:
			l.warn(r.PosOf("event"), LintRubricUnearnable, hint, "rubric item %q can never be earned for %s: %s", r.ID, strings.Join(cannot, ", "), strings.Join(dedupe(why), "; "))
		}
		for _, id := range r.Lead {
			a := l.sc.Agency(id)
			if a == nil {
				continue
			}
			if ok, why := l.mayAct(a, r.Event); !ok {
				l.warn(r.PosOf("lead"), LintLeadCannotAct, "list as lead an agency that may take the action", "rubric item %q: lead %q has no way to act: %s", r.ID, id, why)
			}
		}
	}
}

func dedupe(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// ---- 4. agencies with no play in a phase ----

// span is a stretch of exercise time [from, to]; to is never for open ends.
type span struct{ from, to time.Duration }

func (s span) overlaps(o span) bool { return s.from < o.to && o.from <= s.to }

func (l *linter) phases() {
	ph := l.sc.Clock.Phases
	if len(ph) < 2 {
		return
	}
	play := make(map[string][]span)
	add := func(agencies []string, s span) {
		for _, a := range agencies {
			play[a] = append(play[a], s)
		}
	}
	for i := range l.sc.Injects {
		in := &l.sc.Injects[i]
		from := l.injectEarliest(in.ID)
		if from == never {
			from = 0 // the facilitator may release it at any time
		}
		to := max(planned(in.At, in.When), from)
		add(in.To, span{from, to})
		for _, x := range in.Expect {
			by := x.By
			if len(by) == 0 {
				by = in.To
			}
			add(by, span{from, sat(to, x.Within.D)})
		}
	}
	for i := range l.sc.Decisions {
		d := &l.sc.Decisions[i]
		from := l.decisionEarliest(d.ID)
		if from == never {
			continue
		}
		to := planned(d.At, d.When)
		if d.Within.D > 0 {
			to = sat(to, d.Within.D)
		} else {
			to = never
		}
		add([]string{d.To}, span{from, max(to, from)})
	}
	for i, p := range ph {
		s := span{p.At.D, never}
		if i+1 < len(ph) {
			s.to = ph[i+1].At.D
		} else if l.sc.Length.D > p.At.D {
			s.to = l.sc.Length.D
		}
		if s.to <= s.from {
			continue
		}
		for _, a := range l.sc.Agencies {
			if !slices.ContainsFunc(play[a.ID], s.overlaps) {
				end := "the end"
				if s.to != never {
					end = FormatDuration(s.to)
				}
				l.warn(p.Node.At, LintPhaseIdle, "send it an inject, put a decision to it or expect something of it in this phase", "agency %q has no play in phase %q (%s to %s): no inject reaches it, no decision is put to it, nothing is expected of it", a.ID, p.ID, FormatDuration(s.from), end)
			}
		}
	}
}

func sat(a, b time.Duration) time.Duration {
	if a == never || b == never || a > never-b {
		return never
	}
	return a + b
}

// ---- 5. windows ----

func (l *linter) windows() {
	for i := range l.sc.Injects {
		in := &l.sc.Injects[i]
		read := readingTime(in.Text)
		for _, x := range in.Expect {
			switch {
			case x.Within.D < minWindow:
				l.warn(x.PosOf("within"), LintExpectWindow, "allow at least 1m", "expectation %q of inject %q gives %s to act: less than a minute", x.ID, in.ID, FormatDuration(x.Within.D))
			case x.Within.D < read:
				l.warn(x.PosOf("within"), LintExpectWindow, fmt.Sprintf("allow at least %s, or shorten the text", FormatDuration(read.Round(time.Second))), "expectation %q closes %s after inject %q, before its text can be read out (about %s)", x.ID, FormatDuration(x.Within.D), in.ID, FormatDuration(read.Round(time.Second)))
			}
		}
	}
	for i := range l.sc.Rubric {
		r := &l.sc.Rubric[i]
		if r.Points < 0 || r.Within.D == 0 {
			continue
		}
		if r.Within.D < minWindow {
			l.warn(r.PosOf("within"), LintRubricWindow, "allow at least 1m", "rubric item %q gives %s to act: less than a minute", r.ID, FormatDuration(r.Within.D))
			continue
		}
		if r.From != "" && r.From != "start" {
			continue
		}
		first, prompt := l.firstPrompt(r)
		if prompt != "" && first >= r.Within.D {
			l.warn(r.PosOf("within"), LintRubricWindow, fmt.Sprintf("make the window longer than %s, or measure it from a later point (from)", FormatDuration(first)), "rubric item %q's window closes at %s, before %s, the first to reach its agencies, at %s at the earliest", r.ID, FormatDuration(r.Within.D), prompt, FormatDuration(first))
		}
	}
}

// firstPrompt finds the first inject or decision that reaches one of a
// rubric item's agencies (any agency, when it names none): until then
// nothing has prompted them to act.
func (l *linter) firstPrompt(r *RubricItem) (time.Duration, string) {
	best, what := never, ""
	ours := func(ids ...string) bool {
		return len(r.Agencies) == 0 || slices.ContainsFunc(ids, func(a string) bool { return slices.Contains(r.Agencies, a) })
	}
	for i := range l.sc.Injects {
		in := &l.sc.Injects[i]
		if t := l.injectEarliest(in.ID); t < best && ours(in.To...) {
			best, what = t, fmt.Sprintf("inject %q", in.ID)
		}
	}
	for i := range l.sc.Decisions {
		d := &l.sc.Decisions[i]
		if t := l.decisionEarliest(d.ID); t < best && ours(d.To) {
			best, what = t, fmt.Sprintf("decision %q", d.ID)
		}
	}
	return best, what
}

// readingTime is how long it takes to read text aloud.
func readingTime(text string) time.Duration {
	return time.Duration(len(strings.Fields(text))) * time.Minute / wordsPerMin
}

// ---- 6. numbered injects out of order ----

var (
	stepWord = regexp.MustCompile(`\b(?:STEP|Step|PART|Part|INJECT|Inject|STAGE|Stage)\s+(\d{1,3})\b`)
	idNumber = regexp.MustCompile(`^([a-z]+)[-_]?(\d{1,3})(?:$|[-_])`)
)

func (l *linter) order() {
	type numbered struct {
		in   *Inject
		n    int
		at   time.Duration
		name string
	}
	series := make(map[string][]numbered)
	var keys []string
	for i := range l.sc.Injects {
		in := &l.sc.Injects[i]
		t := planned(in.At, in.When)
		if t == never {
			continue
		}
		if m := idNumber.FindStringSubmatch(in.ID); m != nil {
			n, _ := strconv.Atoi(m[2])
			k := "id:" + m[1]
			if _, ok := series[k]; !ok {
				keys = append(keys, k)
			}
			series[k] = append(series[k], numbered{in, n, t, fmt.Sprintf("inject %q", in.ID)})
		}
		if m := stepWord.FindStringSubmatch(in.Text); m != nil {
			n, _ := strconv.Atoi(m[1])
			k := "text:" + strings.ToUpper(strings.Fields(m[0])[0])
			if _, ok := series[k]; !ok {
				keys = append(keys, k)
			}
			series[k] = append(series[k], numbered{in, n, t, fmt.Sprintf("%s (inject %q)", m[0], in.ID)})
		}
	}
	warned := make(map[string]bool)
	for _, k := range keys {
		s := series[k]
		for _, b := range s {
			for _, a := range s {
				if a.n < b.n && a.at > b.at && !warned[b.in.ID] {
					warned[b.in.ID] = true
					key := "at"
					if b.in.At == nil {
						key = "when"
					}
					l.warn(b.in.PosOf(key), LintOutOfOrder, "renumber the injects, or change their times, so that the numbers run in time order", "%s, at %s, comes before %s, at %s, though numbered after it", b.name, FormatDuration(b.at), a.name, FormatDuration(a.at))
				}
			}
		}
	}
}

// ---- 7, 8. people in text ----

var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// num is a number as text may write an age: 16, sixteen, twenty-one.
const num = `(\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)`

var (
	// claimAge finds an age a person gives.
	claimAge = regexp.MustCompile(`(?i)\b(?:(?:says|said|claims|claimed|insists|insisted|tells|told)\b[^.;!?"]*?\b(?:s?he|they)(?: is|'s| was| are| were)|claims? to be|claimed to be|gives (?:his|her|their) age as|I am|I'm) ` + num + `\b(?:[ -](\w+))?`)
	// factAge finds an age stated as fact.
	factAge = regexp.MustCompile(`(?i)(\w+ )?\b` + num + `[- ]years?[- ]old\b|\baged? ` + num + `\b(?: (\w+))?`)
	// nameAge finds an age written after a name: "Duc, fifteen, is ...".
	nameAge = regexp.MustCompile(`\b([A-Z][a-z]+), ` + num + `,`)
	// namedAge finds a capitalised name followed by an age, as people are
	// introduced: "Mirela (age 15)", "Mirela, aged 15".
	namedAge = regexp.MustCompile(`\b([A-Z][a-z]+)(?: \(\s*aged? (\d{1,3})\s*\)|, aged? (\d{1,3})\b)`)
	// others finds words for people other than the one a text is about.
	others   = regexp.MustCompile(`(?i)\b(?:daughters?|sons?|sisters?|brothers?|mother|father|mum|mom|dad|cousins?|wife|husband|partner|boyfriend|girlfriend|child|children|kids?|bab(?:y|ies)|friends?|boss|uncle|aunt|niece|nephew|grand\w+|family|others|men|women|girls|boys|siblings?|everyone|all|some|most|people|workers|victims)\b`)
	sentence = regexp.MustCompile(`[^.!?;]+[.!?;]*`)
	// vague words before a number: not an age anyone states.
	vague = []string{"about", "around", "nearly", "almost", "under", "over", "perhaps", "maybe", "possibly", "looks", "look", "appears", "seems", "or", "and", "to", "least", "than", "some", "all"}
	// units after a number that is not an age.
	units = []string{"minutes", "minute", "hours", "hour", "days", "day", "weeks", "week", "months", "month", "pounds", "times", "miles", "people", "men", "women", "children", "percent", "or", "to", "and", "others"}
)

func parseNum(s string) (int, bool) {
	s = strings.ToLower(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	total := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' }) {
		n, ok := numberWords[w]
		if !ok {
			return 0, false
		}
		total += n
	}
	return total, true
}

type statedAge struct {
	n     int
	claim bool
	text  string
}

// agesIn finds the ages a piece of text states for one person, known by
// the names in alias.
func agesIn(text string, alias map[string]bool) []statedAge {
	var out []statedAge
	for _, m := range nameAge.FindAllStringSubmatch(text, -1) {
		if n, ok := parseNum(m[2]); ok && alias[m[1]] {
			out = append(out, statedAge{n, false, m[0]})
		}
	}
	for _, m := range claimAge.FindAllStringSubmatch(text, -1) {
		if slices.Contains(units, strings.ToLower(m[2])) {
			continue
		}
		if n, ok := parseNum(m[1]); ok {
			out = append(out, statedAge{n, true, strings.TrimSpace(m[0])})
		}
	}
	for _, m := range factAge.FindAllStringSubmatch(text, -1) {
		switch {
		case m[2] != "":
			if slices.Contains(vague, strings.ToLower(strings.TrimSpace(m[1]))) {
				continue
			}
			if n, ok := parseNum(m[2]); ok {
				out = append(out, statedAge{n, false, strings.TrimSpace(strings.TrimPrefix(m[0], m[1]))})
			}
		case m[3] != "":
			if slices.Contains(units, strings.ToLower(m[4])) {
				continue
			}
			if n, ok := parseNum(m[3]); ok {
				out = append(out, statedAge{n, false, strings.TrimSpace(m[0])})
			}
		}
	}
	return out
}

// aliasWords are the names people are known by: each capitalised word of
// each alias.
func (l *linter) aliasWords() map[string]string {
	words := make(map[string]string)
	for _, p := range l.sc.People {
		for _, w := range strings.FieldsFunc(p.Alias, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127) }) {
			if w != "" && w[0] >= 'A' && w[0] <= 'Z' {
				words[w] = p.ID
			}
		}
	}
	return words
}

// mentions returns the people whose alias names appear in s.
func mentions(s string, words map[string]string) []string {
	var ids []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127) }) {
		if id, ok := words[w]; ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

func (l *linter) texts() {
	words := l.aliasWords()
	type text struct {
		pos  Pos
		what string
		s    string
		// about is the person the text describes, or "".
		about string
	}
	var all []text
	for i := range l.sc.People {
		p := &l.sc.People[i]
		all = append(all, text{p.PosOf("description"), fmt.Sprintf("the description of %q", p.ID), p.Description, p.ID})
		for j := range p.Indicators {
			ind := &p.Indicators[j]
			all = append(all, text{ind.PosOf("text"), fmt.Sprintf("indicator %q", p.ID+"."+ind.ID), ind.Text, p.ID})
		}
	}
	for i := range l.sc.Injects {
		in := &l.sc.Injects[i]
		all = append(all, text{in.PosOf("text"), fmt.Sprintf("inject %q", in.ID), in.Text, ""})
	}
	for i := range l.sc.Decisions {
		d := &l.sc.Decisions[i]
		all = append(all, text{d.PosOf("prompt"), fmt.Sprintf("decision %q", d.ID), d.Prompt, ""})
		for j := range d.Options {
			o := &d.Options[j]
			all = append(all, text{o.PosOf("text"), fmt.Sprintf("option %q", d.ID+"."+o.ID), o.Text, ""})
		}
	}
	for _, t := range all {
		for _, m := range namedAge.FindAllStringSubmatch(t.s, -1) {
			if _, ok := words[m[1]]; !ok {
				l.warn(t.pos, LintUnknownPerson, fmt.Sprintf("add a person with alias %s, or use the alias of the person meant", m[1]), "%s names %q, who is no person of the scenario", t.what, strings.TrimSpace(m[0]))
			}
		}
		for _, sen := range sentence.FindAllString(t.s, -1) {
			named := mentions(sen, words)
			who := t.about
			switch {
			case t.about == "" && len(named) == 1:
				who = named[0]
			case t.about == "" || len(named) > 1 || len(named) == 1 && named[0] != t.about:
				continue
			}
			// A sentence about someone else as well may give their age.
			mixed := others.MatchString(sen)
			p := l.sc.Person(who)
			alias := make(map[string]bool)
			for w, id := range words {
				alias[w] = id == who
			}
			for _, a := range agesIn(sen, alias) {
				if mixed && !a.claim || a.n == p.Age || (p.ClaimedAge > 0 && a.n == p.ClaimedAge) {
					continue
				}
				data := fmt.Sprintf("age %d", p.Age)
				if p.ClaimedAge > 0 {
					data += fmt.Sprintf(", claimed_age %d", p.ClaimedAge)
				}
				hint := "make the text and the person's age agree"
				if a.claim && p.ClaimedAge == 0 {
					hint = fmt.Sprintf("if %s says so, set claimed_age: %d (and age_disputed: true where the age is in doubt)", p.Alias, a.n)
				}
				if a.claim {
					l.warn(t.pos, LintAgeContradiction, hint, "%s has %s give their age as %d (%q), but their data gives %s", t.what, p.ID, a.n, a.text, data)
				} else {
					l.warn(t.pos, LintAgeContradiction, hint, "%s gives %s's age as %d (%q), but their data gives %s", t.what, p.ID, a.n, a.text, data)
				}
			}
		}
	}
}

// ---- 9. people no agency can come to know of ----

func (l *linter) revealed() {
	revealed := make(map[string]bool)
	for _, in := range l.sc.Injects {
		for _, r := range in.Reveals {
			id, _, _ := strings.Cut(r, ".")
			revealed[id] = true
		}
	}
	for i := range l.sc.People {
		p := &l.sc.People[i]
		if len(p.Known) > 0 || revealed[p.ID] || (p.Site != "" && revealed[p.Site]) {
			continue
		}
		timed := slices.ContainsFunc(p.Indicators, func(ind Indicator) bool {
			return slices.ContainsFunc(ind.Revealed, func(r Reveal) bool { return len(r.To) > 0 })
		})
		if timed {
			continue
		}
		l.warn(p.At, LintNeverRevealed, "list the person (or their site) in an inject's reveals, give them known, or reveal an indicator to an agency", "person %q never comes to light: not known at the start, named in no inject's reveals, their site revealed by none, no indicator revealed to an agency", p.ID)
	}
}

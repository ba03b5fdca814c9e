package report

import (
	"fmt"
	"maps"
	"strings"

	"ttx/engine"
)

// jesip groups the decision log by Joint Decision Model stage and rates
// each JESIP principle from what the log can measure.
func (b *Builder) jesip(r *Report) JESIP {
	var j JESIP
	for i := range b.stages {
		st := &b.stages[i]
		s := Stage{Number: i + 1, Name: stageName(i + 1), Count: st.count, Agencies: maps.Clone(st.agencies), Omitted: st.omitted}
		for _, e := range st.order {
			s.Entries = append(s.Entries, *e)
		}
		j.Stages = append(j.Stages, s)
	}
	j.Methane = b.methane()
	j.Principles = []Principle{b.coLocate(), b.communicate(r), b.coordinate(r), b.jointRisk(), b.withMethane(b.awareness(r), j.Methane)}
	return j
}

// objectivesFor lists the ids of the objectives that exercise a JESIP
// principle (J1:name).
func (b *Builder) objectivesFor(principle string) string {
	var ids []string
	for _, o := range b.sc.Objectives {
		for _, x := range o.Exercises {
			if x == "J1:"+principle {
				ids = append(ids, o.ID)
			}
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return "Objectives exercising it: " + strings.Join(ids, ", ") + "."
}

func (b *Builder) coLocate() Principle {
	p := Principle{ID: "co-locate", Name: "Co-locate", Rating: NotMeasurable}
	joint := b.joint // with the minute still being counted
	if n := len(b.inMin); n >= 2 {
		joint.minutes++
		joint.most = max(joint.most, n)
	}
	p.Signals = append(p.Signals,
		fmt.Sprintf("%s in which two or more agencies logged decisions (at most %d agencies in one minute)", countOf(joint.minutes, "exercise minute"), joint.most),
		fmt.Sprintf("%s delivered as a meeting to two or more agencies", countOf(b.meetings, "inject")))
	p.Note = join("The log records what each agency did, not where its people were, so co-location cannot be measured from it. The signals are indirect: decisions logged by several agencies in the same minute suggest a joint meeting or a shared room.", b.objectivesFor("co-locate"))
	return p
}

func (b *Builder) communicate(r *Report) Principle {
	p := Principle{ID: "communicate", Name: "Communicate"}
	n := len(b.sc.Agencies)
	saw := map[string]bool{}
	for k := range b.sawInd {
		if b.isVictim(k[1]) {
			saw[k[0]] = true
		}
	}
	senders := map[string]bool{}
	passOns, delivered := 0, 0
	for _, c := range b.cells {
		senders[c.From] = true
		passOns += c.PassOns
		delivered += c.Delivered
	}
	var delays []int64
	for _, f := range b.firsts {
		if f.Delay != nil && *f.Delay >= 0 && b.isVictim(f.Person) {
			delays = append(delays, *f.Delay)
		}
	}
	p.Signals = append(p.Signals,
		fmt.Sprintf("%s and %s to children's or adult social care or the CPS; %d of %d agencies passed something on; %d of %d pairs of agencies exchanged anything", countOf(b.shares, "share"), countOf(passOns, "referral"), len(senders), n, len(b.cells), n*(n-1)),
		fmt.Sprintf("%s reached an agency for the first time through sharing or referral", countOf(delivered, "indicator")),
		fmt.Sprintf("%s: an agency that saw indicators of a victim and neither acted nor shared", countOf(len(r.Missed), "missed opportunity")))
	if len(delays) > 0 {
		p.Signals = append(p.Signals, fmt.Sprintf("on average %s from an agency first seeing a victim's indicators to its first share about them (%d shares)", duration(mean(delays)), len(delays)))
	}
	needed, held := b.reached()
	if needed > 0 {
		p.Signals = append(p.Signals, fmt.Sprintf("%d of %d agencies with a role for a victim whose indicators were seen held them by the end", held, needed))
	}
	if s := b.disproportionate(); s != "" {
		p.Signals = append(p.Signals, s)
	}
	// Sharing reached the agencies that needed it: nobody sat on what
	// they saw, most who saw passed it on, and at least 80% of the
	// agencies with a role for a victim seen held the indicators.
	reached := len(r.Missed) == 0 && 2*countTrue(senders, saw) >= len(saw) && 10*held >= 8*needed
	// Proportionate: at most one in ten recipients of a person's details
	// had no role for the person.
	proportionate := 10*b.noRoleN <= b.personShares
	switch {
	case len(saw) == 0:
		p.Rating = NotMeasurable
		p.Note = "No agency saw an indicator of a victim, so there was nothing to communicate."
	case b.shares+passOns == 0:
		p.Rating = NotShown
		p.Note = "Nothing was shared: each agency worked from what it saw itself."
	case reached && proportionate:
		p.Rating = Shown
		p.Note = "Every agency that saw indicators of a victim acted on them or shared them, most of them passed what they knew on, at least 80% of the agencies with a role for a victim held the indicators, and a person's details went to the agencies with a role for them (no more than one in ten to an agency without)."
	case reached:
		p.Rating = PartlyShown
		p.Note = "Sharing reached the agencies that needed it, but more than one in ten of the agencies sent a person's details had no role for that person: sharing must be necessary and proportionate."
	default:
		p.Rating = PartlyShown
		p.Note = "Some agencies shared, but not every agency that saw indicators of a victim passed them on, or fewer than 80% of the agencies with a role for a victim held the indicators."
	}
	p.Note = join(p.Note, b.objectivesFor("communicate"))
	return p
}

// reached counts, over the victims whose indicators some agency saw, the
// agencies with a role for them ([engine.HasRole]) and those of them that
// held the victim's indicators by the end.
func (b *Builder) reached() (needed, held int) {
	for j := range b.sc.People {
		ps := &b.sc.People[j]
		if !ps.Truth.Victim || !b.seenBy(ps.ID) {
			continue
		}
		for i := range b.sc.Agencies {
			a := &b.sc.Agencies[i]
			if !engine.HasRole(a, ps) {
				continue
			}
			needed++
			if _, ok := b.sawInd[[2]string{a.ID, ps.ID}]; ok {
				held++
			}
		}
	}
	return needed, held
}

func (b *Builder) seenBy(person string) bool {
	for _, a := range b.sc.Agencies {
		if _, ok := b.sawInd[[2]string{a.ID, person}]; ok {
			return true
		}
	}
	return false
}

// disproportionate describes the shares of a person's details with
// agencies that have no role for the person, or returns "" when there
// were none.
func (b *Builder) disproportionate() string {
	if b.noRoleN == 0 {
		return ""
	}
	var by []string
	for _, a := range b.sc.Agencies {
		if n := len(b.noRole[a.ID]); n > 0 {
			by = append(by, fmt.Sprintf("%s got details of %s", a.Name, countOf(n, "person")))
		}
	}
	return fmt.Sprintf("%d of %d recipients of a person's details had no role for that person (not necessary and proportionate): %s", b.noRoleN, b.personShares, strings.Join(by, "; "))
}

func (b *Builder) coordinate(r *Report) Principle {
	p := Principle{ID: "co-ordinate", Name: "Co-ordinate"}
	answered := b.reqs.allocated + b.reqs.refusedN
	s := fmt.Sprintf("%s for resources: %d allocated, %d refused, %d never answered", countOf(b.reqs.made, "request"), b.reqs.allocated, b.reqs.refusedN, len(b.requests))
	if answered > 0 {
		s += fmt.Sprintf("; answered in %s on average (longest %s)", duration(b.reqs.waitSum/int64(answered)), duration(b.reqs.waitMax))
	}
	p.Signals = append(p.Signals, s)
	if b.reqs.charging > 0 {
		p.Signals = append(p.Signals, fmt.Sprintf("%s for charging advice (R13): %d answered with advice, %d never answered", countOf(b.reqs.charging, "request"), b.reqs.advised, b.reqs.charging-b.reqs.advised))
	}
	met, fired := 0, 0
	for _, it := range r.Scores.Items {
		if it.Source == "expectation" && it.Possible > 0 {
			fired++
			if it.Earned > 0 {
				met++
			}
		}
	}
	p.Signals = append(p.Signals, fmt.Sprintf("%d of %s prompted by injects taken in time", met, countOf(fired, "expected action")))
	opened, inTime := 0, 0
	for _, d := range r.Decisions {
		if d.Opened != nil {
			opened++
			if d.Chosen != "" && !d.Defaulted {
				inTime++
			}
		}
	}
	p.Signals = append(p.Signals, fmt.Sprintf("%d of %s answered before time ran out", inTime, countOf(opened, "decision point")))
	// A refused or unanswered request is a request not met: it counts
	// against co-ordination as much as an expected action not taken.
	total := b.reqs.made + b.reqs.charging + fired + opened
	done := b.reqs.allocated + b.reqs.advised + met + inTime
	switch {
	case total == 0:
		p.Rating = NotMeasurable
		p.Note = "The exercise asked for no resources, expected no actions and opened no decisions, so co-ordination cannot be measured."
	case 10*done >= 8*total:
		p.Rating = Shown
		p.Note = "Requests were met (resources allocated, charging advice given), expected actions taken and decisions made in time: at least 80% of them."
	case 2*done >= total:
		p.Rating = PartlyShown
		p.Note = "Between half and 80% of requests were met and of expected actions and decisions taken in time; a refused or unanswered request counts as not met."
	default:
		p.Rating = NotShown
		p.Note = "Fewer than half of requests were met and of expected actions and decisions taken in time; a refused or unanswered request counts as not met."
	}
	p.Note = join(p.Note, b.objectivesFor("co-ordinate"))
	return p
}

func (b *Builder) jointRisk() Principle {
	p := Principle{ID: "jointly-understand-risk", Name: "Jointly understand risk"}
	risk := 0
	for _, n := range b.riskBy {
		risk += n
	}
	p.Signals = append(p.Signals, fmt.Sprintf("%s assessing threat and risk (JDM stage 2, judged by what the entry says), by %d of %d agencies", countOf(risk, "decision-log entry"), len(b.riskBy), len(b.sc.Agencies)))
	if b.mismatches > 0 {
		p.Signals = append(p.Signals, fmt.Sprintf("%s tagged with a JDM stage its content contradicts, for example: %s", countOf(b.mismatches, "decision-log entry"), strings.Join(b.mismatched, "; ")))
	}
	declined, withRisk := len(b.refused), 0
	for person := range b.refused {
		if b.recordedR[person] {
			withRisk++
		}
	}
	p.Signals = append(p.Signals, fmt.Sprintf("%d of %s who declined support had the remaining risk recorded", withRisk, countOf(declined, "person")))
	switch {
	case len(b.riskBy) >= 2 && withRisk == declined:
		p.Rating = Shown
		p.Note = "Several agencies recorded their assessment of threat and risk, and the risk to everyone who declined support was recorded."
	case len(b.riskBy) >= 1 || withRisk > 0:
		p.Rating = PartlyShown
		p.Note = "Some assessment of risk was recorded, but not by several agencies or not for everyone who declined support."
	default:
		p.Rating = NotShown
		p.Note = "No agency recorded an assessment of threat and risk, and no remaining risk was recorded for anyone who declined support."
	}
	p.Note = join(p.Note, "An entry counts at the stage its text, rationale and recorded risk show it to be, whatever stage it was tagged with. The log shows recorded assessments, not the conversations behind them.", b.objectivesFor("jointly-understand-risk"))
	return p
}

func (b *Builder) awareness(r *Report) Principle {
	p := Principle{ID: "shared-situational-awareness", Name: "Shared situational awareness"}
	seen, two, holders, atID, identified := 0, 0, 0, 0, 0
	for _, j := range r.Journeys {
		n := 0
		for _, a := range b.sc.Agencies {
			if _, ok := b.sawInd[[2]string{a.ID, j.Person}]; ok {
				n++
			}
		}
		if n == 0 {
			continue
		}
		seen++
		holders += n
		if n >= 2 {
			two++
		}
		if j.Identified != nil {
			identified++
			for _, a := range b.sc.Agencies {
				if s, ok := b.sawInd[[2]string{a.ID, j.Person}]; ok && s.t <= j.Identified.T {
					atID++
				}
			}
		}
	}
	if seen == 0 {
		p.Rating = NotMeasurable
		p.Note = join("No agency saw an indicator of a victim, so there was no picture to share.", b.objectivesFor("shared-situational-awareness"))
		return p
	}
	p.Signals = append(p.Signals, fmt.Sprintf("%d of %s whose indicators were seen had them held by two or more agencies by the end", two, countOf(seen, "victim")),
		fmt.Sprintf("on average %.1f agencies held each such victim's indicators by the end", float64(holders)/float64(seen)))
	if identified > 0 {
		p.Signals = append(p.Signals, fmt.Sprintf("on average %.1f agencies held them when the victim was identified", float64(atID)/float64(identified)))
	}
	switch {
	case 10*two >= 8*seen:
		p.Rating = Shown
		p.Note = "For at least 80% of the victims seen, two or more agencies held the same indicators."
	case two > 0:
		p.Rating = PartlyShown
		p.Note = "For some victims seen, the indicators stayed with one agency."
	default:
		p.Rating = NotShown
		p.Note = "Each victim's indicators stayed with the one agency that saw them."
	}
	p.Note = join(p.Note, b.objectivesFor("shared-situational-awareness"))
	return p
}

func (b *Builder) isVictim(person string) bool {
	p := b.person[person]
	return p != nil && p.Truth.Victim
}

func countTrue(in, of map[string]bool) int {
	n := 0
	for k := range of {
		if in[k] {
			n++
		}
	}
	return n
}

func mean(xs []int64) int64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return s / int64(len(xs))
}

func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// judgeStage says which Joint Decision Model stage (J2) a decision-log
// entry belongs to by what it records: its text first, then its
// rationale, then a recorded risk (an assessment of risk, stage 2). It
// returns 0 when the entry's words do not say.
func judgeStage(text, rationale, risk string) int {
	for _, s := range []string{text, rationale} {
		if n := stageOfWords(strings.ToLower(s)); n != 0 {
			return n
		}
	}
	if strings.TrimSpace(risk) != "" {
		return 2
	}
	return 0
}

// stageOfWords looks for the words that mark each stage, in an order
// where the more specific come first: options (4) before risk (2), an
// action taken (5) before the powers behind it (3), and gathering
// information (1) last.
func stageOfWords(s string) int {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("option", "contingenc", "alternative", "fallback", "plan b"):
		return 4
	case has("risk", "threat", "working strategy", "danger", "harm"):
		return 2
	case has("removed", "referred", "arrested", "moved ", "allocated", "placed", "action taken", "completed", "carried out", "review", "debrief"):
		return 5
	case has("power", "policy", "policies", "procedure", "guidance", "legislation", "statutory", "duty to notify", "consent", "section ", "s.42", "s.45", " act "):
		return 3
	case has("gather", "intelligence", "information", "find out", "establish", "what we know"):
		return 1
	}
	return 0
}

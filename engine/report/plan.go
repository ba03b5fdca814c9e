package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"ttx/engine"
)

// maxObservations is the most observations listed for one area for
// improvement.
const maxObservations = 8

// allAgencies is the owner of an area that belongs to no one agency.
const allAgencies = "all agencies"

// plan derives the improvement plan from the scores, the findings, the
// missed opportunities, the decision points and the JESIP picture.
func (b *Builder) plan(r *Report) Plan {
	var p Plan
	objOf := b.objectiveOfRule(r)
	p.Objectives = b.rateObjectives(r)

	// Strengths.
	for _, o := range p.Objectives {
		if o.Rating == "P" {
			p.Strengths = append(p.Strengths, Strength{Text: fmt.Sprintf("Objective %s performed without challenges (%d of %d points): %s", o.ID, o.Earned-o.Penalty, o.Possible, short(o.Text, 140)), Reference: o.ID})
		}
	}
	broke := map[string]bool{}
	for _, f := range r.Findings {
		broke[f.Agency] = true
	}
	var clean []string
	for _, a := range r.Scores.Agencies {
		if a.Score >= 90 && !broke[a.Agency] {
			clean = append(clean, fmt.Sprintf("%s (%d)", a.Agency, a.Score))
		}
	}
	if len(clean) > 0 {
		p.Strengths = append(p.Strengths, Strength{Text: "Scored 90 or more and broke no rule: " + strings.Join(clean, ", ")})
	}
	for _, d := range r.Decisions {
		if d.Chosen != "" && d.Recommended != "" && d.FollowedGoodPractice() && !d.Defaulted {
			p.Strengths = append(p.Strengths, Strength{Text: fmt.Sprintf("At decision %s, took the option good practice recommends: %s", d.ID, short(d.RecommendedText, 120)), Agencies: []string{d.Agency}, Reference: d.ID})
		}
	}
	for _, pr := range r.JESIP.Principles {
		if pr.Rating == Shown {
			p.Strengths = append(p.Strengths, Strength{Text: "JESIP principle shown in play: " + pr.Name + ". " + pr.Note, Reference: "J1"})
		}
	}

	// Areas for improvement, folded by owner and rule.
	acc := map[[2]string]*Improvement{}
	var order [][2]string
	add := func(owner string, partners []string, ref, obs string, weight int) {
		if owner == "" {
			owner = allAgencies
		}
		k := [2]string{owner, ref}
		im := acc[k]
		if im == nil {
			im = &Improvement{Owner: owner, Reference: ref}
			acc[k] = im
			order = append(order, k)
		}
		for _, pa := range partners {
			if pa != owner && !slices.Contains(im.Partners, pa) {
				im.Partners = append(im.Partners, pa)
			}
		}
		if len(im.Observations) < maxObservations {
			im.Observations = append(im.Observations, obs)
		} else if len(im.Observations) == maxObservations {
			im.Observations = append(im.Observations, "and more")
		}
		im.Weight += weight
	}
	items := map[string]Item{}
	for _, it := range r.Scores.Items {
		items[it.ID] = it
	}
	for _, sh := range r.Scores.Shortfalls {
		it := items[sh.Item]
		if sh.Cause == engine.CausePenalty || sh.Cause == engine.CauseRule {
			continue // the rule findings below say these, once each
		}
		ref := practiceRef(it)
		if sh.Cause == engine.CauseNotAsked && it.Asked != "" {
			ref = "action:" + it.Asked // what was missing is the asking
		}
		add(cmp.Or(sh.Agency, allAgencies), nil, ref+"|"+sh.Cause, shortfallObservation(sh, it), sh.Points)
	}
	for _, f := range r.Findings {
		what := "refused"
		if f.Type == "flagged" {
			what = "flagged"
		}
		about := ""
		if len(f.People) > 0 {
			about = " (" + list(f.People, 4) + ")"
		}
		obs := fmt.Sprintf("%s %s %s%s from %s: %s", actionName(f.Action), what, times(f.Count), about, clock(f.First), f.Reason)
		add(f.Agency, nil, f.Rule+"|finding:"+f.Action, obs, f.Count*ruleWeight(b.sc, f.Rule))
	}
	for _, m := range r.Missed {
		var needs []string
		for _, n := range m.NeededBy {
			if n.Agency == m.Agency {
				continue
			}
			if n.Learned == nil {
				needs = append(needs, n.Agency+" never learned them")
			} else {
				needs = append(needs, fmt.Sprintf("%s learned them at %s (%s)", n.Agency, clock(*n.Learned), n.From))
			}
		}
		obs := fmt.Sprintf("Saw %s of %s at %s and neither acted nor shared", countOf(len(m.Indicators), "indicator"), m.Alias, clock(m.T))
		if len(needs) > 0 {
			obs += "; " + strings.Join(needs, "; ")
		}
		if m.Kind == engine.MissedNotGathered {
			obs = fmt.Sprintf("Knew of %s from %s and nobody gathered any of their %s: no one observed or asked", m.Alias, clock(m.T), countOf(len(m.Indicators), "indicator"))
			add(m.Agency, nil, "R15|not_gathered", obs, 3)
			continue
		}
		add(m.Agency, nil, "J1|missed", obs, 3)
	}
	for _, d := range r.Decisions {
		if d.Opened == nil || (d.FollowedGoodPractice() && !d.Defaulted) {
			continue
		}
		obs := fmt.Sprintf("At decision %s chose %q", d.ID, short(d.ChosenText, 100))
		if d.Defaulted {
			obs = fmt.Sprintf("Decision %s was not answered in time; the default %q was taken", d.ID, short(d.ChosenText, 100))
		}
		if d.Chosen == "" {
			obs = fmt.Sprintf("Decision %s was never answered", d.ID)
		}
		add(d.Agency, nil, "decision:"+d.ID, obs, 2)
	}
	for _, pr := range r.JESIP.Principles {
		if pr.Rating == NotShown {
			add(allAgencies, nil, "J1|principle:"+pr.Name, fmt.Sprintf("JESIP principle not shown: %s. %s", pr.Name, strings.Join(pr.Signals, "; ")), 2)
		}
	}
	for _, k := range order {
		im := acc[k]
		b.explain(im, r, objOf)
		p.Improvements = append(p.Improvements, *im)
	}
	rank := func(owner string) int {
		if i, ok := b.lane[owner]; ok {
			return i
		}
		return len(b.lane)
	}
	p.Improvements = foldByCapability(p.Improvements)
	// Rows are grouped by capability, the capability that lost most
	// first, and by weight within it.
	capWeight := map[string]int{}
	for _, im := range p.Improvements {
		capWeight[im.Capability] += im.Weight
	}
	slices.SortStableFunc(p.Improvements, func(x, y Improvement) int {
		return cmp.Or(cmp.Compare(capWeight[y.Capability], capWeight[x.Capability]), cmp.Compare(x.Capability, y.Capability),
			cmp.Compare(y.Weight, x.Weight), cmp.Compare(rank(x.Owner), rank(y.Owner)), cmp.Compare(x.Reference, y.Reference))
	})
	total := 0
	for _, im := range p.Improvements {
		total += im.Weight
	}
	for i := range p.Improvements {
		im := &p.Improvements[i]
		im.Priority, im.Due = priority(im.Weight, total)
		im.Contact = contactRole(b.agency[im.Owner])
	}
	return p
}

// foldByCapability folds the areas of one owner and capability into one
// row: the heaviest area's reference and analysis, every distinct
// recommendation, the observations up to the limit, the weights summed.
func foldByCapability(ims []Improvement) []Improvement {
	slices.SortStableFunc(ims, func(x, y Improvement) int { return cmp.Compare(y.Weight, x.Weight) })
	var out []Improvement
	at := map[[2]string]int{}
	for _, im := range ims {
		k := [2]string{im.Owner, im.Capability}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, im)
			continue
		}
		row := &out[i]
		row.Weight += im.Weight
		if !strings.Contains(row.Recommendation, im.Recommendation) {
			row.Recommendation += " " + im.Recommendation
		}
		for _, pa := range im.Partners {
			if !slices.Contains(row.Partners, pa) {
				row.Partners = append(row.Partners, pa)
			}
		}
		for _, o := range im.Observations {
			if len(row.Observations) >= maxObservations {
				if row.Observations[len(row.Observations)-1] != "and more" {
					row.Observations = append(row.Observations, "and more")
				}
				break
			}
			row.Observations = append(row.Observations, o)
		}
	}
	return out
}

// priority ranks an area by its share of all that was lost: high at a
// tenth or more, medium at a thirtieth, low below; the due date follows
// (relative to the exercise, as an HSEEP improvement plan gives it).
func priority(weight, total int) (string, string) {
	switch {
	case total > 0 && weight*10 >= total:
		return "high", "within 30 days of the exercise"
	case total > 0 && weight*30 >= total:
		return "medium", "within 90 days of the exercise"
	}
	return "low", "before the next exercise"
}

// contactRole is the role in an agency that answers for an improvement.
func contactRole(a *engine.Agency) string {
	if a == nil {
		return "the exercise planning team"
	}
	switch a.Kind {
	case "police":
		return "Senior Investigating Officer"
	case "border_force", "immigration":
		return "Border Force higher officer"
	case "cps":
		return "CPS reviewing lawyer (complex casework)"
	case "adult_safeguarding":
		return "Adult safeguarding lead"
	case "child_safeguarding":
		return "Children's services team manager"
	case "housing":
		return "Housing options manager"
	case "health":
		return "Named safeguarding lead (NHS)"
	case "ngo":
		return "Service manager"
	case "nca", "glaa":
		return "Modern slavery lead"
	}
	return "Modern slavery single point of contact"
}

// ruleWeight is how much one finding of a rule weighs in the plan: as
// much as the heaviest penalty the rubric charges for the rule, at
// least 1.
func ruleWeight(sc *engine.Scenario, rule string) int {
	w := 1
	for _, r := range sc.Rubric {
		if r.Rule == rule && -r.Points > w {
			w = -r.Points
		}
	}
	return w
}

// practice is the good practice an action is judged by: the rule it
// rests on (nrm-rules.md), the capability, and what to do.
type practice struct {
	rule, capability, do string
}

// practices says, for each action a rubric item scores, which rule or
// practice applies to it and what to recommend, so that a row's analysis
// and recommendation fit what was observed.
var practices = map[string]practice{
	engine.CmdObserve:           {"R15", "Identification on indicators", "Observe each person before deciding about them, and look for physical, psychological and situational indicators."},
	engine.CmdIdentify:          {"R15", "Identification on indicators", "Identify a potential victim on the indicators seen, not on first impressions or nationality."},
	engine.CmdShare:             {"J1", "Information sharing", "Share what you know with the partners who have a role for the person, as soon as you know it."},
	engine.CmdRequest:           {"R9", "Safeguarding and removal", "Ask the agency that holds beds, places, interpreters and clinicians for what each person needs, as soon as the need is known."},
	engine.CmdAllocate:          {"R9", "Safeguarding and removal", "Answer every request addressed to you, allocating what you hold or refusing with a reason so the asker can go elsewhere."},
	engine.CmdRemove:            {"R9", "Safeguarding and removal", "Secure a place of safety and an interpreter, then move the person: safeguard first, paperwork after."},
	engine.CmdRecordDecline:     {"R9", "Safeguarding and removal", "When a person declines support, record the offer, their reasons and the risk that remains, and leave a route back to support."},
	engine.CmdOfferSupport:      {"R9", "Safeguarding and removal", "Offer safety and support to each potential victim."},
	engine.CmdSeekConsent:       {"R2", "Consent and referral", "Explain the NRM, its support and outcomes through an independent interpreter, and seek informed consent."},
	engine.CmdNRMReferral:       {"R2", "Consent and referral", "Refer each adult who consents into the NRM, and each child without consent after safeguarding."},
	engine.CmdDutyToNotify:      {"R4", "Consent and referral", "For an adult who does not consent, make an anonymous Duty to Notify report."},
	engine.CmdChildSafeguarding: {"R3", "Children", "Refer every child, and anyone who may be a child, to children's social care straight away."},
	engine.CmdAgeAssessment:     {"R3a", "Children", "Treat a person whose age is disputed as a child until children's services have assessed their age."},
	engine.CmdAdultSafeguarding: {"R12", "Adult safeguarding", "Make an adult safeguarding referral for each adult with care and support needs, alongside any NRM referral (R12)."},
	engine.CmdArrest:            {"", "Pursuing offenders", "Arrest the suspects once there are reasonable grounds, and treat anyone who may be a victim as a victim."},
	engine.CmdChargingRequest:   {"", "Pursuing offenders", "Ask the CPS for early investigative advice and a charging decision on each suspect."},
	engine.CmdChargingAdvice:    {"R13", "Pursuing offenders", "Give charging advice on each suspect when asked, considering the section 45 defence for anyone who may be a victim."},
	engine.CmdLogDecision:       {"J2", "Decision logging", "Record each decision in the decision log with its rationale and its Joint Decision Model stage."},
	engine.CmdDecide:            {"J2", "Decision points", "Answer each decision point in time, with the rationale in the decision log."},
}

// practiceRef is the reference of the practice an item is judged by: its
// action, or for an item of another event, its first rule.
func practiceRef(it Item) string {
	if _, ok := practices[it.Action]; ok {
		return "action:" + it.Action
	}
	return evidenceFor(it, true)
}

// shortfallObservation says what was observed for one shortfall.
func shortfallObservation(sh Shortfall, it Item) string {
	text := strings.TrimSuffix(strings.TrimSpace(it.Text), ".")
	if text == "" {
		text = sh.Item
	}
	return fmt.Sprintf("%s (%s): %s", text, countOf(sh.Points, "point"), sh.Reason)
}

// explain fills in an area's capability, analysis and recommendation, from
// the practice that applies to what was observed and its cause.
func (b *Builder) explain(im *Improvement, r *Report, objOf map[string]string) {
	ref, cause, _ := strings.Cut(im.Reference, "|")
	im.Reference = ref
	if action, ok := strings.CutPrefix(ref, "action:"); ok {
		pr := practices[action]
		im.Reference = cmp.Or(pr.rule, action)
		im.Capability = pr.capability
		im.Analysis = "Good practice: " + pr.do
		if pr.rule != "" {
			text, source := ruleText(b.rules, pr.rule)
			im.Analysis += " " + pr.rule + ": " + strings.TrimSuffix(text, ".") + "."
			if source != "" {
				im.Analysis += " Source: " + source + "."
			}
		}
		im.Recommendation = causeAdvice(cause, pr.do)
		return
	}
	if cause == "not_gathered" {
		im.Capability = practices[engine.CmdObserve].capability
	}
	if name, ok := strings.CutPrefix(cause, "principle:"); ok {
		text, source := ruleText(b.rules, ref)
		im.Capability = "JESIP principle: " + name
		im.Analysis = fmt.Sprintf("%s: %s. Source: %s.", ref, strings.TrimSuffix(text, "."), source)
		im.Recommendation = principleAdvice(name)
		return
	}
	if id, ok := strings.CutPrefix(ref, "decision:"); ok {
		for _, d := range r.Decisions {
			if d.ID == id {
				im.Capability = "Decision point " + id
				im.Analysis = "The decision: " + short(d.Prompt, 200)
				im.Recommendation = "Take the option good practice recommends: " + d.RecommendedText
				if d.Recommended == "" {
					im.Recommendation = "Answer the decision in time, with the rationale in the decision log (J2)."
				}
			}
		}
		return
	}
	if isRule(ref) {
		text, source := ruleText(b.rules, ref)
		im.Analysis = fmt.Sprintf("%s: %s", ref, text)
		if !strings.HasSuffix(im.Analysis, ".") {
			im.Analysis += "."
		}
		if source != "" {
			im.Analysis += " Source: " + source + "."
		}
		action, _ := strings.CutPrefix(cause, "finding:")
		im.Recommendation = goodPractice(ref, action, b.rules.DutyToNotify())
		if im.Capability == "" {
			im.Capability = ruleCapability(ref, objOf)
		}
		return
	}
	for _, o := range b.sc.Objectives {
		if o.ID == ref {
			im.Capability = o.ID + ": " + short(o.Text, 90)
			im.Analysis = "Objective " + o.ID + " was not fully met."
			im.Recommendation = "Practise what the objective asks: " + short(o.Text, 200)
			return
		}
	}
	im.Capability = ref
	im.Recommendation = "Practise the expected action in the next exercise."
}

// objectiveOfRule maps each rule to the first objective that an item
// evidencing the rule also evidences, as "o3: text".
func (b *Builder) objectiveOfRule(r *Report) map[string]string {
	text := map[string]string{}
	for _, o := range b.sc.Objectives {
		text[o.ID] = o.ID + ": " + short(o.Text, 90)
	}
	out := map[string]string{}
	for _, it := range r.Scores.Items {
		for _, e := range it.Evidences {
			if !isRule(e) || out[e] != "" {
				continue
			}
			for _, o := range it.Evidences {
				if t, ok := text[o]; ok {
					out[e] = t
					break
				}
			}
		}
	}
	return out
}

// rateObjectives rates each objective from the items that evidence it:
// P at 90% or more, S at 70%, M at 40%, U below (HSEEP's ratings).
func (b *Builder) rateObjectives(r *Report) []ObjectiveRating {
	var out []ObjectiveRating
	for _, o := range b.sc.Objectives {
		or := ObjectiveRating{ID: o.ID, Text: strings.TrimSpace(o.Text)}
		for _, it := range r.Scores.Items {
			if !slices.Contains(it.Evidences, o.ID) {
				continue
			}
			if it.Points < 0 {
				or.Penalty -= it.Earned
				continue
			}
			or.Earned += it.Earned
			or.Possible += it.Possible
		}
		or.Rating, or.Meaning = rating(or.Earned-or.Penalty, or.Possible)
		out = append(out, or)
	}
	return out
}

func rating(n, d int) (string, string) {
	if d <= 0 {
		return "-", "not scored"
	}
	switch pct := 100 * n / d; {
	case pct >= 90:
		return "P", "performed without challenges"
	case pct >= 70:
		return "S", "performed with some challenges"
	case pct >= 40:
		return "M", "performed with major challenges"
	}
	return "U", "unable to be performed"
}

// causeAdvice is the recommendation for a shortfall of a cause, given the
// good practice of the action.
func causeAdvice(cause, do string) string {
	switch cause {
	case engine.CauseNotAsked:
		return do // the asking action's own practice
	case engine.CauseNotAnswered:
		return "Answer every request addressed to you, allocating what you hold or refusing with a reason, so the asker can go elsewhere."
	case engine.CauseRefused:
		return "When a request is refused, ask another holder or escalate to the facilitator for mutual aid, and record the gap."
	case engine.CauseLate:
		return "Act within the time the person's safety allows: " + do
	case engine.CauseNotPassedOn:
		return "Pass the person to the agency that can act, with what you know (J1). " + do
	case engine.CauseOther:
		return "Leave the step to the agency whose duty it is, and pass the person to it. " + do
	case engine.CauseUnknown:
		return "Bring every person at the scene to light: search each site and share who is there. " + do
	}
	return do
}

// principleAdvice is what to practise for a JESIP principle not shown,
// by its name.
func principleAdvice(name string) string {
	switch name {
	case "Co-locate":
		return "Bring the agencies' decision makers together (a shared room or call) at the key decision points, and log the joint decisions."
	case "Communicate":
		return "Pass what you know, as soon as you know it, to the agencies with a role for the person, and to no others."
	case "Co-ordinate":
		return "Answer every request addressed to you, allocating or refusing with a reason; ask the agency that holds what is needed, and another when one is refused."
	case "Jointly understand risk":
		return "Assess threat and risk together and record it in the decision log, tagged with the Joint Decision Model stage it belongs to."
	case "Shared situational awareness":
		return "Keep one shared picture: share indicators with partners, and file M/ETHANE reports that agree with what you know."
	}
	return "Practise the principle in the next exercise."
}

// ruleCapability is the capability a rule's findings belong to.
func ruleCapability(rule string, objOf map[string]string) string {
	for _, a := range slices.Sorted(maps.Keys(practices)) {
		if pr := practices[a]; pr.rule == rule {
			return pr.capability
		}
	}
	switch rule {
	case "R1":
		return "Consent and referral"
	case "J1":
		return "Information sharing"
	}
	if o := objOf[rule]; o != "" {
		return o
	}
	return ruleName(rule)
}

func actionName(action string) string {
	if action == "" {
		return "An action"
	}
	s := strings.ReplaceAll(action, "_", " ")
	switch action {
	case "nrm_referral":
		s = "NRM referral"
	case "duty_to_notify":
		s = "Duty to Notify report"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

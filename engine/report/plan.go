package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
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
	for _, it := range r.Scores.Items {
		switch {
		case it.Points > 0 && it.Earned < it.Possible:
			obs := fmt.Sprintf("%s: %d of %d points", strings.TrimSuffix(it.Text, "."), it.Earned, it.Possible)
			if len(it.Unmet) > 0 {
				obs += "; not for " + list(it.Unmet, 6)
			}
			owner, partners := "", []string(nil)
			if len(it.Agencies) > 0 {
				owner, partners = it.Agencies[0], it.Agencies[1:]
			}
			add(owner, partners, b.itemRule(it, owner), obs, it.Possible-it.Earned)
		case it.Points < 0:
			for _, a := range sortedKeys(it.ByAgency) {
				add(a, nil, b.itemRule(it, a), fmt.Sprintf("Penalty %d: %s", it.ByAgency[a], strings.TrimSuffix(it.Text, ".")), -it.ByAgency[a])
			}
		}
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
		add(f.Agency, nil, f.Rule, obs, f.Count)
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
		add(m.Agency, nil, "J1", obs, 3)
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
			add(allAgencies, nil, "J1", fmt.Sprintf("JESIP principle not shown: %s. %s", pr.Name, strings.Join(pr.Signals, "; ")), 2)
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
	slices.SortStableFunc(p.Improvements, func(x, y Improvement) int {
		return cmp.Or(cmp.Compare(y.Weight, x.Weight), cmp.Compare(rank(x.Owner), rank(y.Owner)), cmp.Compare(x.Reference, y.Reference))
	})
	return p
}

// explain fills in an area's capability, analysis and recommendation.
func (b *Builder) explain(im *Improvement, r *Report, objOf map[string]string) {
	ref := im.Reference
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
		text, source := ruleText(ref)
		im.Analysis = fmt.Sprintf("%s: %s", ref, text)
		if !strings.HasSuffix(im.Analysis, ".") {
			im.Analysis += "."
		}
		if source != "" {
			im.Analysis += " Source: " + source + "."
		}
		im.Recommendation = goodPractice(ref, "", b.rules.DutyToNotify())
		im.Capability = ruleName(ref)
		if o := objOf[ref]; o != "" {
			im.Capability = o
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

// itemRule is the rule an item evidences for its owner (see evidenceFor).
func (b *Builder) itemRule(it Item, owner string) string {
	a := b.agency[owner]
	return evidenceFor(it, a != nil && a.IsFirstResponder())
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

package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rejection codes that are not rule ids.
const (
	codeInvalid   = "invalid" // the command is malformed or names unknown things
	codeNotYours  = "not_permitted"
	codeResources = "resources"
	codeState     = "state" // not possible now (paused, ended, already done)
)

func (x *Exercise) dispatch(c Command) {
	if slices.Contains(FacilitatorCommands, c.Type) {
		if c.Actor != Facilitator {
			x.reject(c, codeNotYours, fmt.Sprintf("only the facilitator may %s", strings.ReplaceAll(c.Type, "_", " ")))
			return
		}
		x.facilitate(c)
		return
	}
	if !slices.Contains(CommandTypes, c.Type) {
		x.reject(c, codeInvalid, fmt.Sprintf("unknown command type %q", c.Type))
		return
	}
	as := x.agency[c.Actor]
	if as == nil {
		x.reject(c, codeInvalid, fmt.Sprintf("%q is not an agency of this exercise", c.Actor))
		return
	}
	switch {
	case x.ended:
		x.reject(c, codeState, "the exercise has ended")
		return
	case x.noPlay != "":
		x.reject(c, codeState, "NO PLAY: the exercise is stopped")
		return
	case x.paused && c.Type != CmdLogDecision:
		x.reject(c, codeState, "the exercise is paused")
		return
	}
	var ps *personState
	if c.Person != "" {
		ps = x.person[c.Person]
		if ps == nil || as.knows[c.Person] == nil {
			x.reject(c, codeInvalid, fmt.Sprintf("%s knows of no person %q", as.a.Name, c.Person))
			return
		}
	} else if needsPerson(c.Type) {
		x.reject(c, codeInvalid, "name the person this is about")
		return
	}
	switch c.Type {
	case CmdObserve:
		x.observe(c, as, ps)
	case CmdIdentify:
		x.identify(c, as, ps)
	case CmdShare, CmdMessage:
		x.share(c, as, ps)
	case CmdRequest:
		x.requestResource(c, as, ps)
	case CmdAllocate, CmdRefuse:
		x.answerRequest(c, as)
	case CmdOfferSupport:
		x.offerSupport(c, as, ps)
	case CmdRemove:
		x.remove(c, as, ps)
	case CmdRecordDecline:
		x.recordDecline(c, as, ps)
	case CmdSeekConsent:
		x.seekConsent(c, as, ps)
	case CmdNRMReferral:
		x.nrmReferral(c, as, ps)
	case CmdDutyToNotify:
		x.dutyToNotify(c, as, ps)
	case CmdChildSafeguarding:
		x.childSafeguarding(c, as, ps)
	case CmdAdultSafeguarding:
		x.adultSafeguarding(c, as, ps)
	case CmdAgeAssessment:
		x.ageAssessment(c, as, ps)
	case CmdArrest:
		x.arrest(c, as, ps)
	case CmdChargingRequest:
		x.chargingRequest(c, as, ps)
	case CmdChargingAdvice:
		x.chargingAdvice(c, as, ps)
	case CmdLogDecision:
		x.logDecision(c, as)
	case CmdDecide:
		x.decide(c, as)
	case CmdMethane:
		x.methane(c, as)
	}
}

func needsPerson(typ string) bool {
	switch typ {
	case CmdShare, CmdMessage, CmdAllocate, CmdRefuse, CmdLogDecision, CmdDecide, CmdMethane:
		return false
	}
	return true
}

// accept records an accepted player action.
func (x *Exercise) accept(c Command, to []string, p Payload) {
	p.CommandID = c.ID
	p.Person = c.Person
	x.emit(c.Actor, c.Type, to, p)
	x.markDone(c.Type, c.Actor, c.Person)
	if c.Type == CmdMessage {
		// A message is a way of sharing (J1): it meets what a share would.
		x.markDone(CmdShare, c.Actor, c.Person)
	}
}

func (x *Exercise) observe(c Command, as *agencyState, ps *personState) {
	x.accept(c, []string{as.a.ID}, Payload{Text: c.Text})
	k := as.knows[ps.p.ID]
	if c.Text != "" {
		k.notes = append(k.notes, c.Text)
	}
	x.setStatus(as, ps.p.ID, "concern")
	x.revealBy(as, ps, "observe")
}

func (x *Exercise) identify(c Command, as *agencyState, ps *personState) {
	if statusRank(as.knows[ps.p.ID].status) >= statusRank("identified") {
		x.reject(c, codeState, fmt.Sprintf("%s has already identified %s", as.a.Name, ps.p.Alias))
		return
	}
	x.accept(c, []string{as.a.ID}, Payload{Text: c.Text, Rationale: c.Rationale})
	x.setStatus(as, ps.p.ID, "identified")
	if len(as.knows[ps.p.ID].indicators) == 0 {
		x.flag(as.a.ID, ps.p.ID, "R15", fmt.Sprintf("%s was identified on first impressions: %s had seen no indicator of them", ps.p.Alias, as.a.Name))
	}
}

func (x *Exercise) share(c Command, as *agencyState, ps *personState) {
	if len(c.To) == 0 {
		x.reject(c, codeInvalid, "share with whom? name at least one agency")
		return
	}
	if !x.knownAgencies(c) {
		return
	}
	for _, a := range c.To {
		if a == as.a.ID {
			x.reject(c, codeInvalid, "an agency cannot share with itself")
			return
		}
	}
	if ps == nil && c.Text == "" {
		x.reject(c, codeInvalid, "share a person or a message")
		return
	}
	if c.Type == CmdMessage && strings.TrimSpace(c.Text) == "" {
		x.reject(c, codeInvalid, "a message needs its text")
		return
	}
	var facts []string
	if ps != nil {
		k := as.knows[ps.p.ID]
		if len(c.Facts) == 0 {
			facts = slices.Clone(k.indicators)
		} else {
			for _, f := range c.Facts {
				if !slices.Contains(k.indicators, f) {
					x.reject(c, codeInvalid, fmt.Sprintf("%s does not know indicator %q of %s", as.a.Name, f, ps.p.Alias))
					return
				}
			}
			facts = slices.Clone(c.Facts)
		}
	}
	x.accept(c, union([]string{as.a.ID}, c.To...), Payload{Agencies: slices.Clone(c.To), Indicators: facts, Text: c.Text})
	x.deliverShare(c, as, ps, facts)
	if ps == nil {
		return
	}
	from := as.knows[ps.p.ID]
	for _, a := range c.To {
		to := x.agency[a]
		x.learn(to, ps.p.ID, facts, "share:"+as.a.ID)
		x.setStatus(to, ps.p.ID, from.status)
		k := to.knows[ps.p.ID]
		k.safeguarded = k.safeguarded || from.safeguarded
		k.arrested = k.arrested || from.arrested
		k.referred = k.referred || from.referred
		k.ageKnown = k.ageKnown || from.ageKnown
	}
}

func (x *Exercise) requestResource(c Command, as *agencyState, ps *personState) {
	if !slices.Contains(ResourceKinds, c.Kind) {
		x.reject(c, codeInvalid, fmt.Sprintf("unknown resource %q (want one of %s)", c.Kind, strings.Join(ResourceKinds, ", ")))
		return
	}
	if c.Kind == "interpreter" && c.Language == "" {
		x.reject(c, codeInvalid, "which language? an interpreter request names one")
		return
	}
	holder := x.agency[c.Agency]
	if holder == nil {
		x.reject(c, codeInvalid, fmt.Sprintf("ask which agency? %q is not in this exercise", c.Agency))
		return
	}
	x.nextReq++
	r := &request{id: reqID(x.nextReq), n: x.nextReq, asked: x.now, from: as.a.ID, holder: holder.a.ID, kind: c.Kind, language: c.Language, person: ps.p.ID, open: true}
	x.requests[r.id] = r
	x.accept(c, union([]string{as.a.ID}, holder.a.ID), Payload{Request: r.id, Agency: holder.a.ID, Kind: c.Kind, Language: c.Language})
	x.learn(holder, ps.p.ID, nil, "request:"+as.a.ID)
	if holder != as {
		x.alertRequest(r)
	}
}

func (x *Exercise) answerRequest(c Command, as *agencyState) {
	r := x.requests[c.Request]
	switch {
	case r == nil:
		x.reject(c, codeInvalid, fmt.Sprintf("no request %q", c.Request))
		return
	case r.holder != as.a.ID:
		x.reject(c, codeNotYours, fmt.Sprintf("request %s is addressed to %s", r.id, x.agency[r.holder].a.Name))
		return
	case !r.open:
		x.reject(c, codeState, fmt.Sprintf("request %s has already been answered", r.id))
		return
	}
	c.Person = r.person
	if c.Type == CmdRefuse {
		r.open, r.outcome = false, "refused"
		x.accept(c, union([]string{as.a.ID}, r.from), Payload{Request: r.id, Agency: r.from, Kind: r.kind, Language: r.language, Text: c.Text})
		if r.from != as.a.ID {
			x.answerRequestAlert(r, c.Text)
		}
		return
	}
	s := as.stock(r.kind, r.language, false)
	if s == nil || s.count == 0 {
		x.reject(c, codeResources, x.noneLeft(as, r))
		return
	}
	s.count--
	r.open, r.outcome = false, "allocated"
	x.book(r, s)
	x.accept(c, union([]string{as.a.ID}, r.from), Payload{Request: r.id, Agency: r.from, Kind: r.kind, Language: r.language, Count: s.count})
	if r.from != as.a.ID {
		x.answerRequestAlert(r, "")
	}
	ps := x.person[r.person]
	parties := []*agencyState{as, x.agency[r.from]}
	for _, p := range parties {
		x.learn(p, ps.p.ID, nil, "request:"+r.from)
	}
	switch r.kind {
	case "interpreter":
		ps.interpreters = append(ps.interpreters, r.language)
		for _, p := range parties {
			p.knows[ps.p.ID].interpreter = true
		}
	case "bed", "reception_place":
		ps.placeFree++
		for _, p := range parties {
			p.knows[ps.p.ID].place = true
		}
	case "medic":
		ps.medical = true
		x.revealBy(as, ps, "medical")
		if from := x.agency[r.from]; from != as {
			x.revealBy(from, ps, "medical")
		}
	}
}

// offerSupport offers a person safety and support; they accept or decline
// (R9: the choice is theirs).
func (x *Exercise) offerSupport(c Command, as *agencyState, ps *personState) {
	if ps.reached["safe"] {
		x.reject(c, codeState, fmt.Sprintf("%s is already in a place of safety", ps.p.Alias))
		return
	}
	if !ps.p.Truth.AcceptsSupport {
		x.accept(c, []string{as.a.ID}, Payload{Text: c.Text})
		x.refuseSupport(as, ps)
		return
	}
	as.knows[ps.p.ID].accepted = true
	x.accept(c, []string{as.a.ID}, Payload{Consented: true, Text: ps.p.Alias + " accepts the offer of safety and support."})
}

// refuseSupport records a person declining the agency's offer of support.
func (x *Exercise) refuseSupport(as *agencyState, ps *personState) {
	ps.supportRefused = true
	as.knows[ps.p.ID].refused = true
	x.emit(ps.p.ID, EvSupportRefused, []string{as.a.ID}, Payload{Person: ps.p.ID, Agency: as.a.ID, Text: ps.p.Alias + " declines to leave or to accept support. The choice is theirs: record the offer, the reasons and the risk (R9)."})
}

// remove moves a person to a place of safety: an offer of support and,
// when accepted, the move itself (R9).
func (x *Exercise) remove(c Command, as *agencyState, ps *personState) {
	switch {
	case ps.reached["safe"]:
		x.reject(c, codeState, fmt.Sprintf("%s is already in a place of safety", ps.p.Alias))
		return
	case !ps.p.Truth.AcceptsSupport:
		// Moving someone starts with offering; the offer is the agency's act.
		x.markDone(CmdOfferSupport, as.a.ID, ps.p.ID)
		x.refuseSupport(as, ps)
		return
	case ps.placeFree == 0:
		x.reject(c, codeResources, fmt.Sprintf("no place of safety is allocated for %s: request a bed from housing or a reception-centre place first", ps.p.Alias))
		return
	}
	ps.placeFree--
	x.usePlace(ps)
	x.accept(c, []string{as.a.ID}, Payload{Place: c.Place})
	x.setStatus(as, ps.p.ID, "safe")
	// Safety comes first (R9): moving someone when no interpreter in their
	// language can be had is right; moving them without one that could
	// have been had is the finding.
	if ps.needsInterpreter() && !ps.hasInterpreter() && x.interpreterFree(ps.p.Languages) {
		x.flag(as.a.ID, ps.p.ID, "R9", fmt.Sprintf("%s was removed without an interpreter in %s, though one was free to ask for", ps.p.Alias, languageNames(ps.p.Languages)))
	}
	x.revealBy(as, ps, "remove")
}

// interpreterFree reports whether any agency holds an interpreter, not
// booked out, in one of the languages.
func (x *Exercise) interpreterFree(langs []string) bool {
	for _, as := range x.agencies {
		for _, l := range langs {
			if s := as.stock("interpreter", l, false); s != nil && s.count > 0 {
				return true
			}
		}
	}
	return false
}

func (x *Exercise) recordDecline(c Command, as *agencyState, ps *personState) {
	switch {
	case !as.knows[ps.p.ID].refused:
		x.reject(c, "R9", fmt.Sprintf("%s has not declined an offer of support from %s: offer it first", ps.p.Alias, as.a.Name))
		return
	case strings.TrimSpace(c.Text) == "" || strings.TrimSpace(c.Risk) == "":
		x.reject(c, "R9", "record the reasons given (text) and the risk that remains (risk)")
		return
	}
	x.accept(c, []string{as.a.ID}, Payload{Text: c.Text, Risk: c.Risk})
	x.setStatus(as, ps.p.ID, "declined")
	x.moveOn(ps, "declined")
}

func (x *Exercise) seekConsent(c Command, as *agencyState, ps *personState) {
	if !as.a.IsFirstResponder() {
		x.reject(c, "R1", fmt.Sprintf("%s is not a first responder and cannot refer, so it does not record NRM consent: pass %s to a first responder, who explains the NRM and seeks consent", as.a.Name, ps.p.Alias))
		return
	}
	if ps.needsInterpreter() && !ps.hasInterpreter() {
		x.reject(c, "R2", fmt.Sprintf("%s speaks %s: consent cannot be informed without an interpreter", ps.p.Alias, strings.Join(ps.p.Languages, "/")))
		return
	}
	k := as.knows[ps.p.ID]
	if k.consent != "" {
		x.reject(c, codeState, fmt.Sprintf("%s has already sought %s's consent", as.a.Name, ps.p.Alias))
		return
	}
	disclosed := x.draw(ps.p.ID, as.a.ID) < ps.p.Truth.Discloses
	consented := ps.p.Truth.Consents
	ps.consent[as.a.ID] = consented
	k.consent = "declined"
	if consented {
		k.consent = "given"
	}
	x.accept(c, []string{as.a.ID}, Payload{})
	text := ps.p.Alias + " does not consent to a referral."
	if consented {
		text = ps.p.Alias + " consents to a referral."
	}
	if ps.isChild() {
		text += " (A child is referred without consent: R3.)"
	}
	x.emit(ps.p.ID, EvConsent, []string{as.a.ID}, Payload{Person: ps.p.ID, Agency: as.a.ID, Consented: consented, Disclosed: disclosed, Text: text})
	if disclosed {
		x.revealBy(as, ps, "interview")
	}
}

func (x *Exercise) nrmReferral(c Command, as *agencyState, ps *personState) {
	switch {
	case !as.a.IsFirstResponder():
		x.reject(c, "R1", fmt.Sprintf("%s is not a first responder organisation and cannot refer into the NRM: pass the case to police, the council or another first responder", as.a.Name))
		return
	case ps.referredBy != "":
		x.reject(c, codeState, fmt.Sprintf("%s has already been referred by %s", ps.p.Alias, x.agency[ps.referredBy].a.Name))
		return
	}
	if ps.isChild() {
		if !ps.childSafe && as.a.Kind != "child_safeguarding" {
			x.reject(c, "R3", fmt.Sprintf("%s is or may be a child: safeguard first by referring to child safeguarding, then refer without consent", ps.p.Alias))
			return
		}
	} else {
		consented, sought := ps.consent[as.a.ID]
		switch {
		case !sought:
			x.reject(c, "R2", fmt.Sprintf("%s is an adult: explain the NRM and seek informed consent before referring", ps.p.Alias))
			return
		case !consented:
			reason := fmt.Sprintf("%s does not consent, so cannot be referred", ps.p.Alias)
			if x.rules.DutyToNotify() && slices.Contains(dutyToNotifyKinds, as.a.Kind) {
				reason += "; make an anonymous Duty to Notify report instead (R4)"
			}
			x.reject(c, "R2", reason)
			return
		}
	}
	ps.referredBy, ps.referredAt = as.a.ID, x.now
	as.knows[ps.p.ID].referred = true
	x.accept(c, []string{as.a.ID}, Payload{Authority: x.rules.Authority()})
	x.setStatus(as, ps.p.ID, "referred")
	if !ps.reached["safe"] && !ps.reached["declined"] {
		x.flag(as.a.ID, ps.p.ID, "R9", fmt.Sprintf("%s was referred while still in danger: safeguard first, paperwork after", ps.p.Alias))
	}
	if x.sc.CompetentAuthority.Mode != "facilitator" {
		x.caJobs = append(x.caJobs, caJob{due: x.now + x.sc.CompetentAuthority.RGAfter.D.Milliseconds(), person: ps.p.ID, kind: "rg"})
	}
}

func (x *Exercise) dutyToNotify(c Command, as *agencyState, ps *personState) {
	switch {
	case !x.rules.DutyToNotify():
		x.reject(c, "R4", fmt.Sprintf("there is no Duty to Notify before 1 November 2015 (rules as of %s)", x.rules.AsOf.Format(time.DateOnly)))
	case !slices.Contains(dutyToNotifyKinds, as.a.Kind):
		x.reject(c, "R4", fmt.Sprintf("%s is not a specified public authority under s.52", as.a.Name))
	case ps.isChild():
		x.reject(c, "R3", fmt.Sprintf("%s is or may be a child: a Duty to Notify report must not replace a child's NRM referral", ps.p.Alias))
	case ps.referredBy != "":
		x.reject(c, "R4", fmt.Sprintf("%s has been referred into the NRM, which discharges the duty", ps.p.Alias))
	case ps.reached["notified"]:
		x.reject(c, codeState, fmt.Sprintf("a Duty to Notify report has already been made for %s", ps.p.Alias))
	case as.knows[ps.p.ID].consent == "given":
		x.reject(c, "R4", fmt.Sprintf("%s consents to a referral: refer them into the NRM, which discharges the duty", ps.p.Alias))
	default:
		// The duty arises from the reasonable grounds, not from a refusal:
		// where consent was not sought (no interpreter, the person gone),
		// the authority still notifies, and the practice is a finding (R4).
		// The report is anonymous: it does not identify the person.
		x.accept(c, []string{as.a.ID}, Payload{Text: "anonymous report to the Home Office"})
		x.setStatus(as, ps.p.ID, "notified")
		if as.knows[ps.p.ID].consent == "" {
			x.flag(as.a.ID, ps.p.ID, "R2", fmt.Sprintf("a Duty to Notify report was made for %s without first seeking consent to an NRM referral: explain the NRM through an interpreter where one can be had", ps.p.Alias))
		}
		if ps.p.Age < 18 {
			x.flag(as.a.ID, ps.p.ID, "R3", fmt.Sprintf("%s is in truth a child (%d), so needed a referral through child safeguarding, not a Duty to Notify report: treat anyone who may be under 18 as a child", ps.p.Alias, ps.p.Age))
		}
	}
}

func (x *Exercise) childSafeguarding(c Command, as *agencyState, ps *personState) {
	if ps.childSafe {
		x.reject(c, codeState, fmt.Sprintf("%s has already been referred to child safeguarding", ps.p.Alias))
		return
	}
	if !ps.isChild() {
		if !as.a.IsFirstResponder() {
			x.reject(c, "R3", fmt.Sprintf("%s says they are an adult: pass your concern that they may be a child to a first responder, who can refer them to child safeguarding (R1, R3a)", ps.p.Alias))
			return
		}
		// A first responder with reason to think a person may be under 18
		// treats them as a possible child on its own judgement: the age is
		// now disputed, and the person a child until assessed (R3, R3a).
		ps.ageDoubted = true
	}
	ps.childSafe = true
	recipients := x.agenciesOfKind("child_safeguarding")
	x.accept(c, union([]string{as.a.ID}, recipients...), Payload{Agencies: recipients, Text: c.Text})
	x.passOn(as, ps, recipients, "child_safeguarding:"+as.a.ID)
	for _, a := range union([]string{as.a.ID}, recipients...) {
		x.agency[a].knows[ps.p.ID].safeguarded = true
	}
}

func (x *Exercise) adultSafeguarding(c Command, as *agencyState, ps *personState) {
	if ps.isChild() {
		x.reject(c, "R3", fmt.Sprintf("%s is or may be a child: refer to child safeguarding", ps.p.Alias))
		return
	}
	recipients := x.agenciesOfKind("adult_safeguarding")
	x.accept(c, union([]string{as.a.ID}, recipients...), Payload{Agencies: recipients, Text: c.Text})
	x.passOn(as, ps, recipients, "adult_safeguarding:"+as.a.ID)
}

// passOn tells recipients of a referral what the referrer knows.
func (x *Exercise) passOn(as *agencyState, ps *personState, recipients []string, cause string) {
	k := as.knows[ps.p.ID]
	for _, a := range recipients {
		if a != as.a.ID {
			x.learn(x.agency[a], ps.p.ID, k.indicators, cause)
		}
	}
}

func (x *Exercise) ageAssessment(c Command, as *agencyState, ps *personState) {
	switch {
	case as.a.Kind != "child_safeguarding":
		x.reject(c, "R3a", "age assessments are carried out by the local authority's children's services")
		return
	case ps.assessed:
		x.reject(c, codeState, fmt.Sprintf("%s's age has already been assessed", ps.p.Alias))
		return
	}
	ps.assessed = true
	ps.adultAssessed = ps.p.Age >= 18
	as.knows[ps.p.ID].ageKnown = true
	x.accept(c, []string{as.a.ID}, Payload{Count: ps.p.Age, Text: fmt.Sprintf("assessed age %d", ps.p.Age)})
	x.revealBy(as, ps, "age_assessment")
}

func (x *Exercise) arrest(c Command, as *agencyState, ps *personState) {
	if !slices.Contains(powersKinds, as.a.Kind) {
		x.reject(c, codeNotYours, fmt.Sprintf("%s has no power of arrest", as.a.Name))
		return
	}
	if ps.reached["arrested"] {
		x.reject(c, codeState, fmt.Sprintf("%s is already under arrest", ps.p.Alias))
		return
	}
	ps.reached["arrested"] = true
	as.knows[ps.p.ID].arrested = true
	x.accept(c, []string{as.a.ID}, Payload{Text: c.Text})
	if ps.p.Truth.Victim && !ps.p.Truth.Suspect {
		x.flag(as.a.ID, ps.p.ID, "R13", fmt.Sprintf("%s, a potential victim, was arrested: treat as a victim and consider the section 45 defence", ps.p.Alias))
	}
	x.revealBy(as, ps, "arrest")
}

func (x *Exercise) chargingRequest(c Command, as *agencyState, ps *personState) {
	cps := x.agenciesOfKind("cps")
	if !slices.Contains(ps.chargingAsked, as.a.ID) {
		ps.chargingAsked = append(ps.chargingAsked, as.a.ID)
	}
	x.accept(c, union([]string{as.a.ID}, cps...), Payload{Agencies: cps, Text: c.Text})
	x.passOn(as, ps, cps, "charging:"+as.a.ID)
	x.alertCharging(as, ps, cps, c.Text)
	for _, a := range union([]string{as.a.ID}, cps...) {
		if k := x.agency[a].knows[ps.p.ID]; k.charging == "" {
			k.charging = "requested"
		}
	}
}

var chargingOutcomes = []string{"charge", "no_further_action", "further_investigation"}

func (x *Exercise) chargingAdvice(c Command, as *agencyState, ps *personState) {
	switch {
	case as.a.Kind != "cps":
		x.reject(c, codeNotYours, "charging advice comes from the Crown Prosecution Service")
		return
	case len(ps.chargingAsked) == 0:
		x.reject(c, codeState, fmt.Sprintf("no one has asked for charging advice on %s", ps.p.Alias))
		return
	case !slices.Contains(chargingOutcomes, c.Outcome):
		x.reject(c, codeInvalid, fmt.Sprintf("advice outcome %q: want one of %s", c.Outcome, strings.Join(chargingOutcomes, ", ")))
		return
	}
	ps.chargingAdvised = true
	x.accept(c, union([]string{as.a.ID}, ps.chargingAsked...), Payload{Outcome: c.Outcome, Section45: c.Section45, Text: c.Text})
	for _, a := range union([]string{as.a.ID}, ps.chargingAsked...) {
		x.agency[a].knows[ps.p.ID].charging = "advised"
	}
	if ps.p.Truth.Victim && !c.Section45 && x.rules.Section45() {
		x.flag(as.a.ID, ps.p.ID, "R13", fmt.Sprintf("charging advice on %s, a potential victim, without the section 45 defence considered", ps.p.Alias))
	}
}

func (x *Exercise) logDecision(c Command, as *agencyState) {
	switch {
	case c.Stage < decisionStageMin || c.Stage > decisionStageMax:
		x.reject(c, "J2", "tag the entry with its Joint Decision Model stage, 1 to 5")
	case strings.TrimSpace(c.Text) == "" || strings.TrimSpace(c.Rationale) == "":
		x.reject(c, "J2", "a decision-log entry records the decision (text) and its rationale")
	default:
		x.accept(c, []string{as.a.ID}, Payload{Stage: c.Stage, Text: c.Text, Rationale: c.Rationale})
	}
}

func (x *Exercise) decide(c Command, as *agencyState) {
	st := x.decisions[c.Decision]
	switch {
	case st == nil:
		x.reject(c, codeInvalid, fmt.Sprintf("no decision %q", c.Decision))
		return
	case st.d.To != as.a.ID:
		x.reject(c, codeNotYours, fmt.Sprintf("decision %s is for %s", st.d.ID, x.agency[st.d.To].a.Name))
		return
	case !st.open:
		x.reject(c, codeState, fmt.Sprintf("decision %s is not open", st.d.ID))
		return
	}
	if !slices.ContainsFunc(st.d.Options, func(o Option) bool { return o.ID == c.Option }) {
		x.reject(c, codeInvalid, fmt.Sprintf("decision %s has no option %q", st.d.ID, c.Option))
		return
	}
	x.choose(st, c.Option, as.a.ID)
}

// ---- the facilitator ----

func (x *Exercise) facilitate(c Command) {
	if x.ended && c.Type != CmdTick {
		x.reject(c, codeState, "the exercise has ended")
		return
	}
	all := x.allAgencies()
	switch c.Type {
	case CmdTick:
	case CmdSeat:
		x.seat(c)
	case CmdPause:
		if x.paused {
			x.reject(c, codeState, "already paused")
			return
		}
		x.paused = true
		x.emit(Facilitator, EvPaused, all, Payload{Text: c.Text})
	case CmdResume:
		if !x.paused {
			x.reject(c, codeState, "not paused")
			return
		}
		x.paused = false
		x.emit(Facilitator, EvResumed, all, Payload{})
	case CmdAdvanceClock:
		if c.Days <= 0 || c.Days > 3650 {
			x.reject(c, codeInvalid, "advance the in-world clock by 1 to 3650 days")
			return
		}
		x.skipDays += c.Days
		x.emit(Facilitator, EvClockAdvanced, all, Payload{Days: c.Days, InWorld: x.inWorld(x.now).Format(inWorldLayout)})
	case CmdReleaseInject:
		st := x.injects[c.Inject]
		switch {
		case st == nil:
			x.reject(c, codeInvalid, fmt.Sprintf("no inject %q", c.Inject))
		case st.released:
			x.reject(c, codeState, fmt.Sprintf("inject %s has already been released", c.Inject))
		default:
			x.release(c.Inject, "facilitator")
		}
	case CmdAdhocInject:
		if len(c.To) == 0 || strings.TrimSpace(c.Text) == "" {
			x.reject(c, codeInvalid, "an ad-hoc inject needs recipients and text")
			return
		}
		if !x.knownAgencies(c) {
			return
		}
		ch := c.Channel
		if ch == "" {
			ch = "phone"
		}
		x.adhoc++
		id := fmt.Sprintf("adhoc-%d", x.adhoc)
		x.emit(Facilitator, EvInject, slices.Clone(c.To), Payload{Inject: id, From: c.From, Channel: ch, Text: c.Text, Cause: "adhoc"})
		for _, a := range c.To {
			as := x.agency[a]
			as.inbox = append(as.inbox, InjectView{ID: id, T: x.now, From: c.From, Channel: ch, Text: c.Text, Methane: c.Kind == CmdMethane || MentionsMethane(c.Text)})
			if c.Person != "" && x.person[c.Person] != nil {
				x.learn(as, c.Person, nil, "inject:"+id)
			}
		}
		x.notePublic(c.To, InjectView{ID: id, T: x.now, From: c.From, Channel: ch, Text: c.Text, Methane: c.Kind == CmdMethane || MentionsMethane(c.Text)})
	case CmdCADecision:
		x.caCommand(c)
	case CmdAddResource:
		x.addResource(c)
	case CmdNoPlay:
		if strings.TrimSpace(c.Text) == "" {
			x.reject(c, codeInvalid, "NO PLAY needs a message for every screen")
			return
		}
		x.noPlay = c.Text
		x.emit(Facilitator, EvNoPlay, all, Payload{Text: c.Text})
	case CmdLiftNoPlay:
		if x.noPlay == "" {
			x.reject(c, codeState, "NO PLAY is not in force")
			return
		}
		x.noPlay = ""
		x.emit(Facilitator, EvNoPlayLifted, all, Payload{})
	case CmdEnd:
		x.finish(Facilitator)
	}
}

// finish ends the exercise and records its final score.
func (x *Exercise) finish(actor string) {
	x.ended = true
	sum := x.score.Result().Summary()
	x.emit(actor, EvEnded, x.allAgencies(), Payload{Score: &sum})
}

func (x *Exercise) caCommand(c Command) {
	ps := x.person[c.Person]
	switch {
	case ps == nil:
		x.reject(c, codeInvalid, fmt.Sprintf("no person %q", c.Person))
		return
	case ps.referredBy == "":
		x.reject(c, "R6", fmt.Sprintf("%s has not been referred into the NRM: there is nothing to decide", ps.p.Alias))
		return
	}
	switch c.Kind {
	case "rg":
		if ps.rgDone {
			x.reject(c, codeState, "the Reasonable Grounds decision has been made")
			return
		}
		if c.Outcome != "positive" && c.Outcome != "negative" {
			x.reject(c, codeInvalid, "a Reasonable Grounds decision is positive or negative")
			return
		}
		x.decideRG(ps, c.Outcome == "positive", Facilitator)
	case "cg":
		switch {
		case !ps.rgDone || !ps.rgPositive:
			x.reject(c, "R8", "a Conclusive Grounds decision follows a positive Reasonable Grounds decision")
			return
		case ps.cgDone:
			x.reject(c, codeState, "the Conclusive Grounds decision has been made")
			return
		case !slices.Contains(Outcomes, c.Outcome):
			x.reject(c, codeInvalid, fmt.Sprintf("outcome %q: want one of %s", c.Outcome, strings.Join(Outcomes, ", ")))
			return
		}
		end := ps.rgInWorld.AddDate(0, 0, x.rules.RecoveryDays())
		if now := x.inWorld(x.now); now.Before(end) {
			x.reject(c, "R7", fmt.Sprintf("the recovery period of %d days runs until %s: Conclusive Grounds cannot come before it ends (advance the clock)", x.rules.RecoveryDays(), end.Format(time.DateOnly)))
			return
		}
		x.decideCG(ps, c.Outcome, x.inWorld(x.now), Facilitator)
	default:
		x.reject(c, codeInvalid, "kind is rg or cg")
	}
}

// knownAgencies checks that every agency a command names in To exists,
// rejecting the command when one does not.
func (x *Exercise) knownAgencies(c Command) bool {
	for _, a := range c.To {
		if x.agency[a] == nil {
			x.reject(c, codeInvalid, fmt.Sprintf("no agency %q in this exercise", a))
			return false
		}
	}
	return true
}

func reqID(n int) string { return fmt.Sprintf("q%d", n) }

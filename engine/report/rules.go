package report

import (
	"strings"
	"time"

	"ttx/engine"
)

// ruleText splits the engine's plain statement of a rule into the
// statement and its source (the last parenthesis).
func ruleText(rules engine.Rules, rule string) (text, source string) {
	t := rules.Text(rule)
	if t == "" {
		t = moreRuleText(rule)
	}
	if t == "" {
		return ruleName(rule), ""
	}
	if i := strings.LastIndex(t, " ("); i > 0 && strings.HasSuffix(t, ")") {
		return t[:i], t[i+2 : len(t)-1]
	}
	return t, ""
}

// moreRuleText states the rules the engine cites in rubrics but not in its
// rejections, in the same form as [engine.RuleText]: the rule, then its
// source in brackets.
func moreRuleText(rule string) string {
	switch rule {
	case "R10":
		return "Adult victims in England and Wales are supported (accommodation, interpreting, money, healthcare, legal advice) by the Salvation Army and its partners under the Modern Slavery Victim Care Contract. (Modern Slavery Victim Care Contract)"
	case "R11":
		return "Independent Child Trafficking Guardians support child victims where the service runs; children are still referred through child safeguarding and the NRM. (Modern Slavery Act 2015 s.48)"
	case "R14":
		return "A Slavery and Trafficking Prevention Order (on conviction, or on application) or Risk Order needs a real risk and must be necessary to protect people from harm. (Modern Slavery Act 2015)"
	case "R15":
		return "Indicators come in three kinds: physical, psychological and situational; identify a potential victim on indicators, not first impressions. (nrm-rules.md R15)"
	case "R16":
		return "The types of exploitation are sexual, labour, criminal, domestic servitude and organ harvesting; for children the means (force, deception) need not be shown. (nrm-rules.md R16)"
	case "J1":
		return "The five JESIP principles: co-locate, communicate, co-ordinate, jointly understand risk, shared situational awareness. (JESIP)"
	case "J3":
		return "A M/ETHANE situation report gives partners a shared picture: major incident declared, exact location, type of incident, hazards, access, number of potential victims, emergency services present and required. (JESIP)"
	}
	return ""
}

// ruleName is a rule's short title, as nrm-rules.md heads it.
func ruleName(rule string) string {
	switch rule {
	case practiceOffenders:
		return "Pursuing offenders"
	case "R1":
		return "First responders"
	case "R2":
		return "Consent (adults)"
	case "R3":
		return "Children"
	case "R3a":
		return "Age dispute"
	case "R4":
		return "Duty to Notify"
	case "R5":
		return "Competent authority"
	case "R6":
		return "Reasonable Grounds decision"
	case "R7":
		return "Recovery period"
	case "R8":
		return "Conclusive Grounds decision"
	case "R9":
		return "Safeguard first"
	case "R10":
		return "Victim care contract"
	case "R11":
		return "Independent Child Trafficking Guardians"
	case "R12":
		return "Adult safeguarding in parallel"
	case "R13":
		return "Section 45 defence"
	case "R14":
		return "Slavery and trafficking orders"
	case "R15":
		return "Indicators"
	case "R16":
		return "Types of exploitation"
	case "J1":
		return "JESIP principles"
	case "J2":
		return "Joint Decision Model"
	case "J3":
		return "M/ETHANE"
	}
	return rule
}

// goodPractice says what good practice would have done instead of an
// action refused or flagged under rule. action is the command type, when
// known; dutyToNotify is whether the s.52 duty exists under the rules of
// the day (R4).
func goodPractice(rule, action string, dutyToNotify bool) string {
	switch rule + "/" + action {
	case "R2/seek_consent":
		return "Get an independent interpreter in the person's language first (never the exploiter or a co-worker); then explain the NRM, its support and outcomes, and ask for consent."
	case "R9/remove":
		return "Secure a place of safety first: ask housing for a bed or the reception centre for a place, and move the person once it is allocated."
	case "R9/record_decline":
		return "Offer safety and support first; if the person declines, record the offer, the reasons they give and the risk that remains."
	case "R9/nrm_referral":
		return "Move the person to a place of safety (or record that they declined) before the referral paperwork."
	case "R3/duty_to_notify":
		return "Never use a Duty to Notify report for a child: refer to children's social care, then into the NRM without consent."
	case "R3/adult_safeguarding":
		return "A person who is or may be a child goes to children's social care, not adult safeguarding."
	case "R4/nrm_referral", "R4/duty_to_notify":
		if !dutyToNotify {
			return "Before 1 November 2015 there is no Duty to Notify: record the decision not to refer, with the rationale, and keep the support offer open."
		}
	}
	switch rule {
	case "R1":
		return "Pass the case to a first responder (police, the council, or a listed NGO) by sharing what you know; they make the NRM referral."
	case "R2":
		s := "Explain the NRM, the support and the possible outcomes through an independent interpreter, seek informed consent, and refer only once it is given."
		if dutyToNotify {
			return s + " For an adult who does not consent, make an anonymous Duty to Notify report (R4)."
		}
		return s + " For an adult who does not consent, record the decision and keep the offer of support open."
	case "R3":
		return "Safeguard the child first through children's social care, then refer into the NRM without consent."
	case "R3a":
		return "Treat the person as a child until children's services have assessed their age; only they carry out age assessments."
	case "R4":
		if !dutyToNotify {
			return "There is no Duty to Notify before 1 November 2015: record the decision not to refer, with its rationale."
		}
		return "Only a specified public authority makes a Duty to Notify report, for an adult who does not consent; an NRM referral discharges the duty."
	case "R5", "R6":
		return "Refer into the NRM first; the competent authority then makes the Reasonable Grounds decision, within five working days where possible."
	case "R7":
		return "Wait for the recovery period to end (advance the in-world clock) before a Conclusive Grounds decision."
	case "R8":
		return "Make a Conclusive Grounds decision only after a positive Reasonable Grounds decision and the recovery period."
	case "R9":
		return "Safeguard first: secure a place of safety and an interpreter, move the person, then do the referral paperwork; if they decline, record the offer, reasons and risk."
	case "R10":
		return "Adults who enter the NRM get support through the Modern Slavery Victim Care Contract: arrange it at referral."
	case "R11":
		return "Make sure every child victim has an Independent Child Trafficking Guardian where the service runs, alongside children's social care."
	case "R12":
		return "Make an adult safeguarding referral for an adult with care and support needs, alongside any NRM referral (a Care Act 2014 s.42 enquiry from 1 April 2015; before that, under the \"No Secrets\" guidance and local procedures)."
	case "R13":
		return "Treat a potential victim as a victim: do not criminalise them for what they were compelled to do; the CPS considers the section 45 defence and asks police to investigate and refer."
	case "R14":
		return "Pursue the offenders: arrest the suspects and ask the CPS for charging advice; consider prevention or risk orders."
	case "R15", "R16":
		return "Observe before deciding: look for physical, psychological and situational indicators, and identify on indicators, not on first impressions or nationality."
	case "J1":
		return "Share what you know with partners as soon as you know it, and work from a shared picture of the risk."
	case "J2":
		return "Record every decision in the decision log with its rationale and its Joint Decision Model stage (1 to 5)."
	case "J3":
		return "Give partners a M/ETHANE situation report early, and update it."
	}
	return "Follow the rule the engine cites, as the briefing describes it."
}

// stageName names a stage of the Joint Decision Model (J2).
func stageName(n int) string {
	switch n {
	case 1:
		return "Gather information and intelligence"
	case 2:
		return "Assess threat and risk and develop a working strategy"
	case 3:
		return "Consider powers, policies and procedures"
	case 4:
		return "Identify options and contingencies"
	case 5:
		return "Take action and review what happened"
	}
	return ""
}

// leadKinds are the kinds of first responder, in the order in which one
// leads the removal and referral of an adult.
func leadKinds() []string {
	return []string{"police", "border_force", "nca", "glaa", "immigration", "adult_safeguarding", "child_safeguarding", "housing"}
}

func parseDate(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

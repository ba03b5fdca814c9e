package engine

import (
	"slices"
	"time"
)

// Dates on which the rules of nrm-rules.md changed.
var (
	dutyToNotifyFrom = date(2015, 11, 1)  // R4: Modern Slavery Act 2015 s.52 in force
	scaFrom          = date(2019, 4, 1)   // R5: the Single Competent Authority
	iecaFrom         = date(2021, 11, 8)  // R5: the Immigration Enforcement Competent Authority
	recovery30From   = date(2022, 12, 13) // R7: recovery period 30 days
	rgObjectiveFrom  = date(2023, 1, 30)  // R6: "based on objective factors"
	rgWithdrawnFrom  = date(2023, 6, 28)  // R6: objective-factors test withdrawn
	section45From    = date(2015, 7, 31)  // R13: section 45 defence
	defaultRGAfter   = 20 * time.Minute
	englishLanguage  = "en"
	decisionStageMax = 5 // the Joint Decision Model's stages (J2)
	decisionStageMin = 1
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Rules is the rule set in force on a date (nrm-rules.md).
type Rules struct {
	AsOf time.Time
}

// DutyToNotify reports whether the s.52 duty exists (R4).
func (r Rules) DutyToNotify() bool { return !r.AsOf.Before(dutyToNotifyFrom) }

// RecoveryDays is the minimum recovery period after a positive RG decision (R7).
func (r Rules) RecoveryDays() int {
	if r.AsOf.Before(recovery30From) {
		return 45
	}
	return 30
}

// Authority names the competent authority of the day (R5).
func (r Rules) Authority() string {
	switch {
	case r.AsOf.Before(scaFrom):
		return "UK Human Trafficking Centre (NCA) / Home Office competent authority"
	case r.AsOf.Before(iecaFrom):
		return "Single Competent Authority"
	default:
		return "Single Competent Authority (IECA for people in immigration detention)"
	}
}

// RGTest is the Reasonable Grounds test of the day (R6).
func (r Rules) RGTest() string {
	switch {
	case r.AsOf.Before(rgObjectiveFrom):
		return `"suspect but cannot prove"`
	case r.AsOf.Before(rgWithdrawnFrom):
		return `"based on objective factors"`
	default:
		return `"based on all available general and specific evidence but falling short of conclusive proof"`
	}
}

// Section45 reports whether the section 45 defence exists (R13).
func (r Rules) Section45() bool { return !r.AsOf.Before(section45From) }

// firstResponderKinds may submit NRM referrals (R1); an NGO only when it is
// on the list (Agency.FirstResponder).
var firstResponderKinds = []string{"police", "border_force", "adult_safeguarding", "child_safeguarding", "housing", "nca", "glaa", "immigration"}

// dutyToNotifyKinds are the specified public authorities of s.52 (R4).
var dutyToNotifyKinds = []string{"police", "border_force", "adult_safeguarding", "child_safeguarding", "housing", "nca", "glaa", "immigration"}

// powersKinds may arrest.
var powersKinds = []string{"police", "border_force", "nca", "immigration"}

// careActFrom is when the Care Act 2014 s.42 came into force (R12).
var careActFrom = date(2015, 4, 1)

// AdultSafeguarding names the adult safeguarding route of the day (R12):
// a Care Act 2014 s.42 enquiry from 1 April 2015; before that, adult
// protection under the "No Secrets" guidance (2000).
func (r Rules) AdultSafeguarding() string {
	if r.AsOf.Before(careActFrom) {
		return `an adult protection referral under the "No Secrets" guidance (2000) and local multi-agency procedures`
	}
	return "a Care Act 2014 s.42 enquiry"
}

// Text is the plain statement of a rule as it stood on the rules' date,
// with its source, or "" for a rule the engine does not state. It is
// [RuleText] but for the rules whose text changed over time.
func (r Rules) Text(rule string) string {
	if rule == "R12" && r.AsOf.Before(careActFrom) {
		return `An adult with care and support needs at risk of abuse gets an adult protection referral and enquiry in parallel with any NRM referral. (Department of Health, "No Secrets" guidance, 2000; the Care Act 2014 s.42 replaced it from 1 April 2015)`
	}
	return RuleText[rule]
}

// IsFirstResponder reports whether a may refer into the NRM (R1).
func (a *Agency) IsFirstResponder() bool {
	return slices.Contains(firstResponderKinds, a.Kind) || (a.Kind == "ngo" && a.FirstResponder)
}

// RuleText is a plain statement of each rule the engine cites, with its
// source, for rejections and the debrief.
var RuleText = map[string]string{
	"R1":  "Only a first responder organisation may submit an NRM referral; others pass the case to one. (College of Policing APP; NRM statutory guidance)",
	"R2":  "An adult is referred into the NRM only with informed consent, after the NRM, its support and outcomes have been explained. (NRM guidance)",
	"R3":  "A child, or a person who may be a child, is referred without consent after being safeguarded first; a Duty to Notify report must not replace a child's referral. (NRM guidance)",
	"R3a": "A person whose age is disputed is treated as a child until an age assessment says otherwise. (ICTG interim guidance 2024)",
	"R4":  "A specified public authority notifies the Home Office of a potential adult victim who does not consent, by an anonymous Duty to Notify report; an NRM referral discharges the duty; no duty before 1 November 2015. (Modern Slavery Act 2015 s.52)",
	"R5":  "The competent authority decides: UKHTC/Home Office before April 2019, the Single Competent Authority after. (NRM guidance)",
	"R6":  "A Reasonable Grounds decision follows a referral, within 5 working days where possible. (NRM guidance)",
	"R7":  "The recovery period starts with a positive RG decision: 45 days until 12 December 2022, 30 days after; Conclusive Grounds cannot come before it ends. (NRM guidance)",
	"R8":  "A Conclusive Grounds decision is on the balance of probabilities. (NRM guidance)",
	"R9":  "Safeguard first: remove a potential victim to a place of safety, with an interpreter where needed, before the referral paperwork; record a decline with the offer, reasons and risk. (NRM guidance; Leeds 2013 practice)",
	"R12": "An adult with care and support needs at risk of abuse gets a Care Act 2014 s.42 enquiry in parallel with any NRM referral; s.42 is in force from 1 April 2015. (Care Act 2014)",
	"R13": "A suspect who may be a victim has the section 45 defence considered: for an adult, compulsion attributable to slavery or exploitation, where a reasonable person in the same situation would have no realistic alternative; for a child (s.45(4)), an act done as a direct consequence of being a victim, where a reasonable person with the child's relevant characteristics would do it, with no compulsion needed; not for Schedule 4 offences. The CPS asks police to investigate and refer. (Modern Slavery Act 2015 s.45; CPS guidance)",
	"R10": "Adult victim support in England and Wales (accommodation, interpreting, money, healthcare, legal advice) comes through the Modern Slavery Victim Care Contract. (Home Office)",
	"R11": "Independent Child Trafficking Guardians support children in most local authorities; children are still referred through child safeguarding and the NRM. (Modern Slavery Act 2015 s.48)",
	"R14": "A Slavery and Trafficking Prevention or Risk Order needs a real risk of harm and must be necessary to protect people. (Modern Slavery Act 2015 Part 2)",
	"R15": "Indicators are physical, psychological or situational: injuries, fear, scripted answers, documents held by others, debt, living at work, no control of wages. (NRM guidance)",
	"R16": "Exploitation is sexual, labour, criminal, domestic servitude or organ harvesting; for a child the means are not needed. (Modern Slavery Act 2015)",
	"J1":  "JESIP's five principles: co-locate, communicate, co-ordinate, jointly understand risk, shared situational awareness. (JESIP)",
	"J2":  "Joint Decision Model: decisions go in a decision log with their rationale, tagged with their stage. (JESIP)",
	"J3":  "M/ETHANE: a structured situation report shared by every agency. (JESIP)",
}

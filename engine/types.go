package engine

import (
	"slices"
	"time"
)

// Facilitator is the actor id of the facilitator, who runs the clock and
// plays every role nobody holds, the competent authority among them.
const Facilitator = "facilitator"

// System is the actor id of events the engine makes by itself: timed
// injects, the competent authority's decisions on its timetable, missed
// deadlines.
const System = "engine"

// AgencyKinds are the kinds of agency a seat may be.
var AgencyKinds = []string{"police", "border_force", "cps", "adult_safeguarding", "child_safeguarding", "housing", "health", "ngo", "nca", "glaa", "immigration", "other"}

// ResourceKinds are the kinds of scarce resource.
var ResourceKinds = []string{"officers", "interpreter", "bed", "reception_place", "medic"}

// Channels are the ways an inject reaches its recipients.
var Channels = []string{"phone", "email", "radio", "intelligence", "media", "walk_in", "meeting"}

// IndicatorKinds are the kinds of indicator: the three of R15, and
// offending, for signs that a person exploits others.
var IndicatorKinds = []string{"physical", "psychological", "situational", "offending"}

// ExploitationTypes are the types of exploitation (R16).
var ExploitationTypes = []string{"sexual", "labour", "criminal", "benefit_fraud", "domestic_servitude", "organ_harvesting"}

// Needs are the kinds of need a person may have.
var Needs = []string{"medical", "interpreter", "accommodation", "care_and_support"}

// Outcomes are the Conclusive Grounds outcomes (R8).
var Outcomes = []string{"victim_of_trafficking", "victim_of_slavery", "not_recognised"}

// Statuses are the steps of a person's journey, in order.
var Statuses = []string{"known", "concern", "identified", "safe", "declined", "referred", "notified", "rg_positive", "rg_negative", "cg_positive", "cg_negative"}

// RevealActions are the actions that can reveal an indicator to the agency
// that takes them.
// "interview" is seeking consent with the person disclosing; "medical" is
// a medical assessment (a medic allocated for the person).
var RevealActions = []string{"observe", "interview", "remove", "medical", "age_assessment", "arrest"}

// Command types: what players and the facilitator can do.
const (
	CmdObserve           = "observe"            // record an observation or concern about a person
	CmdIdentify          = "identify"           // identify a person as a potential victim
	CmdShare             = "share"              // share what the agency knows with other agencies
	CmdMessage           = "message"            // send free text to other agencies, optionally about a person
	CmdRequest           = "request_resource"   // ask an agency for a resource for a person
	CmdAllocate          = "allocate_resource"  // the holder grants a request
	CmdRefuse            = "refuse_request"     // the holder refuses a request
	CmdOfferSupport      = "offer_support"      // offer a person safety and support
	CmdRemove            = "remove"             // move a person to a place of safety
	CmdRecordDecline     = "record_decline"     // record a person's declining of support
	CmdSeekConsent       = "seek_consent"       // explain the NRM and ask for consent
	CmdNRMReferral       = "nrm_referral"       // refer into the National Referral Mechanism
	CmdDutyToNotify      = "duty_to_notify"     // anonymous Duty to Notify report
	CmdChildSafeguarding = "child_safeguarding" // refer to child safeguarding
	CmdAdultSafeguarding = "adult_safeguarding" // adult safeguarding referral (R12: Care Act s.42 from 1 April 2015)
	CmdAgeAssessment     = "age_assessment"     // assess a person's age
	CmdArrest            = "arrest"             // arrest a suspect
	CmdChargingRequest   = "request_charging"   // ask the CPS for charging advice
	CmdChargingAdvice    = "charging_advice"    // the CPS's advice, with section 45 considered
	CmdLogDecision       = "log_decision"       // a decision-log entry with rationale and JDM stage
	CmdDecide            = "decide"             // answer a scripted decision point
	CmdMethane           = "methane"            // an M/ETHANE situation report (J3); see methane.go
	CmdTick              = "tick"               // let exercise time reach the command's time
	CmdPause             = "pause"              // facilitator: pause play
	CmdResume            = "resume"             // facilitator: resume play
	CmdAdvanceClock      = "advance_clock"      // facilitator: skip in-world time forward
	CmdReleaseInject     = "release_inject"     // facilitator: fire a scripted inject now
	CmdAdhocInject       = "adhoc_inject"       // facilitator: send an improvised inject
	CmdCADecision        = "ca_decision"        // facilitator: a competent authority decision
	CmdNoPlay            = "no_play"            // facilitator: stop play for a real-world matter
	CmdLiftNoPlay        = "lift_no_play"       // facilitator: end NO PLAY
	CmdEnd               = "end"                // facilitator: end the exercise
	CmdSeat              = "seat"               // facilitator (the server): who now plays a seat
	CmdAddResource       = "add_resource"       // facilitator: mutual aid, more of a resource for an agency
)

// CommandTypes lists every command type.
var CommandTypes = []string{CmdObserve, CmdIdentify, CmdShare, CmdMessage, CmdRequest, CmdAllocate, CmdRefuse, CmdOfferSupport, CmdRemove, CmdRecordDecline, CmdSeekConsent, CmdNRMReferral, CmdDutyToNotify, CmdChildSafeguarding, CmdAdultSafeguarding, CmdAgeAssessment, CmdArrest, CmdChargingRequest, CmdChargingAdvice, CmdLogDecision, CmdDecide, CmdMethane, CmdTick, CmdPause, CmdResume, CmdAdvanceClock, CmdReleaseInject, CmdAdhocInject, CmdCADecision, CmdNoPlay, CmdLiftNoPlay, CmdEnd, CmdAddResource, CmdSeat}

// FacilitatorCommands are the command types only the facilitator may give.
var FacilitatorCommands = []string{CmdTick, CmdPause, CmdResume, CmdAdvanceClock, CmdReleaseInject, CmdAdhocInject, CmdCADecision, CmdNoPlay, CmdLiftNoPlay, CmdEnd, CmdAddResource, CmdSeat}

// Event types. Every accepted player action is recorded as an event whose
// type is the command's type; these are the others.
const (
	EvCommand        = "command"         // a command as received; the log's input
	EvRejected       = "rejected"        // a command refused, with the rule or reason
	EvFlagged        = "flagged"         // an accepted action that fell short of a rule
	EvStarted        = "started"         // the exercise began
	EvPhase          = "phase"           // a phase began
	EvInject         = "inject"          // an inject reached its recipients
	EvLearned        = "learned"         // an agency learned of a person or indicators
	EvSupportRefused = "support_refused" // a person declined removal when offered it
	EvConsent        = "consent"         // the outcome of seeking consent
	EvDecisionOpen   = "decision_open"   // a scripted decision point opened
	EvRG             = "rg_decision"     // a Reasonable Grounds decision (R6)
	EvCG             = "cg_decision"     // a Conclusive Grounds decision (R8)
	EvFlag           = "flag_set"        // a scenario flag was set
	EvResource       = "resource_change" // an agency's stock changed by a decision or mutual aid
	EvMissed         = "deadline_missed" // an expected action was not taken in time
	EvPaused         = "paused"          // the facilitator paused play
	EvResumed        = "resumed"         // play resumed
	EvClockAdvanced  = "clock_advanced"  // the in-world clock skipped forward
	EvNoPlay         = "no_play"         // NO PLAY: a real-world matter stops play
	EvNoPlayLifted   = "no_play_lifted"  // NO PLAY lifted
	EvEnded          = "ended"           // the exercise ended; carries the final score
	EvSeat           = "seat"            // who plays a seat changed (a person joined or left, a bot took over)
)

// EvReturned is the event of a booked resource coming back to its
// holder's stock (see resources.go).
const EvReturned = "resource_returned"

// Command is one thing an actor asks the engine to do. Which fields matter
// depends on Type; the rest stay empty.
type Command struct {
	// ID is chosen by the client, so that a retry is applied once.
	ID string `json:"id,omitempty"`
	// Actor is an agency id or [Facilitator].
	Actor string `json:"actor"`
	Type  string `json:"type"`
	// T is the exercise time at which the command takes effect, in
	// milliseconds. It never goes backwards.
	T int64 `json:"t"`

	Person    string   `json:"person,omitempty"`
	To        []string `json:"to,omitempty"`
	Facts     []string `json:"facts,omitempty"`
	Agency    string   `json:"agency,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Language  string   `json:"language,omitempty"`
	Request   string   `json:"request,omitempty"`
	Place     string   `json:"place,omitempty"`
	Inject    string   `json:"inject,omitempty"`
	Decision  string   `json:"decision,omitempty"`
	Option    string   `json:"option,omitempty"`
	Outcome   string   `json:"outcome,omitempty"`
	Consent   bool     `json:"consent,omitempty"`
	Section45 bool     `json:"section45,omitempty"`
	Stage     int      `json:"stage,omitempty"`
	Text      string   `json:"text,omitempty"`
	Rationale string   `json:"rationale,omitempty"`
	Risk      string   `json:"risk,omitempty"`
	From      string   `json:"from,omitempty"`
	Channel   string   `json:"channel,omitempty"`
	Days      int      `json:"days,omitempty"`
	// Count is how many of a resource add_resource adds.
	Count int `json:"count,omitempty"`
	// Methane is the M/ETHANE report of a methane command (J3).
	Methane *Methane `json:"methane,omitempty"`
}

// Event is one thing that happened. Events are the engine's output and the
// lines of the debrief log.
type Event struct {
	Seq int64 `json:"seq"`
	// T is the exercise time in milliseconds.
	T int64 `json:"t"`
	// Wall is the wall-clock time the command arrived; it is the one field
	// that may differ between two runs of the same commands.
	Wall  time.Time `json:"wall"`
	Actor string    `json:"actor"`
	Type  string    `json:"type"`
	// To lists the agencies that see the event; the facilitator sees all.
	To      []string `json:"to,omitempty"`
	Payload Payload  `json:"payload"`
	// Prev is the hex SHA-256 of the previous line of the log.
	Prev string `json:"prev,omitempty"`
}

// Visible reports whether agency may see e.
func (e *Event) Visible(agency string) bool {
	return agency == Facilitator || slices.Contains(e.To, agency)
}

// Payload holds an event's details; which fields are set depends on the
// event's type.
type Payload struct {
	Command    *Command `json:"command,omitempty"`
	CommandID  string   `json:"command_id,omitempty"`
	Person     string   `json:"person,omitempty"`
	Indicators []string `json:"indicators,omitempty"`
	Agency     string   `json:"agency,omitempty"`
	Agencies   []string `json:"agencies,omitempty"`
	Rule       string   `json:"rule,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	Inject     string   `json:"inject,omitempty"`
	From       string   `json:"from,omitempty"`
	Channel    string   `json:"channel,omitempty"`
	Text       string   `json:"text,omitempty"`
	Rationale  string   `json:"rationale,omitempty"`
	Risk       string   `json:"risk,omitempty"`
	Decision   string   `json:"decision,omitempty"`
	Option     string   `json:"option,omitempty"`
	// Expect is an inject's expectation id (on deadline_missed).
	Expect    string `json:"expect,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Language  string `json:"language,omitempty"`
	Count     int    `json:"count,omitempty"`
	Request   string `json:"request,omitempty"`
	Place     string `json:"place,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	Positive  bool   `json:"positive,omitempty"`
	Consented bool   `json:"consented,omitempty"`
	Disclosed bool   `json:"disclosed,omitempty"`
	Section45 bool   `json:"section45,omitempty"`
	Stage     int    `json:"stage,omitempty"`
	Phase     string `json:"phase,omitempty"`
	Flag      string `json:"flag,omitempty"`
	Cause     string `json:"cause,omitempty"`
	// InWorld is the in-world date and time, where it matters (CA decisions).
	InWorld string `json:"in_world,omitempty"`
	// Authority names the competent authority of the day (R5).
	Authority string `json:"authority,omitempty"`
	Days      int    `json:"days,omitempty"`
	// Score is the final score, on the event that ends the exercise.
	Score *ScoreSummary `json:"score,omitempty"`
	// Methane is the report, on a methane event (J3).
	Methane *Methane `json:"methane,omitempty"`
}

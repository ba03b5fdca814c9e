// Package report turns a debrief log into an after-action report: a
// summary, the scores, a timeline, each victim's journey, the missed
// opportunities, the information-sharing picture, the rule findings, the
// JESIP picture and an improvement plan in the shape of an HSEEP
// after-action report. It renders the report as Markdown or as a
// self-contained HTML page with an inline SVG timeline, and it compares
// runs of one scenario ([Compare]), re-scores a log under a revised rubric
// ([Rescore]) and finds training needs across many logs ([TrendsBuilder]).
//
// A report is built in one pass over the log: [FromLog] verifies the log
// (hash chain and engine re-run) as it builds; [Build] checks the chain
// only. Neither holds the events: each is folded into the derived data the
// report needs as it is read, so a log of millions of events takes little
// more memory than a short one.
package report

import (
	"time"

	"ttx/engine"
)

// Report is the after-action report of one exercise, derived from its
// debrief log. Times are exercise times in milliseconds.
type Report struct {
	Summary  Summary   `json:"summary"`
	Scores   Scores    `json:"scores"`
	Timeline Timeline  `json:"timeline"`
	Journeys []Journey `json:"journeys"`
	// JourneyTotals sums up Journeys: the counts the journey table shows.
	JourneyTotals JourneyTotals `json:"journey_totals"`
	// Missed lists the missed opportunities: an agency that saw indicators
	// of a victim and neither acted on that person nor shared them.
	Missed []Missed `json:"missed"`
	// Expectations lists the actions an inject expected that were not
	// taken by their deadline.
	Expectations []MissedExpectation `json:"missed_expectations"`
	Sharing      Sharing             `json:"sharing"`
	// Findings groups every rejected action that cites a rule and every
	// flagged action.
	Findings []Finding `json:"findings"`
	// Refusals groups the rejected actions that cite no rule (not
	// permitted, no resources left, not possible now, malformed).
	Refusals  []Refusal       `json:"refusals"`
	Decisions []DecisionPoint `json:"decisions"`
	JESIP     JESIP           `json:"jesip"`
	Plan      Plan            `json:"improvement_plan"`
}

// Summary says what was played, when, by which seats, and how the log was
// checked.
type Summary struct {
	Scenario       string `json:"scenario"`
	Title          string `json:"title"`
	About          string `json:"about"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	// Exercise is the server's id of the exercise, when it was hosted.
	Exercise string `json:"exercise,omitempty"`
	// Fork names the log and moment this log was forked from, when it is
	// a fork ([engine.ForkLog]).
	Fork *engine.Fork `json:"fork,omitempty"`
	Seed int64        `json:"seed"`
	// RulesAsOf is the date of the rules applied, YYYY-MM-DD.
	RulesAsOf string `json:"rules_as_of"`
	// Authority is the competent authority of the day (R5).
	Authority string `json:"authority,omitempty"`
	Engine    string `json:"engine"`
	// Created is when the log was created: the date of the exercise.
	Created time.Time `json:"created"`
	// InWorldStart is the in-world date and time at exercise time zero.
	InWorldStart string `json:"in_world_start"`
	// Length is the exercise time of the last event.
	Length   int64 `json:"length_ms"`
	Events   int64 `json:"events"`
	Commands int64 `json:"commands"`
	// FacilitatorCommands counts the facilitator's commands other than
	// clock ticks.
	FacilitatorCommands int64 `json:"facilitator_commands"`
	// Ended reports whether the facilitator ended the exercise.
	Ended bool `json:"ended"`
	// Verification says how the log was checked.
	Verification string      `json:"verification"`
	Seats        []Seat      `json:"seats"`
	Objectives   []Objective `json:"objectives"`
	Phases       []PhaseMark `json:"phases"`
	Pauses       []Interval  `json:"pauses"`
}

// Seat is one agency's seat and what the log shows of its play, with who
// played it when the log records that (a hosted exercise does).
type Seat struct {
	Agency         string `json:"agency"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	FirstResponder bool   `json:"first_responder"`
	// Commands counts the commands the seat sent.
	Commands int64 `json:"commands"`
	// Accepted counts its actions the engine accepted; Rejected those it
	// refused.
	Accepted int64 `json:"accepted"`
	Rejected int64 `json:"rejected"`
	// First and Last are the times of its first and last command; both
	// are -1 when it sent none.
	First int64 `json:"first_ms"`
	Last  int64 `json:"last_ms"`
	// PlayedBy is who held the seat, in order, from the log's seat
	// events: empty where the log does not say (a simulation).
	PlayedBy []Holder `json:"played_by,omitempty"`
}

// Holder is who held a seat from an exercise time on.
type Holder struct {
	T int64 `json:"t"`
	// Kind is person, bot or empty; Name the players' names or the bot's
	// kind.
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
}

// Objective is one of the scenario's learning objectives.
type Objective struct {
	ID        string   `json:"id"`
	Text      string   `json:"text"`
	Exercises []string `json:"exercises,omitempty"`
}

// PhaseMark is when a phase of play began.
type PhaseMark struct {
	T     int64  `json:"t"`
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Interval is a facilitator's pause or a NO PLAY. Exercise time stands
// still while play is stopped, so From and To (exercise times) are usually
// equal; Wall is how long it lasted by the wall clock.
type Interval struct {
	// Kind is "paused" or "no_play".
	Kind string `json:"kind"`
	From int64  `json:"from"`
	To   int64  `json:"to"`
	Wall int64  `json:"wall_ms"`
	Text string `json:"text,omitempty"`
	// Open reports that the log ends before play resumed.
	Open bool `json:"open,omitempty"`
}

// Scores is the scorecard, computed from the log's events under the
// scenario's rubric.
type Scores struct {
	Total    int           `json:"total"`
	Earned   int           `json:"earned"`
	Penalty  int           `json:"penalty"`
	Possible int           `json:"possible"`
	Agencies []AgencyScore `json:"agencies"`
	Items    []Item        `json:"items"`
	// Shortfalls lists every point lost, each charged to the agency
	// responsible, with its cause.
	Shortfalls []Shortfall `json:"shortfalls"`
}

// AgencyScore is one agency's score, 0 to 100, and its points (see
// [engine.AgencyScore]), with its name and what it lost.
type AgencyScore struct {
	engine.AgencyScore
	Name string `json:"name"`
	// Lost is the points charged to the agency, by cause (see
	// [engine.Shortfall]).
	Lost map[string]int `json:"lost,omitempty"`
}

// Shortfall is points lost on one item, charged to the agency responsible
// for it, with its cause (see [engine.Shortfall]).
type Shortfall struct {
	engine.Shortfall
	// Alias is the person's name as players know it.
	Alias string `json:"alias,omitempty"`
}

// Item is the result of one rubric item or inject expectation.
type Item struct {
	ID string `json:"id"`
	// Text says what good practice the item scores.
	Text string `json:"text"`
	// Source is "rubric" or "expectation".
	Source    string   `json:"source"`
	Evidences []string `json:"evidences,omitempty"`
	Agencies  []string `json:"agencies,omitempty"`
	// Points are per match; negative for a penalty.
	Points   int `json:"points"`
	Earned   int `json:"earned"`
	Possible int `json:"possible"`
	// Lead lists the agencies whose duty the item is.
	Lead []string `json:"lead,omitempty"`
	// Action is the event type the item scores; Asked the request it
	// answers, if any.
	Action string `json:"action,omitempty"`
	Asked  string `json:"asked,omitempty"`
	// Unmet lists the aliases of the people the item was not fully earned
	// for; Charged those a penalty was charged for.
	Unmet   []string `json:"unmet,omitempty"`
	Charged []string `json:"charged,omitempty"`
	// ByAgency is the points each agency's actions earned (or, for a
	// penalty, were charged).
	ByAgency map[string]int `json:"by_agency,omitempty"`
}

// Timeline is the exercise drawn as marks in lanes, one lane per agency
// and one for the facilitator. Marks are counted in bins of equal width so
// that any length of log draws in bounded space.
type Timeline struct {
	End int64 `json:"end"`
	// Bin is the width of a bin in milliseconds.
	Bin   int64  `json:"bin_ms"`
	Lanes []Lane `json:"lanes"`
}

// Lane is one agency's (or the facilitator's) row of the timeline.
type Lane struct {
	Agency string `json:"agency"`
	Marks  []Mark `json:"marks"`
	// Totals counts the lane's marks by kind.
	Totals map[string]int `json:"totals"`
}

// Mark is one or more events of a kind in a lane within one bin.
type Mark struct {
	// Kind is one of inject, action, decision, rejected, flagged, missed.
	Kind  string `json:"kind"`
	T     int64  `json:"t"`
	Count int    `json:"count"`
}

// Kinds of timeline mark.
const (
	MarkInject   = "inject"   // an inject reached the agency
	MarkAction   = "action"   // an action of the agency's was accepted
	MarkDecision = "decision" // a decision-log entry or a decision point answered
	MarkRejected = "rejected" // an action was refused
	MarkFlagged  = "flagged"  // an accepted action fell short of a rule
	MarkMissed   = "missed"   // an expected action was not taken in time
)

// markKinds lists the kinds of mark in drawing order.
func markKinds() []string {
	return []string{MarkInject, MarkAction, MarkDecision, MarkRejected, MarkFlagged, MarkMissed}
}

// Journey is one victim's way through identification, safety and the NRM,
// with each step's delay from the first indicator anyone saw.
type Journey struct {
	Person string `json:"person"`
	Alias  string `json:"alias"`
	Child  bool   `json:"child"`
	// FirstIndicator is when any agency first learned an indicator.
	FirstIndicator *Step `json:"first_indicator,omitempty"`
	Identified     *Step `json:"identified,omitempty"`
	Safe           *Step `json:"safe,omitempty"`
	Declined       *Step `json:"declined,omitempty"`
	Referred       *Step `json:"referred,omitempty"`
	Notified       *Step `json:"notified,omitempty"`
	RG             *Step `json:"rg,omitempty"`
	CG             *Step `json:"cg,omitempty"`
	// Outcome says where the journey had got to when the log ends.
	Outcome string   `json:"outcome"`
	Notes   []string `json:"notes,omitempty"`
}

// JourneyTotals counts the victims whose journeys reached each step, as
// the journey table shows them: the "safe or declined" column shows the
// removal when there was one, else a recorded decline; the "referred or
// notified" column the referral when there was one, else a Duty to Notify
// report (R4: a referral discharges the duty).
type JourneyTotals struct {
	Victims    int       `json:"victims"`
	Identified StepTotal `json:"identified"`
	Safe       StepTotal `json:"safe"`
	// Declined counts the people not made safe whose decline of support
	// was recorded (R9).
	Declined StepTotal `json:"declined_recorded"`
	Referred StepTotal `json:"referred"`
	// Notified counts Duty to Notify reports for people not referred.
	Notified StepTotal `json:"notified"`
}

// StepTotal counts the journeys that reached one step, and how the step
// stood to the first indicator anyone saw of the person.
type StepTotal struct {
	Count int `json:"count"`
	// After counts the steps taken at or after the first indicator, and
	// MeanDelay is their mean delay from it; Before counts the steps taken
	// before any indicator of the person was seen (or with none ever seen).
	After     int   `json:"after_indicator"`
	MeanDelay int64 `json:"mean_delay_ms"`
	Before    int   `json:"before_indicator"`
}

// Step is one step of a journey.
type Step struct {
	T      int64  `json:"t"`
	Agency string `json:"agency,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Delay is the time since the first indicator; negative when the step
	// came first. Absent when no indicator was ever seen.
	Delay *int64 `json:"delay_ms,omitempty"`
	// InWorld is the in-world date and time of a competent authority's
	// decision (RG, CG), which the exercise clock may have fast-forwarded
	// to (R6, R7, R8).
	InWorld string `json:"in_world,omitempty"`
}

// Missed is a missed opportunity: an agency learned indicators of a victim
// and neither took an action on that person nor shared them.
type Missed struct {
	// Kind is seen_not_acted (indicators seen, neither acted on nor
	// shared) or not_gathered (nobody gathered the person's indicators;
	// Agency knew of them first).
	Kind       string         `json:"kind"`
	Agency     string         `json:"agency"`
	Person     string         `json:"person"`
	Alias      string         `json:"alias"`
	T          int64          `json:"t"`
	Indicators []IndicatorRef `json:"indicators"`
	// NeededBy names the agencies that needed what was seen: the first
	// responder that would lead for the person (children's services for a
	// child), and when, if ever, they learned it some other way.
	NeededBy []Need `json:"needed_by"`
}

// IndicatorRef is one indicator of a person (R15).
type IndicatorRef struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Need is an agency that needed a missed indicator.
type Need struct {
	Agency string `json:"agency"`
	Role   string `json:"role"`
	// Learned is when the agency first learned any indicator of the
	// person, nil if it never did; From says how.
	Learned *int64 `json:"learned,omitempty"`
	From    string `json:"from,omitempty"`
}

// MissedExpectation is an action an inject expected that was not taken by
// its deadline.
type MissedExpectation struct {
	T         int64    `json:"t"`
	Inject    string   `json:"inject"`
	Expect    string   `json:"expect"`
	Action    string   `json:"action"`
	Agencies  []string `json:"agencies,omitempty"`
	Person    string   `json:"person,omitempty"`
	Evidences []string `json:"evidences,omitempty"`
	Points    int      `json:"points"`
}

// Sharing is who shared what with whom and when: from share actions, and
// from referrals that pass on what the referrer knows (to children's or
// adult social care, or to the CPS with a charging request).
type Sharing struct {
	Agencies []string `json:"agencies"`
	// Cells has one entry for each pair of agencies between which anything
	// passed, ordered by sender then recipient.
	Cells []Cell `json:"cells"`
	// People lists, for each agency and person shared, the first share.
	People []PersonShare `json:"people"`
	// Messages counts shares with no person: messages only.
	Messages int `json:"messages"`
	// Shares counts share actions.
	Shares int `json:"shares"`
	// Waits are the resource requests that waited for a scarce resource.
	Waits Waits `json:"waits"`
}

// Cell is what passed from one agency to another.
type Cell struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Shares counts share actions; PassOns counts referrals that passed
	// on what the sender knew.
	Shares  int `json:"shares"`
	PassOns int `json:"pass_ons"`
	// Delivered counts indicators the recipient learned for the first time
	// from the sender.
	Delivered int   `json:"delivered"`
	First     int64 `json:"first"`
	Last      int64 `json:"last"`
	// People lists the aliases of the people shared about.
	People []string `json:"people,omitempty"`
}

// PersonShare is an agency's first share of a person.
type PersonShare struct {
	From   string   `json:"from"`
	Person string   `json:"person"`
	Alias  string   `json:"alias"`
	T      int64    `json:"t"`
	To     []string `json:"to"`
	// Indicators counts the indicators shared with it.
	Indicators int `json:"indicators"`
	// Delay is the time from the sender first learning an indicator of
	// the person to this share, when it learned one before.
	Delay *int64 `json:"delay_ms,omitempty"`
}

// Finding is a group of like rule findings: rejected actions citing a
// rule, or accepted actions flagged as short of one, by one agency, of one
// type of action, for the same reason (whoever it was about).
type Finding struct {
	// Type is "rejected" or "flagged".
	Type   string `json:"type"`
	Rule   string `json:"rule"`
	Agency string `json:"agency"`
	// Action is the command type refused or flagged.
	Action string `json:"action,omitempty"`
	// People lists the aliases of the people the actions were about.
	People []string `json:"people,omitempty"`
	// Reason is the engine's reason, the first time.
	Reason string `json:"reason"`
	Count  int    `json:"count"`
	First  int64  `json:"first"`
	Last   int64  `json:"last"`
	// Seq is the sequence number of the first event.
	Seq int64 `json:"seq"`
	// Explanation and Source are the rule in plain words and where it
	// comes from; GoodPractice is what would have been done instead.
	Explanation  string `json:"explanation"`
	Source       string `json:"source"`
	GoodPractice string `json:"good_practice"`
}

// Refusal is a group of rejected actions that cite no rule.
type Refusal struct {
	Agency string `json:"agency"`
	// Code is not_permitted, resources, state, invalid, or "" for a
	// command dated before the exercise time.
	Code   string `json:"code"`
	Action string `json:"action"`
	Count  int    `json:"count"`
	First  int64  `json:"first"`
	// Example is the reason given the first time.
	Example string `json:"example"`
}

// DecisionPoint is a scripted decision and how it was answered.
type DecisionPoint struct {
	ID     string `json:"id"`
	Agency string `json:"agency"`
	Prompt string `json:"prompt"`
	// Opened is when the decision opened, nil if it never did.
	Opened *int64 `json:"opened,omitempty"`
	// Chosen is the option taken, "" if none was.
	Chosen     string `json:"chosen,omitempty"`
	ChosenText string `json:"chosen_text,omitempty"`
	T          int64  `json:"t,omitempty"`
	// Defaulted reports that time ran out and the default was taken.
	Defaulted bool `json:"defaulted,omitempty"`
	// Recommended is the option good practice would take.
	Recommended     string `json:"recommended,omitempty"`
	RecommendedText string `json:"recommended_text,omitempty"`
}

// FollowedGoodPractice reports whether the recommended option was chosen
// (true when the decision has no recommended option).
func (d DecisionPoint) FollowedGoodPractice() bool {
	return d.Recommended == "" || d.Chosen == d.Recommended
}

// JESIP is the decision log grouped by Joint Decision Model stage (J2) and
// how each of the five JESIP principles (J1) showed in play.
type JESIP struct {
	Stages     []Stage     `json:"stages"`
	Principles []Principle `json:"principles"`
	// Methane is how the agencies' M/ETHANE reports (J3) compared.
	Methane Methane `json:"methane"`
}

// Stage is one stage of the Joint Decision Model and its decision-log
// entries.
type Stage struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
	// Count counts entries; Entries lists them with repeats folded, up to
	// a limit; Omitted counts the entries left out once the list was full.
	Count    int             `json:"count"`
	Agencies map[string]int  `json:"agencies"`
	Entries  []DecisionEntry `json:"entries"`
	Omitted  int             `json:"omitted,omitempty"`
}

// DecisionEntry is a decision-log entry, with how often it was logged.
type DecisionEntry struct {
	Agency    string `json:"agency"`
	T         int64  `json:"t"`
	Text      string `json:"text"`
	Rationale string `json:"rationale"`
	Count     int    `json:"count"`
}

// Principle is how one JESIP principle showed in play.
type Principle struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Rating is one of "shown", "partly shown", "not shown" or
	// "not measurable".
	Rating  string   `json:"rating"`
	Signals []string `json:"signals"`
	Note    string   `json:"note"`
}

// Ratings of a JESIP principle.
const (
	Shown         = "shown"          // the log shows the principle in play
	PartlyShown   = "partly shown"   // some signals of it, not all
	NotShown      = "not shown"      // none of its signals
	NotMeasurable = "not measurable" // the log cannot say
)

// Plan is the improvement plan, in the shape of an HSEEP after-action
// report: each objective rated, the strengths, and the areas for
// improvement with a recommendation and an owning agency.
type Plan struct {
	Objectives   []ObjectiveRating `json:"objectives"`
	Strengths    []Strength        `json:"strengths"`
	Improvements []Improvement     `json:"improvements"`
}

// ObjectiveRating rates one objective the HSEEP way: P performed without
// challenges, S with some challenges, M with major challenges, U unable to
// be performed.
type ObjectiveRating struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Earned   int    `json:"earned"`
	Penalty  int    `json:"penalty"`
	Possible int    `json:"possible"`
	Rating   string `json:"rating"`
	Meaning  string `json:"meaning"`
}

// Strength is something done well.
type Strength struct {
	Text     string   `json:"text"`
	Agencies []string `json:"agencies,omitempty"`
	// Reference names the rule or objective behind it.
	Reference string `json:"reference,omitempty"`
}

// Improvement is an area for improvement: what was observed, the rule
// behind it, what to do, and who owns it.
type Improvement struct {
	// Capability is the objective the area belongs to, or the rule.
	Capability   string   `json:"capability"`
	Observations []string `json:"observations"`
	// Reference is the rule (or decision, or principle) id; Analysis
	// states the rule and its source.
	Reference      string `json:"reference"`
	Analysis       string `json:"analysis"`
	Recommendation string `json:"recommendation"`
	// Owner is the owning agency: the one responsible for what was
	// observed (root cause), not the one nearest to it. Partners share
	// the work.
	Owner    string   `json:"owner"`
	Partners []string `json:"partners,omitempty"`
	// Contact is the role in the owning agency that answers for it.
	Contact string `json:"contact"`
	// Priority is high, medium or low, from the weight; Due is when the
	// action is due, relative to the exercise.
	Priority string `json:"priority"`
	Due      string `json:"due"`
	// Weight orders the plan: points lost plus findings.
	Weight int `json:"weight"`
}

package engine

import "slices"

// The scenario format. Every type here is decoded from YAML by the strict
// node decoder in decode.go: each field's `yaml` tag is its key, and every
// struct that embeds [Node] remembers where it and each of its keys stood
// in the file, so that validation can name file:line:col.

// Scenario is one scripted exercise: the incident, who plays it, what
// happens when, and how play is scored.
type Scenario struct {
	Node `yaml:"-"`

	// ID is the scenario's short name, as given to `ttx simulate`.
	ID string `yaml:"id"`
	// Title is the scenario's name as shown to people.
	Title string `yaml:"title"`
	// Summary says in a paragraph what the exercise is about.
	Summary string `yaml:"summary"`
	// RulesAsOf is the date whose rule set (nrm-rules.md) applies.
	RulesAsOf Date `yaml:"rules_as_of"`
	// ContentWarning is shown to every player before play starts.
	ContentWarning string `yaml:"content_warning"`
	// Length is the expected length of play, for listings.
	Length Duration `yaml:"length"`
	// Objectives are the learning objectives the exercise serves.
	Objectives []Objective `yaml:"objectives"`
	// Clock is the in-world clock.
	Clock Clock `yaml:"clock"`
	// CompetentAuthority sets how the competent authority (played by the
	// engine or the facilitator) makes its decisions.
	CompetentAuthority CompetentAuthority `yaml:"competent_authority"`
	// Agencies are the seats.
	Agencies []Agency `yaml:"agencies"`
	// Sites are the places where people are found.
	Sites []Site `yaml:"sites"`
	// People are everyone the players may meet.
	People []Person `yaml:"people"`
	// Injects are the Master Scenario Events List.
	Injects []Inject `yaml:"injects"`
	// Decisions are the scripted decision points.
	Decisions []Decision `yaml:"decisions"`
	// Rubric is how play is scored.
	Rubric []RubricItem `yaml:"rubric"`
	// MethaneAtPhases asks every agency for an M/ETHANE report (J3) as
	// each phase begins; [Phase.Methane] asks at one phase only.
	MethaneAtPhases bool `yaml:"methane_at_phases"`
}

// Objective is a learning objective, tied to the partnership aims or
// JESIP principles it exercises.
type Objective struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
	// Exercises names the partnership aims (aim:...) and JESIP principles
	// (J1:co-locate, J2, J3 ...) the objective exercises.
	Exercises []string `yaml:"exercises"`
}

// Clock is the in-world clock: when play starts and its phases.
type Clock struct {
	Node `yaml:"-"`
	// Start is the in-world date and time at exercise time zero.
	Start Time `yaml:"start"`
	// Phases divide play; each starts at an exercise time.
	Phases []Phase `yaml:"phases"`
	// End, when set, is the exercise time at which play ends by itself:
	// the engine ends the exercise, with its final score, as the
	// facilitator's end would.
	End *Duration `yaml:"end"`
}

// Phase is a named stretch of play.
type Phase struct {
	Node  `yaml:"-"`
	ID    string   `yaml:"id"`
	Title string   `yaml:"title"`
	At    Duration `yaml:"at"`
	// Methane asks every agency for an M/ETHANE report (J3) as the phase
	// begins.
	Methane bool `yaml:"methane"`
}

// CompetentAuthority configures the NRM decision maker (R5).
type CompetentAuthority struct {
	Node `yaml:"-"`
	// Mode is "engine" (the engine decides on its timetable, the default)
	// or "facilitator" (only the facilitator decides).
	Mode string `yaml:"mode"`
	// RGAfter is the exercise time from a referral to the engine's
	// Reasonable Grounds decision (R6), standing for up to five working days.
	RGAfter Duration `yaml:"rg_after"`
	// CGAfter is the exercise time from a positive RG decision to the
	// engine's Conclusive Grounds decision, which is dated no earlier than
	// the end of the recovery period (R7, R8). Zero leaves CG out.
	CGAfter Duration `yaml:"cg_after"`
}

// Agency is a seat: one agency played by a person, a team or a bot.
type Agency struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Kind is one of the values of [AgencyKinds].
	Kind string `yaml:"kind"`
	// FirstResponder marks an NGO that is on the list of first responder
	// organisations (R1). It is ignored for other kinds, whose status
	// follows from the kind.
	FirstResponder bool   `yaml:"first_responder"`
	Briefing       string `yaml:"briefing"`
	// Resources are the scarce things this agency holds.
	Resources []Resource `yaml:"resources"`
}

// Resource is a stock of one kind of scarce resource held by an agency.
type Resource struct {
	Node `yaml:"-"`
	// Kind is one of the values of [ResourceKinds].
	Kind string `yaml:"kind"`
	// Language is the language an interpreter speaks (for kind interpreter).
	Language string `yaml:"language"`
	Count    int    `yaml:"count"`
	// Booking is how long one allocation holds the resource before it
	// returns to the holder's stock. Zero: a bed or reception place is
	// held until the person moves on (see [PlaceReleases]); any other
	// kind for the rest of the exercise.
	Booking Duration `yaml:"booking"`
}

// Site is a place where people live or work.
type Site struct {
	Node     `yaml:"-"`
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Kind     string   `yaml:"kind"`
	Location string   `yaml:"location"`
	Risks    []string `yaml:"risks"`
}

// Person is anyone the players may meet: a victim, a non-victim, a suspect.
type Person struct {
	Node  `yaml:"-"`
	ID    string `yaml:"id"`
	Alias string `yaml:"alias"`
	// Age is the person's real age in years.
	Age int `yaml:"age"`
	// ClaimedAge is the age the person gives, where it differs.
	ClaimedAge int `yaml:"claimed_age"`
	// AgeDisputed marks a person whose age is in doubt: treated as a child
	// until an age assessment says otherwise (R3a).
	AgeDisputed bool     `yaml:"age_disputed"`
	Sex         string   `yaml:"sex"`
	Nationality string   `yaml:"nationality"`
	Languages   []string `yaml:"languages"`
	Site        string   `yaml:"site"`
	// Exploitation lists the types of exploitation (R16).
	Exploitation []string `yaml:"exploitation"`
	// Description is what anyone who meets the person sees.
	Description string      `yaml:"description"`
	Indicators  []Indicator `yaml:"indicators"`
	// Needs are among medical, interpreter, accommodation, care_and_support.
	Needs []string `yaml:"needs"`
	// Known lists the agencies that know of the person from the start.
	Known []string `yaml:"known"`
	Truth Truth    `yaml:"truth"`
}

// Indicator is one sign of trafficking or slavery (R15), and how it comes
// to light.
type Indicator struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	// Kind is physical, psychological or situational (R15), or offending
	// for signs that the person exploits others.
	Kind string `yaml:"kind"`
	Text string `yaml:"text"`
	// Revealed says to whom, when and by which action it comes to light.
	// An indicator with no entry comes to light only through an inject.
	Revealed []Reveal `yaml:"revealed"`
}

// Reveal is one way an indicator comes to light.
type Reveal struct {
	Node `yaml:"-"`
	// To lists agencies that learn it at time At, without acting.
	To []string `yaml:"to"`
	At Duration `yaml:"at"`
	// By is an action (one of [RevealActions]) that reveals the indicator
	// to the agency that takes it.
	By string `yaml:"by"`
}

// Truth is the hidden truth about a person that players must discover.
type Truth struct {
	Node `yaml:"-"`
	// Victim is whether the person is a victim of trafficking or slavery.
	Victim bool `yaml:"victim"`
	// Suspect is whether the person is an exploiter.
	Suspect bool `yaml:"suspect"`
	// AcceptsSupport is whether the person accepts removal and support
	// when offered; one who does not may decline (R9).
	AcceptsSupport bool `yaml:"accepts_support"`
	// Consents is whether, once properly informed, an adult consents to
	// an NRM referral (R2).
	Consents bool `yaml:"consents"`
	// Discloses is the chance (0 to 1) that the person discloses their
	// exploitation when consent is sought; the draw uses the exercise seed.
	Discloses float64 `yaml:"discloses"`
	// Outcome is the Conclusive Grounds outcome a victim receives (R8).
	Outcome string `yaml:"outcome"`
}

// Inject is one entry of the Master Scenario Events List.
type Inject struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	// At is when the inject fires. An inject with neither At nor When
	// fires only when released by the facilitator, a decision or a
	// contingency.
	At *Duration `yaml:"at"`
	// When fires the inject as soon as the condition holds.
	When *Condition `yaml:"when"`
	// From is the sender as shown to the recipients.
	From string `yaml:"from"`
	// To lists the receiving agencies.
	To []string `yaml:"to"`
	// Channel is one of [Channels].
	Channel string `yaml:"channel"`
	Text    string `yaml:"text"`
	// Reveals lists what the recipients learn: person ids (the person
	// becomes known), indicator ids as person.indicator, and site ids.
	Reveals []string `yaml:"reveals"`
	// Expect lists the actions the inject should prompt, for scoring.
	Expect []Expectation `yaml:"expect"`
}

// Expectation is an action an inject should prompt by a deadline.
type Expectation struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	// Action is a command type (see [CommandTypes]).
	Action string `yaml:"action"`
	// By lists the agencies any of which may take the action.
	By []string `yaml:"by"`
	// Person narrows the action to one person.
	Person string `yaml:"person"`
	// Lead lists the agencies whose duty the action is; it defaults to
	// those of By that the inject reached, else By. A shortfall is
	// charged to the first of them (see [RubricItem.Lead]).
	Lead []string `yaml:"lead"`
	// Asked makes the expectation the answer to a request, as for
	// [RubricItem.Asked].
	Asked *Ask `yaml:"asked"`
	// Within is the deadline: the action is due by this long after the
	// inject's release. Taking it earlier, even before the inject, counts.
	Within Duration `yaml:"within"`
	// Points are earned when the action is taken in time.
	Points int `yaml:"points"`
	// Evidences names the rules or objectives the expectation evidences.
	Evidences []string `yaml:"evidences"`
	// Contingency is the inject released when the deadline passes
	// without the action.
	Contingency string `yaml:"contingency"`
}

// Matches reports whether an agency's action on a person meets the
// expectation. An action with no agency (the engine's own) never does.
func (x *Expectation) Matches(action, agency, person string) bool {
	return agency != "" && x.Action == action && (len(x.By) == 0 || slices.Contains(x.By, agency)) && (x.Person == "" || x.Person == person)
}

// Decision is a scripted decision point.
type Decision struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	// At or When opens the decision, as for an inject.
	At   *Duration  `yaml:"at"`
	When *Condition `yaml:"when"`
	// To is the agency that decides.
	To     string `yaml:"to"`
	Prompt string `yaml:"prompt"`
	// Within is how long the agency has; then Default is taken.
	Within  Duration `yaml:"within"`
	Default string   `yaml:"default"`
	Options []Option `yaml:"options"`
}

// Option is one answer to a decision point.
type Option struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
	// Recommended marks the option good practice would take: the doctrine
	// bots take it and the debrief names it.
	Recommended bool     `yaml:"recommended"`
	Effects     []Effect `yaml:"effects"`
}

// Effect is one consequence of choosing an option. Exactly one field is set.
type Effect struct {
	Node `yaml:"-"`
	// Flag sets a named flag that conditions can test.
	Flag string `yaml:"flag"`
	// Release fires an inject now.
	Release string `yaml:"release"`
	// Cancel stops an inject from firing.
	Cancel string `yaml:"cancel"`
	// Resource changes an agency's stock.
	Resource *ResourceChange `yaml:"resource"`
}

// ResourceChange adds to (or, negative, takes from) an agency's resources.
type ResourceChange struct {
	Node     `yaml:"-"`
	Agency   string `yaml:"agency"`
	Kind     string `yaml:"kind"`
	Language string `yaml:"language"`
	Delta    int    `yaml:"delta"`
}

// Condition is a structured predicate over exercise state. Exactly one of
// its fields is set: a combinator (All, Any, Not) or a predicate.
type Condition struct {
	Node `yaml:"-"`
	All  []Condition `yaml:"all"`
	Any  []Condition `yaml:"any"`
	Not  *Condition  `yaml:"not"`
	// After holds once exercise time reaches it.
	After *Duration `yaml:"after"`
	// Flag holds once the flag is set.
	Flag string `yaml:"flag"`
	// Released holds once the inject has fired.
	Released string `yaml:"released"`
	// Chosen holds once a decision's option is chosen: "decision.option".
	Chosen string `yaml:"chosen"`
	// Done holds once an action matching it has been accepted.
	Done *ActionMatch `yaml:"done"`
	// Status holds once a person has reached a status.
	Status *StatusMatch `yaml:"status"`
}

// ActionMatch matches accepted actions.
type ActionMatch struct {
	Node   `yaml:"-"`
	Action string   `yaml:"action"`
	By     []string `yaml:"by"`
	Person string   `yaml:"person"`
	// Count is how many matching actions are needed (default 1).
	Count int `yaml:"count"`
}

// StatusMatch matches a person having reached a status.
type StatusMatch struct {
	Node   `yaml:"-"`
	Person string `yaml:"person"`
	// Is is one of [Statuses].
	Is string `yaml:"is"`
}

// RubricItem is one scoring rule.
type RubricItem struct {
	Node `yaml:"-"`
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
	// Evidences names the rule ids (R1, J2 ...) or objective ids evidenced.
	Evidences []string `yaml:"evidences"`
	// Agencies are the agencies whose actions earn the item (any agency's,
	// when empty). A penalty is charged to the agency whose action
	// matched, once per agency and person.
	Agencies []string `yaml:"agencies"`
	// Lead lists the agencies whose duty the item is, under nrm-rules.md
	// and the scenario; it defaults to Agencies. Each time the item is
	// scored (once, or for one person) it is expected of one of them, the
	// responsible agency: the lead that acted, or else the first of them
	// to know of the person (ties in list order), or else the first
	// listed. A shortfall is charged to the responsible agency; see
	// [Responsible].
	Lead []string `yaml:"lead"`
	// Asked makes the item the answer to a request (a clinician's
	// assessment answers a request for a medic): it is expected of the
	// lead only once someone asked, and until then the shortfall is the
	// asker's.
	Asked *Ask `yaml:"asked"`
	// After names the items that must be met first for the same person
	// (a child is referred after being made safe): when the action of one
	// of them never happened, this item's shortfall is charged to the
	// agency responsible for the first such, not to this item's lead.
	After []string `yaml:"after"`
	// Points are earned once per person scored for (once in all when the
	// item is not per person); negative for a penalty.
	Points int `yaml:"points"`
	// ForEach scores the item once per person of a group (one of
	// [RubricGroups]); People gives the ids instead. With neither, a
	// positive item is scored once.
	ForEach string   `yaml:"for_each"`
	People  []string `yaml:"people"`
	// Event is the event type that earns the item (one of [EventTypes]).
	Event string `yaml:"event"`
	// Rule narrows rejected and flagged events to one rule id.
	Rule string `yaml:"rule"`
	// Within is the time window, measured from From.
	Within Duration `yaml:"within"`
	// From is one of [RubricFrom]: start (the default), or first_indicator,
	// identified or known, each for the person the item is scored for.
	From string `yaml:"from"`
}

// Ask is the request a rubric item answers (see [RubricItem.Asked]).
type Ask struct {
	Node `yaml:"-"`
	// Action is the asking action: request_resource or request_charging.
	Action string `yaml:"action"`
	// Kind narrows a resource request to one kind of resource (a medic,
	// say); the answering event must then be for that kind too.
	Kind string `yaml:"kind"`
	// By lists the agencies expected to ask; the one responsible is
	// chosen as for a lead. Empty: any agency.
	By []string `yaml:"by"`
}

// Person returns the person with the id, or nil.
func (sc *Scenario) Person(id string) *Person {
	for i := range sc.People {
		if sc.People[i].ID == id {
			return &sc.People[i]
		}
	}
	return nil
}

// Agency returns the agency with the id, or nil.
func (sc *Scenario) Agency(id string) *Agency {
	for i := range sc.Agencies {
		if sc.Agencies[i].ID == id {
			return &sc.Agencies[i]
		}
	}
	return nil
}

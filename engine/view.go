package engine

import "slices"

// View is what one agency knows: the people, facts and injects that have
// reached it, and nothing more.
type View struct {
	Agency string `json:"agency"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Moment
	RulesAsOf string `json:"rules_as_of"`
	// FirstResponder says whether the agency may refer into the NRM (R1).
	FirstResponder bool             `json:"first_responder"`
	DutyToNotify   bool             `json:"duty_to_notify"`
	People         []PersonView     `json:"people"`
	Inbox          []InjectView     `json:"inbox"`
	Resources      []ResourceView   `json:"resources"`
	Requests       []RequestView    `json:"requests"`
	Decisions      []DecisionView   `json:"decisions"`
	Directory      []DirectoryEntry `json:"directory"`
	// Methane is the agency's latest M/ETHANE report (J3), if any; Sites
	// are the sites of the people it knows, with their hazards, for it.
	Methane *MethaneReport `json:"methane,omitempty"`
	Sites   []SiteView     `json:"sites,omitempty"`
}

// PersonView is what an agency knows of a person.
type PersonView struct {
	ID          string `json:"id"`
	Alias       string `json:"alias"`
	Site        string `json:"site,omitempty"`
	Description string `json:"description,omitempty"`
	// Age is the age as the agency knows it: the claimed age until an
	// age assessment, the real one after.
	Age         int             `json:"age"`
	AgeDisputed bool            `json:"age_disputed,omitempty"`
	Child       bool            `json:"child"`
	Sex         string          `json:"sex,omitempty"`
	Nationality string          `json:"nationality,omitempty"`
	Languages   []string        `json:"languages"`
	Interpreter bool            `json:"interpreter"`
	PlaceReady  bool            `json:"place_ready"`
	Needs       []string        `json:"needs,omitempty"`
	Indicators  []IndicatorView `json:"indicators,omitempty"`
	Status      string          `json:"status"`
	Consent     string          `json:"consent,omitempty"`
	Refused     bool            `json:"refused_support,omitempty"`
	// Accepted says the person accepted this agency's offer of support.
	Accepted    bool `json:"accepted_support,omitempty"`
	Safeguarded bool `json:"child_safeguarding,omitempty"`
	Arrested    bool `json:"arrested,omitempty"`
	Referred    bool `json:"referred,omitempty"`
	// Charging is "requested" once police ask the CPS, "advised" after.
	Charging string   `json:"charging,omitempty"`
	Notes    []string `json:"notes,omitempty"`
}

// IndicatorView is an indicator an agency has seen.
type IndicatorView struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// InjectView is an inject as its recipient received it.
type InjectView struct {
	ID      string `json:"id"`
	T       int64  `json:"t"`
	From    string `json:"from,omitempty"`
	Channel string `json:"channel"`
	Text    string `json:"text"`
	// Kind is what the item is: an inject (empty), or one of
	// [InboxMessage], [InboxShare], [InboxRequest], [InboxAnswer].
	Kind string `json:"kind,omitempty"`
	// FromAgency is the sending agency's id, for what another agency sent.
	FromAgency string `json:"from_agency,omitempty"`
	// Person is the person the item is about, if any; Request the
	// request it asks or answers.
	Person  string `json:"person,omitempty"`
	Request string `json:"request,omitempty"`
	// Methane says the item asks the agency for an M/ETHANE report (J3).
	Methane bool `json:"methane,omitempty"`
}

// Kinds of inbox item other than injects.
const (
	InboxMessage = "message" // free text from another agency
	InboxShare   = "share"   // another agency shared a person, with its note
	InboxRequest = "request" // another agency asks this one for something: an alert
	InboxAnswer  = "answer"  // the answer to this agency's request
)

// ResourceView is an agency's stock of one resource: what is left, what
// is out and until when, and who is waiting.
type ResourceView struct {
	Kind     string `json:"kind"`
	Language string `json:"language,omitempty"`
	// Count is what is left to allocate now.
	Count int `json:"count"`
	// Booking is how long one allocation holds it, in milliseconds, when
	// the scenario sets a time (only in the holder's own view).
	Booking int64 `json:"booking,omitempty"`
	// Bookings are the allocations out now, oldest first (only in the
	// holder's own view).
	Bookings []BookingView `json:"bookings,omitempty"`
	// Queue lists the open requests for the resource, oldest first: the
	// order in which they wait to be granted.
	Queue []string `json:"queue,omitempty"`
}

// BookingView is one allocation of a resource, out now.
type BookingView struct {
	Request string `json:"request"`
	Person  string `json:"person"`
	// For is the agency that asked.
	For   string `json:"for"`
	Since int64  `json:"since"`
	// Until is the exercise time the booking ends, when it has a set end.
	Until int64 `json:"until,omitempty"`
	// Returns says how it comes back: "booking" (at Until), "moves_on"
	// (when the person moves on) or "end" (it does not).
	Returns string `json:"returns"`
}

// RequestView is a resource request the agency made or must answer.
type RequestView struct {
	ID       string `json:"id"`
	From     string `json:"from"`
	Holder   string `json:"holder"`
	Kind     string `json:"kind"`
	Language string `json:"language,omitempty"`
	Person   string `json:"person"`
	Open     bool   `json:"open"`
	// Outcome is allocated or refused once the holder has answered.
	Outcome string `json:"outcome,omitempty"`
	// Asked is the exercise time of the request.
	Asked int64 `json:"asked"`
	// QueuePosition is the request's place, from 1, among the open
	// requests for the same resource from the same holder, while open.
	QueuePosition int `json:"queue_position,omitempty"`
}

// DecisionView is a decision point open to the agency.
type DecisionView struct {
	ID        string   `json:"id"`
	Prompt    string   `json:"prompt"`
	Options   []Option `json:"-"`
	OptionIDs []string `json:"options"`
	// OptionTexts are the options as put to the agency, by OptionIDs.
	OptionTexts []string `json:"option_texts"`
	Deadline    int64    `json:"deadline,omitempty"`
}

// DirectoryEntry is public knowledge about another agency: who it is and
// what it holds at the start.
type DirectoryEntry struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Kind      string         `json:"kind"`
	Resources []ResourceView `json:"resources,omitempty"`
}

// View returns what agency knows now. An unknown agency gets an empty view.
func (x *Exercise) View(agency string) View {
	as := x.agency[agency]
	v := View{Agency: agency, Moment: x.moment(), RulesAsOf: x.rules.AsOf.Format("2006-01-02"), DutyToNotify: x.rules.DutyToNotify()}
	for _, a := range x.agencies {
		d := DirectoryEntry{ID: a.a.ID, Name: a.a.Name, Kind: a.a.Kind}
		for _, r := range a.a.Resources {
			d.Resources = append(d.Resources, ResourceView{Kind: r.Kind, Language: r.Language, Count: r.Count})
		}
		v.Directory = append(v.Directory, d)
	}
	if as == nil {
		return v
	}
	v.Name, v.Kind, v.FirstResponder = as.a.Name, as.a.Kind, as.a.IsFirstResponder()
	v.Methane, v.Sites = x.board.Latest(agency), x.knownSites(as)
	for _, id := range as.order {
		v.People = append(v.People, x.personView(as, x.person[id]))
	}
	v.Inbox = slices.Clone(as.inbox)
	for _, s := range as.resources {
		v.Resources = append(v.Resources, x.resourceView(as, s))
	}
	for i := 1; i <= x.nextReq; i++ {
		r := x.requests[reqID(i)]
		if r != nil && (r.from == agency || r.holder == agency) {
			v.Requests = append(v.Requests, RequestView{ID: r.id, From: r.from, Holder: r.holder, Kind: r.kind, Language: r.language, Person: r.person, Open: r.open, Outcome: r.outcome,
				Asked: r.asked, QueuePosition: x.queuePosition(r)})
		}
	}
	for i := range x.sc.Decisions {
		st := x.decisions[x.sc.Decisions[i].ID]
		if st.open && st.d.To == agency {
			v.Decisions = append(v.Decisions, x.decisionView(st))
		}
	}
	return v
}

// Moment is where the exercise stands: the time, the phase and whether
// play is stopped. Every view carries it.
type Moment struct {
	// T is the exercise time in milliseconds; InWorld the in-world time.
	T       int64  `json:"t"`
	InWorld string `json:"in_world"`
	Phase   string `json:"phase,omitempty"`
	Paused  bool   `json:"paused,omitempty"`
	// NoPlay is the NO PLAY message while it is in force.
	NoPlay string `json:"no_play,omitempty"`
	Ended  bool   `json:"ended,omitempty"`
}

// moment is where the exercise stands now.
func (x *Exercise) moment() Moment {
	return Moment{T: x.now, InWorld: x.InWorld().Format(inWorldLayout), Phase: x.Phase(), Paused: x.paused, NoPlay: x.noPlay, Ended: x.ended}
}

// decisionView is an open decision as put to its agency.
func (x *Exercise) decisionView(st *decisionState) DecisionView {
	dv := DecisionView{ID: st.d.ID, Prompt: st.d.Prompt, Options: st.d.Options}
	for _, o := range st.d.Options {
		dv.OptionIDs = append(dv.OptionIDs, o.ID)
		dv.OptionTexts = append(dv.OptionTexts, o.Text)
	}
	if st.d.Within.D > 0 {
		dv.Deadline = st.opened + st.d.Within.D.Milliseconds()
	}
	return dv
}

func (x *Exercise) personView(as *agencyState, ps *personState) PersonView {
	k := as.knows[ps.p.ID]
	p := ps.p
	pv := PersonView{ID: p.ID, Alias: p.Alias, Site: p.Site, Description: p.Description, Age: p.Age, Sex: p.Sex, Nationality: p.Nationality,
		Languages: p.Languages, Interpreter: k.interpreter, PlaceReady: k.place && ps.placeFree > 0, Needs: p.Needs, Status: k.status, Consent: k.consent,
		Refused: k.refused, Accepted: k.accepted, Safeguarded: k.safeguarded, Arrested: k.arrested, Referred: k.referred, Notes: k.notes,
		Charging: k.charging, Child: ps.isChild()}
	if k.ageKnown {
		pv.Child = p.Age < 18
	} else {
		if p.ClaimedAge > 0 {
			pv.Age = p.ClaimedAge
		}
		pv.AgeDisputed = (p.AgeDisputed || ps.ageDoubted) && !ps.assessed
	}
	for _, id := range k.indicators {
		for _, ind := range p.Indicators {
			if ind.ID == id {
				pv.Indicators = append(pv.Indicators, IndicatorView{ID: ind.ID, Kind: ind.Kind, Text: ind.Text})
			}
		}
	}
	return pv
}

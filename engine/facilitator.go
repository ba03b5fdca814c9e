package engine

import (
	"slices"
	"time"
)

// FacilitatorView is what the facilitator needs to run the exercise,
// computed by the engine so that no screen derives a rule: the NRM cases
// and what the competent authority (which the facilitator may play) has
// to decide and when, the requests and decisions open across agencies, and
// who plays each seat.
type FacilitatorView struct {
	Moment
	// Mode is how the competent authority decides: engine or facilitator.
	Mode      string         `json:"ca_mode"`
	Cases     []CaseView     `json:"cases"`
	Requests  []RequestView  `json:"requests"`
	Decisions []OpenDecision `json:"decisions"`
	Seats     []SeatView     `json:"seats"`
}

// CaseView is one NRM case: a referral and the competent authority's
// decisions on it (R5–R8).
type CaseView struct {
	Person     string `json:"person"`
	Alias      string `json:"alias"`
	Child      bool   `json:"child"`
	ReferredBy string `json:"referred_by"`
	// Referred is the exercise time of the referral.
	Referred int64 `json:"referred"`
	// RG is "", "positive" or "negative"; RGInWorld its in-world date.
	RG        string `json:"rg,omitempty"`
	RGInWorld string `json:"rg_in_world,omitempty"`
	// RecoveryEnds is the in-world date the recovery period ends after a
	// positive RG decision (R7): no Conclusive Grounds decision before it.
	RecoveryEnds string `json:"recovery_ends,omitempty"`
	// CG is the Conclusive Grounds outcome once decided (R8).
	CG        string `json:"cg,omitempty"`
	CGInWorld string `json:"cg_in_world,omitempty"`
	// Awaiting is the decision the case waits for: rg, cg or "" when
	// none is owed.
	Awaiting string `json:"awaiting,omitempty"`
	// Due is the exercise time the engine will make that decision by
	// itself (0 when the facilitator plays the competent authority).
	Due int64 `json:"due,omitempty"`
	// CGFrom is the earliest in-world date a CG decision may carry.
	CGFrom string `json:"cg_from,omitempty"`
}

// OpenDecision is a decision point open for an agency.
type OpenDecision struct {
	DecisionView
	To string `json:"to"`
}

// SeatView is who plays a seat, as the server told the engine.
type SeatView struct {
	Agency string `json:"agency"`
	// Kind is person, bot or empty.
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
	// Since is the exercise time the seat changed hands.
	Since int64 `json:"since"`
}

// Seats returns who plays each seat, as the seat commands said, in the
// scenario's agency order; seats never recorded are left out.
func (x *Exercise) Seats() []SeatView {
	var out []SeatView
	for _, a := range x.agencies {
		if s, ok := x.seats[a.a.ID]; ok {
			out = append(out, s)
		}
	}
	return out
}

// FacilitatorView returns the facilitator's view of the exercise now.
func (x *Exercise) FacilitatorView() FacilitatorView {
	v := FacilitatorView{Moment: x.moment(), Mode: x.sc.CompetentAuthority.Mode}
	if v.Mode == "" {
		v.Mode = "engine"
	}
	due := map[[2]string]int64{}
	for _, j := range x.caJobs {
		due[[2]string{j.person, j.kind}] = j.due
	}
	for i := range x.sc.People {
		ps := x.person[x.sc.People[i].ID]
		if ps.referredBy == "" {
			continue
		}
		c := CaseView{Person: ps.p.ID, Alias: ps.p.Alias, Child: ps.isChild(), ReferredBy: ps.referredBy, Referred: ps.referredAt}
		switch {
		case !ps.rgDone:
			c.Awaiting, c.Due = "rg", due[[2]string{ps.p.ID, "rg"}]
		case ps.rgPositive:
			c.RG, c.RGInWorld = "positive", ps.rgInWorld.Format(inWorldLayout)
			end := ps.rgInWorld.AddDate(0, 0, x.rules.RecoveryDays())
			c.RecoveryEnds = end.Format(time.DateOnly)
			if ps.cgDone {
				c.CG, c.CGInWorld = ps.cgOutcome, ps.cgInWorld.Format(inWorldLayout)
			} else {
				c.Awaiting, c.Due, c.CGFrom = "cg", due[[2]string{ps.p.ID, "cg"}], end.Format(time.DateOnly)
			}
		default:
			c.RG, c.RGInWorld = "negative", ps.rgInWorld.Format(inWorldLayout)
		}
		v.Cases = append(v.Cases, c)
	}
	for i := 1; i <= x.nextReq; i++ {
		if r := x.requests[reqID(i)]; r != nil && r.open {
			v.Requests = append(v.Requests, RequestView{ID: r.id, From: r.from, Holder: r.holder, Kind: r.kind, Language: r.language, Person: r.person, Open: true, Asked: r.asked, QueuePosition: x.queuePosition(r)})
		}
	}
	for i := range x.sc.Decisions {
		st := x.decisions[x.sc.Decisions[i].ID]
		if st.open {
			v.Decisions = append(v.Decisions, OpenDecision{DecisionView: x.decisionView(st), To: st.d.To})
		}
	}
	v.Seats = x.Seats()
	slices.SortStableFunc(v.Cases, func(a, b CaseView) int { return int(a.Referred - b.Referred) })
	return v
}

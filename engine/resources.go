package engine

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Resources over time. An allocation books one of the holder's stock for a
// person, and the booking ends in one of three ways, which [PlaceReleases]
// and the scenario's `booking` durations decide:
//
//   - a resource with a booking duration (an interpreter for two hours)
//     returns to the holder's stock when that time has passed;
//   - a bed or reception place with none is held until the person moves
//     on: the competent authority's Reasonable Grounds decision on them
//     (positive, they move into victim care contract support, R10;
//     negative, NRM support ends), or the recording of their decline of
//     support (the place was never used, R9);
//   - any other resource with none is held for the rest of the exercise.
//
// A returning resource is a [EvReturned] event for the holder and the
// agency that asked. Requests that find the holder's stock empty stay
// open: they wait in the holder's queue, oldest first, until the holder
// allocates (or refuses) them. The facilitator adds resources with
// [CmdAddResource] (mutual aid).

// How a booking ends, as [BookingView.Returns] says.
const (
	ReturnsAtTime   = "booking"  // at the end of the booking's duration
	ReturnsOnMoveOn = "moves_on" // when the person moves on
	ReturnsNever    = "end"      // held for the rest of the exercise
)

// PlaceReleases are the moments a person "moves on" from a bed or
// reception place booked without a duration: the event types that free it.
var PlaceReleases = []string{EvRG, CmdRecordDecline}

// booking is one allocation out now: a unit of the holder's stock held
// for a person.
type booking struct {
	req     *request
	since   int64
	until   int64  // exercise time it returns; 0: no set time
	returns string // one of ReturnsAtTime, ReturnsOnMoveOn, ReturnsNever
	used    bool   // a place the person has been moved into
}

func isPlace(kind string) bool { return kind == "bed" || kind == "reception_place" }

// book records an allocation of r from stock s.
func (x *Exercise) book(r *request, s *stock) {
	b := &booking{req: r, since: x.now, returns: ReturnsNever}
	switch {
	case s.booking > 0:
		b.until, b.returns = x.now+s.booking, ReturnsAtTime
	case isPlace(r.kind):
		b.returns = ReturnsOnMoveOn
	}
	x.bookings = append(x.bookings, b)
}

// usePlace marks the oldest unused place booked for a person as used by
// their removal.
func (x *Exercise) usePlace(ps *personState) {
	for _, b := range x.bookings {
		if b.req.person == ps.p.ID && isPlace(b.req.kind) && !b.used {
			b.used = true
			return
		}
	}
}

// returnDue returns every booking whose time is up, oldest first.
func (x *Exercise) returnDue() {
	for _, b := range slices.Clone(x.bookings) {
		if b.returns == ReturnsAtTime && b.until <= x.now {
			x.giveBack(b, "booking_ended")
		}
	}
}

// moveOn frees the places held for a person until they move on.
func (x *Exercise) moveOn(ps *personState, cause string) {
	for _, b := range slices.Clone(x.bookings) {
		if b.req.person == ps.p.ID && b.returns == ReturnsOnMoveOn {
			x.giveBack(b, cause)
		}
	}
}

// giveBack ends a booking: the resource returns to its holder's stock and
// leaves the person.
func (x *Exercise) giveBack(b *booking, cause string) {
	x.bookings = slices.DeleteFunc(x.bookings, func(o *booking) bool { return o == b })
	r := b.req
	holder := x.agency[r.holder]
	s := holder.stock(r.kind, r.language, true)
	s.count++
	ps := x.person[r.person]
	switch {
	case r.kind == "interpreter":
		if i := slices.Index(ps.interpreters, r.language); i >= 0 {
			ps.interpreters = slices.Delete(ps.interpreters, i, i+1)
		}
		for _, a := range union([]string{r.from}, r.holder) {
			if k := x.agency[a].knows[r.person]; k != nil {
				k.interpreter = x.interpreterFor(a, r.person)
			}
		}
	case isPlace(r.kind) && !b.used:
		ps.placeFree = max(ps.placeFree-1, 0)
	}
	why := "the booking ended"
	switch cause {
	case "rg_decision":
		why = ps.p.Alias + " moved on after the Reasonable Grounds decision"
	case "declined":
		why = ps.p.Alias + " declined support"
	}
	text := fmt.Sprintf("%s booked for %s (request %s) returns to %s: %s.", what(r.kind, r.language), ps.p.Alias, r.id, holder.a.Name, why)
	if q := x.queue(r.holder, r.kind, r.language); len(q) > 0 {
		text += fmt.Sprintf(" %s waiting: %s first.", countWord(len(q), "request"), q[0].id)
	}
	x.emit(System, EvReturned, union([]string{r.holder}, r.from), Payload{Agency: r.holder, Kind: r.kind, Language: r.language, Count: s.count,
		Person: r.person, Request: r.id, Cause: cause, Text: text})
}

// interpreterFor reports whether an interpreter booked at or by agency is
// still with the person.
func (x *Exercise) interpreterFor(agency, person string) bool {
	for _, b := range x.bookings {
		if r := b.req; r.kind == "interpreter" && r.person == person && (r.from == agency || r.holder == agency) {
			return true
		}
	}
	return false
}

// queue returns the open requests to holder for a resource, oldest first.
func (x *Exercise) queue(holder, kind, lang string) []*request {
	var q []*request
	for i := 1; i <= x.nextReq; i++ {
		r := x.requests[reqID(i)]
		if r != nil && r.open && r.holder == holder && r.kind == kind && r.language == lang {
			q = append(q, r)
		}
	}
	return q
}

// queuePosition is a request's place in its holder's queue, from 1, or 0
// when it is not waiting.
func (x *Exercise) queuePosition(r *request) int {
	if !r.open {
		return 0
	}
	for i, o := range x.queue(r.holder, r.kind, r.language) {
		if o == r {
			return i + 1
		}
	}
	return 0
}

// noneLeft is the reason an allocation is refused for want of stock: what
// is out, when the first of it comes back, and the request's place in the
// queue.
func (x *Exercise) noneLeft(as *agencyState, r *request) string {
	msg := fmt.Sprintf("%s has no %s left", as.a.Name, what(r.kind, r.language))
	var next int64 = -1
	onMoveOn := false
	for _, b := range x.bookings {
		if b.req.holder != as.a.ID || b.req.kind != r.kind || b.req.language != r.language {
			continue
		}
		switch b.returns {
		case ReturnsAtTime:
			if next < 0 || b.until < next {
				next = b.until
			}
		case ReturnsOnMoveOn:
			onMoveOn = true
		}
	}
	switch {
	case next >= 0:
		msg += fmt.Sprintf("; the first booking ends at %s of exercise time", FormatDuration(time.Duration(next)*time.Millisecond))
	case onMoveOn:
		msg += "; a place comes back when a person moves on"
	default:
		msg += "; none is due back"
	}
	return msg + fmt.Sprintf(". Request %s stays open, number %d in the queue", r.id, x.queuePosition(r))
}

// addResource is the facilitator's mutual aid: more of a resource for an
// agency, from outside the exercise.
func (x *Exercise) addResource(c Command) {
	as := x.agency[c.Agency]
	switch {
	case as == nil:
		x.reject(c, codeInvalid, fmt.Sprintf("add to which agency? %q is not in this exercise", c.Agency))
		return
	case !slices.Contains(ResourceKinds, c.Kind):
		x.reject(c, codeInvalid, fmt.Sprintf("unknown resource %q (want one of %s)", c.Kind, strings.Join(ResourceKinds, ", ")))
		return
	case c.Kind == "interpreter" && c.Language == "":
		x.reject(c, codeInvalid, "which language? an interpreter speaks one")
		return
	case c.Kind != "interpreter" && c.Language != "":
		x.reject(c, codeInvalid, "language is only for interpreters")
		return
	case c.Count < 1 || c.Count > maxAddResource:
		x.reject(c, codeInvalid, fmt.Sprintf("add 1 to %d", maxAddResource))
		return
	}
	s := as.stock(c.Kind, c.Language, true)
	s.count += c.Count
	text := fmt.Sprintf("Mutual aid: %d more %s for %s.", c.Count, what(c.Kind, c.Language), as.a.Name)
	if c.Text != "" {
		text += " " + c.Text
	}
	x.emit(Facilitator, EvResource, []string{as.a.ID}, Payload{Agency: as.a.ID, Kind: c.Kind, Language: c.Language, Count: s.count, Cause: "mutual_aid", Text: text})
}

// maxAddResource bounds one add_resource command.
const maxAddResource = 1000

// what names a resource for people: "interpreter (ro)".
func what(kind, lang string) string {
	s := strings.ReplaceAll(kind, "_", " ")
	if lang != "" {
		s += " (" + lang + ")"
	}
	return s
}

func countWord(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// resourceView is the holder's picture of one of its stocks.
func (x *Exercise) resourceView(as *agencyState, s *stock) ResourceView {
	rv := ResourceView{Kind: s.kind, Language: s.language, Count: s.count, Booking: s.booking}
	for _, b := range x.bookings {
		if r := b.req; r.holder == as.a.ID && r.kind == s.kind && r.language == s.language {
			rv.Bookings = append(rv.Bookings, BookingView{Request: r.id, Person: r.person, For: r.from, Since: b.since, Until: b.until, Returns: b.returns})
		}
	}
	for _, r := range x.queue(as.a.ID, s.kind, s.language) {
		rv.Queue = append(rv.Queue, r.id)
	}
	return rv
}

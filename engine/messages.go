package engine

import (
	"fmt"
	"strings"
)

// Messages between agencies: what one agency sends another reaches the
// other's inbox, with the sender and the time, so that information crosses
// agencies only when someone passes it on, and then visibly (J1).

// deliver puts an item in the inboxes of the agencies named.
func (x *Exercise) deliver(to []string, item InjectView) {
	item.T = x.now
	if item.ID == "" {
		item.ID = fmt.Sprintf("m%d", x.seq)
	}
	for _, a := range to {
		if as := x.agency[a]; as != nil {
			as.inbox = append(as.inbox, item)
		}
	}
}

// deliverShare tells the recipients of a share or message what was sent,
// by whom and about whom.
func (x *Exercise) deliverShare(c Command, as *agencyState, ps *personState, facts []string) {
	item := InjectView{Kind: InboxMessage, From: as.a.Name, FromAgency: as.a.ID, Channel: "message", Text: c.Text}
	if ps != nil {
		item.Person = ps.p.ID
		if c.Type == CmdShare {
			item.Kind = InboxShare
		}
		about := fmt.Sprintf("About %s", ps.p.Alias)
		if len(facts) > 0 {
			about += fmt.Sprintf(" (%d %s passed on)", len(facts), plural(len(facts), "indicator"))
		}
		item.Text = strings.TrimSpace(about + ". " + c.Text)
		if c.Text == "" {
			item.Text = about + "."
		}
	}
	x.deliver(c.To, item)
}

// alertRequest tells the agency asked what it is asked for: a request
// must not sit unseen.
func (x *Exercise) alertRequest(r *request) {
	asker := x.agency[r.from]
	what := resourceName(r.kind, r.language)
	x.deliver([]string{r.holder}, InjectView{Kind: InboxRequest, From: asker.a.Name, FromAgency: r.from, Channel: "request", Person: r.person, Request: r.id,
		Text: fmt.Sprintf("Asks you for %s for %s (request %s).", what, x.person[r.person].p.Alias, r.id)})
}

// answerRequestAlert tells the asker how its request was answered.
func (x *Exercise) answerRequestAlert(r *request, why string) {
	holder := x.agency[r.holder]
	what := resourceName(r.kind, r.language)
	text := fmt.Sprintf("Allocated %s for %s (request %s).", what, x.person[r.person].p.Alias, r.id)
	if r.outcome == "refused" {
		text = fmt.Sprintf("Refused %s for %s (request %s)", what, x.person[r.person].p.Alias, r.id)
		if why != "" {
			text += ": " + why
		}
		text += "."
	}
	x.deliver([]string{r.from}, InjectView{Kind: InboxAnswer, From: holder.a.Name, FromAgency: r.holder, Channel: "request", Person: r.person, Request: r.id, Text: text})
}

// alertCharging tells the CPS that an agency asks for charging advice.
func (x *Exercise) alertCharging(as *agencyState, ps *personState, cps []string, text string) {
	t := fmt.Sprintf("Asks for charging advice on %s.", ps.p.Alias)
	if text != "" {
		t += " " + text
	}
	x.deliver(cps, InjectView{Kind: InboxRequest, From: as.a.Name, FromAgency: as.a.ID, Channel: "request", Person: ps.p.ID, Text: t})
}

func resourceName(kind, language string) string {
	s := "a " + strings.ReplaceAll(kind, "_", " ")
	if kind == "interpreter" || kind == "officers" {
		s = "an interpreter"
		if kind == "officers" {
			s = "officers"
		}
	}
	if language != "" {
		s += " (" + LanguageName(language) + ")"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// Seat kinds, on the seat command and event.
const (
	SeatPerson = "person" // a person (or team) plays the seat
	SeatBot    = "bot"    // a bot plays the seat
	SeatEmpty  = "empty"  // nobody holds the seat
)

// seat records who now plays a seat, so that the log says who played
// what, and when.
func (x *Exercise) seat(c Command) {
	if x.agency[c.Agency] == nil {
		x.reject(c, codeInvalid, fmt.Sprintf("%q is not a seat of this exercise", c.Agency))
		return
	}
	switch c.Kind {
	case SeatPerson, SeatBot, SeatEmpty:
	default:
		x.reject(c, codeInvalid, fmt.Sprintf("seat kind %q: want %s, %s or %s", c.Kind, SeatPerson, SeatBot, SeatEmpty))
		return
	}
	x.seats[c.Agency] = SeatView{Agency: c.Agency, Kind: c.Kind, Name: c.Text, Since: x.now}
	x.emit(Facilitator, EvSeat, nil, Payload{Agency: c.Agency, Kind: c.Kind, Text: c.Text})
}

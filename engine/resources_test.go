package engine

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

const minute = int64(60_000)

// play applies commands in order, each at its own time, and returns every
// event.
func play(t *testing.T, x *Exercise, cmds ...Command) []Event {
	t.Helper()
	var all []Event
	for _, c := range cmds {
		all = append(all, x.Apply(c, time.Time{})...)
	}
	return all
}

func at(ms int64, c Command) Command { c.T = ms; return c }

func tick(ms int64) Command { return Command{Actor: Facilitator, Type: CmdTick, T: ms} }

func returned(evs []Event) []Event {
	var out []Event
	for _, e := range evs {
		if e.Type == EvReturned {
			out = append(out, e)
		}
	}
	return out
}

func resourceOf(v View, kind, lang string) ResourceView {
	for _, r := range v.Resources {
		if r.Kind == kind && r.Language == lang {
			return r
		}
	}
	return ResourceView{}
}

func requestOf(v View, id string) RequestView {
	for _, r := range v.Requests {
		if r.ID == id {
			return r
		}
	}
	return RequestView{}
}

// TestBookingReturns: a resource booked for a time returns to its holder's
// stock when the time is up, with an event for the holder and the asker;
// one booked with no time and no rule stays out.
func TestBookingReturns(t *testing.T) {
	sc := loadFixture(t, "resources.yaml")
	for _, tc := range []struct {
		name, holder, kind, lang string
		// back is when it returns, in minutes after the allocation at 0;
		// -1: never.
		back int64
	}{
		{"interpreter for an hour", "sa", "interpreter", "ro", 60},
		{"officers for half an hour", "police", "officers", "", 30},
		{"a medic with no booking", "health", "medic", "", -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := New(sc, Options{})
			asker := "police"
			if tc.holder == "police" {
				asker = "housing"
			}
			evs := play(t, x, at(0, requestCmd(asker, "ana", tc.holder, tc.kind, tc.lang)), at(0, allocate(tc.holder, "q1")))
			if o := outcome(allocate(tc.holder, "q1"), evs[len(evs)-2:]); o != "" {
				t.Fatalf("allocation: %s%s", o, brief(evs))
			}
			v := x.View(tc.holder)
			rv := resourceOf(v, tc.kind, tc.lang)
			if rv.Count != 0 || len(rv.Bookings) != 1 || rv.Bookings[0].Request != "q1" || rv.Bookings[0].Person != "ana" || rv.Bookings[0].For != asker {
				t.Fatalf("holder's view after allocating: %+v", rv)
			}
			if tc.back < 0 {
				if got := returned(play(t, x, tick(240*minute))); len(got) != 0 {
					t.Fatalf("returned with no booking: %s", brief(got))
				}
				if b := resourceOf(x.View(tc.holder), tc.kind, tc.lang).Bookings; len(b) != 1 || b[0].Returns != ReturnsNever || b[0].Until != 0 {
					t.Errorf("booking %+v, want held to the end", b)
				}
				return
			}
			if b := rv.Bookings[0]; b.Until != tc.back*minute || b.Returns != ReturnsAtTime {
				t.Errorf("booking %+v, want until %d", b, tc.back*minute)
			}
			if got := returned(play(t, x, tick(tc.back*minute-1))); len(got) != 0 {
				t.Fatalf("returned early: %s", brief(got))
			}
			got := returned(play(t, x, tick(tc.back*minute+5*minute)))
			if len(got) != 1 {
				t.Fatalf("want one return, got %s", brief(got))
			}
			e := got[0]
			if e.T != tc.back*minute || e.Payload.Request != "q1" || e.Payload.Count != 1 || e.Payload.Cause != "booking_ended" ||
				!e.Visible(tc.holder) || !e.Visible(asker) || e.Visible("health") && tc.holder != "health" {
				t.Errorf("return event %+v to %v", e.Payload, e.To)
			}
			if rv := resourceOf(x.View(tc.holder), tc.kind, tc.lang); rv.Count != 1 || len(rv.Bookings) != 0 {
				t.Errorf("after the return: %+v", rv)
			}
		})
	}
}

// TestInterpreterLeavesWithTheBooking: once an interpreter's booking ends
// the person has none, so consent cannot be sought until another comes.
func TestInterpreterLeavesWithTheBooking(t *testing.T) {
	x := New(loadFixture(t, "resources.yaml"), Options{})
	play(t, x, at(0, requestCmd("police", "ana", "sa", "interpreter", "ro")), at(0, allocate("sa", "q1")))
	if pv := x.View("police").People[0]; !pv.Interpreter {
		t.Fatal("no interpreter after the allocation")
	}
	c := at(61*minute, seekConsent("police", "ana"))
	if o := outcome(c, play(t, x, c)); o != "R2" {
		t.Errorf("consent sought after the interpreter left: %q, want R2", o)
	}
	if pv := x.View("police").People[0]; pv.Interpreter {
		t.Error("the view still shows an interpreter")
	}
	evs := play(t, x, at(62*minute, requestCmd("police", "ana", "sa", "interpreter", "ro")), at(62*minute, allocate("sa", "q2")), at(62*minute, seekConsent("police", "ana")))
	if o := outcome(seekConsent("police", "ana"), evs[len(evs)-3:]); o != "" {
		t.Errorf("consent with a second booking: %q%s", o, brief(evs))
	}
}

// TestPlaceReleased: a bed with no booking is held until the person moves
// on (their RG decision, or their recorded decline); a reception place
// with a booking returns when the booking ends, used or not.
func TestPlaceReleased(t *testing.T) {
	sc := loadFixture(t, "resources.yaml")
	decline := cmd("police", CmdRecordDecline, "cris")
	decline.Text, decline.Risk = "does not want to leave", "stays at the house"
	for _, tc := range []struct {
		name  string
		cmds  []Command
		kind  string
		when  int64 // exercise time of the return
		cause string
	}{
		{"bed: after the RG decision", []Command{
			at(0, requestCmd("police", "ana", "sa", "interpreter", "ro")), at(0, allocate("sa", "q1")),
			at(0, requestCmd("police", "ana", "housing", "bed", "")), at(0, allocate("housing", "q2")),
			at(5*minute, cmd("police", CmdRemove, "ana")), at(5*minute, seekConsent("police", "ana")), at(10*minute, nrm("police", "ana")),
		}, "bed", 40 * minute, "rg_decision"},
		{"bed: on a recorded decline", []Command{
			at(0, requestCmd("police", "cris", "housing", "bed", "")), at(0, allocate("housing", "q1")),
			at(5*minute, cmd("police", CmdRemove, "cris")), at(7*minute, decline),
		}, "bed", 7 * minute, "declined"},
		{"reception place: booked for two hours", []Command{
			at(0, requestCmd("police", "ana", "housing", "reception_place", "")), at(0, allocate("housing", "q1")),
			at(5*minute, cmd("police", CmdRemove, "ana")),
		}, "reception_place", 120 * minute, "booking_ended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := New(sc, Options{})
			evs := play(t, x, append(tc.cmds, tick(180*minute))...)
			var got []Event
			for _, e := range returned(evs) {
				if e.Payload.Kind == tc.kind {
					got = append(got, e)
				}
			}
			if len(got) != 1 || got[0].T != tc.when || got[0].Payload.Cause != tc.cause || got[0].Payload.Agency != "housing" {
				t.Fatalf("returns of %s: %s", tc.kind, brief(got))
			}
			if rv := resourceOf(x.View("housing"), tc.kind, ""); rv.Count != 1 || len(rv.Bookings) != 0 {
				t.Errorf("housing's %s after: %+v", tc.kind, rv)
			}
		})
	}
}

// TestUnusedPlaceLeaves: a place that returns before the person was moved
// into it is no longer ready for them.
func TestUnusedPlaceLeaves(t *testing.T) {
	x := New(loadFixture(t, "resources.yaml"), Options{})
	play(t, x, at(0, requestCmd("police", "ana", "housing", "reception_place", "")), at(0, allocate("housing", "q1")))
	if !x.View("police").People[0].PlaceReady {
		t.Fatal("no place ready after the allocation")
	}
	c := at(121*minute, cmd("police", CmdRemove, "ana"))
	if o := outcome(c, play(t, x, c)); o != codeResources {
		t.Errorf("removal after the place returned: %q, want a refusal for want of a place", o)
	}
}

// TestQueue: requests to a holder with none left stay open in the order
// asked; the holder sees its queue, each asker its place, and the holder
// grants the first once a resource returns.
func TestQueue(t *testing.T) {
	x := New(loadFixture(t, "resources.yaml"), Options{})
	play(t, x,
		at(0, requestCmd("police", "ana", "sa", "interpreter", "ro")),
		at(0, requestCmd("police", "bogdan", "sa", "interpreter", "ro")),
		at(0, requestCmd("housing", "ana", "sa", "interpreter", "ro")),
		at(1*minute, allocate("sa", "q1")))
	c := at(2*minute, allocate("sa", "q2"))
	evs := play(t, x, c)
	if o := outcome(c, evs); o != codeResources {
		t.Fatalf("allocation with none left: %q%s", o, brief(evs))
	}
	if r := evs[len(evs)-1].Payload; r.Rule != codeResources || !strings.Contains(r.Reason, "first booking ends at 1h1m") || !strings.Contains(r.Reason, "number 1 in the queue") {
		t.Errorf("reason %q (%s)", r.Reason, r.Rule)
	}
	if q := resourceOf(x.View("sa"), "interpreter", "ro").Queue; !slices.Equal(q, []string{"q2", "q3"}) {
		t.Errorf("holder's queue %v, want [q2 q3]", q)
	}
	if p := requestOf(x.View("police"), "q2"); !p.Open || p.QueuePosition != 1 || p.Asked != 0 {
		t.Errorf("police's q2: %+v", p)
	}
	if p := requestOf(x.View("housing"), "q3"); p.QueuePosition != 2 {
		t.Errorf("housing's q3: %+v", p)
	}
	if p := requestOf(x.View("police"), "q1"); p.QueuePosition != 0 {
		t.Errorf("an answered request has a place in the queue: %+v", p)
	}
	// The return tells the holder who is first.
	got := returned(play(t, x, tick(61*minute)))
	if len(got) != 1 || !strings.Contains(got[0].Payload.Text, "2 requests waiting: q2 first") {
		t.Fatalf("return: %s", brief(got))
	}
	// A doctrine holder grants the oldest and leaves the next waiting.
	v := x.View("sa")
	tn := &turn{}
	answerRequests(&v, tn)
	if len(tn.cmds) != 1 || tn.cmds[0].Type != CmdAllocate || tn.cmds[0].Request != "q2" {
		t.Fatalf("bot answered %+v, want to allocate q2 only", tn.cmds)
	}
	c = at(62*minute, allocate("sa", "q2"))
	if o := outcome(c, play(t, x, c)); o != "" {
		t.Errorf("allocation after the return: %q", o)
	}
	if p := requestOf(x.View("housing"), "q3"); p.QueuePosition != 1 {
		t.Errorf("housing's q3 after q2 was granted: %+v", p)
	}
}

// TestBotsRefuseWhatWillNotComeBack: a bot holder refuses a request it
// cannot meet only when no booking of the resource ends at a known time.
func TestBotsRefuseWhatWillNotComeBack(t *testing.T) {
	for _, tc := range []struct {
		name    string
		returns string
		want    string
	}{
		{"a booking ends", ReturnsAtTime, ""},
		{"held until the person moves on", ReturnsOnMoveOn, CmdRefuse},
		{"held to the end", ReturnsNever, CmdRefuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &View{Agency: "housing",
				Resources: []ResourceView{{Kind: "bed", Bookings: []BookingView{{Request: "q1", Returns: tc.returns}}, Queue: []string{"q2"}}},
				Requests:  []RequestView{{ID: "q2", From: "police", Holder: "housing", Kind: "bed", Person: "ana", Open: true}}}
			tn := &turn{}
			answerRequests(v, tn)
			got := ""
			if len(tn.cmds) > 0 {
				got = tn.cmds[0].Type
			}
			if got != tc.want {
				t.Errorf("bot did %q, want %q", got, tc.want)
			}
		})
	}
}

// TestMutualAid: the facilitator adds resources to an agency's stock.
func TestMutualAid(t *testing.T) {
	add := func(actor, agency, kind, lang string, n int) Command {
		return Command{Actor: actor, Type: CmdAddResource, Agency: agency, Kind: kind, Language: lang, Count: n, Text: "from the neighbouring council"}
	}
	for _, tc := range []struct {
		name string
		c    Command
		rule string
	}{
		{"beds", add(Facilitator, "housing", "bed", "", 2), ""},
		{"a new language", add(Facilitator, "sa", "interpreter", "pl", 1), ""},
		{"by a player", add("police", "housing", "bed", "", 2), codeNotYours},
		{"unknown agency", add(Facilitator, "nobody", "bed", "", 2), codeInvalid},
		{"unknown kind", add(Facilitator, "housing", "van", "", 2), codeInvalid},
		{"interpreter without a language", add(Facilitator, "sa", "interpreter", "", 1), codeInvalid},
		{"bed with a language", add(Facilitator, "housing", "bed", "ro", 1), codeInvalid},
		{"none", add(Facilitator, "housing", "bed", "", 0), codeInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := New(loadFixture(t, "resources.yaml"), Options{})
			before := resourceOf(x.View(tc.c.Agency), tc.c.Kind, tc.c.Language).Count
			evs := play(t, x, tc.c)
			got := outcome(tc.c, evs)
			if tc.rule != "" {
				if got == "" {
					t.Fatalf("accepted: %s", brief(evs))
				}
				if r := evs[len(evs)-1].Payload.Rule; r != tc.rule {
					t.Errorf("rule %q, want %q", r, tc.rule)
				}
				return
			}
			e := evs[len(evs)-1]
			if e.Type != EvResource || e.Payload.Count != before+tc.c.Count || e.Payload.Cause != "mutual_aid" || !slices.Equal(e.To, []string{tc.c.Agency}) {
				t.Fatalf("event %s %+v to %v", e.Type, e.Payload, e.To)
			}
			if n := resourceOf(x.View(tc.c.Agency), tc.c.Kind, tc.c.Language).Count; n != before+tc.c.Count {
				t.Errorf("stock %d, want %d", n, before+tc.c.Count)
			}
		})
	}
	// Aid lets a waiting request be granted at once.
	x := New(loadFixture(t, "resources.yaml"), Options{})
	play(t, x, requestCmd("police", "ana", "housing", "bed", ""), allocate("housing", "q1"), requestCmd("police", "bogdan", "housing", "bed", ""),
		add(Facilitator, "housing", "bed", "", 1))
	c := allocate("housing", "q2")
	if o := outcome(c, play(t, x, c)); o != "" {
		t.Errorf("allocation after mutual aid: %q", o)
	}
}

// TestSecondRemovalLater is the case from outside testing, in the format
// reference's worked example: police go in at once (no second interpreter
// or extra beds), remove Andrei with the Salvation Army's one Romanian
// interpreter and the council's one bed, and an hour and a half later
// remove a second worker (Florin, who in this run accepts help). The
// interpreter's booking has ended and Andrei's bed was freed when he moved
// on, so neither request is refused and the removal is not flagged.
func TestSecondRemovalLater(t *testing.T) {
	data, err := os.ReadFile("../docs/examples/car-wash.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load("car-wash.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	sc.Person("florin").Truth.AcceptsSupport = true
	x := New(sc, Options{})
	decide := Command{Actor: "wyp", Type: CmdDecide, Decision: "d1_timing", Option: "now"}
	first := int64(20 * minute)
	evs := play(t, x,
		at(10*minute, decide),
		at(first, requestCmd("wyp", "andrei", "sa", "interpreter", "ro")), at(first, allocate("sa", "q1")),
		at(first, requestCmd("wyp", "andrei", "council", "bed", "")), at(first, allocate("council", "q2")),
		at(first, cmd("wyp", CmdRemove, "andrei")),
		at(first+5*minute, seekConsent("wyp", "andrei")), at(first+5*minute, nrm("wyp", "andrei")))
	if fl := flags(evs); len(fl) != 0 {
		t.Fatalf("first removal flagged %v%s", fl, brief(evs))
	}
	// Straight away, the interpreter is out: Florin's request waits.
	c := at(first+10*minute, allocate("sa", "q3"))
	evs = play(t, x, at(first+10*minute, requestCmd("wyp", "florin", "sa", "interpreter", "ro")), c)
	if o := outcome(c, evs[len(evs)-2:]); o != codeResources {
		t.Fatalf("second interpreter at once: %q", o)
	}
	second := first + 90*minute
	evs = play(t, x,
		at(second, allocate("sa", "q3")),
		at(second, requestCmd("wyp", "florin", "council", "bed", "")), at(second, allocate("council", "q4")),
		at(second, cmd("wyp", CmdRemove, "florin")))
	for _, e := range evs {
		if e.Type == EvRejected {
			t.Errorf("refused at %s: %s", fmtMillis(e.T), e.Payload.Reason)
		}
	}
	if fl := flags(evs); len(fl) != 0 {
		t.Errorf("second removal flagged %v", fl)
	}
	if pv := x.View("wyp").People; !slices.ContainsFunc(pv, func(p PersonView) bool { return p.ID == "florin" && p.Status == "safe" }) {
		t.Errorf("Florin is not safe: %+v", pv)
	}
}

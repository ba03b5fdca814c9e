package engine

import (
	"slices"
	"testing"
	"time"
)

func knownPeople(v View) []string {
	var ids []string
	for _, p := range v.People {
		ids = append(ids, p.ID)
	}
	return ids
}

// TestViewsAreIsolated: facts cross agencies only when someone shares them.
func TestViewsAreIsolated(t *testing.T) {
	x := New(loadFixture(t, "rules.yaml"), Options{})
	apply := func(c Command) []Event {
		t.Helper()
		c.T = x.Now() + 1000
		return x.Apply(c, time.Time{})
	}
	apply(Command{Actor: Facilitator, Type: CmdTick})
	if got := knownPeople(x.View("health")); !slices.Equal(got, []string{"adult"}) {
		t.Fatalf("health knows %v at the start, want [adult]", got)
	}
	if got := x.View("police").People[5]; got.ID != "boss" || len(got.Indicators) != 1 {
		t.Fatalf("police should see boss's offending indicator at once: %+v", got)
	}
	evs := apply(Command{Actor: "police", Type: CmdObserve, Person: "adult"})
	for _, e := range evs {
		if e.Visible("health") && e.Type != EvCommand {
			t.Errorf("health sees police's %s event", e.Type)
		}
	}
	if inds := x.View("health").People[0].Indicators; len(inds) != 0 {
		t.Fatalf("health learned %v without a share", inds)
	}
	if inds := x.View("police").People[0].Indicators; len(inds) != 1 || inds[0].ID != "bruises" {
		t.Fatalf("police's observation revealed %v, want [bruises]", inds)
	}
	evs = apply(Command{Actor: "police", Type: CmdShare, Person: "boss", To: []string{"health"}})
	seen := false
	for _, e := range evs {
		seen = seen || (e.Type == CmdShare && e.Visible("health"))
		if e.Visible("cps") {
			t.Errorf("cps sees a share it was not part of: %s", e.Type)
		}
	}
	if !seen {
		t.Error("health does not see the share")
	}
	v := x.View("health")
	if got := knownPeople(v); !slices.Equal(got, []string{"adult", "boss"}) {
		t.Fatalf("health knows %v after the share", got)
	}
	if inds := v.People[1].Indicators; len(inds) != 1 || inds[0].ID != "wages" {
		t.Errorf("health learned %v of boss, want [wages]", inds)
	}
	if got := knownPeople(x.View("cps")); !slices.Equal(got, []string{"adult"}) {
		t.Errorf("cps knows %v, want [adult]", got)
	}
	if got := x.View("nobody"); len(got.People) != 0 {
		t.Errorf("an unknown agency sees %v", knownPeople(got))
	}
}

// TestDisputedAgeView: an age-disputed person shows their claimed age until
// children's services assess it.
func TestDisputedAgeView(t *testing.T) {
	x := New(loadFixture(t, "rules.yaml"), Options{})
	x.Apply(Command{Actor: Facilitator, Type: CmdTick, T: 1}, time.Time{})
	find := func(agency string) PersonView {
		for _, p := range x.View(agency).People {
			if p.ID == "disputed" {
				return p
			}
		}
		t.Fatalf("%s does not know the disputed person", agency)
		return PersonView{}
	}
	if p := find("children"); p.Age != 17 || !p.AgeDisputed || !p.Child {
		t.Fatalf("before assessment: %+v", p)
	}
	x.Apply(Command{Actor: "children", Type: CmdAgeAssessment, Person: "disputed", T: 2}, time.Time{})
	if p := find("children"); p.Age != 19 || p.AgeDisputed || p.Child {
		t.Fatalf("after assessment: %+v", p)
	}
}

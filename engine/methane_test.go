package engine_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/scenarios"
)

// divergence plays a bundled scenario with one kind of bot in every seat
// and measures the M/ETHANE reports at the end.
func divergence(t *testing.T, id, bots string) (engine.Divergence, *engine.MethaneBoard) {
	t.Helper()
	sc, _ := bundled(t, id)
	b := engine.NewMethaneBoard(sc)
	err := engine.Simulate(sc, engine.SimulateOptions{Options: engine.Options{Seed: 7}, Default: bots}, func(evs []engine.Event) error {
		for i := range evs {
			b.Add(&evs[i])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Divergence(), b
}

// TestMethaneDoctrineDivergesLess: in every bundled scenario the doctrine
// bots' M/ETHANE reports are closer to what each agency knew, and to each
// other, than the naive bots'.
func TestMethaneDoctrineDivergesLess(t *testing.T) {
	for _, id := range scenarios.IDs() {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			doc, b := divergence(t, id, "doctrine")
			naive, _ := divergence(t, id, "naive")
			if doc.Score >= naive.Score {
				t.Errorf("doctrine bots' reports diverge by %.2f, naive bots' by %.2f: want doctrine less", doc.Score, naive.Score)
			}
			if doc.Filed != len(doc.Agencies) {
				t.Errorf("%d of %d doctrine agencies filed a report", doc.Filed, len(doc.Agencies))
			}
			for _, a := range doc.Agencies {
				if b.Filed(a.Agency) < 2 {
					t.Errorf("doctrine %s filed %d reports; want one a phase at least", a.Agency, b.Filed(a.Agency))
				}
			}
			t.Logf("doctrine %.2f (truth %.2f, between %.2f); naive %.2f (truth %.2f, between %.2f)", doc.Score, doc.Truth, doc.Between, naive.Score, naive.Truth, naive.Between)
		})
	}
}

// TestRoomViewHoldsNothingPrivate plays every bundled scenario with
// doctrine bots and checks the room's view after every command: no
// indicator, no description of a person, no inject sent to some agencies
// only.
func TestRoomViewHoldsNothingPrivate(t *testing.T) {
	for _, id := range scenarios.IDs() {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			sc, _ := bundled(t, id)
			public := map[string]bool{}
			for _, in := range sc.Injects {
				if len(in.To) == len(sc.Agencies) {
					public[in.Text] = true
				}
			}
			var private []string
			for _, p := range sc.People {
				private = append(private, p.Description)
				for _, ind := range p.Indicators {
					private = append(private, ind.Text)
				}
			}
			for _, in := range sc.Injects {
				if !public[in.Text] {
					private = append(private, in.Text)
				}
			}
			x := engine.New(sc, engine.Options{Seed: 3})
			bots := map[string]engine.Bot{}
			for _, a := range sc.Agencies {
				bots[a.ID], _ = engine.NewBot("doctrine")
			}
			check := func(at string) {
				b, err := json.Marshal(x.RoomView())
				if err != nil {
					t.Fatal(err)
				}
				var rv engine.RoomView
				json.Unmarshal(b, &rv)
				s := string(b)
				for _, p := range private {
					if pj, _ := json.Marshal(p); strings.TrimSpace(p) != "" && strings.Contains(s, strings.Trim(string(pj), `"`)) {
						t.Fatalf("%s: the room's view holds private text %q", at, p)
					}
				}
			}
			n := 0
			for ms := int64(0); ms <= sc.Length.D.Milliseconds() && !x.Ended(); ms += 60_000 {
				x.Apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: ms}, time.Time{})
				for _, a := range sc.Agencies {
					v := x.View(a.ID)
					for _, c := range bots[a.ID].Act(&v) {
						n++
						c.Actor, c.T, c.ID = a.ID, ms, fmt.Sprint(n)
						x.Apply(c, time.Time{})
					}
				}
				check(fmt.Sprintf("at %dm", ms/60_000))
			}
			rv := x.RoomView()
			filed := 0
			for _, r := range rv.Reports {
				if r.Report != nil {
					filed++
				}
			}
			if filed != len(sc.Agencies) {
				t.Errorf("the room shows %d of %d agencies' reports", filed, len(sc.Agencies))
			}
		})
	}
}

func TestMethaneCommand(t *testing.T) {
	sc, _ := bundled(t, "tutorial")
	x := engine.New(sc, engine.Options{})
	at := time.Time{}
	x.Apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick}, at)
	evs := x.Apply(engine.Command{ID: "m0", Actor: "police", Type: engine.CmdMethane, T: 1000}, at)
	if last := evs[len(evs)-1]; last.Type != engine.EvRejected {
		t.Fatalf("a methane command with no report: got %s, want rejected", last.Type)
	}
	evs = x.Apply(engine.Command{ID: "m1", Actor: "police", Type: engine.CmdMethane, T: 2000, Methane: &engine.Methane{Location: " Sparkle Hand Car Wash ", Victims: 2, Hazards: "owner watches the workers"}}, at)
	last := evs[len(evs)-1]
	if last.Type != engine.CmdMethane || last.Payload.Methane == nil || last.Payload.Methane.Location != "Sparkle Hand Car Wash" {
		t.Fatalf("the report was not filed: %+v", last)
	}
	if len(last.To) != len(sc.Agencies) {
		t.Errorf("the report reached %v; want every agency", last.To)
	}
	v := x.View("police")
	if v.Methane == nil || v.Methane.Victims != 2 || v.Methane.T != 2000 {
		t.Errorf("the police view's report: %+v", v.Methane)
	}
	if x.View("health").Methane != nil {
		t.Errorf("health's view shows a report it did not file")
	}
	rv := x.RoomView()
	if rv.Reports[0].Report == nil || rv.Reports[0].Report.Victims != 2 || rv.Reports[1].Report != nil {
		t.Errorf("room view reports: %+v", rv.Reports)
	}
	x.Apply(engine.Command{ID: "m2", Actor: "housing", Type: engine.CmdMethane, T: 3000, Methane: &engine.Methane{Location: "carwash", Victims: 3}}, at)
	x.Apply(engine.Command{ID: "m3", Actor: "health", Type: engine.CmdMethane, T: 3000, Methane: &engine.Methane{Location: "Ings Road", Victims: 2}}, at)
	rv = x.RoomView()
	if got := rv.Reports[1].Differs; len(got) == 0 || got[0] != "victims" && got[len(got)-1] != "victims" {
		t.Errorf("housing's count differs from the others': got differs %v", got)
	}
	if got := rv.Reports[0].Differs; strings.Contains(strings.Join(got, " "), "location") {
		t.Errorf("three reports naming the same site by id, name and road differ in location: %v", got)
	}
	// The facilitator prompts with an ad-hoc inject to everyone.
	x.Apply(engine.Command{ID: "f1", Actor: engine.Facilitator, Type: engine.CmdAdhocInject, T: 4000, To: []string{"police", "housing", "health"}, Text: "Gold asks for an M/ETHANE report now."}, at)
	v = x.View("health")
	if in := v.Inbox[len(v.Inbox)-1]; !in.Methane {
		t.Errorf("the ad-hoc prompt does not ask for a report: %+v", in)
	}
	if rv = x.RoomView(); len(rv.Injects) == 0 || !strings.Contains(rv.Injects[len(rv.Injects)-1].Text, "Gold asks") {
		t.Errorf("the room does not show the inject to all: %+v", rv.Injects)
	}
}

// TestMethaneAtPhases: a scenario's methane_at_phases puts a prompt in
// every inbox as each phase begins.
func TestMethaneAtPhases(t *testing.T) {
	sc, _ := bundled(t, "leeds-2013")
	if !sc.MethaneAtPhases {
		t.Fatal("leeds-2013 does not ask for reports at phases")
	}
	x := engine.New(sc, engine.Options{})
	x.Apply(engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: sc.Clock.Phases[1].At.D.Milliseconds()}, time.Time{})
	n := 0
	for _, in := range x.View(sc.Agencies[0].ID).Inbox {
		if in.Methane {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d prompts after two phases began; want 2", n)
	}
}

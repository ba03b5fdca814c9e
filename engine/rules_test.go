package engine

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func loadFixture(t testing.TB, name string) *Scenario {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Load(name, data)
	if err != nil {
		t.Fatalf("load %s:\n%v", name, err)
	}
	return sc
}

// cmd makes a command; fields are set by the caller.
func cmd(actor, typ, person string) Command {
	return Command{Actor: actor, Type: typ, Person: person}
}

// outcome returns the rule of the rejection among evs, or "" when the
// command was accepted, or "?" when there was neither.
func outcome(c Command, evs []Event) string {
	for _, e := range evs {
		if e.Type == EvRejected {
			if e.Payload.Rule == "" {
				return "rejected"
			}
			return e.Payload.Rule
		}
	}
	for i, e := range evs {
		if e.Type == EvCommand && i+1 < len(evs) {
			return ""
		}
	}
	return "?"
}

// brief lists events' types and rules, for failure messages.
func brief(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "\n  %d %s %s %s %s", e.Seq, e.Actor, e.Type, e.Payload.Rule, e.Payload.Reason)
	}
	return b.String()
}

func flags(evs []Event) []string {
	var out []string
	for _, e := range evs {
		if e.Type == EvFlagged {
			out = append(out, e.Payload.Rule)
		}
	}
	return out
}

var (
	seekConsent   = func(a, p string) Command { return cmd(a, CmdSeekConsent, p) }
	childReferral = func(a, p string) Command { return cmd(a, CmdChildSafeguarding, p) }
	nrm           = func(a, p string) Command { return cmd(a, CmdNRMReferral, p) }
	dtn           = func(a, p string) Command { return cmd(a, CmdDutyToNotify, p) }
	requestCmd    = func(a, p, holder, kind, lang string) Command {
		c := cmd(a, CmdRequest, p)
		c.Agency, c.Kind, c.Language = holder, kind, lang
		return c
	}
	allocate = func(a, req string) Command { c := cmd(a, CmdAllocate, ""); c.Request = req; return c }
	caCmd    = func(p, kind, outcome string) Command {
		c := cmd(Facilitator, CmdCADecision, p)
		c.Kind, c.Outcome = kind, outcome
		return c
	}
	advance = func(days int) Command { c := cmd(Facilitator, CmdAdvanceClock, ""); c.Days = days; return c }
)

func TestRules(t *testing.T) {
	sc := loadFixture(t, "rules.yaml")
	safeAnna := []Command{requestCmd("police", "adult", "housing", "bed", ""), allocate("housing", "q1"), cmd("police", CmdRemove, "adult")}
	consented := append(append([]Command{}, safeAnna...), seekConsent("police", "adult"))
	tests := []struct {
		name      string
		rulesAsOf string
		setup     []Command
		cmd       Command
		want      string   // rule id of the rejection, "" for accepted
		flags     []string // rules flagged
	}{
		// R1: only first responders refer.
		{name: "R1 police may refer", setup: consented, cmd: nrm("police", "adult")},
		{name: "R1 health may not refer", setup: consented, cmd: nrm("health", "adult"), want: "R1"},
		{name: "R1 CPS may not refer", setup: consented, cmd: nrm("cps", "adult"), want: "R1"},
		{name: "R1 an unlisted NGO may not refer", setup: consented, cmd: nrm("church", "adult"), want: "R1"},
		{name: "R1 a listed NGO may refer", setup: append(append([]Command{}, safeAnna...), seekConsent("salvation", "adult")), cmd: nrm("salvation", "adult")},
		{name: "R1 council housing may refer", setup: append(append([]Command{}, safeAnna...), seekConsent("housing", "adult")), cmd: nrm("housing", "adult")},
		// R2: adults need informed consent.
		{name: "R2 adult without consent sought", setup: safeAnna, cmd: nrm("police", "adult"), want: "R2"},
		{name: "R2 consent sought by another agency does not count", setup: append(append([]Command{}, safeAnna...), seekConsent("salvation", "adult")), cmd: nrm("police", "adult"), want: "R2"},
		{name: "R2 adult who declines", setup: []Command{seekConsent("police", "refuser")}, cmd: nrm("police", "refuser"), want: "R2"},
		{name: "R2 no informed consent without an interpreter", cmd: seekConsent("police", "slovak"), want: "R2"},
		{name: "R2 consent through an interpreter", setup: []Command{requestCmd("police", "slovak", "housing", "interpreter", "sk"), allocate("housing", "q1")}, cmd: seekConsent("police", "slovak")},
		// R3: children are referred without consent, after safeguarding.
		{name: "R3 child before safeguarding", cmd: nrm("police", "child"), want: "R3"},
		{name: "R3 child after safeguarding, no consent needed", setup: []Command{childReferral("police", "child")}, cmd: nrm("police", "child"), flags: []string{"R9"}},
		{name: "R3 child safeguarding may refer directly", cmd: nrm("children", "child"), flags: []string{"R9"}},
		{name: "R3 no Duty to Notify for a child", cmd: dtn("police", "child"), want: "R3"},
		{name: "R3 no adult safeguarding enquiry for a child", cmd: cmd("police", CmdAdultSafeguarding, "child"), want: "R3"},
		// R3a: age disputes.
		{name: "R3a disputed age is treated as a child", cmd: nrm("police", "disputed"), want: "R3"},
		{name: "R3a disputed age: no Duty to Notify", cmd: dtn("police", "disputed"), want: "R3"},
		{name: "R3a age assessment by children's services only", cmd: cmd("police", CmdAgeAssessment, "disputed"), want: "R3a"},
		{name: "R3a assessed adult needs consent", setup: []Command{cmd("children", CmdAgeAssessment, "disputed")}, cmd: nrm("police", "disputed"), want: "R2"},
		// R4: Duty to Notify.
		{name: "R4 duty to notify for a declining adult", setup: []Command{seekConsent("police", "refuser")}, cmd: dtn("police", "refuser")},
		{name: "R4 no duty before 1 November 2015", rulesAsOf: "2015-09-03", cmd: dtn("police", "refuser"), want: "R4"},
		{name: "R4 duty exists from 1 November 2015", rulesAsOf: "2015-11-01", setup: []Command{seekConsent("police", "refuser")}, cmd: dtn("police", "refuser")},
		{name: "R4 the duty arises from reasonable grounds, not a refusal: consent not sought is a finding", cmd: dtn("police", "refuser"), flags: []string{"R2"}},
		{name: "R4 notifying without an interpreter to seek consent", cmd: dtn("police", "slovak"), flags: []string{"R2"}},
		{name: "R4 not for an adult who consents", setup: []Command{seekConsent("police", "adult")}, cmd: dtn("police", "adult"), want: "R4"},
		{name: "R4 health is not a specified authority", cmd: dtn("health", "adult"), want: "R4"},
		{name: "R4 an NRM referral discharges the duty", setup: append(append([]Command{}, consented...), nrm("police", "adult")), cmd: dtn("police", "adult"), want: "R4"},
		// R5-R6: the competent authority decides only on a referral.
		{name: "R6 no RG without a referral", cmd: caCmd("adult", "rg", "positive"), want: "R6"},
		{name: "R6 RG after a referral", setup: append(append([]Command{}, consented...), nrm("police", "adult")), cmd: caCmd("adult", "rg", "positive")},
		// R7: CG not before the recovery period ends.
		{name: "R7 CG during the recovery period", setup: append(append([]Command{}, consented...), nrm("police", "adult"), caCmd("adult", "rg", "positive"), advance(29)), cmd: caCmd("adult", "cg", "victim_of_trafficking"), want: "R7"},
		{name: "R7 CG after 30 days (2024 rules)", setup: append(append([]Command{}, consented...), nrm("police", "adult"), caCmd("adult", "rg", "positive"), advance(30)), cmd: caCmd("adult", "cg", "victim_of_trafficking")},
		{name: "R7 45 days before 13 December 2022", rulesAsOf: "2022-12-12", setup: append(append([]Command{}, consented...), nrm("police", "adult"), caCmd("adult", "rg", "positive"), advance(44)), cmd: caCmd("adult", "cg", "victim_of_trafficking"), want: "R7"},
		{name: "R7 45 days passed", rulesAsOf: "2022-12-12", setup: append(append([]Command{}, consented...), nrm("police", "adult"), caCmd("adult", "rg", "positive"), advance(45)), cmd: caCmd("adult", "cg", "victim_of_trafficking")},
		// R8: CG follows a positive RG.
		{name: "R8 no CG after a negative RG", setup: append(append([]Command{}, consented...), nrm("police", "adult"), caCmd("adult", "rg", "negative"), advance(60)), cmd: caCmd("adult", "cg", "not_recognised"), want: "R8"},
		// R9: safeguard first.
		{name: "R9 removal needs a place", cmd: cmd("police", CmdRemove, "adult"), want: "resources"},
		{name: "R9 an offer declined is the agency's recorded act", cmd: cmd("police", CmdOfferSupport, "refuser")},
		{name: "R3 only a first responder treats an apparent adult as a possible child", cmd: childReferral("health", "adult"), want: "R3"},
		// R3, R3a: a child who says they are an adult.
		{name: "R3a a first responder may treat a person claiming to be an adult as a possible child", cmd: childReferral("police", "claimer")},
		{name: "R3a once doubted, a child is referred without consent", setup: []Command{childReferral("police", "claimer")}, cmd: nrm("police", "claimer"), flags: []string{"R9"}},
		{name: "R3a once doubted, no Duty to Notify", setup: []Command{childReferral("police", "claimer")}, cmd: dtn("police", "claimer"), want: "R3"},
		{name: "R3 a Duty to Notify for someone in truth a child is a finding", setup: []Command{seekConsent("police", "claimer")}, cmd: dtn("police", "claimer"), flags: []string{"R3"}},
		// R1: only a first responder records NRM consent.
		{name: "R1 the NHS does not record NRM consent", cmd: seekConsent("health", "adult"), want: "R1"},
		{name: "R1 the CPS does not record NRM consent", cmd: seekConsent("cps", "adult"), want: "R1"},
		{name: "R9 removal to an allocated place", setup: safeAnna[:2], cmd: cmd("police", CmdRemove, "adult")},
		{name: "R9 removal without an interpreter is flagged", setup: []Command{requestCmd("police", "slovak", "housing", "bed", ""), allocate("housing", "q1")}, cmd: cmd("police", CmdRemove, "slovak"), flags: []string{"R9"}},
		{name: "R9 safety first: no flag when no interpreter in the language can be had", setup: []Command{requestCmd("police", "lone", "housing", "bed", ""), allocate("housing", "q1")}, cmd: cmd("police", CmdRemove, "lone")},
		{name: "R9 referral while in danger is flagged", setup: []Command{seekConsent("police", "adult")}, cmd: nrm("police", "adult"), flags: []string{"R9"}},
		{name: "R9 a decline needs an offer first", cmd: Command{Actor: "police", Type: CmdRecordDecline, Person: "refuser", Text: "x", Risk: "y"}, want: "R9"},
		{name: "R9 a decline needs reasons and risk", setup: []Command{cmd("police", CmdOfferSupport, "refuser")}, cmd: Command{Actor: "police", Type: CmdRecordDecline, Person: "refuser", Text: "wants to stay"}, want: "R9"},
		{name: "R9 a recorded decline", setup: []Command{cmd("police", CmdOfferSupport, "refuser")}, cmd: Command{Actor: "police", Type: CmdRecordDecline, Person: "refuser", Text: "wants to stay", Risk: "remains with exploiters"}},
		// J2 and R13.
		{name: "J2 a decision log entry needs a rationale", cmd: Command{Actor: "police", Type: CmdLogDecision, Stage: 2, Text: "raid at dawn"}, want: "J2"},
		{name: "J2 a decision log entry needs a stage", cmd: Command{Actor: "police", Type: CmdLogDecision, Text: "raid", Rationale: "risk"}, want: "J2"},
		{name: "R13 arresting a victim is flagged", cmd: cmd("police", CmdArrest, "adult"), flags: []string{"R13"}},
		{name: "R13 arresting a suspect", cmd: cmd("police", CmdArrest, "boss")},
		{name: "R13 charging advice without section 45", setup: []Command{cmd("police", CmdChargingRequest, "adult")}, cmd: Command{Actor: "cps", Type: CmdChargingAdvice, Person: "adult", Outcome: "charge"}, flags: []string{"R13"}},
		{name: "R13 charging advice with section 45", setup: []Command{cmd("police", CmdChargingRequest, "adult")}, cmd: Command{Actor: "cps", Type: CmdChargingAdvice, Person: "adult", Outcome: "further_investigation", Section45: true}},
		{name: "R13 no charging advice unasked", cmd: Command{Actor: "cps", Type: CmdChargingAdvice, Person: "adult", Outcome: "charge", Section45: true}, want: "state"},
		// Powers and permissions.
		{name: "only the facilitator ends", cmd: cmd("police", CmdEnd, ""), want: "not_permitted"},
		{name: "health cannot arrest", cmd: cmd("health", CmdArrest, "adult"), want: "not_permitted"},
		{name: "an agency acts only on people it knows", cmd: cmd("cps", CmdObserve, "boss"), want: "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts Options
			if tc.rulesAsOf != "" {
				d, err := time.Parse(time.DateOnly, tc.rulesAsOf)
				if err != nil {
					t.Fatal(err)
				}
				opts.RulesAsOf = d
			}
			x := New(sc, opts)
			for i, c := range tc.setup {
				c.T = int64(i) * 1000
				evs := x.Apply(c, time.Time{})
				if got := outcome(c, evs); got != "" {
					t.Fatalf("setup command %d (%s by %s) not accepted: %s:%s", i, c.Type, c.Actor, got, brief(evs))
				}
			}
			c := tc.cmd
			c.T = int64(len(tc.setup)) * 1000
			evs := x.Apply(c, time.Time{})
			if got := outcome(c, evs); got != tc.want {
				t.Fatalf("outcome %q, want %q; events:%s", got, tc.want, brief(evs))
			}
			if got := strings.Join(flags(evs), ","); got != strings.Join(tc.flags, ",") {
				t.Errorf("flags %q, want %q", got, strings.Join(tc.flags, ","))
			}
			for _, e := range evs {
				if e.Type == EvRejected && e.Payload.Reason == "" {
					t.Errorf("rejection without a reason: %+v", e)
				}
			}
		})
	}
}

// TestPauseHoldsTime: while paused, a command's later time does not move
// the clock, so nothing fires until play resumes.
func TestPauseHoldsTime(t *testing.T) {
	sc := loadFixture(t, "rules.yaml")
	sc.Injects = []Inject{{ID: "late", At: &Duration{D: time.Minute}, To: []string{"police"}, Channel: "phone", Text: "x"}}
	x := New(sc, Options{})
	x.Apply(Command{Actor: Facilitator, Type: CmdPause, T: 1000}, time.Time{})
	evs := x.Apply(Command{Actor: "police", Type: CmdLogDecision, Stage: 1, Text: "t", Rationale: "r", T: 120_000}, time.Time{})
	for _, e := range evs {
		if e.Type == EvInject {
			t.Fatal("an inject fired during the pause")
		}
	}
	if x.Now() != 1000 {
		t.Fatalf("time moved to %d during the pause", x.Now())
	}
	x.Apply(Command{Actor: Facilitator, Type: CmdResume, T: 1000}, time.Time{})
	evs = x.Apply(Command{Actor: Facilitator, Type: CmdTick, T: 61_000}, time.Time{})
	if !slices.ContainsFunc(evs, func(e Event) bool { return e.Type == EvInject && e.T == 60_000 }) {
		t.Errorf("the inject did not fire at its time after the pause: %s", brief(evs))
	}
}

// TestDisclosureDrawsStandAlone: whether a person discloses does not depend
// on what happened elsewhere in the exercise.
func TestDisclosureDrawsStandAlone(t *testing.T) {
	sc := loadFixture(t, "rules.yaml")
	for seed := range int64(20) {
		a := New(sc, Options{Seed: seed})
		b := New(sc, Options{Seed: seed})
		b.Apply(Command{Actor: "salvation", Type: CmdSeekConsent, Person: "adult", T: 0}, time.Time{})
		if a.draw("adult", "police") != b.draw("adult", "police") {
			t.Fatalf("seed %d: another agency's interview changed the draw", seed)
		}
	}
}

package engine

import "slices"

// lawEnforcementKinds investigate the offence and are first responders
// (R1): they have a role for anyone in the case.
var lawEnforcementKinds = []string{"police", "border_force", "nca", "glaa", "immigration"}

// roleFacts are what decides which agencies have a role for a person. They
// come from the scenario's truth ([HasRole]) or from what an agency's view
// shows ([View.HasRole]); both go through [roleFor], so the debrief and the
// bots judge sharing by the same rules.
type roleFacts struct {
	victim    bool // a potential victim
	offending bool // a suspect, or a victim who may have committed offences (R13)
	child     bool // is or may be under 18 (R3, R3a)
	adult     bool // is or may be 18 or over
	needs     []string
}

// HasRole reports whether agency a has a role for person p, so that
// sharing p's details with a is necessary and proportionate (JESIP J1,
// communicate). A nil p is intelligence not about a person: every agency
// has a role for it. The roles follow nrm-rules.md:
//
//   - police, Border Force, the NCA, the GLAA and Immigration Enforcement
//     investigate and are first responders (R1): anyone in the case;
//   - NGOs support victims and, when listed, refer them (R1, R10): any
//     potential victim;
//   - child safeguarding: anyone who is or may be a child (R3, R3a, R11);
//   - adult safeguarding: any adult potential victim, as the council's
//     first responder (R1), and any adult with care and support needs
//     (R12);
//   - housing: any potential victim, who needs a place of safety (R9), and
//     anyone needing accommodation;
//   - health: any potential victim, whose health needs are assessed (R9),
//     and anyone with medical needs;
//   - the CPS: suspects, and victims who may have committed offences
//     (criminal exploitation or indicators of offending), for whom it
//     considers the section 45 defence (R13);
//   - other agencies: no one.
//
// The truth of the scenario decides: victim and suspect from Truth, a
// child by [Person.MayBeChild]. A bot, which cannot see the truth, uses
// [View.HasRole].
func HasRole(a *Agency, p *Person) bool {
	if p == nil {
		return true
	}
	f := roleFacts{
		victim:    p.Truth.Victim,
		offending: p.Truth.Suspect || slices.Contains(p.Exploitation, "criminal") || p.hasIndicator("offending"),
		child:     p.MayBeChild(),
		adult:     p.Age >= 18 || !p.MayBeChild(),
		needs:     p.Needs,
	}
	return roleFor(a.Kind, f)
}

// HasRole reports whether agency (an id in the directory) has a role for
// person p as far as v shows: [HasRole] judged from what the agency knows.
// A potential victim is a person with indicators of exploitation seen or
// already identified; a person may have offended when indicators of
// offending were seen, or they were arrested or sent for charging advice;
// a person whose age is disputed is a child until assessed (R3a).
// A nil p has every agency's role. An agency not in the directory has
// none.
func (v *View) HasRole(agency string, p *PersonView) bool {
	if p == nil {
		return true
	}
	i := slices.IndexFunc(v.Directory, func(d DirectoryEntry) bool { return d.ID == agency })
	if i < 0 {
		return false
	}
	f := roleFacts{
		victim:    victimSigns(p) || statusRank(p.Status) >= statusRank("identified"),
		offending: hasKind(p, "offending") || p.Arrested || p.Charging != "",
		child:     p.Child,
		adult:     !p.Child,
		needs:     p.Needs,
	}
	return roleFor(v.Directory[i].Kind, f)
}

// roleFor is the rule of [HasRole] for an agency of kind.
func roleFor(kind string, f roleFacts) bool {
	need := func(n string) bool { return slices.Contains(f.needs, n) }
	switch {
	case slices.Contains(lawEnforcementKinds, kind):
		return true
	case kind == "ngo":
		return f.victim
	case kind == "child_safeguarding":
		return f.child
	case kind == "adult_safeguarding":
		return f.adult && (f.victim || need("care_and_support"))
	case kind == "housing":
		return f.victim || need("accommodation")
	case kind == "health":
		return f.victim || need("medical")
	case kind == "cps":
		return f.offending
	}
	return false
}

func (p *Person) hasIndicator(kind string) bool {
	return slices.ContainsFunc(p.Indicators, func(i Indicator) bool { return i.Kind == kind })
}

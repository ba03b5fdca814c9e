package engine

import "strings"

// RestoreBot brings a new bot up to date with what its seat's bot did
// before: own are the commands that bot took, in the order a log records
// them, and v is the seat's view now. A server resuming an exercise from
// its log restores each bot so, so that no bot takes again what it took
// before the restart. Bots of other types are left as they are.
func RestoreBot(b Bot, v *View, own []Command) {
	var m memo
	switch b := b.(type) {
	case *doctrineBot:
		m = b.memo
		for _, c := range own {
			if phase, ok := strings.CutPrefix(c.Text, workingStrategy); ok && c.Type == CmdLogDecision {
				b.phase = phase
			}
		}
	case *naiveBot:
		m = b.memo
	default:
		return
	}
	for i := range own {
		for _, k := range memoKeys(v, &own[i]) {
			m[k] = true
		}
	}
}

// workingStrategy begins the doctrine bot's decision-log entry for a new
// phase.
const workingStrategy = "Working strategy for phase: "

// memoKeys returns the keys under which a bot's memo records that it took
// c (see [memo.try]); a key no bot uses is harmless.
func memoKeys(v *View, c *Command) []string {
	key := func(s string) []string { return []string{s + ":" + c.Person} }
	switch c.Type {
	case CmdObserve:
		return key("observe")
	case CmdArrest:
		return key("arrest")
	case CmdChargingRequest:
		return key("charging")
	case CmdChargingAdvice:
		return key("advice")
	case CmdIdentify:
		return key("identify")
	case CmdChildSafeguarding:
		return key("child_safeguarding")
	case CmdAgeAssessment:
		return key("age")
	case CmdAdultSafeguarding:
		return key("adult_safeguarding")
	case CmdOfferSupport:
		return key("offer")
	case CmdRecordDecline:
		return key("decline")
	case CmdNRMReferral:
		return key("nrm")
	case CmdSeekConsent:
		return key("consent")
	case CmdDutyToNotify:
		return key("dtn")
	case CmdRequest:
		switch c.Kind {
		case "interpreter":
			return key("interpreter:" + c.Agency + ":" + c.Language)
		case "medic":
			return key("medic")
		}
		return append(key("place:"+c.Agency+":"+c.Kind), key(c.Kind)...)
	case CmdShare:
		if c.Person == "" {
			for _, in := range v.Inbox {
				if c.Text == "Passing on from "+in.From+": "+in.Text {
					return []string{"inject:" + in.ID}
				}
			}
			return nil
		}
		if rest, ok := strings.CutPrefix(c.Text, "update: "); ok {
			if i := strings.LastIndex(rest, " is "); i >= 0 {
				return key("update:" + rest[i+len(" is "):])
			}
		}
		if strings.HasPrefix(c.Text, "age assessed: ") {
			return key("age-shared")
		}
		return key("share")
	case CmdMethane:
		return []string{"methane", "methane:" + c.Inject}
	case CmdLogDecision:
		if alias, ok := strings.CutPrefix(c.Text, "No NRM referral for "); ok {
			for _, p := range v.People {
				if p.Alias == alias {
					return []string{"noduty:" + p.ID}
				}
			}
		}
	}
	return nil
}

package replay

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"ttx/tui/styles"

	"ttx/engine"
)

// replayTypeLabels name event types for people; a type left out is shown
// with its underscores as spaces. Outcomes that went wrong carry a symbol,
// so that colour is never the only sign of them.
var replayTypeLabels = map[string]string{
	engine.CmdRequest:           "request resource",
	engine.CmdAllocate:          "allocate resource",
	engine.CmdOfferSupport:      "offer support",
	engine.CmdRemove:            "remove to safety",
	engine.CmdRecordDecline:     "record decline",
	engine.CmdNRMReferral:       "NRM referral",
	engine.CmdDutyToNotify:      "Duty to Notify",
	engine.CmdChargingRequest:   "ask CPS to charge",
	engine.CmdLogDecision:       "decision log",
	engine.EvRejected:           "✗ rejected",
	engine.EvFlagged:            "! flagged",
	engine.EvSupportRefused:     "✗ declines support",
	engine.EvDecisionOpen:       "decision opens",
	engine.EvRG:                 "RG decision",
	engine.EvCG:                 "CG decision",
	engine.EvFlag:               "scenario flag",
	engine.EvResource:           "resource change",
	engine.EvReturned:           "resource returned",
	engine.EvMissed:             "✗ deadline missed",
	"no_play":                   "NO PLAY",
	"no_play_lifted":            "NO PLAY lifted",
	engine.CmdChildSafeguarding: "child safeguarding",
	engine.CmdAdultSafeguarding: "adult safeguarding",
}

// replayTypeName names an event or command type for people.
func replayTypeName(t string) string {
	if l, ok := replayTypeLabels[t]; ok {
		return l
	}
	return strings.ReplaceAll(t, "_", " ")
}

// label is the "what" of an event in the feed.
func (d *replayData) label(e *engine.Event) string {
	if e.Type == engine.EvCommand && e.Payload.Command != nil {
		return "» " + replayTypeName(e.Payload.Command.Type)
	}
	return replayTypeName(e.Type)
}

// actor is the "who" of an event in the feed: the agency an engine event
// concerns, a person's alias, or the actor's id.
func (d *replayData) actor(e *engine.Event) string {
	if e.Actor == engine.System && e.Payload.Agency != "" {
		return e.Payload.Agency
	}
	return d.who(e.Actor)
}

// person returns a person's alias, or the id if the scenario has no such
// person.
func (d *replayData) person(id string) string {
	if a := d.alias[id]; a != "" {
		return a
	}
	return id
}

// indicators returns the texts of indicators, joined.
func (d *replayData) indicators(ids []string) string {
	var out []string
	for _, id := range ids {
		if t := d.indicator[id]; t != "" {
			out = append(out, t)
		} else {
			out = append(out, id)
		}
	}
	return strings.Join(out, "; ")
}

// replayJoin joins the non-empty parts with sep.
func replayJoin(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// summary says in a line what an event was.
func (d *replayData) summary(e *engine.Event) string {
	p := &e.Payload
	who := ""
	if p.Person != "" {
		who = d.person(p.Person)
	}
	lang := func(kind, l string) string {
		if l != "" {
			return kind + " (" + l + ")"
		}
		return kind
	}
	switch e.Type {
	case engine.EvCommand:
		return d.commandSummary(p.Command)
	case engine.EvStarted:
		return replayJoin(" · ", "the exercise starts, in-world "+p.InWorld, p.Authority)
	case engine.EvPhase:
		return "phase: " + p.Text
	case engine.EvInject:
		return replayJoin(": ", replayJoin(" ", "["+p.Channel+"]", p.From), p.Text)
	case engine.EvLearned:
		if len(p.Indicators) > 0 {
			return fmt.Sprintf("%s sees signs in %s: %s", p.Agency, who, d.indicators(p.Indicators))
		}
		return replayJoin(" ", fmt.Sprintf("%s learns of %s", p.Agency, who), replayCause(p.Cause))
	case engine.EvRejected:
		return replayJoin(": ", replayJoin(" ", replayTypeName(p.Kind), who, "refused"), p.Rule, p.Reason)
	case engine.EvFlagged:
		return replayJoin(": ", replayJoin(", ", p.Agency, who), p.Rule, p.Reason)
	case engine.EvMissed:
		return replayJoin(" ", "expected", replayTypeName(p.Kind), who, "by "+strings.Join(p.Agencies, " or "),
			"within the time of inject "+p.Inject, "("+p.Inject+"."+p.Expect+")")
	case engine.EvRG:
		res := "reasonable grounds not met"
		if p.Positive {
			res = "reasonable grounds met"
		}
		return replayJoin(", ", who+": "+res, "in-world "+p.InWorld)
	case engine.EvCG:
		return replayJoin(", ", who+": conclusive grounds: "+strings.ReplaceAll(p.Outcome, "_", " "), "in-world "+p.InWorld)
	case engine.EvDecisionOpen:
		return replayJoin(": ", p.Decision, p.Text)
	case engine.CmdDecide:
		return p.Decision + ": chose " + p.Option
	case engine.EvFlag:
		return replayJoin(" ", "flag "+p.Flag, "set by decision "+p.Decision)
	case engine.EvResource:
		return replayJoin(": ", fmt.Sprintf("%s now holds %d %s", p.Agency, p.Count, lang(p.Kind, p.Language)), p.Text)
	case engine.EvReturned:
		return p.Text
	case engine.CmdRequest:
		return fmt.Sprintf("%s for %s, asked of %s", lang(p.Kind, p.Language), who, p.Agency)
	case engine.CmdAllocate:
		return replayJoin(": ", fmt.Sprintf("%s to %s (request %s), %d left", lang(p.Kind, p.Language), p.Agency, p.Request, p.Count), p.Text)
	case engine.CmdRefuse:
		return replayJoin(": ", fmt.Sprintf("%s for %s refused (request %s)", lang(p.Kind, p.Language), p.Agency, p.Request), p.Text)
	case engine.CmdShare:
		facts := ""
		if len(p.Indicators) > 0 {
			facts = fmt.Sprintf("%d sign(s)", len(p.Indicators))
		}
		return replayJoin(": ", replayJoin(", ", "with "+strings.Join(p.Agencies, ", "), facts), p.Text)
	case engine.CmdRemove:
		return replayJoin(" to ", who, p.Place)
	case engine.CmdLogDecision:
		return replayJoin(" — ", fmt.Sprintf("JDM stage %d: %s", p.Stage, p.Text), p.Rationale)
	case engine.CmdChargingAdvice:
		s45 := ""
		if p.Section45 {
			s45 = "section 45 considered"
		}
		return replayJoin("; ", who+": "+strings.ReplaceAll(p.Outcome, "_", " "), s45, p.Text)
	case engine.CmdNRMReferral:
		return replayJoin(" ", who, "referred into the NRM", replayParen(p.Authority))
	case engine.CmdChildSafeguarding, engine.CmdAdultSafeguarding, engine.CmdChargingRequest:
		return replayJoin(": ", replayJoin(" → ", who, strings.Join(p.Agencies, ", ")), p.Text)
	case "clock_advanced":
		return fmt.Sprintf("in-world clock on %d day(s), now %s", p.Days, p.InWorld)
	case "ended":
		if p.Score != nil {
			return fmt.Sprintf("the exercise ends; final score %d/100", p.Score.Total)
		}
		return "the exercise ends"
	}
	return replayJoin(": ", who, replayJoin(" — ", p.Text, p.Rationale, p.Reason))
}

func replayCause(c string) string {
	switch {
	case c == "":
		return ""
	case strings.HasPrefix(c, "inject:"):
		return "(inject " + strings.TrimPrefix(c, "inject:") + ")"
	}
	return "(" + c + ")"
}

func replayParen(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// commandSummary says in a line what a command asked for.
func (d *replayData) commandSummary(c *engine.Command) string {
	if c == nil {
		return ""
	}
	var parts []string
	if c.Person != "" {
		parts = append(parts, d.person(c.Person))
	}
	if len(c.To) > 0 {
		parts = append(parts, "to "+strings.Join(c.To, ", "))
	}
	if c.Agency != "" {
		parts = append(parts, "of "+c.Agency)
	}
	if c.Kind != "" {
		parts = append(parts, c.Kind)
	}
	if c.Inject != "" {
		parts = append(parts, "inject "+c.Inject)
	}
	if c.Decision != "" {
		parts = append(parts, replayJoin(": ", c.Decision, c.Option))
	}
	if c.Outcome != "" {
		parts = append(parts, c.Outcome)
	}
	parts = append(parts, c.Text, c.Rationale)
	return replayJoin(" · ", append([]string{"asks to " + replayTypeName(c.Type)}, parts...)...)
}

// details lists everything an event records, one "name: value" a line.
func (d *replayData) details(e *engine.Event) []string {
	to := "everyone (facilitator)"
	if len(e.To) > 0 {
		to = strings.Join(e.To, ", ")
	} else if e.Actor == engine.System {
		to = "the facilitator only"
	}
	out := []string{
		fmt.Sprintf("#%d · %s · %s · %s", e.Seq, styles.Clock(e.T), d.actor(e), d.label(e)),
		d.summary(e),
		"seen by: " + to,
	}
	var m map[string]json.RawMessage
	b, _ := json.Marshal(e.Payload)
	_ = json.Unmarshal(b, &m)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case "command":
			c := e.Payload.Command
			out = append(out, fmt.Sprintf("command: %s by %s at %s, id %s", c.Type, c.Actor, styles.Clock(c.T), c.ID))
			if c.Type != "" {
				var cm map[string]json.RawMessage
				cb, _ := json.Marshal(c)
				_ = json.Unmarshal(cb, &cm)
				for _, ck := range replaySortedKeys(cm) {
					switch ck {
					case "id", "actor", "type", "t":
						continue
					}
					out = append(out, "  "+ck+": "+replayValue(cm[ck]))
				}
			}
			continue
		case "score":
			s := e.Payload.Score
			var ag []string
			for _, a := range d.agencies {
				if v, ok := s.Agencies[a]; ok {
					ag = append(ag, fmt.Sprintf("%s %d", a, v))
				}
			}
			out = append(out, fmt.Sprintf("score: %d/100 · %s", s.Total, strings.Join(ag, " · ")))
			continue
		case "person":
			out = append(out, "person: "+replayJoin(" ", e.Payload.Person, replayParen(d.alias[e.Payload.Person])))
			continue
		case "command_id":
			if i, ok := d.commandOf[e.Payload.CommandID]; ok {
				out = append(out, fmt.Sprintf("command_id: %s (event #%d)", e.Payload.CommandID, d.events[i].Seq))
				continue
			}
		}
		out = append(out, k+": "+replayValue(m[k]))
	}
	out = append(out, "wall: "+e.Wall.UTC().Format("2006-01-02 15:04:05.000 MST"))
	return out
}

func replaySortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// replayValue writes a JSON value for people: strings bare, lists joined.
func replayValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		return strings.Join(l, ", ")
	}
	return string(raw)
}

// about describes the log, for the details panel before the first event.
func (d *replayData) about() []string {
	h := d.header
	state := "the exercise ended"
	if !d.ended {
		state = "the log ends before the exercise did"
	}
	return []string{
		"About this log",
		fmt.Sprintf("%s (%s): %s", d.sc.Title, h.Scenario, d.sc.Summary),
		fmt.Sprintf("%d events, %d commands; %s. Hash chain intact; engine %s reproduces every event.", len(d.events), len(d.batchEnd), state, h.Engine),
		fmt.Sprintf("seed %d · rules as of %s · created %s", h.Seed, h.RulesAsOf, h.Created.UTC().Format("2006-01-02 15:04 MST")),
		"agencies: " + strings.Join(d.agencies, ", "),
	}
}

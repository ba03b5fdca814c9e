package report

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"ttx/engine"
)

// TrendsBuilder gathers, across many debrief logs, which agencies miss
// which kinds of indicator, break which rules and fall short on which
// good practice: a training-needs analysis. Add each log's report in turn;
// only the tallies are kept, not the reports.
type TrendsBuilder struct {
	logs     []TrendLog
	names    map[string]string
	missed   map[[2]string]*tally // agency, indicator kind
	rules    map[[2]string]*tally // agency, rule
	practice map[[2]string]*tally // agency, rule or objective
}

type tally struct {
	logs     int
	count    int // indicators missed, findings, points lost
	possible int
	people   int
	last     int   // index of the last log counted
	in       []int // indexes of the logs counted
}

// TrendLog is one log in a trends analysis.
type TrendLog struct {
	Label    string    `json:"label"`
	Scenario string    `json:"scenario"`
	Seed     int64     `json:"seed"`
	Created  time.Time `json:"created"`
	Total    int       `json:"total"`
}

// Trends is the training-needs analysis across a set of logs. Agencies are
// matched across logs by id.
type Trends struct {
	Logs []TrendLog `json:"logs"`
	// MinLogs is how many logs a pattern must appear in to count as
	// repeated.
	MinLogs  int             `json:"min_logs"`
	Missed   []MissedTrend   `json:"missed"`
	Rules    []RuleTrend     `json:"rules"`
	Practice []PracticeTrend `json:"practice"`
	// Needs are the repeated patterns, worst first, in words.
	Needs []TrainingNeed `json:"needs"`
	// Names maps each agency id to its name (as the last log gave it).
	Names map[string]string `json:"names"`
}

// MissedTrend is how often an agency saw indicators of a kind and neither
// acted nor shared.
type MissedTrend struct {
	Agency string `json:"agency"`
	Kind   string `json:"kind"`
	Logs   int    `json:"logs"`
	// Indicators counts the indicators missed; People the victims they
	// were of (summed over logs).
	Indicators int `json:"indicators"`
	People     int `json:"people"`
	// LogLabels are the labels of the logs the pattern shows in.
	LogLabels []string `json:"log_labels"`
}

// RuleTrend is how often an agency broke a rule.
type RuleTrend struct {
	Agency string `json:"agency"`
	Rule   string `json:"rule"`
	Name   string `json:"name"`
	Logs   int    `json:"logs"`
	Count  int    `json:"count"`
	// LogLabels are the labels of the logs the pattern shows in.
	LogLabels []string `json:"log_labels"`
}

// PracticeTrend is how many points of the good practice an agency was
// expected to show (items evidencing a rule or objective) it did not earn.
type PracticeTrend struct {
	Agency   string `json:"agency"`
	Evidence string `json:"evidence"`
	Name     string `json:"name"`
	Logs     int    `json:"logs"`
	Lost     int    `json:"lost"`
	Possible int    `json:"possible"`
	// LogLabels are the labels of the logs the pattern shows in.
	LogLabels []string `json:"log_labels"`
}

// TrainingNeed is a repeated pattern, said in words, with what to train.
type TrainingNeed struct {
	Agency   string `json:"agency"`
	Need     string `json:"need"`
	Train    string `json:"train"`
	Evidence string `json:"evidence"`
	Logs     int    `json:"logs"`
}

// NewTrends returns an empty trends builder.
func NewTrends() *TrendsBuilder {
	return &TrendsBuilder{names: map[string]string{}, missed: map[[2]string]*tally{}, rules: map[[2]string]*tally{}, practice: map[[2]string]*tally{}}
}

func (t *TrendsBuilder) bump(m map[[2]string]*tally, k [2]string, count, possible, people int) {
	x := m[k]
	if x == nil {
		x = &tally{last: -1}
		m[k] = x
	}
	if count > 0 && x.last != len(t.logs) {
		x.logs++
		x.last = len(t.logs)
		x.in = append(x.in, len(t.logs))
	}
	x.count += count
	x.possible += possible
	x.people += people
}

// labels are the labels of the logs a tally counted.
func (t *TrendsBuilder) labels(x *tally) []string {
	out := make([]string, len(x.in))
	for i, n := range x.in {
		out[i] = t.logs[n].Label
	}
	return out
}

// Add counts one log's report, labelled (by file name, say).
func (t *TrendsBuilder) Add(label string, r *Report) {
	for _, s := range r.Summary.Seats {
		t.names[s.Agency] = s.Name
	}
	for _, m := range r.Missed {
		if m.Kind == engine.MissedNotGathered {
			continue // counted as the observation shortfalls it caused
		}
		kinds := map[string]int{}
		for _, i := range m.Indicators {
			kinds[i.Kind]++
		}
		for _, k := range sortedKeys(kinds) {
			t.bump(t.missed, [2]string{m.Agency, k}, kinds[k], 0, 1)
		}
	}
	for _, f := range r.Findings {
		t.bump(t.rules, [2]string{f.Agency, f.Rule}, f.Count, 0, 0)
	}
	// Good practice not earned: each shortfall goes to the agency the log
	// holds responsible for it, never to an agency merely listed on the
	// item. Rules broken are counted from the findings above.
	items := map[string]Item{}
	for _, it := range r.Scores.Items {
		items[it.ID] = it
	}
	expected := map[string]int{}
	for _, a := range r.Scores.Agencies {
		expected[a.Agency] = a.Possible
	}
	lost := map[[2]string]int{}
	for _, sh := range r.Scores.Shortfalls {
		if sh.Cause == engine.CausePenalty || sh.Cause == engine.CauseRule {
			continue
		}
		lost[[2]string{cmp.Or(sh.Agency, allAgencies), practiceRule(items[sh.Item])}] += sh.Points
	}
	for _, k := range slices.SortedFunc(maps.Keys(lost), func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }) {
		t.bump(t.practice, k, lost[k], expected[k[0]], 0)
	}
	t.logs = append(t.logs, TrendLog{Label: label, Scenario: r.Summary.Scenario, Seed: r.Summary.Seed, Created: r.Summary.Created, Total: r.Scores.Total})
}

// Result returns the analysis. A pattern counts as repeated when it shows
// in at least minLogs logs (at least 1).
func (t *TrendsBuilder) Result(minLogs int) *Trends {
	minLogs = max(minLogs, 1)
	tr := &Trends{Logs: slices.Clone(t.logs), MinLogs: minLogs, Names: maps.Clone(t.names)}
	for k, x := range t.missed {
		tr.Missed = append(tr.Missed, MissedTrend{Agency: k[0], Kind: k[1], Logs: x.logs, Indicators: x.count, People: x.people, LogLabels: t.labels(x)})
	}
	slices.SortFunc(tr.Missed, func(a, b MissedTrend) int {
		return cmp.Or(cmp.Compare(b.Logs, a.Logs), cmp.Compare(b.Indicators, a.Indicators), cmp.Compare(a.Agency, b.Agency), cmp.Compare(a.Kind, b.Kind))
	})
	for k, x := range t.rules {
		tr.Rules = append(tr.Rules, RuleTrend{Agency: k[0], Rule: k[1], Name: ruleName(k[1]), Logs: x.logs, Count: x.count, LogLabels: t.labels(x)})
	}
	slices.SortFunc(tr.Rules, func(a, b RuleTrend) int {
		return cmp.Or(cmp.Compare(b.Logs, a.Logs), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Agency, b.Agency), cmp.Compare(ruleOrder(a.Rule), ruleOrder(b.Rule)))
	})
	for k, x := range t.practice {
		if x.count == 0 {
			continue
		}
		tr.Practice = append(tr.Practice, PracticeTrend{Agency: k[0], Evidence: k[1], Name: ruleName(k[1]), Logs: x.logs, Lost: x.count, Possible: x.possible, LogLabels: t.labels(x)})
	}
	slices.SortFunc(tr.Practice, func(a, b PracticeTrend) int {
		return cmp.Or(cmp.Compare(b.Logs, a.Logs), cmp.Compare(b.Lost, a.Lost), cmp.Compare(a.Agency, b.Agency), cmp.Compare(a.Evidence, b.Evidence))
	})
	n := len(t.logs)
	for _, m := range tr.Missed {
		if m.Logs >= minLogs {
			tr.Needs = append(tr.Needs, TrainingNeed{Agency: m.Agency, Logs: m.Logs, Evidence: "J1, R15",
				Need:  fmt.Sprintf("saw %s indicators of victims and neither acted nor shared them, in %d of %d logs (%s)", m.Kind, m.Logs, n, countOf(m.Indicators, "indicator")),
				Train: "Recognising " + m.Kind + " indicators (R15) and passing them at once to the first responder who leads (J1 communicate)."})
		}
	}
	for _, r := range tr.Rules {
		if r.Logs >= minLogs {
			tr.Needs = append(tr.Needs, TrainingNeed{Agency: r.Agency, Logs: r.Logs, Evidence: r.Rule,
				Need:  fmt.Sprintf("broke %s %s in %d of %d logs (%s)", r.Rule, r.Name, r.Logs, n, times(r.Count)),
				Train: trainText(r.Rule)})
		}
	}
	for _, p := range tr.Practice {
		if p.Logs >= minLogs && (isRule(p.Evidence) || p.Evidence == practiceOffenders) {
			tr.Needs = append(tr.Needs, TrainingNeed{Agency: p.Agency, Logs: p.Logs, Evidence: p.Evidence,
				Need:  fmt.Sprintf("fell short of the good practice of %s %s in %d of %d logs (%d of %d points not earned)", p.Evidence, p.Name, p.Logs, n, p.Lost, p.Possible),
				Train: trainText(p.Evidence)})
		}
	}
	slices.SortStableFunc(tr.Needs, func(a, b TrainingNeed) int {
		return cmp.Or(cmp.Compare(b.Logs, a.Logs), cmp.Compare(a.Agency, b.Agency))
	})
	return tr
}

// WriteText writes the analysis as plain-text tables, the training needs
// first.
func (tr *Trends) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	scen := map[string]bool{}
	for _, l := range tr.Logs {
		scen[l.Scenario] = true
	}
	fmt.Fprintf(tw, "Training needs across %s of %s (repeated: in %d or more logs)\n\n", countOf(len(tr.Logs), "debrief log"), countOf(len(scen), "scenario"), tr.MinLogs)
	fmt.Fprintln(tw, "LOG\tSCENARIO\tSEED\tDATE\tSCORE")
	for _, l := range tr.Logs {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\n", l.Label, l.Scenario, l.Seed, l.Created.UTC().Format("2006-01-02"), l.Total)
	}
	fmt.Fprintln(tw)
	if len(tr.Needs) == 0 {
		fmt.Fprintln(tw, "No agency repeatedly missed indicators, broke a rule or fell short of good practice.")
	} else {
		fmt.Fprintln(tw, "AGENCY\tLOGS\tREPEATEDLY\tTRAIN")
		for _, n := range tr.Needs {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", n.Agency, n.Logs, n.Need, n.Train)
		}
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "MISSED INDICATORS: AGENCY\tKIND\tLOGS\tINDICATORS\tVICTIMS")
	for _, m := range tr.Missed {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", m.Agency, m.Kind, m.Logs, m.Indicators, m.People)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "RULES BROKEN: AGENCY\tRULE\tLOGS\tTIMES")
	for _, r := range tr.Rules {
		fmt.Fprintf(tw, "%s\t%s %s\t%d\t%d\n", r.Agency, r.Rule, r.Name, r.Logs, r.Count)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "GOOD PRACTICE NOT EARNED: AGENCY\tEVIDENCE\tLOGS\tPOINTS LOST")
	for _, p := range tr.Practice {
		name := p.Evidence
		if isRule(p.Evidence) {
			name += " " + p.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d of %d\n", p.Agency, name, p.Logs, p.Lost, p.Possible)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write trends: %w", err)
	}
	return nil
}

// practiceRule is the rule (or practice) an item's shortfall is judged
// by: the rule of the practice its action follows, else its first rule.
func practiceRule(it Item) string {
	pr, ok := practices[it.Action]
	switch {
	case ok && pr.rule != "":
		return pr.rule
	case ok && pr.capability == practices[engine.CmdArrest].capability:
		return practiceOffenders
	}
	return evidenceFor(it, true)
}

// practiceOffenders is the practice of pursuing offenders (arrests and
// charging requests), which no one rule of nrm-rules.md states.
const practiceOffenders = "offenders"

// evidenceFor is the rule an item evidences for an agency: its first rule
// id, passing over R1 (who may refer) for a first responder when the item
// cites another rule; else its first evidence; else its id.
func evidenceFor(it Item, firstResponder bool) string {
	var rules []string
	for _, e := range it.Evidences {
		if isRule(e) {
			rules = append(rules, e)
		}
	}
	if len(rules) > 1 && rules[0] == "R1" && firstResponder {
		rules = rules[1:]
	}
	switch {
	case len(rules) > 0:
		return rules[0]
	case len(it.Evidences) > 0:
		return it.Evidences[0]
	}
	return it.ID
}

// trainText is what to train for a rule, across logs whose rules may be of
// different dates.
func trainText(rule string) string {
	switch rule {
	case practiceOffenders:
		return "Pursue the offenders: arrest suspects once there are reasonable grounds, and ask the CPS for early investigative advice and a charging decision on each."
	case "R2":
		return "Explain the NRM, the support and the possible outcomes through an independent interpreter, seek informed consent, and refer only once it is given; for an adult who does not consent, record it and, where the Duty to Notify applies (from 1 November 2015), make an anonymous report (R4)."
	case "R4":
		return "Make a Duty to Notify report only where the duty applies (from 1 November 2015), as a specified public authority, for an adult who does not consent; an NRM referral discharges the duty."
	}
	return goodPractice(rule, "", true)
}

package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// ErrDifferentScenarios is wrapped by the error [Compare] and [Rescore]
// return for logs (or a revised scenario) of different scenarios.
var ErrDifferentScenarios = errors.New("different scenarios")

// ErrRevisedScenario is wrapped by the error [Compare] returns for runs of
// one scenario whose versions differ, unless [CompareOptions] allows it.
var ErrRevisedScenario = errors.New("different versions of the scenario")

// CompareOptions set up a comparison.
type CompareOptions struct {
	// AllowRevised compares runs of different versions of one scenario
	// (the same id, different bytes), each scored under its own rubric.
	AllowRevised bool
}

// Comparison sets runs of one scenario side by side: scores, journeys and
// timings. Slices indexed by run follow the order of [Comparison.Runs].
type Comparison struct {
	Scenario string       `json:"scenario"`
	Title    string       `json:"title"`
	Runs     []RunSummary `json:"runs"`
	Agencies []AgencyRow  `json:"agencies"`
	Items    []ItemRow    `json:"items"`
	Journeys []JourneyRow `json:"journeys"`
	Rules    []RuleRow    `json:"rules"`
	Notes    []string     `json:"notes,omitempty"`
	// Forks are the runs that are forks of other runs here.
	Forks []ForkLink `json:"forks,omitempty"`
}

// RunSummary is one run in a comparison.
type RunSummary struct {
	Label          string    `json:"label"`
	Seed           int64     `json:"seed"`
	Created        time.Time `json:"created"`
	Engine         string    `json:"engine"`
	ScenarioSHA256 string    `json:"scenario_sha256"`
	RulesAsOf      string    `json:"rules_as_of"`
	Total          int       `json:"total"`
	Events         int64     `json:"events"`
	Length         int64     `json:"length_ms"`
	Victims        int       `json:"victims"`
	Identified     int       `json:"identified"`
	// SafeOrDeclined counts victims made safe or recorded as declining;
	// Referred those referred into the NRM or notified.
	SafeOrDeclined int `json:"safe_or_declined"`
	Referred       int `json:"referred"`
	// Mean delays, in ms, from a victim's first indicator to each step,
	// over the victims that reached it after an indicator was seen.
	ToIdentify *int64 `json:"to_identify_ms,omitempty"`
	ToSafe     *int64 `json:"to_safe_ms,omitempty"`
	ToReferral *int64 `json:"to_referral_ms,omitempty"`
	Missed     int    `json:"missed"`
	Findings   int    `json:"findings"`
	Shares     int    `json:"shares"`
	Decisions  int    `json:"decision_log_entries"`
	// GoodChoices counts the decision points answered with the
	// recommended option, of Choices answered.
	GoodChoices int `json:"good_choices"`
	Choices     int `json:"choices"`
}

// AgencyRow is one agency's score in each run; nil where the run's
// scenario has no such agency.
type AgencyRow struct {
	Agency string `json:"agency"`
	Name   string `json:"name"`
	Scores []*int `json:"scores"`
}

// ItemRow is one rubric item or expectation in each run; nil where the
// run has no such item (an inject that never fired, another version).
type ItemRow struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Points are per match; negative for a penalty, whose Earned is the
	// (negative) points charged.
	Points   int    `json:"points"`
	Earned   []*int `json:"earned"`
	Possible []*int `json:"possible"`
}

// Same reports whether the item scored the same in every run.
func (r ItemRow) Same() bool {
	for i := range r.Earned {
		if !eqPtr(r.Earned[i], r.Earned[0]) || !eqPtr(r.Possible[i], r.Possible[0]) {
			return false
		}
	}
	return true
}

func eqPtr[T comparable](a, b *T) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// JourneyRow is one victim's journey in each run.
type JourneyRow struct {
	Person string        `json:"person"`
	Alias  string        `json:"alias"`
	Runs   []JourneyCell `json:"runs"`
}

// JourneyCell is a journey's step times (exercise ms) in one run.
type JourneyCell struct {
	FirstIndicator *int64 `json:"first_indicator,omitempty"`
	Identified     *int64 `json:"identified,omitempty"`
	SafeOrDeclined *int64 `json:"safe_or_declined,omitempty"`
	Referred       *int64 `json:"referred,omitempty"`
	Outcome        string `json:"outcome"`
}

// RuleRow counts one rule's findings in each run.
type RuleRow struct {
	Rule   string `json:"rule"`
	Name   string `json:"name"`
	Counts []int  `json:"counts"`
}

// Compare sets reports of the same scenario side by side, labelled (by
// file name, say) in the order given. It refuses reports of different
// scenarios, and of different versions of one unless o allows them.
func Compare(labels []string, reps []*Report, o CompareOptions) (*Comparison, error) {
	if len(reps) < 2 || len(labels) != len(reps) {
		return nil, fmt.Errorf("need two or more runs, each labelled (got %d runs, %d labels)", len(reps), len(labels))
	}
	first := reps[0].Summary
	for i, r := range reps[1:] {
		s := r.Summary
		if s.Scenario != first.Scenario {
			return nil, fmt.Errorf("%s plays scenario %s but %s plays %s: %w", labels[0], first.Scenario, labels[i+1], s.Scenario, ErrDifferentScenarios)
		}
		if s.ScenarioSHA256 != first.ScenarioSHA256 && !o.AllowRevised {
			return nil, fmt.Errorf("%s and %s play different versions of %s (%s, %s), each scored under its own rubric: %w", labels[0], labels[i+1], s.Scenario, shortHash(first.ScenarioSHA256), shortHash(s.ScenarioSHA256), ErrRevisedScenario)
		}
	}
	c := &Comparison{Scenario: first.Scenario, Title: first.Title}
	n := len(reps)
	for i, r := range reps {
		c.Runs = append(c.Runs, runSummary(labels[i], r))
		if r.Summary.ScenarioSHA256 != first.ScenarioSHA256 {
			c.Notes = append(c.Notes, fmt.Sprintf("%s plays version %s of the scenario, %s plays %s: each is scored under its own rubric.", labels[i], shortHash(r.Summary.ScenarioSHA256), labels[0], shortHash(first.ScenarioSHA256)))
		}
	}
	// Agencies, items, journeys and rules, in first-seen order.
	agencies := map[string]*AgencyRow{}
	itemRows := map[string]*ItemRow{}
	journeys := map[string]*JourneyRow{}
	rules := map[string]*RuleRow{}
	for i, r := range reps {
		for _, a := range r.Scores.Agencies {
			row := agencies[a.Agency]
			if row == nil {
				row = &AgencyRow{Agency: a.Agency, Name: a.Name, Scores: make([]*int, n)}
				agencies[a.Agency] = row
			}
			row.Scores[i] = ptr(a.Score)
		}
		for _, it := range r.Scores.Items {
			row := itemRows[it.ID]
			if row == nil {
				row = &ItemRow{ID: it.ID, Text: it.Text, Points: it.Points, Earned: make([]*int, n), Possible: make([]*int, n)}
				itemRows[it.ID] = row
			}
			row.Earned[i], row.Possible[i] = ptr(it.Earned), ptr(it.Possible)
		}
		for _, j := range r.Journeys {
			row := journeys[j.Person]
			if row == nil {
				row = &JourneyRow{Person: j.Person, Alias: j.Alias, Runs: make([]JourneyCell, n)}
				for k := range row.Runs {
					row.Runs[k].Outcome = "not in this run"
				}
				journeys[j.Person] = row
			}
			row.Runs[i] = journeyCell(j)
		}
		for _, f := range r.Findings {
			row := rules[f.Rule]
			if row == nil {
				row = &RuleRow{Rule: f.Rule, Name: ruleName(f.Rule), Counts: make([]int, n)}
				rules[f.Rule] = row
			}
			row.Counts[i] += f.Count
		}
	}
	for _, id := range firstSeen(reps, func(r *Report) []string {
		return mapSlice(r.Scores.Agencies, func(a AgencyScore) string { return a.Agency })
	}) {
		c.Agencies = append(c.Agencies, *agencies[id])
	}
	for _, id := range firstSeen(reps, func(r *Report) []string { return mapSlice(r.Scores.Items, func(it Item) string { return it.ID }) }) {
		c.Items = append(c.Items, *itemRows[id])
	}
	for _, id := range firstSeen(reps, func(r *Report) []string { return mapSlice(r.Journeys, func(j Journey) string { return j.Person }) }) {
		c.Journeys = append(c.Journeys, *journeys[id])
	}
	for _, id := range sortedKeys(rules) {
		c.Rules = append(c.Rules, *rules[id])
	}
	slices.SortStableFunc(c.Rules, func(a, b RuleRow) int { return cmp.Compare(ruleOrder(a.Rule), ruleOrder(b.Rule)) })
	c.Forks = forkLinks(labels, reps, c)
	c.Notes = append(forkNotes(c.Forks), c.Notes...)
	return c, nil
}

// ruleOrder orders rule ids as nrm-rules.md does: R1 ... R16, then J1 ... J3.
func ruleOrder(id string) int {
	n := 0
	for _, r := range id[1:] {
		if r < '0' || r > '9' {
			break
		}
		n = 10*n + int(r-'0')
	}
	n *= 2
	if strings.HasSuffix(id, "a") {
		n++
	}
	if strings.HasPrefix(id, "J") {
		n += 1000
	}
	return n
}

func mapSlice[T any](xs []T, f func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// firstSeen lists ids across reports in the order first seen.
func firstSeen(reps []*Report, ids func(*Report) []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range reps {
		for _, id := range ids(r) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

func journeyCell(j Journey) JourneyCell {
	t := func(st *Step) *int64 {
		if st == nil {
			return nil
		}
		return ptr(st.T)
	}
	return JourneyCell{FirstIndicator: t(j.FirstIndicator), Identified: t(j.Identified), SafeOrDeclined: t(cmp.Or(j.Safe, j.Declined)), Referred: t(cmp.Or(j.Referred, j.Notified)), Outcome: j.Outcome}
}

func runSummary(label string, r *Report) RunSummary {
	s := r.Summary
	rs := RunSummary{Label: label, Seed: s.Seed, Created: s.Created, Engine: s.Engine, ScenarioSHA256: s.ScenarioSHA256, RulesAsOf: s.RulesAsOf,
		Total: r.Scores.Total, Events: s.Events, Length: s.Length, Victims: len(r.Journeys), Missed: len(r.Missed), Findings: sumFindings(r.Findings), Shares: r.Sharing.Shares}
	var ids, safes, refs []int64
	for _, j := range r.Journeys {
		if j.Identified != nil {
			rs.Identified++
			if j.Identified.Delay != nil {
				ids = append(ids, *j.Identified.Delay)
			}
		}
		if st := cmp.Or(j.Safe, j.Declined); st != nil {
			rs.SafeOrDeclined++
			if st.Delay != nil {
				safes = append(safes, *st.Delay)
			}
		}
		if st := cmp.Or(j.Referred, j.Notified); st != nil {
			rs.Referred++
			if st.Delay != nil {
				refs = append(refs, *st.Delay)
			}
		}
	}
	meanOf := func(xs []int64) *int64 {
		if len(xs) == 0 {
			return nil
		}
		return ptr(mean(xs))
	}
	rs.ToIdentify, rs.ToSafe, rs.ToReferral = meanOf(ids), meanOf(safes), meanOf(refs)
	for _, st := range r.JESIP.Stages {
		rs.Decisions += st.Count
	}
	for _, d := range r.Decisions {
		if d.Chosen != "" {
			rs.Choices++
			if d.Recommended != "" && d.Chosen == d.Recommended {
				rs.GoodChoices++
			}
		}
	}
	return rs
}

// WriteText writes the comparison as plain-text tables.
func (c *Comparison) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s (%s): %d runs side by side\n", c.Title, c.Scenario, len(c.Runs))
	for _, n := range c.Notes {
		fmt.Fprintf(tw, "note: %s\n", n)
	}
	labels := mapSlice(c.Runs, func(r RunSummary) string { return r.Label })
	row := func(name string, cells []string) { fmt.Fprintf(tw, "%s\t%s\n", name, strings.Join(cells, "\t")) }
	per := func(f func(RunSummary) string) []string { return mapSlice(c.Runs, f) }
	fmt.Fprintln(tw)
	row("RUN", labels)
	row("seed", per(func(r RunSummary) string { return fmt.Sprint(r.Seed) }))
	row("date", per(func(r RunSummary) string { return r.Created.UTC().Format("2006-01-02") }))
	row("rules as of", per(func(r RunSummary) string { return r.RulesAsOf }))
	row("score", per(func(r RunSummary) string { return fmt.Sprintf("%d/100", r.Total) }))
	row("events", per(func(r RunSummary) string { return fmt.Sprint(r.Events) }))
	row("length", per(func(r RunSummary) string { return clock(r.Length) }))
	row("identified", per(func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.Identified, r.Victims) }))
	row("safe or declined", per(func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.SafeOrDeclined, r.Victims) }))
	row("referred or notified", per(func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.Referred, r.Victims) }))
	row("first sign to identified", per(func(r RunSummary) string { return meanText(r.ToIdentify) }))
	row("first sign to safe", per(func(r RunSummary) string { return meanText(r.ToSafe) }))
	row("first sign to referral", per(func(r RunSummary) string { return meanText(r.ToReferral) }))
	row("missed opportunities", per(func(r RunSummary) string { return fmt.Sprint(r.Missed) }))
	row("rule findings", per(func(r RunSummary) string { return fmt.Sprint(r.Findings) }))
	row("shares", per(func(r RunSummary) string { return fmt.Sprint(r.Shares) }))
	row("decision-log entries", per(func(r RunSummary) string { return fmt.Sprint(r.Decisions) }))
	row("good-practice choices", per(func(r RunSummary) string { return fmt.Sprintf("%d/%d", r.GoodChoices, r.Choices) }))
	fmt.Fprintln(tw)
	row("AGENCY", labels)
	for _, a := range c.Agencies {
		row(a.Agency, mapSlice(a.Scores, func(p *int) string { return intText(p) }))
	}
	fmt.Fprintln(tw)
	same := 0
	row("ITEM (where runs differ)", labels)
	for _, it := range c.Items {
		if it.Same() {
			same++
			continue
		}
		cells := make([]string, len(c.Runs))
		for i := range cells {
			cells[i] = "-"
			switch {
			case it.Earned[i] == nil:
			case it.Points < 0:
				cells[i] = fmt.Sprint(*it.Earned[i])
			default:
				cells[i] = fmt.Sprintf("%d/%d", *it.Earned[i], *it.Possible[i])
			}
		}
		row(it.ID, cells)
	}
	fmt.Fprintf(tw, "(%d items scored the same in every run)\n", same)
	fmt.Fprintln(tw)
	row("VICTIM (identified / safe or declined / referred)", labels)
	for _, j := range c.Journeys {
		row(j.Alias, mapSlice(j.Runs, func(jc JourneyCell) string {
			return fmt.Sprintf("%s / %s / %s", optClock(jc.Identified), optClock(jc.SafeOrDeclined), optClock(jc.Referred))
		}))
	}
	if len(c.Rules) > 0 {
		fmt.Fprintln(tw)
		row("RULE FINDINGS", labels)
		for _, r := range c.Rules {
			row(r.Rule+" "+r.Name, mapSlice(r.Counts, func(n int) string { return fmt.Sprint(n) }))
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write comparison: %w", err)
	}
	return nil
}

func meanText(d *int64) string {
	if d == nil {
		return "-"
	}
	return delay(d)
}

func intText(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func optClock(t *int64) string {
	if t == nil {
		return "-"
	}
	return clock(*t)
}

package report

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"ttx/engine"
)

// Rescored is a log scored twice: under the rubric of the scenario it was
// played with (from its header) and under a revised one. Only scoring
// changes: the events are the log's, as they were played.
type Rescored struct {
	Scenario  string `json:"scenario"`
	Title     string `json:"title"`
	OldSHA256 string `json:"old_scenario_sha256"`
	NewSHA256 string `json:"new_scenario_sha256"`
	Events    int64  `json:"events"`
	Old       Totals `json:"old"`
	New       Totals `json:"new"`
	// Recorded is the score the log recorded when the exercise ended, if
	// it did.
	Recorded *int           `json:"recorded,omitempty"`
	Agencies []AgencyChange `json:"agencies"`
	Items    []ItemChange   `json:"items"`
	Notes    []string       `json:"notes,omitempty"`
}

// Totals are a scorecard's overall figures.
type Totals struct {
	Total    int `json:"total"`
	Earned   int `json:"earned"`
	Penalty  int `json:"penalty"`
	Possible int `json:"possible"`
}

// AgencyChange is one agency's score under each rubric; nil where the
// scenario of that rubric has no such agency.
type AgencyChange struct {
	Agency string `json:"agency"`
	Name   string `json:"name"`
	Old    *int   `json:"old"`
	New    *int   `json:"new"`
}

// ItemChange is one rubric item or expectation under each rubric.
type ItemChange struct {
	ID string `json:"id"`
	// Change is "added", "removed", "changed" (its definition or its
	// result differs) or "same".
	Change string      `json:"change"`
	Old    *ItemResult `json:"old,omitempty"`
	New    *ItemResult `json:"new,omitempty"`
}

// ItemResult is an item's definition in brief and its result.
type ItemResult struct {
	Text      string   `json:"text"`
	Evidences []string `json:"evidences,omitempty"`
	Agencies  []string `json:"agencies,omitempty"`
	Points    int      `json:"points"`
	Earned    int      `json:"earned"`
	Possible  int      `json:"possible"`
}

// Changes of an item.
const (
	Added   = "added"   // only the revised rubric has the item
	Removed = "removed" // only the original has it
	Changed = "changed" // both have it; its definition or result differs
	Same    = "same"    // both have it, defined and scored alike
)

// Rescore reads a debrief log, checking its hash chain, and scores its
// events under both the rubric of the scenario the log carries and the
// rubric of a revised scenario, given as its YAML source and the name to
// report problems in it under. The revision must be of the same scenario
// (the same id). Rescore holds one event at a time. The engine is not
// re-run: the events are taken as the log records them, so a log from an
// older engine can be re-scored. opts change how the revised scenario is
// loaded (see [engine.Load]).
func Rescore(r io.Reader, name string, source []byte, opts ...engine.LoadOption) (*Rescored, error) {
	revised, err := engine.Load(name, source, opts...)
	if err != nil {
		return nil, fmt.Errorf("revised scenario: %w", err)
	}
	sum := sha256.Sum256(source)
	lr, err := engine.NewLogReader(r)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	h := lr.Header()
	orig, _, err := engine.ScenarioFromHeader(h)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", &engine.LogError{Line: 1, Err: err})
	}
	if revised.ID != orig.ID {
		return nil, fmt.Errorf("the log plays scenario %s, the revised scenario is %s: %w", orig.ID, revised.ID, ErrDifferentScenarios)
	}
	before, after := engine.NewScorer(orig), engine.NewScorer(revised)
	rs := &Rescored{Scenario: orig.ID, Title: revised.Title, OldSHA256: h.ScenarioSHA256, NewSHA256: hex.EncodeToString(sum[:])}
	for {
		e, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read log: %w", err)
		}
		rs.Events++
		before.Add(&e)
		after.Add(&e)
		if s := e.Payload.Score; s != nil && e.Type == evEnded {
			rs.Recorded = ptr(s.Total)
		}
	}
	old, neu := before.Result(), after.Result()
	rs.Old = Totals{Total: old.Total, Earned: old.Earned, Penalty: old.Penalty, Possible: old.Possible}
	rs.New = Totals{Total: neu.Total, Earned: neu.Earned, Penalty: neu.Penalty, Possible: neu.Possible}
	names := map[string]string{}
	for _, sc := range []*engine.Scenario{orig, revised} {
		for _, a := range sc.Agencies {
			names[a.ID] = a.Name
		}
	}
	var ids []string
	for _, d := range append(slices.Clone(old.Detail), neu.Detail...) {
		if !slices.Contains(ids, d.Agency) {
			ids = append(ids, d.Agency)
		}
	}
	for _, id := range ids {
		ac := AgencyChange{Agency: id, Name: names[id]}
		if v, ok := old.Agencies[id]; ok {
			ac.Old = ptr(v)
		}
		if v, ok := neu.Agencies[id]; ok {
			ac.New = ptr(v)
		}
		rs.Agencies = append(rs.Agencies, ac)
	}
	rs.Items = itemChanges(old.Items, neu.Items)
	rs.Notes = scenarioNotes(orig, revised, rs)
	return rs, nil
}

func itemChanges(old, neu []engine.ItemScore) []ItemChange {
	res := func(it engine.ItemScore) *ItemResult {
		return &ItemResult{Text: strings.TrimSpace(it.Text), Evidences: it.Evidences, Agencies: it.Agencies, Points: it.Points, Earned: it.Earned, Possible: it.Possible}
	}
	var out []ItemChange
	byID := map[string]int{}
	for _, it := range old {
		byID[it.ID] = len(out)
		out = append(out, ItemChange{ID: it.ID, Change: Removed, Old: res(it)})
	}
	for _, it := range neu {
		i, ok := byID[it.ID]
		if !ok {
			out = append(out, ItemChange{ID: it.ID, Change: Added, New: res(it)})
			continue
		}
		ch := &out[i]
		ch.New = res(it)
		ch.Change = Same
		if !sameResult(ch.Old, ch.New) {
			ch.Change = Changed
		}
	}
	return out
}

func sameResult(a, b *ItemResult) bool {
	return a.Text == b.Text && a.Points == b.Points && a.Earned == b.Earned && a.Possible == b.Possible &&
		slices.Equal(a.Evidences, b.Evidences) && slices.Equal(a.Agencies, b.Agencies)
}

// scenarioNotes says what else the revised scenario changes, since the
// events were played under the original.
func scenarioNotes(orig, revised *engine.Scenario, rs *Rescored) []string {
	var notes []string
	diff := func(what string, a, b []string) {
		var added, removed []string
		for _, x := range b {
			if !slices.Contains(a, x) {
				added = append(added, x)
			}
		}
		for _, x := range a {
			if !slices.Contains(b, x) {
				removed = append(removed, x)
			}
		}
		if len(added)+len(removed) > 0 {
			notes = append(notes, fmt.Sprintf("The revised scenario changes the %s (added: %s; removed: %s). The events were played under the original, so these are scored as the log recorded them.", what, orNone(added), orNone(removed)))
		}
	}
	diff("agencies", mapSlice(orig.Agencies, func(a engine.Agency) string { return a.ID }), mapSlice(revised.Agencies, func(a engine.Agency) string { return a.ID }))
	diff("people", mapSlice(orig.People, func(p engine.Person) string { return p.ID }), mapSlice(revised.People, func(p engine.Person) string { return p.ID }))
	diff("injects", mapSlice(orig.Injects, func(in engine.Inject) string { return in.ID }), mapSlice(revised.Injects, func(in engine.Inject) string { return in.ID }))
	changed := 0
	for _, it := range rs.Items {
		if it.Change != Same {
			changed++
		}
	}
	if changed == 0 {
		notes = append(notes, "The revised rubric scores this log exactly as the original does.")
	}
	if rs.Recorded != nil && *rs.Recorded != rs.Old.Total {
		notes = append(notes, fmt.Sprintf("The log recorded a score of %d when the exercise ended; this engine scores its events %d under the original rubric, so the scoring rules have changed since the log was written.", *rs.Recorded, rs.Old.Total))
	}
	return notes
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// WriteText writes what changed as plain-text tables: the totals, each
// agency, and each item that is added, removed or changed.
func (rs *Rescored) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s (%s): %d events re-scored under the revised rubric\n", rs.Title, rs.Scenario, rs.Events)
	fmt.Fprintf(tw, "scenario version %s (the log's) -> %s (revised)\n", shortHash(rs.OldSHA256), shortHash(rs.NewSHA256))
	for _, n := range rs.Notes {
		fmt.Fprintf(tw, "note: %s\n", n)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "\tOLD\tNEW\tCHANGE")
	fmt.Fprintf(tw, "overall\t%d/100\t%d/100\t%s\n", rs.Old.Total, rs.New.Total, signed(rs.New.Total-rs.Old.Total))
	fmt.Fprintf(tw, "possible points\t%d\t%d\t%s\n", rs.Old.Possible, rs.New.Possible, signed(rs.New.Possible-rs.Old.Possible))
	fmt.Fprintf(tw, "earned\t%d\t%d\t%s\n", rs.Old.Earned, rs.New.Earned, signed(rs.New.Earned-rs.Old.Earned))
	fmt.Fprintf(tw, "penalties\t%d\t%d\t%s\n", rs.Old.Penalty, rs.New.Penalty, signed(rs.New.Penalty-rs.Old.Penalty))
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "AGENCY\tOLD\tNEW\tCHANGE")
	for _, a := range rs.Agencies {
		ch := "-"
		if a.Old != nil && a.New != nil {
			ch = signed(*a.New - *a.Old)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Agency, intText(a.Old), intText(a.New), ch)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "ITEM\tOLD\tNEW\tCHANGE\tWHAT")
	same := 0
	for _, it := range rs.Items {
		if it.Change == Same {
			same++
			continue
		}
		what := ""
		if it.New != nil {
			what = it.New.Text
		} else if it.Old != nil {
			what = it.Old.Text
		}
		if it.Change == Changed {
			what = itemDiff(it.Old, it.New)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", it.ID, resultText(it.Old), resultText(it.New), it.Change, what)
	}
	fmt.Fprintf(tw, "(%d items unchanged)\n", same)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write rescore: %w", err)
	}
	return nil
}

func resultText(r *ItemResult) string {
	if r == nil {
		return "-"
	}
	if r.Points < 0 {
		return fmt.Sprint(r.Earned)
	}
	return fmt.Sprintf("%d/%d", r.Earned, r.Possible)
}

// itemDiff says how an item's definition changed, or that only its result
// did.
func itemDiff(a, b *ItemResult) string {
	var parts []string
	if a.Text != b.Text {
		parts = append(parts, "text now: "+b.Text)
	}
	if a.Points != b.Points {
		parts = append(parts, fmt.Sprintf("points %d -> %d", a.Points, b.Points))
	}
	if !slices.Equal(a.Agencies, b.Agencies) {
		parts = append(parts, fmt.Sprintf("agencies %s -> %s", strings.Join(a.Agencies, ","), strings.Join(b.Agencies, ",")))
	}
	if !slices.Equal(a.Evidences, b.Evidences) {
		parts = append(parts, fmt.Sprintf("evidences %s -> %s", strings.Join(a.Evidences, ","), strings.Join(b.Evidences, ",")))
	}
	if len(parts) == 0 {
		return "scored differently (its window, group or people changed): " + b.Text
	}
	return strings.Join(parts, "; ")
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

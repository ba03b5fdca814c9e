package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"ttx/engine"
)

// ForkLink is a run of a comparison that is a fork of another run of it
// (see [engine.ForkLog]): the two share every event up to the fork point,
// so whatever differs between them arose after it.
type ForkLink struct {
	// Fork and Parent are the runs' labels.
	Fork   string `json:"fork"`
	Parent string `json:"parent"`
	// Seq and T are the fork point: the last event shared and its
	// exercise time (ms).
	Seq int64 `json:"seq"`
	T   int64 `json:"t_ms"`
	// Changed says what differs after the fork point: the total score,
	// each agency's score and each victim's journey that changed.
	Changed []string `json:"changed"`
}

// forkText says in a report's summary what a fork was forked from.
func forkText(f *engine.Fork) string {
	s := fmt.Sprintf("forked from %s at event #%d (%s of exercise time): its events up to there are that log's, whose chain head there (%s) it records; what follows was played from there", f.Parent, f.Seq, clock(f.T), shortHash(f.ParentHead))
	if f.Exercise != "" {
		s += fmt.Sprintf(" (the parent was exercise %s)", f.Exercise)
	}
	return s
}

// forkLinks finds the runs that are forks of other runs: a fork names its
// parent's file name in its header, and the two play the same scenario
// version with the same seed and rules. Labels are matched by file name.
func forkLinks(labels []string, reps []*Report, c *Comparison) []ForkLink {
	var out []ForkLink
	for i, r := range reps {
		f := r.Summary.Fork
		if f == nil {
			continue
		}
		for j, p := range reps {
			ps, s := p.Summary, r.Summary
			if i == j || filepath.Base(labels[j]) != f.Parent || ps.ScenarioSHA256 != s.ScenarioSHA256 || ps.Seed != s.Seed || ps.RulesAsOf != s.RulesAsOf || ps.Events < f.Seq {
				continue
			}
			out = append(out, ForkLink{Fork: labels[i], Parent: labels[j], Seq: f.Seq, T: f.T, Changed: changedAfter(c, j, i)})
			break
		}
	}
	return out
}

// changedAfter lists what differs between runs a (the parent) and b (the
// fork) of c.
func changedAfter(c *Comparison, a, b int) []string {
	var out []string
	ra, rb := c.Runs[a], c.Runs[b]
	out = append(out, fmt.Sprintf("score %d → %d", ra.Total, rb.Total))
	var ag []string
	for _, row := range c.Agencies {
		if !eqPtr(row.Scores[a], row.Scores[b]) {
			ag = append(ag, fmt.Sprintf("%s %s → %s", row.Agency, intText(row.Scores[a]), intText(row.Scores[b])))
		}
	}
	if len(ag) > 0 {
		out = append(out, "agencies: "+strings.Join(ag, ", "))
	}
	items := 0
	for _, it := range c.Items {
		if !eqPtr(it.Earned[a], it.Earned[b]) || !eqPtr(it.Possible[a], it.Possible[b]) {
			items++
		}
	}
	out = append(out, fmt.Sprintf("%d rubric items scored differently", items))
	cell := func(jc JourneyCell) string {
		return fmt.Sprintf("%s / %s / %s", optClock(jc.Identified), optClock(jc.SafeOrDeclined), optClock(jc.Referred))
	}
	for _, j := range c.Journeys {
		if x, y := cell(j.Runs[a]), cell(j.Runs[b]); x != y || j.Runs[a].Outcome != j.Runs[b].Outcome {
			out = append(out, fmt.Sprintf("%s (identified / safe or declined / referred): %s → %s", j.Alias, x, y))
		}
	}
	return out
}

// forkNotes says, for the notes of a comparison, where each fork leaves
// its parent and what changed after.
func forkNotes(links []ForkLink) []string {
	var out []string
	for _, l := range links {
		out = append(out, fmt.Sprintf("%s is a fork of %s at event #%d (%s): the two share every event up to there, so what differs arose after it. After the fork: %s.",
			l.Fork, l.Parent, l.Seq, clock(l.T), strings.Join(l.Changed, "; ")))
	}
	return out
}

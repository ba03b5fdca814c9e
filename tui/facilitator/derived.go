package facilitator

// This file holds every fact the console derives from raw events by
// re-applying the domain rules: the NRM cases and their decisions (R6,
// R8), the end of a recovery period (R7) and the releases of injects. It
// will be replaced by the engine-computed facilitator view that the
// server is to send; nothing outside this file re-implements a rule.

import (
	"math"
	"time"
)

// facCase is a person referred into the NRM, and the competent
// authority's decisions on them.
type facCase struct {
	person     string
	by         string
	t          int64
	rg, cg     bool
	rgPositive bool
	rgInWorld  string
	rgDays     int
	cgOutcome  string
	rule       string // the rule of the facilitator's last refused decision
	reason     string
}

// pending reports whether the case waits for a decision.
func (c *facCase) pending() bool { return !c.rg || (c.rgPositive && !c.cg) }

// facRelease is an inject as released.
type facRelease struct {
	id, from, channel, text, cause string
	to                             []string
	t                              int64
}

// pendingCases returns the cases waiting for a decision, then the decided.
func (f *Model) caseList() []*facCase {
	var pend, done []*facCase
	for _, id := range f.caseOrder {
		c := f.cases[id]
		if c.pending() {
			pend = append(pend, c)
		} else {
			done = append(done, c)
		}
	}
	return append(pend, done...)
}

func (f *Model) pendingCount() int {
	n := 0
	for _, c := range f.cases {
		if c.pending() {
			n++
		}
	}
	return n
}

// facRecoveryEnd is the end of a case's recovery period (R7).
func facRecoveryEnd(c *facCase) (time.Time, bool) {
	t, err := time.Parse(facInWorld, c.rgInWorld)
	if err != nil || !c.rgPositive || c.rgDays <= 0 {
		return time.Time{}, false
	}
	return t.AddDate(0, 0, c.rgDays), true
}

// daysNeeded is how many in-world days the clock must skip for the case's
// recovery period to end; 0 when it has.
func (f *Model) daysNeeded(c *facCase) int {
	end, ok := facRecoveryEnd(c)
	if !ok {
		return 0
	}
	now, err := time.Parse(facInWorld, f.clock.InWorld)
	if err != nil || !now.Before(end) {
		return 0
	}
	return int(math.Ceil(end.Sub(now).Hours() / 24))
}

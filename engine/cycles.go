package engine

import (
	"fmt"
	"slices"
	"strings"
)

// step is an inject or a decision, as a node of the graph of what waits on
// what.
type step struct {
	kind, id string // "inject" or "decision"
	at       Pos
	// opens says whether the step can happen without waiting on other
	// steps: an inject at a time, or with neither at nor when (the
	// facilitator can release it); a decision at a time.
	opens bool
	// when is the condition the step waits on, if any.
	when *Condition
	// releasers are the steps that fire the step: decisions whose options
	// release it, injects whose expectations name it as their contingency.
	releasers []*step
}

func (s *step) String() string { return fmt.Sprintf("%s %q", s.kind, s.id) }

// checkDependencies finds injects and decisions that can never happen:
// those whose when waits on steps that wait, directly or through others,
// on them (a cycle), and those that wait on steps that never happen. Each
// is reported once, a cycle at its first member in the file. A reference
// to something undefined is reported elsewhere and taken here as possible.
func (v *validator) checkDependencies() {
	sc := v.sc
	injects := make(map[string]*step)
	decisions := make(map[string]*step)
	var steps []*step
	for i := range sc.Injects {
		in := &sc.Injects[i]
		if in.ID == "" || injects[in.ID] != nil {
			continue
		}
		s := &step{kind: "inject", id: in.ID, at: in.Node.At, opens: in.At != nil || in.When == nil, when: in.When}
		injects[in.ID] = s
		steps = append(steps, s)
	}
	for i := range sc.Decisions {
		d := &sc.Decisions[i]
		if d.ID == "" || decisions[d.ID] != nil {
			continue
		}
		s := &step{kind: "decision", id: d.ID, at: d.Node.At, opens: d.At != nil, when: d.When}
		decisions[d.ID] = s
		steps = append(steps, s)
	}
	flagSetters := make(map[string][]*step)
	for _, d := range sc.Decisions {
		ds := decisions[d.ID]
		for _, o := range d.Options {
			for _, e := range o.Effects {
				if e.Flag != "" && ds != nil {
					flagSetters[e.Flag] = append(flagSetters[e.Flag], ds)
				}
				if t := injects[e.Release]; t != nil && ds != nil {
					t.releasers = append(t.releasers, ds)
				}
			}
		}
	}
	for _, in := range sc.Injects {
		for _, x := range in.Expect {
			if t := injects[x.Contingency]; t != nil && injects[in.ID] != nil {
				t.releasers = append(t.releasers, injects[in.ID])
			}
		}
	}

	// can reports whether a condition can hold, given the steps that can
	// happen so far. Negations and conditions on play are taken as
	// possible.
	happens := make(map[*step]bool)
	var can func(c *Condition) bool
	can = func(c *Condition) bool {
		switch {
		case len(c.All) > 0:
			for i := range c.All {
				if !can(&c.All[i]) {
					return false
				}
			}
			return true
		case len(c.Any) > 0:
			for i := range c.Any {
				if can(&c.Any[i]) {
					return true
				}
			}
			return false
		case c.Flag != "":
			setters, ok := flagSetters[c.Flag]
			if !ok {
				return true // reported as a flag never set
			}
			for _, s := range setters {
				if happens[s] {
					return true
				}
			}
			return false
		case c.Released != "":
			s := injects[c.Released]
			return s == nil || happens[s]
		case c.Chosen != "":
			d, _, _ := strings.Cut(c.Chosen, ".")
			s := decisions[d]
			return s == nil || happens[s]
		}
		return true
	}
	for changed := true; changed; {
		changed = false
		for _, s := range steps {
			if happens[s] {
				continue
			}
			ok := s.opens || (s.when != nil && can(s.when))
			for _, r := range s.releasers {
				ok = ok || happens[r]
			}
			if ok {
				happens[s] = true
				changed = true
			}
		}
	}

	// The steps that never happen, and what each waits on among them.
	waits := make(map[*step][]*step)
	var deps func(c *Condition, out []*step) []*step
	deps = func(c *Condition, out []*step) []*step {
		for i := range c.All {
			out = deps(&c.All[i], out)
		}
		for i := range c.Any {
			out = deps(&c.Any[i], out)
		}
		switch {
		case c.Flag != "":
			out = append(out, flagSetters[c.Flag]...)
		case c.Released != "":
			if s := injects[c.Released]; s != nil {
				out = append(out, s)
			}
		case c.Chosen != "":
			d, _, _ := strings.Cut(c.Chosen, ".")
			if s := decisions[d]; s != nil {
				out = append(out, s)
			}
		}
		return out
	}
	var stuck []*step
	for _, s := range steps {
		if happens[s] {
			continue
		}
		stuck = append(stuck, s)
		var ws []*step
		if s.when != nil {
			ws = deps(s.when, nil)
		}
		ws = append(ws, s.releasers...)
		for _, w := range ws {
			if !happens[w] && !slices.Contains(waits[s], w) {
				waits[s] = append(waits[s], w)
			}
		}
	}
	reported := make(map[*step]bool)
	for _, s := range stuck {
		if reported[s] {
			continue
		}
		if cycle := findCycle(s, waits); cycle != nil {
			names := make([]string, len(cycle)+1)
			for i, c := range cycle {
				names[i] = c.String()
				reported[c] = true
			}
			names[len(cycle)] = cycle[0].String()
			v.errorf(s.at, "%s never happens: it waits on itself through %s", s, strings.Join(names, " -> "))
		}
	}
	for _, s := range stuck {
		if reported[s] || len(waits[s]) == 0 { // a decision with neither at nor when is reported as such
			continue
		}
		names := make([]string, len(waits[s]))
		for i, w := range waits[s] {
			names[i] = w.String()
		}
		v.errorf(s.at, "%s never happens: it waits on %s, which never happens", s, strings.Join(names, ", "))
	}
}

// findCycle returns a shortest cycle through s in the graph waits, from s,
// or nil when there is none.
func findCycle(s *step, waits map[*step][]*step) []*step {
	prev := map[*step]*step{}
	queue := []*step{s}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, w := range waits[n] {
			if w == s {
				var path []*step
				for c := n; c != s; c = prev[c] {
					path = append(path, c)
				}
				path = append(path, s)
				for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				return path
			}
			if _, seen := prev[w]; !seen {
				prev[w] = n
				queue = append(queue, w)
			}
		}
	}
	return nil
}

package replay

import "ttx/engine"

// replayWindow is how many whole commands before a rebuilt position keep a
// snapshot of the agency's view, so that stepping back through a long log
// re-runs it from the start once rather than at every step.
const replayWindow = 128

// replayState folds a loaded log up to the viewer's cursor. It owns an
// exercise and a scorer that move forward cheaply and are rebuilt from the
// start when the cursor goes back.
type replayState struct {
	d *replayData

	x  *engine.Exercise
	xk int // commands applied to x

	snapAgency string
	snaps      map[int]engine.View // views of snapAgency by commands applied

	s  *engine.Scorer
	si int // events added to s

	card   engine.Scorecard
	cardAt int // events the card reflects; -1 for none
}

func newReplayState(d *replayData) *replayState {
	return &replayState{d: d, cardAt: -1}
}

// apply applies the k-th command to st.x.
func (st *replayState) apply(k int) {
	e := &st.d.events[st.d.batchCmd[k]]
	st.x.Apply(*e.Payload.Command, e.Wall)
}

// viewAt returns what agency knew once the first k commands had been
// applied: exactly [engine.Exercise.View] at that point.
func (st *replayState) viewAt(agency string, k int) engine.View {
	if st.snapAgency != agency {
		st.snapAgency, st.snaps = agency, nil
	}
	if v, ok := st.snaps[k]; ok {
		return v
	}
	if st.x == nil || k < st.xk {
		// Go back by re-running from the start, keeping the views of the
		// commands just before k for the steps back that usually follow.
		st.x, st.xk = engine.New(st.d.sc, st.d.opts), 0
		for ; st.xk < k; st.xk++ {
			if st.xk >= k-replayWindow && st.xk > 0 {
				st.snap(st.xk)
			}
			st.apply(st.xk)
		}
	}
	for ; st.xk < k; st.xk++ {
		st.apply(st.xk)
	}
	return st.snap(k)
}

// snap records and returns the view of st.x, which stands at k commands.
func (st *replayState) snap(k int) engine.View {
	if v, ok := st.snaps[k]; ok {
		return v
	}
	if st.snaps == nil {
		st.snaps = make(map[int]engine.View)
	}
	if len(st.snaps) >= 2*replayWindow {
		for j := range st.snaps {
			if j < k-replayWindow || j > k {
				delete(st.snaps, j)
			}
		}
	}
	v := st.x.View(st.snapAgency)
	st.snaps[k] = v
	return v
}

// scoreAt returns the score as it stood after the first n events.
func (st *replayState) scoreAt(n int) engine.Scorecard {
	if st.cardAt == n {
		return st.card
	}
	if st.s == nil || n < st.si {
		st.s, st.si = engine.NewScorer(st.d.sc), 0
	}
	for ; st.si < n; st.si++ {
		st.s.Add(&st.d.events[st.si])
	}
	st.card, st.cardAt = st.s.Result(), n
	return st.card
}

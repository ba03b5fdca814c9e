package report

import (
	"cmp"
	"fmt"
	"slices"

	"ttx/engine"
)

// Wait is a resource request that had to wait because the holder had none
// left: asked while the holder's stock was empty, or refused an
// allocation for want of one. It waited from Asked until it was answered,
// or until the end of the log; one answered at once is not a wait.
type Wait struct {
	Request  string `json:"request"`
	From     string `json:"from"`
	Holder   string `json:"holder"`
	Kind     string `json:"kind"`
	Language string `json:"language,omitempty"`
	Person   string `json:"person"`
	Alias    string `json:"alias"`
	Asked    int64  `json:"asked"`
	// Outcome is allocated or refused, or "" when still waiting at the end.
	Outcome string `json:"outcome,omitempty"`
	// Waited is from the asking to the answer, or to the end of the log.
	Waited int64 `json:"waited_ms"`
}

// Waits sums up the requests that waited for a scarce resource.
type Waits struct {
	// Count counts them; Total sums their waits.
	Count int   `json:"count"`
	Total int64 `json:"total_ms"`
	// Longest lists the longest of them, longest first (at most
	// [maxWaits]).
	Longest []Wait `json:"longest,omitempty"`
}

// maxWaits is how many waits the report lists.
const maxWaits = 12

// waitState follows resource requests for the waits: the holders' stock,
// the open requests, and those of them that have had to wait.
type waitState struct {
	stock   map[[3]string]int // holder, kind, language -> count
	open    map[string]*Wait  // request id -> the request, while open
	queued  map[string]bool   // open requests that have waited
	allocOf map[string]string // agency -> request of its last allocate command
	done    Waits
}

func newWaitState(sc *engine.Scenario) *waitState {
	w := &waitState{stock: make(map[[3]string]int), open: make(map[string]*Wait), queued: make(map[string]bool), allocOf: make(map[string]string)}
	for _, a := range sc.Agencies {
		for _, r := range a.Resources {
			w.stock[[3]string{a.ID, r.Kind, r.Language}] += r.Count
		}
	}
	return w
}

// add folds one event into the waits.
func (w *waitState) add(e *engine.Event, alias func(string) string) {
	p := &e.Payload
	switch e.Type {
	case engine.EvCommand:
		if c := p.Command; c != nil && c.Type == engine.CmdAllocate {
			w.allocOf[c.Actor] = c.Request
		}
	case engine.EvRejected:
		if p.Kind == engine.CmdAllocate && p.Rule == "resources" {
			if id := w.allocOf[e.Actor]; w.open[id] != nil {
				w.queued[id] = true
			}
		}
	case engine.EvResource, engine.EvReturned:
		w.stock[[3]string{p.Agency, p.Kind, p.Language}] = p.Count
	case engine.CmdRequest:
		r := &Wait{Request: p.Request, From: e.Actor, Holder: p.Agency, Kind: p.Kind, Language: p.Language, Person: p.Person, Alias: alias(p.Person), Asked: e.T}
		w.open[p.Request] = r
		if w.stock[[3]string{p.Agency, p.Kind, p.Language}] <= 0 {
			w.queued[p.Request] = true
		}
	case engine.CmdAllocate, engine.CmdRefuse:
		r := w.open[p.Request]
		if r == nil {
			return
		}
		if e.Type == engine.CmdAllocate {
			w.stock[[3]string{e.Actor, r.Kind, r.Language}] = p.Count
		}
		delete(w.open, p.Request)
		if w.queued[p.Request] {
			delete(w.queued, p.Request)
			r.Outcome = "allocated"
			if e.Type == engine.CmdRefuse {
				r.Outcome = "refused"
			}
			if r.Waited = e.T - r.Asked; r.Waited > 0 {
				w.done.keep(*r)
			}
		}
	}
}

// keep counts a wait and lists it if it is among the longest.
func (ws *Waits) keep(w Wait) {
	ws.Count++
	ws.Total += w.Waited
	i, _ := slices.BinarySearchFunc(ws.Longest, w, longestFirst)
	if i >= maxWaits {
		return
	}
	ws.Longest = slices.Insert(ws.Longest, i, w)
	if len(ws.Longest) > maxWaits {
		ws.Longest = ws.Longest[:maxWaits]
	}
}

func longestFirst(a, b Wait) int {
	return cmp.Or(cmp.Compare(b.Waited, a.Waited), cmp.Compare(a.Asked, b.Asked), cmp.Compare(a.Request, b.Request))
}

// result returns the waits, counting those still waiting at end.
func (w *waitState) result(end int64) Waits {
	out := w.done
	out.Longest = slices.Clone(out.Longest)
	var still []string
	for id := range w.queued {
		still = append(still, id)
	}
	slices.Sort(still)
	for _, id := range still {
		r := *w.open[id]
		r.Waited = end - r.Asked
		out.keep(r)
	}
	return out
}

// waitsBlocks lays out the waits for the sharing section.
func (r *Report) waitsBlocks() []block {
	ws := r.Sharing.Waits
	if ws.Count == 0 {
		return nil
	}
	longest := int64(0)
	if len(ws.Longest) > 0 {
		longest = ws.Longest[0].Waited
	}
	out := []block{head("Waiting for scarce resources"),
		para("%s waited because the holder had none left, for %s in all (the longest %s). A request waits in the holder's queue until a booking ends, a place is freed or mutual aid arrives.",
			countOf(ws.Count, "resource request"), duration(ws.Total), duration(longest))}
	t := table("waits", "Request", "Asked by", "Of", "Resource", "For", "Asked", "Answer", "Waited")
	for _, w := range ws.Longest {
		answer := "still waiting at the end"
		if w.Outcome != "" {
			answer = fmt.Sprintf("%s at %s", w.Outcome, clock(w.Asked+w.Waited))
		}
		res := w.Kind
		if w.Language != "" {
			res += " (" + w.Language + ")"
		}
		t.row(c(w.Request), c(w.From), c(w.Holder), c(res), c(w.Alias), c(clock(w.Asked)), c(answer), c(duration(w.Waited)))
	}
	out = append(out, t)
	if n := ws.Count - len(ws.Longest); n > 0 {
		out = append(out, note(fmt.Sprintf("The %d longest waits; %d shorter not listed.", len(ws.Longest), n)))
	}
	return out
}

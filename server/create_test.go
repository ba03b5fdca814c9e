package server

import (
	"encoding/json"
	"testing"
	"time"

	"ttx/server/wire"
)

// TestCreateDoesNotStallExercise: while a facilitator's create control is
// still creating the new exercise, the exercise it was sent to goes on
// answering.
func TestCreateDoesNotStallExercise(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	h.srv.creating = func() {
		entered <- struct{}{}
		<-release
	}
	fac := h.facilitator()
	fac.send(wire.Control{Type: wire.TypeControl, ID: "new", Op: wire.OpCreate, Scenario: "tutorial"})
	select {
	case <-entered:
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("the create control never began creating")
	}
	// The exercise answers a view request while the creation waits.
	fac.send(wire.ViewRequest{Type: wire.TypeView, Agency: "police"})
	got := make(chan struct{})
	go func() {
		defer close(got)
		for f := range fac.frames {
			var s wire.Snapshot
			if f.typ == wire.TypeSnapshot && json.Unmarshal(f.raw, &s) == nil && s.View != nil && s.View.Agency == "police" {
				return
			}
		}
	}()
	select {
	case <-got:
	case <-time.After(2 * time.Second):
		t.Error("the exercise did not answer while another exercise was being created")
	}
	close(release)
	<-got
	created := until(fac, wire.TypeCreated, func(c wire.Created) bool { return c.ID == "new" })
	if created.Join.Exercise == "" || created.Join.Exercise == h.info.Exercise {
		t.Errorf("created: %+v", created)
	}
}

package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ttx/engine"
	"ttx/scenarios"
)

// forkedLog writes a naive bots' run of the tutorial to dir/parent.jsonl
// and its fork at event 40 to dir/fork.jsonl, and returns both paths.
func forkedLog(t *testing.T, dir string) (parent, fork string) {
	t.Helper()
	data, name, err := scenarios.Read("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(name, data)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	lw, err := engine.NewLogWriter(&buf, engine.Header{Scenario: sc.ID, ScenarioFile: name, ScenarioSource: string(data), Seed: 1, RulesAsOf: sc.RulesAsOf.Format(time.DateOnly), Engine: engine.Version, Created: time.Unix(0, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	err = engine.Simulate(sc, engine.SimulateOptions{Options: engine.Options{Seed: 1}, Default: "naive"}, func(evs []engine.Event) error {
		for i := range evs {
			if err := lw.Append(&evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	parent, fork = filepath.Join(dir, "parent.jsonl"), filepath.Join(dir, "fork.jsonl")
	if err := os.WriteFile(parent, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := engine.ForkLog(bytes.NewReader(buf.Bytes()), "parent.jsonl", engine.ForkPoint{Seq: 40}, &out, time.Unix(0, 0).UTC()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fork, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return parent, fork
}

// TestResumeFork: a fork is hosted as a log to resume, with its parent's
// codes when the parent's join file is beside it, new codes otherwise; it
// comes up paused, and its log still verifies and is still the parent's
// fork.
func TestResumeFork(t *testing.T) {
	for _, withParentJoin := range []bool{false, true} {
		dir := t.TempDir()
		parent, fork := forkedLog(t, dir)
		var pj joinFile
		if withParentJoin {
			pj = joinFile{ID: "tutorial-parent", Scenario: "tutorial", Facilitator: newToken(), Observer: newCode(), Seats: map[string]string{}, Bots: map[string]string{"health": "doctrine"}, Pace: 2}
			for _, seat := range []string{"police", "health"} {
				pj.Seats[seat] = newCode()
			}
			if err := writeJoin(joinPath(parent), pj); err != nil {
				t.Fatal(err)
			}
		}
		srv, err := New(Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		info, err := srv.ResumeFork(fork, ForkOptions{})
		if err != nil {
			t.Fatalf("resume the fork: %v", err)
		}
		if withParentJoin {
			if info.Exercise == pj.ID || info.Facilitator != pj.Facilitator || info.Seats["police"] != pj.Seats["police"] {
				t.Errorf("the fork's join %+v; want the parent's codes under a new id", info)
			}
		} else if len(info.Seats) == 0 || info.Facilitator == "" {
			t.Errorf("the fork's join %+v; want new codes for every seat", info)
		}
		if err := srv.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(fork)
		if err != nil {
			t.Fatal(err)
		}
		rp, err := engine.VerifyFork(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("verify the hosted fork: %v", err)
		}
		if !rp.Exercise.Paused() {
			t.Error("the hosted fork is not paused")
		}
		pb, _ := os.ReadFile(parent)
		if err := engine.CheckFork(bytes.NewReader(pb), bytes.NewReader(b)); err != nil {
			t.Errorf("the hosted fork against its parent: %v", err)
		}
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ttx/engine"
	"ttx/scenarios"
)

// firstIdentify returns the seq of a log's first identification.
func firstIdentify(t *testing.T, path string) int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, evs, err := engine.ReadLog(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == engine.CmdIdentify {
			return e.Seq
		}
	}
	t.Fatal("no identification")
	return 0
}

// TestForkCommands: for each bundled scenario, a naive run forked at its
// first identification and played on by doctrine bots scores higher;
// verify passes on the parent, the fork and the continuation (the last
// two against the parent, found beside them); compare names the fork
// point; the fork's debrief says it is a fork and of what.
func TestForkCommands(t *testing.T) {
	for _, id := range scenarios.IDs() {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			parent, fork, done := filepath.Join(dir, "naive.jsonl"), filepath.Join(dir, "fork.jsonl"), filepath.Join(dir, "done.jsonl")
			if code, _, errOut := ttx(t, "simulate", id, "--bots", "naive", "--seed", "3", "--out", parent); code != 0 {
				t.Fatalf("simulate: %s", errOut)
			}
			seq := firstIdentify(t, parent)
			code, out, errOut := ttx(t, "fork", parent, "--at", fmt.Sprintf("#%d", seq), "--out", fork)
			if code != 0 || !strings.Contains(out, "simulate --from "+fork) || !strings.Contains(out, "serve --from "+fork) {
				t.Fatalf("fork: exit %d: %s%s", code, out, errOut)
			}
			at := forkSeq(t, fork)
			if at < seq {
				t.Fatalf("forked at #%d: the fork point is #%d", seq, at)
			}
			if code, _, errOut := ttx(t, "simulate", "--from", fork, "--bots", "doctrine", "--seed", "4", "--out", done); code != 2 || !strings.Contains(errOut, "seed 3") {
				t.Fatalf("simulate --from with another seed: exit %d: %s", code, errOut)
			}
			if code, out, errOut := ttx(t, "simulate", "--from", fork, "--bots", "doctrine", "--seed", "3", "--out", done); code != 0 || !strings.Contains(out, "from the fork of naive.jsonl at #") {
				t.Fatalf("simulate --from: exit %d: %s%s", code, out, errOut)
			}
			for _, p := range []string{parent, fork, done} {
				code, out, errOut := ttx(t, "verify", p)
				if code != 0 {
					t.Fatalf("verify %s: exit %d: %s", p, code, errOut)
				}
				if p != parent && !strings.Contains(out, "are "+parent+"'s") {
					t.Errorf("verify %s: %q; want it checked against its parent", p, out)
				}
			}
			if code, _, errOut := ttx(t, "verify", done, "--parent", done); code != 1 || !strings.Contains(errOut, "not the fork's parent") {
				t.Errorf("verify against a log that is not its parent: exit %d: %s", code, errOut)
			}
			code, out, errOut = ttx(t, "score", "--json", parent)
			naive := scoreOf(t, code, out, errOut)
			code, out, errOut = ttx(t, "score", "--json", done)
			if after := scoreOf(t, code, out, errOut); after <= naive {
				t.Errorf("forked at #%d and played on by doctrine bots: %d, the naive run %d", seq, after, naive)
			}
			code, out, errOut = ttx(t, "compare", parent, done)
			if code != 0 || !strings.Contains(out, fmt.Sprintf("%s is a fork of %s at event #%d", done, parent, at)) || !strings.Contains(out, "After the fork: score") {
				t.Fatalf("compare: exit %d: %s%s", code, out, errOut)
			}
			code, out, errOut = ttx(t, "debrief", fork)
			if code != 0 || !strings.Contains(out, fmt.Sprintf("forked from naive.jsonl at event #%d", at)) {
				t.Fatalf("debrief of the fork: exit %d: %.2000s%s", code, out, errOut)
			}
		})
	}
}

func scoreOf(t *testing.T, code int, out, errOut string) int {
	t.Helper()
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, errOut)
	}
	var n int
	i := strings.Index(out, `"total":`)
	if i < 0 {
		t.Fatalf("score --json: no total in %.300s", out)
	}
	fmt.Sscan(strings.TrimLeft(out[i+len(`"total":`):], " "), &n)
	return n
}

// forkSeq returns the fork point a fork's header records.
func forkSeq(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lr, err := engine.NewLogReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if lr.Header().Fork == nil {
		t.Fatalf("%s: no fork in the header", path)
	}
	return lr.Header().Fork.Seq
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"ttx/engine"
)

func runFork(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "fork", "LOG --at H:MM:SS|#SEQ --out NEW.jsonl",
		"Write a what-if fork of a debrief log: a new log holding the log's events up to a moment, cut\n"+
			"after a whole command, whose header names the log and the moment. Continue it with bots\n"+
			"('ttx simulate --from NEW.jsonl') or with people ('ttx serve --from NEW.jsonl').")
	at := fs.String("at", "", "where to cut: H:MM:SS, after the last command at or before that exercise time; or #SEQ, after the command whose events include event SEQ (required)")
	out := fs.String("out", "", "the fork's log to write (required)")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *at == "" || *out == "" {
		fs.Usage()
		return &exitError{code: 2, msg: "give one LOG, --at H:MM:SS|#SEQ and --out NEW.jsonl"}
	}
	p, err := engine.ParseForkPoint(*at)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	h, err := writeFork(pos[0], p, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "%s: a fork of %s, %d events\n", *out, h.Fork, h.Fork.Seq)
	fmt.Fprintf(ctx.stdout, "continue it with bots:   ttx simulate --from %s --bots doctrine --out DONE.jsonl\n", *out)
	fmt.Fprintf(ctx.stdout, "or with people:          ttx serve --from %s\n", *out)
	return nil
}

// writeFork forks the log at path at p into out, leaving nothing behind on
// failure.
func writeFork(path string, p engine.ForkPoint, out string) (engine.Header, error) {
	in, err := os.Open(path)
	if err != nil {
		return engine.Header{}, fmt.Errorf("open log: %w", err)
	}
	defer in.Close()
	if same(path, out) {
		return engine.Header{}, &exitError{code: 2, msg: "--out is the log itself"}
	}
	return writeLogFile(out, func(w *bufio.Writer) (engine.Header, error) {
		h, err := engine.ForkLog(in, filepath.Base(path), p, w, time.Now().UTC())
		if err != nil {
			return h, fmt.Errorf("%s: %w", path, err)
		}
		return h, nil
	})
}

// same reports whether two paths name one existing file.
func same(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// writeLogFile creates path, lets write fill it through a buffer, and
// syncs it; on failure it removes it.
func writeLogFile(path string, write func(*bufio.Writer) (engine.Header, error)) (engine.Header, error) {
	f, err := os.Create(path)
	if err != nil {
		return engine.Header{}, fmt.Errorf("create log: %w", err)
	}
	done := false
	defer func() {
		f.Close()
		if !done {
			os.Remove(path)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	h, err := write(bw)
	if err != nil {
		return h, err
	}
	if err := bw.Flush(); err != nil {
		return h, fmt.Errorf("write log: %w", err)
	}
	if err := f.Sync(); err != nil {
		return h, fmt.Errorf("write log: %w", err)
	}
	if err := f.Close(); err != nil {
		return h, fmt.Errorf("write log: %w", err)
	}
	done = true
	return h, nil
}

// logTally writes events to a log, counting them and keeping the last
// score among them.
type logTally struct {
	lw   *engine.LogWriter
	n    int
	last engine.ScoreSummary
}

// newLogTally starts a log with header h on w.
func newLogTally(w io.Writer, h engine.Header) (*logTally, error) {
	lw, err := engine.NewLogWriter(w, h)
	if err != nil {
		return nil, fmt.Errorf("write log: %w", err)
	}
	return &logTally{lw: lw}, nil
}

// write appends evs to the log; it is an emit function for
// [engine.Simulate] and [engine.Continue].
func (t *logTally) write(evs []engine.Event) error {
	for i := range evs {
		if err := t.lw.Append(&evs[i]); err != nil {
			return fmt.Errorf("write log: %w", err)
		}
		if s := evs[i].Payload.Score; s != nil {
			t.last = *s
		}
		t.n++
	}
	return nil
}

// simulateFrom is 'ttx simulate --from LOG': it re-runs the log's commands
// into a fresh engine, then bots play on to the scenario's length.
func simulateFrom(ctx *runContext, from string, o engine.SimulateOptions, seed *int64, out string) error {
	f, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer f.Close()
	var evs []engine.Event
	var cmds []engine.Command
	rp, err := engine.ReplayLog(bufio.NewReaderSize(f, 1<<16), func(e *engine.Event) {
		evs = append(evs, *e)
		if e.Type == engine.EvCommand {
			cmds = append(cmds, *e.Payload.Command)
		}
	})
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	if seed != nil && *seed != rp.Header.Seed {
		return &exitError{code: 2, msg: fmt.Sprintf("--seed %d: %s was played with seed %d, which its continuation keeps (leave --seed out)", *seed, from, rp.Header.Seed)}
	}
	if same(from, out) {
		return &exitError{code: 2, msg: "--out is the log itself"}
	}
	if err := parseBots(o.Default, rp.Scenario, &o); err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	h := rp.Header
	h.Created = time.Now().UTC()
	var lt *logTally
	_, err = writeLogFile(out, func(w *bufio.Writer) (engine.Header, error) {
		var err error
		if lt, err = newLogTally(w, h); err != nil {
			return h, err
		}
		if err := lt.write(evs); err != nil {
			return h, err
		}
		return h, engine.Continue(rp, cmds, o, lt.write)
	})
	if err != nil {
		return err
	}
	what := "the log"
	if h.Fork != nil {
		what = "the fork of " + h.Fork.String()
	}
	fmt.Fprintf(ctx.stdout, "%s: %d events, %d of them from %s; score %d/100; see 'ttx score %s'\n", out, lt.n, len(evs), what, lt.last.Total, out)
	return nil
}

// verifyLog is 'ttx verify' for a log that may be a fork: it verifies the
// log on its own and, for a fork, against its parent when the parent is at
// hand (given, or named in the header and found beside it).
func verifyLog(ctx *runContext, path, parent string) (*engine.Replay, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	defer f.Close()
	rp, err := engine.VerifyFork(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fk := rp.Header.Fork
	if fk == nil {
		if parent != "" {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%s is not a fork: its header names no parent", path)}
		}
		return rp, nil
	}
	if parent == "" {
		parent = filepath.Join(filepath.Dir(path), fk.Parent)
		if _, err := os.Stat(parent); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(ctx.stdout, "%s: a fork of %s; the parent is not beside it, so it was checked on its own (give --parent PARENT.jsonl)\n", path, fk)
			return rp, nil
		}
	}
	pf, err := os.Open(parent)
	if err != nil {
		return nil, fmt.Errorf("open the parent: %w", err)
	}
	defer pf.Close()
	if _, err := f.Seek(0, 0); err != nil {
		return nil, err
	}
	if err := engine.CheckFork(bufio.NewReaderSize(pf, 1<<16), bufio.NewReaderSize(f, 1<<16)); err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s against %s: %v", path, parent, err)}
	}
	fmt.Fprintf(ctx.stdout, "%s: a fork of %s: its %d events up to there are %s's, whose chain head there it records\n", path, fk, fk.Seq, parent)
	return rp, nil
}

// countSet counts the non-empty strings.
func countSet(ss ...string) int {
	n := 0
	for _, s := range ss {
		if s != "" {
			n++
		}
	}
	return n
}

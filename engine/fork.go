package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Fork names the log a forked log was cut from and the moment of the cut.
// It is [Header.Fork] in a fork's header.
//
// A fork holds its parent's events 1 to Seq, unchanged but for their Prev
// (the fork's header is another line, so its chain is its own). The parent
// is identified by its chain head at the fork point rather than by the
// hash of its file: the head commits to the parent's header and every one
// of those events, and stays the same while the parent grows (a live
// exercise's log) or after it ends.
type Fork struct {
	// Parent is the parent log's file name, without its directory, when it
	// was forked; a reader looks for it beside the fork.
	Parent string `json:"parent"`
	// ParentHead is the lowercase hex SHA-256 of the parent's line that
	// holds event Seq: the parent's chain head at the fork point.
	ParentHead string `json:"parent_head"`
	// Seq is the last event taken from the parent, the last of a command's
	// events.
	Seq int64 `json:"seq"`
	// T is the exercise time at the fork point, in milliseconds: the time
	// of the last command taken.
	T int64 `json:"t"`
	// Exercise is the parent's server exercise id, when it was hosted.
	Exercise string `json:"exercise,omitempty"`
}

// ErrNotParent is wrapped by the error [CheckFork] returns when a log is
// not the parent a fork names, or the fork's events differ from it.
var ErrNotParent = errors.New("not the fork's parent")

// ForkPoint is where to cut a log. The cut always falls at a command
// boundary: a fork holds all the events of every command it takes.
type ForkPoint struct {
	// Seq, when positive, cuts after the command whose events include
	// event Seq.
	Seq int64
	// T, when Seq is zero, cuts after the last command at or before this
	// exercise time (ms). Events that fall due by then but were recorded
	// with a later command happen again when the fork is continued.
	T int64
}

// ParseForkPoint reads a fork point written as "#SEQ" (an event's
// sequence number) or "H:MM:SS" (an exercise time).
func ParseForkPoint(s string) (ForkPoint, error) {
	if rest, ok := strings.CutPrefix(s, "#"); ok {
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || n < 1 {
			return ForkPoint{}, fmt.Errorf("fork point %q: want #SEQ, a sequence number from 1", s)
		}
		return ForkPoint{Seq: n}, nil
	}
	parts := strings.Split(s, ":")
	if len(parts) == 3 {
		var v [3]int64
		ok := true
		for i, p := range parts {
			n, err := strconv.ParseInt(p, 10, 64)
			ok = ok && err == nil && n >= 0 && (i == 0 || (len(p) == 2 && n < 60))
			v[i] = n
		}
		if ok {
			return ForkPoint{T: ((v[0]*60+v[1])*60 + v[2]) * 1000}, nil
		}
	}
	return ForkPoint{}, fmt.Errorf("fork point %q: want H:MM:SS (an exercise time) or #SEQ (an event)", s)
}

// String writes p as [ParseForkPoint] reads it.
func (p ForkPoint) String() string {
	if p.Seq > 0 {
		return fmt.Sprintf("#%d", p.Seq)
	}
	return clockText(p.T)
}

// clockText formats exercise milliseconds as H:MM:SS.
func clockText(ms int64) string {
	s := max(ms, 0) / 1000
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// String names the fork point in words: "PARENT at #SEQ (H:MM:SS)".
func (f *Fork) String() string {
	return fmt.Sprintf("%s at #%d (%s)", f.Parent, f.Seq, clockText(f.T))
}

// ForkLog writes to w a new log that holds the events of the log in parent
// up to the fork point at, and whose header is the parent's with
// [Header.Fork] set (name is the parent's file name, recorded as
// [Fork.Parent]) and Created set to created. The parent is verified up to
// the fork point as [Verify] does (a torn end, as of a log still being
// written, is left out); the engine must be the one that wrote it. A cut
// that would take the end of the exercise is refused: there would be
// nothing to continue. parent is read twice: once to find the cut, once
// to copy.
func ForkLog(parent io.ReadSeeker, name string, at ForkPoint, w io.Writer, created time.Time) (Header, error) {
	h, f, err := findFork(parent, at)
	if err != nil {
		return Header{}, err
	}
	f.Parent, f.Exercise = name, h.Exercise
	if _, err := parent.Seek(0, io.SeekStart); err != nil {
		return Header{}, fmt.Errorf("fork: %w", err)
	}
	lr, err := NewLogReader(parent)
	if err != nil {
		return Header{}, err
	}
	fh := h
	fh.Created, fh.Exercise, fh.Fork = created, "", &f
	lw, err := NewLogWriter(w, fh)
	if err != nil {
		return Header{}, fmt.Errorf("fork: %w", err)
	}
	for range f.Seq {
		e, err := lr.Next()
		if err != nil {
			return Header{}, fmt.Errorf("fork: read the parent again: %w", err)
		}
		if err := lw.Append(&e); err != nil {
			return Header{}, fmt.Errorf("fork: %w", err)
		}
	}
	return fh, nil
}

// findFork re-runs the log in r until the fork point and returns its
// header and the fork's Seq, T and ParentHead.
func findFork(r io.Reader, at ForkPoint) (Header, Fork, error) {
	lr, err := NewLogReader(r)
	if err != nil {
		return Header{}, Fork{}, err
	}
	h := lr.Header()
	if h.Engine != Version {
		return Header{}, Fork{}, &LogError{Line: 1, Err: fmt.Errorf("%w: written by engine %s; this is engine %s, which cannot continue it", ErrEngineVersion, h.Engine, Version)}
	}
	sc, opts, err := ScenarioFromHeader(h)
	if err != nil {
		return Header{}, Fork{}, &LogError{Line: 1, Err: err}
	}
	x := New(sc, opts)
	var (
		f               Fork
		endedAt         int64 // seq of an included ended event
		pending, want   []Event
		groupEnd, lastT int64
		groupEnded      bool
		done            bool
	)
	// include takes the command whose events were just read.
	include := func() {
		f.Seq, f.T, f.ParentHead = groupEnd, lastT, lr.LastHash()
		if groupEnded && endedAt == 0 {
			endedAt = groupEnd
		}
		done = at.Seq > 0 && groupEnd >= at.Seq
	}
	note := func(e *Event) {
		groupEnd = e.Seq
		groupEnded = groupEnded || e.Type == EvEnded
	}
	for !done {
		e, err := lr.Next()
		if errors.Is(err, io.EOF) || errors.Is(err, ErrTornLine) {
			break
		}
		if err != nil {
			return Header{}, Fork{}, err
		}
		if len(want) > 0 {
			if msg := diffEvent(&want[0], &e); msg != "" {
				return Header{}, Fork{}, &Mismatch{Line: lr.Line(), Seq: e.Seq, Msg: msg}
			}
			note(&e)
			want = want[1:]
			if len(want) == 0 {
				include()
			}
			continue
		}
		pending = append(pending, e)
		if e.Type != EvCommand {
			continue
		}
		c := e.Payload.Command
		if c == nil {
			return Header{}, Fork{}, &Mismatch{Line: lr.Line(), Seq: e.Seq, Msg: "a command event with no command"}
		}
		if at.Seq == 0 && c.T > at.T {
			break // the first command after the fork time
		}
		groupEnded = false
		got := x.Apply(*c, e.Wall)
		first := lr.Line() - len(pending) + 1
		for i := range pending {
			if i >= len(got) {
				return Header{}, Fork{}, &Mismatch{Line: first + i, Seq: pending[i].Seq, Msg: "the engine produces no such event here"}
			}
			if msg := diffEvent(&got[i], &pending[i]); msg != "" {
				return Header{}, Fork{}, &Mismatch{Line: first + i, Seq: pending[i].Seq, Msg: msg}
			}
			note(&pending[i])
		}
		lastT = c.T
		want, pending = got[len(pending):], pending[:0]
		if len(want) == 0 {
			include()
		}
	}
	switch {
	case f.Seq == 0:
		return Header{}, Fork{}, fmt.Errorf("fork at %s: the log has no whole command by then", at)
	case at.Seq > f.Seq:
		return Header{}, Fork{}, fmt.Errorf("fork at %s: the log's last whole command ends at #%d", at, f.Seq)
	case endedAt > 0:
		return Header{}, Fork{}, fmt.Errorf("fork at %s: the exercise ended at #%d, so there would be nothing to continue; fork at an earlier moment", at, endedAt)
	}
	return h, f, nil
}

// CheckFork checks a fork against the log it names as its parent: the
// headers play the same scenario with the same seed, rules and engine; the
// fork's events up to its fork point equal the parent's (Prev aside); and
// the parent's chain head there is the one the fork records. Only the
// chains are checked, not the engine's events: [Verify] each log for that.
// A parent that is not the fork's gives an error wrapping [ErrNotParent].
func CheckFork(parent, fork io.Reader) error {
	flr, err := NewLogReader(fork)
	if err != nil {
		return fmt.Errorf("the fork: %w", err)
	}
	fh := flr.Header()
	if fh.Fork == nil {
		return errors.New("the log is not a fork: its header names no parent")
	}
	plr, err := NewLogReader(parent)
	if err != nil {
		return fmt.Errorf("the parent: %w", err)
	}
	ph := plr.Header()
	notParent := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrNotParent)
	}
	switch {
	case ph.ScenarioSHA256 != fh.ScenarioSHA256:
		return notParent("the parent plays scenario %s (%.12s), the fork %s (%.12s)", ph.Scenario, ph.ScenarioSHA256, fh.Scenario, fh.ScenarioSHA256)
	case ph.Seed != fh.Seed:
		return notParent("the parent's seed is %d, the fork's %d", ph.Seed, fh.Seed)
	case ph.RulesAsOf != fh.RulesAsOf:
		return notParent("the parent applies the rules as of %s, the fork as of %s", ph.RulesAsOf, fh.RulesAsOf)
	case ph.Engine != fh.Engine:
		return notParent("the parent was written by engine %s, the fork by %s", ph.Engine, fh.Engine)
	}
	for seq := int64(1); seq <= fh.Fork.Seq; seq++ {
		pe, err := plr.Next()
		if errors.Is(err, io.EOF) {
			return notParent("the parent ends at #%d, before the fork point #%d", seq-1, fh.Fork.Seq)
		}
		if err != nil {
			return fmt.Errorf("the parent: %w", err)
		}
		fe, err := flr.Next()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("the fork ends at #%d, before its own fork point #%d", seq-1, fh.Fork.Seq)
		}
		if err != nil {
			return fmt.Errorf("the fork: %w", err)
		}
		if msg := diffEvent(&pe, &fe); msg != "" {
			return notParent("event #%d (line %d) differs from the parent's: %s", seq, flr.Line(), msg)
		}
	}
	if head := plr.LastHash(); head != fh.Fork.ParentHead {
		return notParent("the parent's chain head at #%d is %.12s, the fork records %.12s: the parent's earlier lines differ", fh.Fork.Seq, head, fh.Fork.ParentHead)
	}
	return nil
}

// VerifyFork verifies a log as [Verify] does and, when it is a fork, that
// it holds its own fork point: event Fork.Seq, at exercise time Fork.T.
func VerifyFork(r io.Reader) (*Replay, error) {
	// Read the header first, keeping the bytes read, then replay them
	// and the rest.
	var head bytes.Buffer
	lr, err := NewLogReader(io.TeeReader(r, &head))
	if err != nil {
		return nil, err
	}
	f := lr.Header().Fork
	var found bool
	var t int64
	rp, err := ReplayLog(io.MultiReader(&head, r), func(e *Event) {
		if f != nil && e.Seq == f.Seq {
			found, t = true, e.T
		}
	})
	if err != nil || f == nil {
		return rp, err
	}
	if !found {
		return nil, &LogError{Line: 1, Err: fmt.Errorf("fork point #%d: the log ends at #%d, before it", f.Seq, rp.LastSeq)}
	}
	if t != f.T {
		return nil, &LogError{Line: 1, Err: fmt.Errorf("fork point #%d is at %s, the header says %s", f.Seq, clockText(t), clockText(f.T))}
	}
	return rp, nil
}

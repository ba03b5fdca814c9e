package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// Replay is the result of re-running a debrief log's commands through the
// engine.
type Replay struct {
	Header   Header
	Scenario *Scenario
	Events   int64
	Commands int64
	Score    Scorecard
	// Exercise is the exercise as the log leaves it, for views.
	Exercise *Exercise
	// Ended reports whether the log records the end of the exercise (and
	// so its final score). A log cut short at a line boundary is
	// otherwise indistinguishable from one still being written.
	Ended bool
	// Last is the exercise time of the log's last event.
	Last int64
	// Head is the hex SHA-256 of the last line of the last whole command
	// (the header's for a log with no events) and LastSeq that line's seq:
	// where a writer continues the chain ([ResumeLogWriter]).
	Head    string
	LastSeq int64
	// End is the byte length of the log up to the end of Head's line, and
	// Torn reports whether anything follows it ([ResumeLog]).
	End  int64
	Torn bool
}

// Unfinished says, the same way wherever a log is read (verify, score,
// debrief), that a log ends without the exercise being ended, and so that
// its scores are those of its last event, at exercise time last (ms). It
// returns "" for an ended log.
func Unfinished(ended bool, last int64) string {
	if ended {
		return ""
	}
	s := max(last, 0) / 1000
	return fmt.Sprintf("unfinished: the log ends at %d:%02d:%02d without the exercise being ended; scores are as of the last event", s/3600, s/60%60, s%60)
}

// ErrEngineVersion reports a log written by another version of the engine,
// which this one cannot be relied on to reproduce. Its events can still be
// read and scored ([ReadLog], [ScoreEvents]).
var ErrEngineVersion = errors.New("another engine version")

// Mismatch reports the first event of a log that differs from what the
// engine produces from the log's commands.
type Mismatch struct {
	Line int
	Seq  int64
	Msg  string
}

// Error names the line, its sequence number and the difference.
func (m *Mismatch) Error() string {
	return fmt.Sprintf("line %d (seq %d): %s", m.Line, m.Seq, m.Msg)
}

// ScenarioFromHeader loads the scenario a log carries in its header.
func ScenarioFromHeader(h Header) (*Scenario, Options, error) {
	name := h.ScenarioFile
	if name == "" {
		name = h.Scenario + ".yaml"
	}
	sc, err := Load(name, []byte(h.ScenarioSource))
	if err != nil {
		return nil, Options{}, fmt.Errorf("the log's scenario: %w", err)
	}
	opts := Options{Seed: h.Seed}
	if h.RulesAsOf != "" {
		t, err := time.Parse(time.DateOnly, h.RulesAsOf)
		if err != nil {
			return nil, Options{}, fmt.Errorf("the log's rules_as_of %q: %w", h.RulesAsOf, err)
		}
		opts.RulesAsOf = t
	}
	return sc, opts, nil
}

// Verify reads a debrief log, checking its hash chain line by line, and
// re-runs the engine over the commands it records. It fails with a
// *[LogError] for a broken chain, or a *[Mismatch] naming the first line
// whose event is not exactly what the engine produces. The score is
// computed as the log is read; only one line is held at a time.
func Verify(r io.Reader) (*Replay, error) {
	return replay(r, nil, false)
}

// ReplayLog verifies a log as [Verify] does and calls each with every event
// in order, as it is verified.
func ReplayLog(r io.Reader, each func(*Event)) (*Replay, error) {
	return replay(r, each, false)
}

// CompleteLength finds how much of a log written by a process that may have
// died mid-write is whole: the byte length up to the end of the last
// command all of whose events were written. A server that crashed
// truncates its log there before resuming: what follows was never
// acknowledged. torn reports whether anything follows. Errors other than a
// cut-short ending (an edited line, a mismatch) are returned.
func CompleteLength(r io.Reader) (length int64, torn bool, err error) {
	rp, err := replay(r, nil, true)
	if err != nil {
		return 0, false, err
	}
	return rp.End, rp.Torn, nil
}

func replay(r io.Reader, each func(*Event), tolerateTail bool) (*Replay, error) {
	lr, err := NewLogReader(r)
	if err != nil {
		return nil, err
	}
	h := lr.Header()
	if h.Engine != Version {
		return nil, &LogError{Line: 1, Err: fmt.Errorf("%w: written by engine %s; this is engine %s", ErrEngineVersion, h.Engine, Version)}
	}
	sc, opts, err := ScenarioFromHeader(h)
	if err != nil {
		return nil, &LogError{Line: 1, Err: err}
	}
	x := New(sc, opts)
	rp := &Replay{Header: h, Scenario: sc, Exercise: x}
	// whole marks the end of a whole command: where a tolerant replay cuts.
	whole := func() { rp.End, rp.Head, rp.LastSeq = lr.Offset(), lr.LastHash(), lr.LastSeq() }
	whole()
	// cut ends a tolerant replay at the last whole command.
	cut := func() (*Replay, error) {
		rp.Torn = true
		return rp, nil
	}
	// ids holds the line of each command id seen: an id is used once, so
	// that a retried command is never applied twice.
	ids := make(map[string]int)
	// pending holds recorded events not yet matched, up to and including
	// the next command; want holds produced events not yet recorded.
	var pending, want []Event
	for {
		if len(want) > 0 {
			// The engine says what comes next: a line that is its exact
			// encoding needs no decoding.
			matched, e, err := lr.NextMatching(&want[0])
			switch {
			case tolerateTail && (errors.Is(err, io.EOF) || errors.Is(err, ErrTornLine)):
				return cut()
			case errors.Is(err, io.EOF):
				return nil, &Mismatch{Line: lr.Line() + 1, Seq: want[0].Seq, Msg: fmt.Sprintf("the log ends, but the engine produces %d more event(s) for the last command, the first a %s", len(want), want[0].Type)}
			case err != nil:
				return nil, err
			case !matched:
				msg := diffEvent(&want[0], &e)
				if msg == "" {
					msg = "differs from the engine's event"
				}
				return nil, &Mismatch{Line: lr.Line(), Seq: e.Seq, Msg: msg}
			}
			rp.Events++
			rp.Last = max(rp.Last, want[0].T)
			if each != nil {
				each(&want[0])
			}
			want = want[1:]
			if len(want) == 0 {
				whole()
			}
			continue
		}
		e, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if tolerateTail && errors.Is(err, ErrTornLine) {
			return cut()
		}
		if err != nil {
			return nil, err
		}
		rp.Events++
		rp.Last = max(rp.Last, e.T)
		pending = append(pending, e)
		if e.Type != EvCommand {
			continue
		}
		if e.Payload.Command == nil {
			return nil, &Mismatch{Line: lr.Line(), Seq: e.Seq, Msg: "a command event with no command"}
		}
		rp.Commands++
		if id := e.Payload.Command.ID; id != "" {
			if at, ok := ids[id]; ok {
				return nil, &Mismatch{Line: lr.Line(), Seq: e.Seq, Msg: fmt.Sprintf("command id %q was used before, at line %d: a command id is used once", id, at)}
			}
			ids[id] = lr.Line()
		}
		got := x.Apply(*e.Payload.Command, e.Wall)
		first := lr.Line() - len(pending) + 1
		for i := range pending {
			if i >= len(got) {
				return nil, &Mismatch{Line: first + i, Seq: pending[i].Seq, Msg: "the engine produces no such event here"}
			}
			if msg := diffEvent(&got[i], &pending[i]); msg != "" {
				return nil, &Mismatch{Line: first + i, Seq: pending[i].Seq, Msg: msg}
			}
			if each != nil {
				each(&pending[i])
			}
		}
		want = got[len(pending):]
		pending = pending[:0]
		if len(want) == 0 {
			whole()
		}
	}
	if len(pending) > 0 {
		if tolerateTail {
			return cut()
		}
		return nil, &Mismatch{Line: lr.Line() - len(pending) + 1, Seq: pending[0].Seq, Msg: "events that no recorded command produces"}
	}
	rp.Score = x.Score()
	rp.Ended = x.Ended()
	return rp, nil
}

// diffEvent describes how a recorded event differs from the produced one,
// or returns "" when they are the same (Prev aside, which the chain checks).
func diffEvent(want, got *Event) string {
	switch {
	case want.Seq != got.Seq:
		return fmt.Sprintf("seq %d, the engine produces %d", got.Seq, want.Seq)
	case want.T != got.T:
		return fmt.Sprintf("exercise time %d ms, the engine produces %d ms", got.T, want.T)
	case !want.Wall.Equal(got.Wall):
		return fmt.Sprintf("wall time %s, the command's is %s", got.Wall, want.Wall)
	case want.Actor != got.Actor:
		return fmt.Sprintf("actor %q, the engine produces %q", got.Actor, want.Actor)
	case want.Type != got.Type:
		return fmt.Sprintf("type %q, the engine produces %q", got.Type, want.Type)
	case !slices.Equal(want.To, got.To):
		return fmt.Sprintf("seen by %v, the engine produces %v", got.To, want.To)
	case !equalPayload(&want.Payload, &got.Payload):
		return fmt.Sprintf("%s event: %s", got.Type, payloadDiff(&want.Payload, &got.Payload))
	}
	return ""
}

// payloadDiff names the first payload field that differs and both values.
func payloadDiff(want, got *Payload) string {
	var w, g map[string]json.RawMessage
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	json.Unmarshal(wb, &w)
	json.Unmarshal(gb, &g)
	keys := make([]string, 0, len(w)+len(g))
	for k := range w {
		keys = append(keys, k)
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if string(w[k]) != string(g[k]) {
			return fmt.Sprintf("payload %s is %s, the engine produces %s", k, orNone(g[k]), orNone(w[k]))
		}
	}
	return "details differ from what the engine produces"
}

func orNone(v json.RawMessage) string {
	if len(v) == 0 {
		return "absent"
	}
	return string(v)
}

func equalPayload(a, b *Payload) bool {
	if !slices.Equal(a.Indicators, b.Indicators) || !slices.Equal(a.Agencies, b.Agencies) {
		return false
	}
	if (a.Command == nil) != (b.Command == nil) || (a.Score == nil) != (b.Score == nil) || !equalMethane(a.Methane, b.Methane) {
		return false
	}
	if a.Command != nil && !equalCommand(a.Command, b.Command) {
		return false
	}
	if a.Score != nil && (a.Score.Total != b.Score.Total || !equalMap(a.Score.Agencies, b.Score.Agencies)) {
		return false
	}
	ac, bc := *a, *b
	ac.Indicators, ac.Agencies, ac.Command, ac.Score, ac.Methane = nil, nil, nil, nil, nil
	bc.Indicators, bc.Agencies, bc.Command, bc.Score, bc.Methane = nil, nil, nil, nil, nil
	return payloadScalars(ac) == payloadScalars(bc)
}

// payloadScalars is Payload without its slices and pointers, so that it can
// be compared with ==.
type scalars struct {
	CommandID, Person, Agency, Rule, Reason, Inject, From, Channel, Text, Rationale, Risk, Decision, Option, Expect string
	Kind, Language, Request, Place, Outcome, Phase, Flag, Cause, InWorld, Authority                                 string
	Count, Stage, Days                                                                                              int
	Positive, Consented, Disclosed, Section45                                                                       bool
}

func payloadScalars(p Payload) scalars {
	return scalars{p.CommandID, p.Person, p.Agency, p.Rule, p.Reason, p.Inject, p.From, p.Channel, p.Text, p.Rationale, p.Risk, p.Decision, p.Option, p.Expect,
		p.Kind, p.Language, p.Request, p.Place, p.Outcome, p.Phase, p.Flag, p.Cause, p.InWorld, p.Authority,
		p.Count, p.Stage, p.Days, p.Positive, p.Consented, p.Disclosed, p.Section45}
}

func equalCommand(a, b *Command) bool {
	if !slices.Equal(a.To, b.To) || !slices.Equal(a.Facts, b.Facts) || !equalMethane(a.Methane, b.Methane) {
		return false
	}
	ac, bc := *a, *b
	ac.To, ac.Facts, bc.To, bc.Facts = nil, nil, nil, nil
	ac.Methane, bc.Methane = nil, nil
	return commandScalars(ac) == commandScalars(bc)
}

type commandScalarsT struct {
	ID, Actor, Type, Person, Agency, Kind, Language, Request, Place, Inject, Decision, Option, Outcome, Text, Rationale, Risk, From, Channel string
	T                                                                                                                                        int64
	Consent, Section45                                                                                                                       bool
	Stage, Days, Count                                                                                                                       int
}

func commandScalars(c Command) commandScalarsT {
	return commandScalarsT{c.ID, c.Actor, c.Type, c.Person, c.Agency, c.Kind, c.Language, c.Request, c.Place, c.Inject, c.Decision, c.Option, c.Outcome, c.Text, c.Rationale, c.Risk, c.From, c.Channel,
		c.T, c.Consent, c.Section45, c.Stage, c.Days, c.Count}
}

func equalMap(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// equalMethane compares two M/ETHANE reports, either of which may be nil.
func equalMethane(a, b *Methane) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

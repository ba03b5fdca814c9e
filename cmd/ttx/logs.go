package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"ttx/engine"
)

func runSimulate(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "simulate", "SCENARIO --bots doctrine|naive --seed N --out LOG",
		"Play a whole exercise with bots in every seat, with no server, and write its debrief log.\nSCENARIO is a bundled id (see 'ttx scenarios') or a path to a scenario file.")
	bots := fs.String("bots", "doctrine", "bot kind for every seat: doctrine or naive; or SEAT=KIND,... with the rest doctrine")
	seed := fs.Int64("seed", 1, "seed for the exercise's random draws")
	out := fs.String("out", "", "debrief log to write (required)")
	rulesAsOf := fs.String("rules-as-of", "", "apply the rules in force on this date (YYYY-MM-DD) instead of the scenario's")
	step := fs.Duration("step", time.Minute, "exercise time between bot turns")
	maxSize := maxSizeFlag(fs)
	from := fs.String("from", "", "continue this log (a fork, say) instead of starting SCENARIO: replay its commands, then bots play on to the scenario's length")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if *step < time.Second || *step > time.Hour {
		return &exitError{code: 2, msg: "--step is from 1s to 1h"}
	}
	if *from != "" {
		if len(pos) != 0 || *out == "" || *rulesAsOf != "" {
			fs.Usage()
			return &exitError{code: 2, msg: "with --from LOG give --out LOG and no SCENARIO or --rules-as-of (the log's are kept)"}
		}
		var seedSet *int64
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "seed" {
				seedSet = seed
			}
		})
		return simulateFrom(ctx, *from, engine.SimulateOptions{Step: *step, Wall: time.Now, Bots: map[string]string{}, Default: *bots}, seedSet, *out)
	}
	if len(pos) != 1 || *out == "" {
		fs.Usage()
		return &exitError{code: 2, msg: "give one SCENARIO and --out LOG"}
	}
	sc, data, file, err := loadScenario(pos[0], *maxSize)
	if err != nil {
		return err
	}
	o := engine.SimulateOptions{Options: engine.Options{Seed: *seed}, Step: *step, Wall: time.Now, Bots: map[string]string{}}
	if err := parseBots(*bots, sc, &o); err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	if *rulesAsOf != "" {
		t, err := time.Parse(time.DateOnly, *rulesAsOf)
		if err != nil {
			return &exitError{code: 2, msg: fmt.Sprintf("--rules-as-of %q: want YYYY-MM-DD", *rulesAsOf)}
		}
		o.RulesAsOf = t
	}
	rules := sc.RulesAsOf.Time
	if !o.RulesAsOf.IsZero() {
		rules = o.RulesAsOf
	}
	sum := sha256.Sum256(data)
	h := engine.Header{Format: engine.LogFormat, Version: engine.LogVersion, Scenario: sc.ID, ScenarioFile: filepath.ToSlash(file),
		ScenarioSHA256: hex.EncodeToString(sum[:]), ScenarioSource: string(data), Seed: *seed,
		RulesAsOf: rules.Format(time.DateOnly), Engine: engine.Version, Created: time.Now().UTC()}
	var lt *logTally
	_, err = writeLogFile(*out, func(w *bufio.Writer) (engine.Header, error) {
		var err error
		if lt, err = newLogTally(w, h); err != nil {
			return h, err
		}
		return h, engine.Simulate(sc, o, lt.write)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "%s: %d events, score %d/100; see '%s score %s'\n", *out, lt.n, lt.last.Total, ctx.prog, *out)
	return nil
}

// parseBots reads --bots: one kind for every seat, or SEAT=KIND pairs.
func parseBots(spec string, sc *engine.Scenario, o *engine.SimulateOptions) error {
	o.Default = "doctrine"
	if !strings.Contains(spec, "=") {
		if _, err := engine.NewBot(spec); err != nil {
			return fmt.Errorf("--bots: %w", err)
		}
		o.Default = spec
		return nil
	}
	for _, pair := range strings.Split(spec, ",") {
		seat, kind, _ := strings.Cut(pair, "=")
		if _, err := engine.NewBot(kind); err != nil {
			return fmt.Errorf("--bots %s: %w", pair, err)
		}
		found := false
		for _, a := range sc.Agencies {
			found = found || a.ID == seat
		}
		if !found {
			return fmt.Errorf("--bots: no seat %q in scenario %s", seat, sc.ID)
		}
		o.Bots[seat] = kind
	}
	return nil
}

// openVerified verifies a log and returns its replay.
func openVerified(path string) (*engine.Replay, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	defer f.Close()
	rp, err := engine.Verify(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rp, nil
}

// openScored verifies and scores a log; a log written by another engine
// version is scored from its recorded events, its chain checked, with a
// note saying so.
func openScored(ctx *runContext, path string) (*engine.Replay, error) {
	rp, err := openVerified(path)
	if err == nil || !errors.Is(err, engine.ErrEngineVersion) {
		return rp, err
	}
	f, ferr := os.Open(path)
	if ferr != nil {
		return nil, fmt.Errorf("open log: %w", ferr)
	}
	defer f.Close()
	h, evs, rerr := engine.ReadLog(bufio.NewReaderSize(f, 1<<16))
	if rerr != nil {
		return nil, fmt.Errorf("%s: %w", path, rerr)
	}
	sc, _, serr := engine.ScenarioFromHeader(h)
	if serr != nil {
		return nil, fmt.Errorf("%s: %w", path, serr)
	}
	fmt.Fprintf(ctx.stderr, "ttx score: %s was written by engine %s (this is %s): scored from its recorded events, not re-run\n", path, h.Engine, engine.Version)
	rp = &engine.Replay{Header: h, Scenario: sc, Events: int64(len(evs)), Score: engine.ScoreEvents(sc, evs)}
	for _, e := range evs {
		rp.Last = max(rp.Last, e.T)
		rp.Ended = rp.Ended || e.Type == "ended"
	}
	return rp, nil
}

func runScore(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "score", "LOG [--json]", "Score a debrief log: per rubric item, per agency and overall (0-100), with each\nvictim's journey and the missed opportunities. The log is verified first.")
	asJSON := fs.Bool("json", false, "print the scorecard as JSON (total, agencies, items, journeys, missed)")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give one LOG"}
	}
	rp, err := openScored(ctx, pos[0])
	if err != nil {
		return err
	}
	note := engine.Unfinished(rp.Ended, rp.Last)
	if *asJSON {
		if note != "" {
			fmt.Fprintf(ctx.stderr, "%s: %s\n", pos[0], note)
		}
		enc := json.NewEncoder(ctx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rp.Score)
	}
	if note != "" {
		fmt.Fprintf(ctx.stdout, "%s: %s\n", pos[0], note)
	}
	return writeScorecard(ctx.stdout, rp)
}

func writeScorecard(w io.Writer, rp *engine.Replay) error {
	sc, s := rp.Scenario, rp.Score
	name := func(id string) string {
		for _, a := range sc.Agencies {
			if a.ID == id {
				return a.Name
			}
		}
		return id
	}
	alias := func(id string) string {
		for _, p := range sc.People {
			if p.ID == id {
				return p.Alias
			}
		}
		return id
	}
	fmt.Fprintf(w, "%s (%s), seed %d, rules as of %s\n", sc.Title, sc.ID, rp.Header.Seed, rp.Header.RulesAsOf)
	fmt.Fprintf(w, "Overall: %d/100  (%d earned, %d lost to penalties, of %d possible)\n\n", s.Total, s.Earned, s.Penalty, s.Possible)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENCY\tSCORE\tEXPECTED\tMET\tMET BY OTHERS\tPENALTY\tITS ACTIONS EARNED")
	for _, a := range s.Detail {
		score := "-"
		if a.Scored {
			score = fmt.Sprint(a.Score)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\n", name(a.Agency), score, a.Possible, a.Earned, a.OnBehalf, a.Penalty, a.Credit)
	}
	tw.Flush()
	fmt.Fprintln(w, "An agency's score is what was met of what was expected of it (the items it was responsible for), less its penalties.")
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "ITEM\tPOINTS\tEVIDENCES\tWHAT")
	for _, it := range s.Items {
		pts := fmt.Sprintf("%d/%d", it.Earned, it.Possible)
		if it.Points < 0 {
			pts = fmt.Sprintf("%d", it.Earned)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", it.ID, pts, strings.Join(it.Evidences, ","), it.Text)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "VICTIM\tFIRST SIGN\tIDENTIFIED\tSAFE/DECLINED\tREFERRED/NOTIFIED\tRG (IN-WORLD)\tCG (IN-WORLD)")
	at := func(st *engine.Step) string {
		if st == nil {
			return "-"
		}
		return fmtClock(st.T)
	}
	either := func(a, b *engine.Step, bLabel string) string {
		if a != nil {
			return at(a)
		}
		if b != nil {
			return at(b) + " " + bLabel
		}
		return "-"
	}
	for _, j := range s.Journeys {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", j.Alias, at(j.FirstIndicator), at(j.Identified), either(j.Safe, j.Declined, "(declined)"), either(j.Referred, j.Notified, "(DtN)"), inWorld(j.RG), inWorld(j.CG))
	}
	tw.Flush()
	if len(s.Shortfalls) > 0 {
		fmt.Fprintf(w, "\nPoints lost, each charged to the agency responsible:\n")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "AGENCY\tPOINTS\tITEM\tCAUSE\tWHAT HAPPENED")
		for _, sh := range s.Shortfalls {
			who := "-"
			if sh.Agency != "" {
				who = name(sh.Agency)
			}
			cause := sh.Cause
			if sh.Rule != "" {
				cause += " " + sh.Rule
			}
			fmt.Fprintf(tw, "%s\t-%d\t%s\t%s\t%s\n", who, sh.Points, sh.Item, cause, sh.Reason)
		}
		tw.Flush()
	}
	if len(s.Missed) > 0 {
		fmt.Fprintf(w, "\nMissed opportunities:\n")
		for _, m := range s.Missed {
			if m.Kind == engine.MissedNotGathered {
				fmt.Fprintf(w, "  %s  %s knew of %s and nobody gathered any of their %d indicator(s)\n", fmtClock(m.T), name(m.Agency), alias(m.Person), len(m.Indicators))
				continue
			}
			fmt.Fprintf(w, "  %s  %s saw %d indicator(s) of %s and neither acted nor shared\n", fmtClock(m.T), name(m.Agency), len(m.Indicators), alias(m.Person))
		}
	}
	return nil
}

func runVerify(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "verify", "LOG [--parent PARENT]", "Check a debrief log's hash chain and re-run the engine over its commands. Exit 0 when\nthe recorded events and score are exactly what the engine produces; 1 naming the first difference.\nA log that does not record the end of the exercise (one still being written, or cut short at\na line boundary) is accepted, and said to be unfinished, as score and debrief say it.\nA fork is also checked against its parent, when at hand: its events up to the fork point are the parent's.")
	_ = fs.Bool("unfinished", false, "accepted for older scripts: unfinished logs are always accepted")
	parent := fs.String("parent", "", "for a fork: the log it was forked from (default: the parent its header names, when beside it)")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give one LOG"}
	}
	rp, err := verifyLog(ctx, pos[0], *parent)
	if err != nil {
		var m *engine.Mismatch
		var le *engine.LogError
		if errors.As(err, &m) || errors.As(err, &le) {
			return &exitError{code: 1, msg: err.Error()}
		}
		return err
	}
	state := "ended"
	if !rp.Ended {
		state = "not ended"
	}
	fmt.Fprintf(ctx.stdout, "%s: ok: %d events, %d commands, hash chain intact, engine %s reproduces every event; exercise %s, score %d/100\n",
		pos[0], rp.Events, rp.Commands, rp.Header.Engine, state, rp.Score.Total)
	if note := engine.Unfinished(rp.Ended, rp.Last); note != "" {
		fmt.Fprintf(ctx.stdout, "%s: %s\n", pos[0], note)
	}
	return nil
}

// inWorld shows a competent authority decision by its in-world date, and
// its outcome: the recovery period lies between RG and CG (R7).
func inWorld(st *engine.Step) string {
	if st == nil {
		return "-"
	}
	return st.InWorld + " " + st.Detail
}

// fmtClock formats exercise milliseconds as H:MM:SS.
func fmtClock(ms int64) string {
	s := ms / 1000
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// fmtLength formats a scenario's length for listings.
func fmtLength(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02dm", h, m)
}

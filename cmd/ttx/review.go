package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"ttx/engine"
	"ttx/engine/report"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// reviewOutput is how compare and trends write their result: to -o's
// file, in the format its extension says (.html, .json or .txt), or to
// standard output as text (or, with --json, JSON).
type reviewOutput struct {
	path, format string
}

func newReviewOutput(out string, asJSON bool) (reviewOutput, error) {
	o := reviewOutput{path: out, format: "txt"}
	if asJSON {
		o.format = "json"
	}
	if out == "" {
		return o, nil
	}
	switch ext := strings.ToLower(filepath.Ext(out)); ext {
	case ".html", ".htm":
		o.format = "html"
	case ".json":
		o.format = "json"
	case ".txt", ".text":
		o.format = "txt"
	default:
		return o, &exitError{code: 2, msg: fmt.Sprintf("-o %s: the extension says the format: .html, .json or .txt", out)}
	}
	if asJSON && o.format != "json" {
		return o, &exitError{code: 2, msg: fmt.Sprintf("--json writes JSON, but -o %s says %s: drop one", out, o.format)}
	}
	return o, nil
}

// write writes v, which writes itself as text and HTML, in the chosen
// format, and names the file written (said as what) on ctx's output.
func (o reviewOutput) write(ctx *runContext, v interface {
	WriteText(io.Writer) error
	HTML(io.Writer) error
}, what string) error {
	write := func(w io.Writer) error {
		switch o.format {
		case "html":
			return v.HTML(w)
		case "json":
			return writeJSON(w, v)
		}
		return v.WriteText(w)
	}
	if o.path == "" {
		return write(ctx.stdout)
	}
	if err := writeFile(o.path, write); err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "%s: %s\n", o.path, what)
	return nil
}

func runCompare(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "compare", "LOG LOG... [-o compare.html|compare.json|compare.txt] [--json] [--allow-revised]",
		"Set runs of the same scenario side by side (this year's workshop and last year's, say):\n"+
			"scores overall and per agency, items that differ, each victim's journey, timings from the\n"+
			"first indicator, and rule findings. Each log is verified first. Logs of different scenarios\n"+
			"are refused, and so are different versions of one scenario unless --allow-revised.\n"+
			"With -o, the format follows the extension: .html is a self-contained page with a bar chart\n"+
			"of the scores per agency and run that prints on A4, .json the data, .txt the text.")
	out := fs.String("o", "", "write the comparison to this file: .html, .json or .txt")
	asJSON := fs.Bool("json", false, "print the comparison as JSON")
	allow := fs.Bool("allow-revised", false, "compare runs of different versions of the same scenario, each scored under its own rubric")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		fs.Usage()
		return &exitError{code: 2, msg: "give two or more LOGs"}
	}
	o, err := newReviewOutput(*out, *asJSON)
	if err != nil {
		return err
	}
	reps := make([]*report.Report, len(pos))
	for i, p := range pos {
		if reps[i], err = verifiedReport(p); err != nil {
			return err
		}
	}
	c, err := report.Compare(pos, reps, report.CompareOptions{AllowRevised: *allow})
	if err != nil {
		if errors.Is(err, report.ErrRevisedScenario) {
			return fmt.Errorf("%w (re-score them under one version with '%s rescore', or pass --allow-revised)", err, ctx.prog)
		}
		return err
	}
	return o.write(ctx, c, fmt.Sprintf("comparison of %d runs of %s", len(c.Runs), c.Scenario))
}

func runRescore(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "rescore", "LOG --scenario PATH [--json]",
		"Re-score a debrief log's events under a revised rubric: the events come from the log (its\n"+
			"hash chain is checked; the engine is not re-run, so older logs can be re-scored), the rubric\n"+
			"from PATH, a version of the same scenario (the same id). Shows the score before and after,\n"+
			"per agency, and each rubric item or expectation added, removed or changed.")
	scenario := fs.String("scenario", "", "the revised scenario: a file, or a bundled id (required)")
	asJSON := fs.Bool("json", false, "print the changes as JSON")
	maxSize := maxSizeFlag(fs)
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *scenario == "" {
		fs.Usage()
		return &exitError{code: 2, msg: "give one LOG and --scenario PATH"}
	}
	data, file, err := readScenario(*scenario, *maxSize)
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer f.Close()
	rs, err := report.Rescore(f, file, data, engine.WithMaxSize(*maxSize))
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if *asJSON {
		return writeJSON(ctx.stdout, rs)
	}
	return rs.WriteText(ctx.stdout)
}

func runTrends(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "trends", "DIR [--min N] [--skip-bad] [-o trends.html|trends.json|trends.txt] [--json]",
		"Across every debrief log (*.jsonl) in DIR: which agencies repeatedly miss which kinds of\n"+
			"indicator, break which rules, or fall short of which good practice: a training-needs\n"+
			"analysis. Each log is verified first; a bad log stops the analysis unless --skip-bad.\n"+
			"With -o, the format follows the extension: .html is a self-contained page with a heat map of\n"+
			"agencies by shortfall and a chart of the scores over time that prints on A4, .json the data,\n"+
			".txt the text.")
	out := fs.String("o", "", "write the analysis to this file: .html, .json or .txt")
	minLogs := fs.Int("min", 2, "how many logs a pattern must appear in to count as repeated")
	skip := fs.Bool("skip-bad", false, "skip logs that fail verification, naming them on standard error")
	asJSON := fs.Bool("json", false, "print the analysis as JSON")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give one DIR"}
	}
	o, err := newReviewOutput(*out, *asJSON)
	if err != nil {
		return err
	}
	logs, err := filepath.Glob(filepath.Join(pos[0], "*.jsonl"))
	if err != nil {
		return fmt.Errorf("list logs in %s: %w", pos[0], err)
	}
	if st, err := os.Stat(pos[0]); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: not a directory", pos[0])
	}
	sort.Strings(logs)
	tb := report.NewTrends()
	n := 0
	for _, p := range logs {
		rep, err := verifiedReport(p)
		if err != nil {
			if *skip {
				fmt.Fprintf(ctx.stderr, "ttx trends: skipping %v\n", err)
				continue
			}
			return fmt.Errorf("%w (pass --skip-bad to leave it out)", err)
		}
		tb.Add(filepath.Base(p), rep)
		n++
	}
	if n == 0 {
		return fmt.Errorf("%s: no debrief logs (*.jsonl) to analyse", pos[0])
	}
	tr := tb.Result(*minLogs)
	return o.write(ctx, tr, fmt.Sprintf("training needs across %d debrief logs, %d repeated", len(tr.Logs), len(tr.Needs)))
}

package main

import (
	"encoding/json"
	"fmt"

	"ttx/engine"
)

// finding is one line of `ttx lint --json`: a loader error or a warning.
type finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
	Doc      string `json:"doc"`
}

// loaderDoc is where the loader's errors are explained.
const loaderDoc = engine.LintDoc + "#16-what-the-loader-rejects"

func runLint(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "lint", "SCENARIO... [--json]", "Check scenarios (paths or bundled ids) as validate does, then warn about what loads but will\nnot play as meant: injects that never fire, options that change nothing, rubric items no agency\ncan earn, idle agencies, short windows, prompts out of order, people in text who are not\ndefined or whose age the text contradicts, people who never come to light. Each warning is\nprinted as file:line:col: warning: message (hint: ...; see docs/scenario-format.md#...).\nExit 0 with warnings or none, 1 when a scenario has errors.")
	asJSON := fs.Bool("json", false, "print a JSON array of {file, line, col, severity, code, message, hint, doc}")
	maxSize := maxSizeFlag(fs)
	paths, err := parseSome(ctx, fs, args, "scenario")
	if err != nil {
		return err
	}
	all := []finding{}
	bad := 0
	for _, p := range paths {
		found, ok := lintOne(p, *maxSize)
		if !ok {
			bad++
		}
		all = append(all, found...)
		if *asJSON {
			continue
		}
		for _, f := range found {
			if f.Severity == "error" {
				if f.Line == 0 {
					fmt.Fprintf(ctx.stdout, "%s: %s\n", f.File, f.Message)
				} else {
					fmt.Fprintf(ctx.stdout, "%s:%d:%d: %s\n", f.File, f.Line, f.Col, f.Message)
				}
				continue
			}
			fmt.Fprintf(ctx.stdout, "%s:%d:%d: warning: %s (hint: %s; see %s)\n", f.File, f.Line, f.Col, f.Message, f.Hint, f.Doc)
		}
		if len(found) == 0 {
			fmt.Fprintf(ctx.stderr, "%s: ok\n", scenarioName(p))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(ctx.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	}
	if bad > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d scenarios have errors", bad, len(paths))}
	}
	return nil
}

// scenarioName is the name lint reports a scenario under when it has
// nothing to say about it.
func scenarioName(p string) string {
	if _, file, err := readScenario(p, engine.MaxScenarioSize); err == nil {
		return file
	}
	return p
}

// lintOne loads one scenario and lints it; ok is false when it has errors.
func lintOne(p string, maxSize int64) (found []finding, ok bool) {
	data, file, err := readScenario(p, maxSize)
	if err == nil {
		var sc *engine.Scenario
		if sc, err = engine.Load(file, data, engine.WithMaxSize(maxSize)); err == nil {
			for _, w := range engine.Lint(file, sc) {
				found = append(found, finding{File: w.File, Line: w.Line, Col: w.Col, Severity: "warning", Code: w.Code, Message: w.Msg, Hint: w.Hint, Doc: w.Doc()})
			}
			return found, true
		}
	}
	if ps, isProblems := err.(engine.Problems); isProblems {
		for _, pr := range ps {
			found = append(found, finding{File: pr.File, Line: pr.Line, Col: pr.Col, Severity: "error", Code: "invalid", Message: pr.Msg, Doc: loaderDoc})
		}
		return found, false
	}
	return []finding{{File: p, Severity: "error", Code: "unreadable", Message: err.Error()}}, false
}

package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"ttx/engine"
	"ttx/scenarios"
)

// maxSizeFlag defines --max-size, the largest scenario file accepted.
func maxSizeFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("max-size", engine.MaxScenarioSize, "largest scenario file accepted, in bytes")
}

// readScenario reads a scenario given as a bundled id or a path. A file
// larger than maxSize bytes is refused before it is read.
func readScenario(name string, maxSize int64) ([]byte, string, error) {
	if !slices.Contains(scenarios.IDs(), name) {
		if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() {
			if err := engine.CheckSize(filepath.ToSlash(name), fi.Size(), engine.WithMaxSize(maxSize)); err != nil {
				return nil, "", err
			}
		}
	}
	return scenarios.Find(name)
}

// loadScenario reads and loads a scenario given as a bundled id or a path.
func loadScenario(name string, maxSize int64) (*engine.Scenario, []byte, string, error) {
	data, file, err := readScenario(name, maxSize)
	if err != nil {
		return nil, nil, "", err
	}
	sc, err := engine.Load(file, data, engine.WithMaxSize(maxSize))
	if err != nil {
		return nil, nil, "", err
	}
	return sc, data, file, nil
}

func runValidate(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "validate", "PATH...", "Check scenario files (or bundled ids). Exit 0 when all are valid; 1 with every\nproblem printed as file:line:col: message.")
	maxSize := maxSizeFlag(fs)
	paths, err := parseSome(ctx, fs, args, "scenario file")
	if err != nil {
		return err
	}
	bad := 0
	for _, p := range paths {
		data, file, err := readScenario(p, *maxSize)
		if _, ok := err.(engine.Problems); ok {
			fmt.Fprintln(ctx.stdout, err)
			bad++
			continue
		} else if err != nil {
			fmt.Fprintf(ctx.stdout, "%s: %v\n", p, err)
			bad++
			continue
		}
		if _, err := engine.Load(file, data, engine.WithMaxSize(*maxSize)); err != nil {
			fmt.Fprintln(ctx.stdout, err)
			bad++
			continue
		}
		fmt.Fprintf(ctx.stderr, "%s: ok\n", file)
	}
	if bad > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d scenarios have problems", bad, len(paths))}
	}
	return nil
}

func runScenarios(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "scenarios", "", "List the bundled scenarios with id, title, agencies and length.")
	if pos, err := parse(ctx, fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return &exitError{code: 2, msg: "takes no arguments"}
	}
	tw := tabwriter.NewWriter(ctx.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tAGENCIES\tPEOPLE\tLENGTH\tRULES AS OF")
	for _, id := range scenarios.IDs() {
		sc, _, _, err := loadScenario(id, engine.MaxScenarioSize)
		if err != nil {
			return fmt.Errorf("bundled scenario %s: %w", id, err)
		}
		ids := make([]string, len(sc.Agencies))
		for i, a := range sc.Agencies {
			ids[i] = a.ID
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", sc.ID, shorten(sc.Title, 44), strings.Join(ids, ","), len(sc.People), fmtLength(sc.Length.D), sc.RulesAsOf.Format("2006-01-02"))
	}
	return tw.Flush()
}

// shorten cuts s to n characters, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"ttx/engine"
	"ttx/engine/report"
)

func runDebrief(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "debrief", "LOG [-o report.html|report.md|report.json] [--json]",
		"Write the after-action report of a debrief log: summary, scores, timeline, victim journeys,\n"+
			"missed opportunities, information sharing, rule findings, JESIP and an improvement plan.\n"+
			"The log is verified (hash chain and engine re-run) as it is read. The format follows -o's extension:\n"+
			".html is a self-contained page with a timeline chart that prints on A4, .md is Markdown with\n"+
			"the same content without the chart, .json is the report's data. Without -o, Markdown (or,\n"+
			"with --json, JSON) goes to standard output.")
	out := fs.String("o", "", "write the report to this file: .html, .md or .json")
	asJSON := fs.Bool("json", false, "write the report's data as JSON")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give one LOG"}
	}
	format := "md"
	if *asJSON {
		format = "json"
	}
	if *out != "" {
		switch ext := strings.ToLower(filepath.Ext(*out)); ext {
		case ".html", ".htm":
			format = "html"
		case ".md", ".markdown":
			format = "md"
		case ".json":
			format = "json"
		default:
			return &exitError{code: 2, msg: fmt.Sprintf("-o %s: the extension says the format: .html, .md or .json", *out)}
		}
		if *asJSON && format != "json" {
			return &exitError{code: 2, msg: fmt.Sprintf("--json writes JSON, but -o %s says %s: drop one", *out, format)}
		}
	}
	rep, err := verifiedReport(pos[0])
	if err != nil {
		return err
	}
	write := func(w io.Writer) error {
		switch format {
		case "html":
			return rep.HTML(w)
		case "json":
			return rep.JSON(w)
		}
		return rep.Markdown(w)
	}
	note := engine.Unfinished(rep.Summary.Ended, rep.Summary.Length)
	if *out == "" {
		if note != "" {
			fmt.Fprintf(ctx.stderr, "%s: %s\n", pos[0], note)
		}
		return write(ctx.stdout)
	}
	if err := writeFile(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "%s: after-action report of %s (%s), score %d/100, %d events\n", *out, pos[0], rep.Summary.Scenario, rep.Scores.Total, rep.Summary.Events)
	if note != "" {
		fmt.Fprintf(ctx.stdout, "%s: %s\n", pos[0], note)
	}
	return nil
}

// verifiedReport verifies a debrief log completely and builds its report.
func verifiedReport(path string) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	defer f.Close()
	rep, err := report.FromLog(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// writeFile writes a file through a buffer and reports any error in
// writing, flushing or closing it.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

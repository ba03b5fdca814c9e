// Command ttx runs tabletop exercises for the multi-agency response to
// human trafficking and modern slavery: it validates and simulates
// scenarios, and scores and verifies debrief logs.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one subcommand of ttx.
type command struct {
	name, args, summary string
	run                 func(ctx *runContext, args []string) error
}

// runContext is what every subcommand gets: where to write, and the
// command that runs ttx again, for hints (see [invokedAs]).
type runContext struct {
	stdout, stderr io.Writer
	prog           string
}

// exitError carries an exit code other than 1 or a message already printed.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func commands() []command {
	return []command{
		{"demo", "[--scenario ID] [--as SEAT|facilitator]", "play an exercise now: a local server, bots in the other seats, your screen", runDemo},
		{"join", "URL --code CODE", "join an exercise as an agency player", runJoin},
		{"facilitate", "URL --token TOKEN --exercise ID", "run an exercise as its facilitator: seats, clock, injects, decisions, score", runFacilitate},
		{"room", "URL --code CODE", "the room's shared screen: clock, phase, injects to all, NO PLAY, the agencies' M/ETHANE reports", runRoom},
		{"validate", "PATH...", "check scenario files; print every problem as file:line:col: message", runValidate},
		{"lint", "SCENARIO... [--json]", "validate scenarios, then warn about what will not play as meant, with a hint for each", runLint},
		{"scenarios", "", "list the bundled scenarios", runScenarios},
		{"simulate", "SCENARIO --bots doctrine|naive --seed N --out LOG", "play a whole exercise with bots in every seat, no server", runSimulate},
		{"score", "LOG [--json]", "score a debrief log", runScore},
		{"verify", "LOG [--parent PARENT]", "check a debrief log's hash chain and re-run the engine over its commands", runVerify},
		{"fork", "LOG --at H:MM:SS|#SEQ --out NEW.jsonl", "write a what-if fork of a debrief log from a moment, to continue with bots or people", runFork},
		{"replay", "LOG", "review a debrief log in the terminal: play, step, view as any agency, journeys, score", runReplay},
		{"debrief", "LOG -o report.html|report.md [--json]", "write the after-action report of a debrief log", runDebrief},
		{"compare", "LOG LOG... [--json]", "set runs of the same scenario side by side", runCompare},
		{"rescore", "LOG --scenario PATH [--json]", "re-score a debrief log under a revised rubric", runRescore},
		{"trends", "DIR [--json]", "find training needs across the debrief logs in a directory", runTrends},
		{"serve", "--scenario ID|PATH", "host an exercise over websockets for players and a facilitator", runServe},
		{"load", "[--clients N] [--exercises M]", "measure a server under load on loopback, beside a bare broadcast hub", runLoad},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "ttx: tabletop exercises for the multi-agency response to human trafficking and modern slavery\n\nUsage: ttx COMMAND [arguments]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'ttx COMMAND --help' for a command's flags.\n")
}

func main() {
	os.Exit(runAs(invokedAs(os.Args[0], goCache()), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs ttx with args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	return runAs("ttx", args, stdout, stderr)
}

// runAs runs ttx with args, naming it prog in the hints it prints, and
// returns the exit code.
func runAs(prog string, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	if args[0] == "help" && len(args) > 1 {
		args = []string{args[1], "--help"}
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return 0
	}
	ctx := &runContext{stdout: stdout, stderr: stderr, prog: prog}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:])
		var ee *exitError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ee):
			if ee.msg != "" {
				fmt.Fprintf(stderr, "ttx %s: %s\n", c.name, ee.msg)
			}
			return ee.code
		default:
			fmt.Fprintf(stderr, "ttx %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "ttx: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// newFlags makes a flag set for a subcommand whose --help prints its usage.
func newFlags(ctx *runContext, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("ttx "+name, flag.ContinueOnError)
	fs.SetOutput(ctx.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ttx %s %s\n\n%s\n", name, args, summary)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseSome is [parse] for a command that takes at least one argument:
// without one, it prints the usage and fails asking for at least one what.
func parseSome(ctx *runContext, fs *flag.FlagSet, args []string, what string) ([]string, error) {
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) == 0 {
		fs.Usage()
		return nil, &exitError{code: 2, msg: "name at least one " + what}
	}
	return pos, nil
}

// parse parses flags wherever they stand among the positional arguments.
// --help prints the usage to standard output.
func parse(ctx *runContext, fs *flag.FlagSet, args []string) ([]string, error) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(ctx.stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, &exitError{code: 2}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

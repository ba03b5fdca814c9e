package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"

	"ttx/server/wire"
	"ttx/tui"
)

// joinFlag is a field of the join information that a client command also
// takes from a flag.
type joinFlag struct {
	value   *string                      // the flag's value; empty if not given
	field   func(*wire.JoinInfo) *string // the field the flag sets
	missing string                       // the usage error when neither gives it
}

// joinTarget is what a client command connects with: the join file's
// information, if joinFile names one, with the server URL from pos and
// the flags' values put over it. Without a URL, or a field that flags
// name, it prints fs's usage and fails.
func joinTarget(fs *flag.FlagSet, joinFile string, pos []string, flags ...joinFlag) (wire.JoinInfo, error) {
	var info wire.JoinInfo
	if len(pos) > 1 {
		fs.Usage()
		return info, &exitError{code: 2, msg: "give one server URL"}
	}
	if joinFile != "" {
		var err error
		if info, err = readJoinInfo(joinFile); err != nil {
			return info, &exitError{code: 2, msg: err.Error()}
		}
	}
	if len(pos) == 1 {
		info.URL = pos[0]
	}
	for _, f := range flags {
		if *f.value != "" {
			*f.field(&info) = *f.value
		}
	}
	if info.URL == "" {
		fs.Usage()
		return info, &exitError{code: 2, msg: "give the server's URL (or --join-file)"}
	}
	for _, f := range flags {
		if *f.field(&info) == "" {
			fs.Usage()
			return info, &exitError{code: 2, msg: f.missing}
		}
	}
	return info, nil
}

// readJoinInfo reads a join file written by ttx serve --join-file.
func readJoinInfo(path string) (wire.JoinInfo, error) {
	var info wire.JoinInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return info, fmt.Errorf("join file: %w", err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("join file %s: %w", path, err)
	}
	return info, nil
}

// runClient connects to the server at url with hello and runs the screen
// that screen makes of the connection until the user quits.
func runClient(url string, hello wire.Hello, screen func(*tui.Conn) tea.Model) error {
	conn := tui.Dial(url, hello)
	defer conn.Close()
	_, err := tea.NewProgram(screen(conn)).Run()
	return err
}

package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"ttx/scenarios"
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/facilitator"
)

func runFacilitate(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "facilitate", "URL --token TOKEN --exercise ID | --join-file FILE",
		"Run an exercise as its facilitator: every seat, the clock and its controls, injects, the\ncompetent authority's decisions, the live score, the feed of events and any agency's view.\nThe token and exercise id are those `ttx serve` prints, or read them from its --join-file.")
	token := fs.String("token", "", "the facilitator token")
	exercise := fs.String("exercise", "", "the exercise id")
	joinFile := fs.String("join-file", "", "read the URL, token and exercise from this file, as written by ttx serve --join-file")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give one server URL"}
	}
	var info wire.JoinInfo
	if *joinFile != "" {
		if info, err = readJoinInfo(*joinFile); err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
	}
	if len(pos) == 1 {
		info.URL = pos[0]
	}
	if *token != "" {
		info.Facilitator = *token
	}
	if *exercise != "" {
		info.Exercise = *exercise
	}
	switch {
	case info.URL == "":
		fs.Usage()
		return &exitError{code: 2, msg: "give the server's URL (or --join-file)"}
	case info.Facilitator == "":
		fs.Usage()
		return &exitError{code: 2, msg: "give --token, the facilitator token that ttx serve printed (or --join-file)"}
	case info.Exercise == "":
		fs.Usage()
		return &exitError{code: 2, msg: "give --exercise, the exercise id that ttx serve printed (or --join-file)"}
	}
	u, err := facilitateURL(info.URL)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	conn := tui.Dial(u, wire.Hello{Token: info.Facilitator, Exercise: info.Exercise})
	defer conn.Close()
	_, err = tea.NewProgram(facilitator.New(conn, facilitator.WithScenarios(scenarios.IDs()))).Run()
	return err
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

// facilitateURL accepts a websocket URL, an http one, or host:port, and
// returns the websocket endpoint.
func facilitateURL(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "ws://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("server URL %q: want ws://HOST:PORT%s", s, wire.Path)
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	case "ws", "wss":
	default:
		return "", fmt.Errorf("server URL %q: the scheme is ws or wss", s)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = wire.Path
	}
	return u.String(), nil
}

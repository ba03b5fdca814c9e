package main

import (
	"fmt"
	"net/url"
	"strings"

	"ttx/server/wire"
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
	info, err := joinTarget(fs, *joinFile, pos,
		joinFlag{token, func(i *wire.JoinInfo) *string { return &i.Facilitator }, "give --token, the facilitator token that ttx serve printed (or --join-file)"},
		joinFlag{exercise, func(i *wire.JoinInfo) *string { return &i.Exercise }, "give --exercise, the exercise id that ttx serve printed (or --join-file)"})
	if err != nil {
		return err
	}
	u, err := facilitateURL(info.URL)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	return runClient(u, wire.Hello{Token: info.Facilitator, Exercise: info.Exercise}, newFacilitatorModel)
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

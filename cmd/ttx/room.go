package main

import (
	tea "charm.land/bubbletea/v2"

	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/room"
)

func runRoom(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "room", "URL --code CODE | --join-file FILE",
		"Show the room's shared screen, for a projector or a large display: the exercise clock and phase,\nthe injects sent to every agency, NO PLAY, and the agencies' latest M/ETHANE reports side by side,\ntheir differences marked. It shows nothing private to any agency. The code is the room code that\nttx serve prints (\"room\" in its --join-file).")
	code := fs.String("code", "", "the exercise's room code")
	joinFile := fs.String("join-file", "", "read the URL and room code from this file, as written by ttx serve --join-file")
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
	if *code != "" {
		info.Room = *code
	}
	switch {
	case info.URL == "":
		fs.Usage()
		return &exitError{code: 2, msg: "give the server's URL (or --join-file)"}
	case info.Room == "":
		fs.Usage()
		return &exitError{code: 2, msg: "give --code, the room code that ttx serve printed (or --join-file)"}
	}
	conn := tui.Dial(info.URL, wire.Hello{Code: info.Room, Name: "room"})
	defer conn.Close()
	_, err = tea.NewProgram(room.New(conn)).Run()
	return err
}

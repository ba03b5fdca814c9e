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
	info, err := joinTarget(fs, *joinFile, pos,
		joinFlag{code, func(i *wire.JoinInfo) *string { return &i.Room }, "give --code, the room code that ttx serve printed (or --join-file)"})
	if err != nil {
		return err
	}
	return runClient(info.URL, wire.Hello{Code: info.Room, Name: "room"}, func(c *tui.Conn) tea.Model { return room.New(c) })
}

package server

import (
	"bytes"

	"ttx/server/wire"
)

// The room's shared screen holds the room credential: it gets the
// engine's room view ([engine.RoomView]: the clock, the phase, NO PLAY,
// the injects released to every agency and each agency's latest M/ETHANE
// report) in snapshots, and the clock, and never an event or an agency's
// view: nothing private to any agency reaches it.

// roomSnapshot is the room's snapshot now.
func (ex *exercise) roomSnapshot() *wire.Snapshot {
	rv := ex.x.RoomView()
	return &wire.Snapshot{Type: wire.TypeSnapshot, Seq: ex.x.Seq(), Clock: ex.clock(wire.RoleRoom), Room: &rv}
}

// sendRoomTo sends one room connection the room's snapshot.
func (ex *exercise) sendRoomTo(c *client) {
	c.sendMsg(ex.roomSnapshot())
}

// sendRoom sends every room connection the room's view when it changed
// since it was last sent (the exercise time alone moving on does not
// count: the clock messages carry it).
func (ex *exercise) sendRoom() {
	var frame []byte
	for c := range ex.subs {
		if c.role != wire.RoleRoom {
			continue
		}
		if frame == nil {
			rv := ex.x.RoomView()
			rv.T, rv.InWorld = 0, ""
			key, err := wire.Encode(rv)
			if err != nil || bytes.Equal(key, ex.roomSent) {
				return
			}
			ex.roomSent = key
			if frame, err = wire.Encode(ex.roomSnapshot()); err != nil {
				ex.srv.log.Error("encode room snapshot", "err", err)
				return
			}
		}
		c.sendFrame(frame)
	}
}

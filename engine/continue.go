package engine

import (
	"errors"
	"fmt"
)

// Continue plays on, with a bot in every seat and no server, from where a
// log leaves an exercise: rp is the log's [Replay] (from [ReplayLog] or
// [Verify]) and cmds the commands it records, in order. It is how a fork
// ([ForkLog]) is played out by bots.
//
// Each seat's bot first learns what its seat did (see [RestoreBot]), so
// that it does not do it again; then the bots take a turn at the log's
// last moment, and play on as [Simulate] does, a turn every o.Step, to the
// scenario's length, where the facilitator ends the exercise. Command ids
// never repeat the log's. The options' seed and rule date are the log's
// (o.Options is not used). emit gets each batch of new events in order.
func Continue(rp *Replay, cmds []Command, o SimulateOptions, emit func([]Event) error) error {
	x := rp.Exercise
	switch {
	case x == nil:
		return errors.New("continue: the log is cut short mid-command")
	case x.Ended():
		return errors.New("continue: the exercise has ended; fork it at an earlier moment")
	}
	o = o.withDefaults()
	sc := x.Scenario()
	used := make(map[string]bool, len(cmds))
	own := make(map[string][]Command)
	for _, c := range cmds {
		used[c.ID] = true
		own[c.Actor] = append(own[c.Actor], c)
	}
	fresh := func(id string) string {
		for k := 2; used[id]; k++ {
			id = fmt.Sprintf("%s.%d", id, k)
		}
		used[id] = true
		return id
	}
	bots, err := seatBots(sc, o)
	if err != nil {
		return err
	}
	for i, a := range sc.Agencies {
		if len(own[a.ID]) > 0 {
			v := x.View(a.ID)
			RestoreBot(bots[i], &v, own[a.ID])
		}
	}
	length := sc.playLength()
	n := len(cmds)
	apply := func(c Command) error { return emit(x.Apply(c, o.Wall())) }
	turn := func(ms int64) error { return botsTurn(x, bots, ms, &n, fresh, apply) }
	from := x.Now()
	if err := turn(from); err != nil {
		return err
	}
	step := o.Step.Milliseconds()
	end := max(length.Milliseconds(), from)
	for ms := (from/step + 1) * step; ms <= end; ms += step {
		if err := apply(Command{Actor: Facilitator, Type: CmdTick, T: ms, ID: fresh(fmt.Sprintf("tick-%d", ms/1000))}); err != nil {
			return err
		}
		if x.Ended() { // the scenario's clock ended play by itself
			return nil
		}
		if err := turn(ms); err != nil {
			return err
		}
	}
	return apply(Command{Actor: Facilitator, Type: CmdEnd, T: end, ID: fresh("end")})
}

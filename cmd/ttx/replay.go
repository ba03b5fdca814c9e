package main

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"ttx/tui/replay"
	"ttx/tui/styles"
)

func runReplay(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "replay", "LOG",
		"Review a debrief log in the terminal, offline: play it back, step, jump to a time or an event,\n"+
			"filter the events by agency, see what any agency knew at any moment, each victim's journey,\n"+
			"and the score as it built up, each point with the event that earned it. x forks the log at\n"+
			"the cursor (as 'ttx fork' does, beside the log) and says how to continue the fork.\n"+
			"The log is verified as it loads (as 'ttx verify' does); a damaged log is refused.\n"+
			"Keys are shown at the foot of the screen; ? shows them all. NO_COLOR turns colour off.")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give one debrief LOG"}
	}
	m, err := replay.New(pos[0], replay.Options{NoColor: styles.NoColorFromEnv()})
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	final, err := tea.NewProgram(m).Run()
	if err != nil {
		return err
	}
	if r, ok := final.(replay.Model); ok && r.Err() != nil {
		return fmt.Errorf("%s: %w", pos[0], r.Err())
	}
	return nil
}

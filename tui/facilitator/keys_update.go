package facilitator

import (
	"fmt"
	"math"
	"strconv"
	"ttx/tui"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
)

func (f *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	if f.confirm != nil {
		switch msg.String() {
		case "y", "Y":
			c := f.confirm
			f.confirm = nil
			return c.yes()
		case "n", "N", "esc", "q":
			f.confirm = nil
		case "ctrl+c":
			return tea.Quit
		}
		return nil
	}
	if f.form != nil {
		if msg.String() == "ctrl+c" {
			f.form = nil
			return f.quit()
		}
		return f.formKey(msg)
	}
	switch {
	case msg.String() == "esc" && f.help.ShowAll:
		f.help.ShowAll = false
	case key.Matches(msg, k.Quit):
		return f.quit()
	case key.Matches(msg, k.Help):
		f.help.ShowAll = !f.help.ShowAll
	case key.Matches(msg, k.Next):
		f.focus((f.pane + 1) % facPanes)
	case key.Matches(msg, k.Prev):
		f.focus((f.pane + facPanes - 1) % facPanes)
	case key.Matches(msg, k.Jump):
		n, _ := strconv.Atoi(msg.String())
		return f.focus(n - 1)
	case key.Matches(msg, k.Up):
		f.move(-1)
	case key.Matches(msg, k.Down):
		f.move(1)
	case key.Matches(msg, k.PgUp):
		f.move(-10)
	case key.Matches(msg, k.PgDn):
		f.move(10)
	case key.Matches(msg, k.Start):
		if f.clock.Started {
			f.setFlash("The exercise has already started.", false)
			return nil
		}
		return f.control(wire.Control{Op: wire.OpStart}, "start the exercise")
	case key.Matches(msg, k.Pause):
		return f.pauseResume()
	case key.Matches(msg, k.Faster):
		return f.pace(1)
	case key.Matches(msg, k.Slower):
		return f.pace(-1)
	case key.Matches(msg, k.Advance):
		if !f.clock.Running {
			f.setFlash("The clock is not running: start or resume it before advancing.", true)
			return nil
		}
		return f.control(wire.Control{Op: wire.OpAdvance}, "advance to the next scheduled event")
	case key.Matches(msg, k.Trigger):
		return f.openTrigger("")
	case key.Matches(msg, k.Adhoc):
		return f.openAdhoc()
	case key.Matches(msg, k.NoPlay):
		return f.noPlay()
	case key.Matches(msg, k.End):
		return f.askEnd()
	case key.Matches(msg, k.Bot):
		return f.openBot()
	case key.Matches(msg, k.ViewAs):
		if s := f.selectedSeat(); s != nil {
			f.viewAs, f.snapshot = s.Seat, nil
			return f.focus(facPaneView)
		}
	case key.Matches(msg, k.RG):
		return f.openRG()
	case key.Matches(msg, k.CG):
		return f.openCG()
	case key.Matches(msg, k.Days):
		return f.openDays()
	case key.Matches(msg, k.Filter):
		f.cycleFilter(1)
	case key.Matches(msg, k.Left):
		if f.pane == facPaneFeed {
			f.cycleFilter(-1)
			return nil
		}
		return f.cycleView(-1)
	case key.Matches(msg, k.Right):
		if f.pane == facPaneFeed {
			f.cycleFilter(1)
			return nil
		}
		return f.cycleView(1)
	case key.Matches(msg, k.Follow):
		f.feedBack = 0
	case key.Matches(msg, k.Refresh):
		f.viewWaiting = false
		return f.askView()
	case key.Matches(msg, k.Create):
		return f.create()
	case key.Matches(msg, k.Select):
		return f.releaseSelected()
	}
	return nil
}

func (f *Model) quit() tea.Cmd {
	if !f.running() || f.state.State == tui.StateClosed {
		return tea.Quit
	}
	f.confirm = &facConfirm{question: "Quit the console?", detail: []string{"The exercise goes on without you: the server keeps the clock and the bots running, and you can come back with the same command."},
		yes: func() tea.Cmd { return tea.Quit }}
	return nil
}

// focus moves to pane p.
func (f *Model) focus(p int) tea.Cmd {
	if p < 0 || p >= facPanes {
		return nil
	}
	f.pane = p
	if p == facPaneInjects || p == facPaneNRM || p == facPaneFeed {
		f.lower = p
	}
	f.keys.forPane(p)
	if p == facPaneView {
		f.viewWaiting = false
		return f.askView()
	}
	return nil
}

func (f *Model) pauseResume() tea.Cmd {
	switch {
	case !f.clock.Started:
		f.setFlash("The exercise has not started: press s to start it.", true)
	case f.clock.Ended:
		f.setFlash("The exercise has ended.", true)
	case f.clock.NoPlay != "":
		f.setFlash("NO PLAY is in force: press ! to lift it.", true)
	case f.paused():
		return f.command(engine.Command{Type: engine.CmdResume}, "resume")
	default:
		return f.command(engine.Command{Type: engine.CmdPause}, "pause")
	}
	return nil
}

func (f *Model) pace(d int) tea.Cmd {
	cur := f.clock.Pace
	if cur == 0 {
		cur = 1
	}
	i := 0
	for i < len(facPaces) && facPaces[i] < cur-1e-9 {
		i++
	}
	switch {
	case d > 0 && i < len(facPaces) && math.Abs(facPaces[i]-cur) < 1e-9:
		i++
	case d < 0:
		i--
	}
	if i < 0 || i >= len(facPaces) {
		f.setFlash(fmt.Sprintf("The pace is at its limit (×%s).", facPace(cur)), true)
		return nil
	}
	return f.control(wire.Control{Op: wire.OpPace, Pace: facPaces[i]}, "pace ×"+facPace(facPaces[i]))
}

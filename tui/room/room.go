// Package room is the room's shared screen: full screen, large and high
// contrast, to be read from the back of a room. It shows the exercise
// clock and phase, NO PLAY, the injects released to every agency, and a
// board of the agencies' latest M/ETHANE reports (J3) side by side, with
// the fields that differ from the other agencies' marked. It renders the
// engine's room view as the server sends it, and nothing else: nothing
// private to an agency ever reaches it.
package room

import (
	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/styles"
)

// Waiter is what the room's screen needs of its connection: a [tui.Conn]
// is one. The room only listens.
type Waiter interface {
	Wait() tea.Cmd
}

// Model is the room's screen.
type Model struct {
	conn    Waiter
	st      styles.Styles
	noColor bool
	width   int
	height  int

	title string
	room  *engine.RoomView
	clock wire.Clock
	state tui.ConnState
}

// netMsg carries a message from the connection.
type netMsg struct{ m any }

// New returns the room's screen fed by conn (nil for a screen fed only
// through Update, as in tests).
func New(conn Waiter) *Model {
	noColor := styles.NoColorFromEnv()
	return &Model{conn: conn, st: styles.New(true, noColor), noColor: noColor, width: 80, height: 24, state: tui.ConnState{State: tui.StateConnecting}}
}

// SetStyles sets the screen's styles.
func (m *Model) SetStyles(st styles.Styles) { m.st = st }

// SetSize sets the screen's size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Init starts listening to the connection.
func (m *Model) Init() tea.Cmd { return tea.Batch(tea.RequestBackgroundColor, m.wait()) }

func (m *Model) wait() tea.Cmd {
	if m.conn == nil {
		return nil
	}
	w := m.conn.Wait()
	return func() tea.Msg { return netMsg{w()} }
}

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.st = styles.New(msg.IsDark(), m.noColor)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c", "esc":
			return m, tea.Quit
		}
	case netMsg:
		m.network(msg.m)
		return m, m.wait()
	default:
		m.network(msg)
	}
	return m, nil
}

// network takes a server message or a change of the connection.
func (m *Model) network(msg any) {
	switch msg := msg.(type) {
	case tui.ConnState:
		m.state = msg
	case *wire.Welcome:
		m.title = msg.Scenario.Title
		m.clock = msg.Clock
	case *wire.Snapshot:
		if msg.Room != nil {
			m.room = msg.Room
			if m.title == "" {
				m.title = msg.Room.Title
			}
		}
		m.clock = msg.Clock
	case *wire.Clock:
		m.clock = *msg
	}
}

package main

import (
	tea "charm.land/bubbletea/v2"

	"ttx/tui"
)

// newFacilitatorModel returns the facilitator console for ttx demo --as
// facilitator.
func newFacilitatorModel(conn *tui.Conn) tea.Model {
	return tui.NewPlayer(conn, nil)
}

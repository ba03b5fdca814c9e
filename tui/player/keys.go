package player

import "charm.land/bubbles/v2/key"

// keyMap is the player's key bindings.
type keyMap struct {
	Up, Down, Pane, Board, Inbox, Resources, Notes, Act, Message, Methane, Log, Decide, Answer, Help, Quit, Continue key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Pane:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Board:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "case board")),
		Inbox:     key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "inbox")),
		Resources: key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "resources")),
		Notes:     key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "log & notes")),
		Act:       key.NewBinding(key.WithKeys("enter", "a"), key.WithHelp("enter", "act")),
		Message:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "message")),
		Methane:   key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "M/ETHANE report")),
		Log:       key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "decision log")),
		Decide:    key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "decide")),
		Answer:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer request")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Continue:  key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "continue")),
	}
}

// ShortHelp is the one-line help.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Act, k.Message, k.Pane, k.Log, k.Decide, k.Help, k.Quit}
}

// FullHelp is the full help, in columns.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Pane, k.Board, k.Inbox, k.Resources, k.Notes}, {k.Act, k.Message, k.Methane, k.Log, k.Decide, k.Answer}, {k.Help, k.Quit}}
}

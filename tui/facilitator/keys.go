package facilitator

import (
	"charm.land/bubbles/v2/key"
)

// facKeys are the facilitator console's key bindings. The pane keys are
// enabled only while their pane has the focus, so that help shows what
// works now.
type facKeys struct {
	Next, Prev, Jump     key.Binding
	Up, Down, PgUp, PgDn key.Binding
	Left, Right          key.Binding
	Select               key.Binding

	Start, Pause, Faster, Slower, Advance key.Binding
	Trigger, Adhoc, NoPlay, End           key.Binding

	Bot, ViewAs             key.Binding
	RG, CG, Days            key.Binding
	Filter, Follow, Refresh key.Binding
	Create                  key.Binding
	Help, Quit              key.Binding
	paneKeysFor             int
}

func newFacKeys() facKeys {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return facKeys{
		Next:  b([]string{"tab"}, "tab", "next pane"),
		Prev:  b([]string{"shift+tab"}, "shift+tab", "previous pane"),
		Jump:  b([]string{"1", "2", "3", "4", "5", "6"}, "1-6", "go to pane"),
		Up:    b([]string{"up", "k"}, "↑/k", "up"),
		Down:  b([]string{"down", "j"}, "↓/j", "down"),
		PgUp:  b([]string{"pgup"}, "pgup", "page up"),
		PgDn:  b([]string{"pgdown"}, "pgdn", "page down"),
		Left:  b([]string{"left", "h"}, "←/h", "previous agency"),
		Right: b([]string{"right", "l"}, "→/l", "next agency"),

		Select: b([]string{"enter"}, "enter", "release the selected inject"),

		Start:   b([]string{"s"}, "s", "start the exercise"),
		Pause:   b([]string{"space"}, "space", "pause/resume"),
		Faster:  b([]string{"+", "="}, "+", "pace up"),
		Slower:  b([]string{"-", "_"}, "-", "pace down"),
		Advance: b([]string{"n"}, "n", "advance to next event"),
		Trigger: b([]string{"t"}, "t", "trigger an inject now"),
		Adhoc:   b([]string{"a"}, "a", "ad-hoc inject"),
		NoPlay:  b([]string{"!"}, "!", "NO PLAY / lift it"),
		End:     b([]string{"E"}, "E", "end the exercise"),

		Bot:     b([]string{"b"}, "b", "seat to a bot / back"),
		ViewAs:  b([]string{"v"}, "v", "view as this agency"),
		RG:      b([]string{"r"}, "r", "RG decision"),
		CG:      b([]string{"c"}, "c", "CG decision"),
		Days:    b([]string{"d"}, "d", "advance in-world days"),
		Filter:  b([]string{"f"}, "f/←/→", "filter by agency"),
		Follow:  b([]string{"end", "G"}, "end", "follow newest"),
		Refresh: b([]string{"r"}, "r", "refresh the view"),
		Create:  b([]string{"enter"}, "enter", "start this scenario"),

		Help: b([]string{"?"}, "?", "help"),
		Quit: b([]string{"q", "ctrl+c"}, "q", "quit"),
	}
}

// forPane enables the bindings that work in pane p.
func (k *facKeys) forPane(p int) {
	k.paneKeysFor = p
	k.Bot.SetEnabled(p == facPaneSeats)
	k.ViewAs.SetEnabled(p == facPaneSeats)
	k.RG.SetEnabled(p == facPaneNRM)
	k.CG.SetEnabled(p == facPaneNRM)
	k.Days.SetEnabled(p == facPaneNRM)
	k.Filter.SetEnabled(p == facPaneFeed)
	k.Follow.SetEnabled(p == facPaneFeed)
	k.Refresh.SetEnabled(p == facPaneView)
	k.Create.SetEnabled(p == facPaneExercises)
	k.Select.SetEnabled(p == facPaneInjects)
	k.Left.SetEnabled(p == facPaneView || p == facPaneFeed)
	k.Right.SetEnabled(p == facPaneView || p == facPaneFeed)
}

// ShortHelp is the one-line help: the keys of the focused pane first.
func (k facKeys) ShortHelp() []key.Binding {
	var pane []key.Binding
	switch k.paneKeysFor {
	case facPaneSeats:
		pane = []key.Binding{k.Bot, k.ViewAs}
	case facPaneInjects:
		pane = []key.Binding{k.Select, k.Trigger}
	case facPaneNRM:
		pane = []key.Binding{k.RG, k.CG, k.Days}
	case facPaneFeed:
		pane = []key.Binding{k.Filter, k.Follow}
	case facPaneView:
		pane = []key.Binding{k.Left, k.Refresh}
	case facPaneExercises:
		pane = []key.Binding{k.Create}
	}
	return append(pane, k.Pause, k.Adhoc, k.NoPlay, k.Next, k.Help, k.Quit)
}

// FullHelp lists every binding, in groups.
func (k facKeys) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	for _, g := range k.helpGroups() {
		out = append(out, g.keys)
	}
	return out
}

// facHelpGroup is a titled group of the full help.
type facHelpGroup struct {
	title string
	keys  []key.Binding
}

// helpGroups are the groups of the full help, with related keys joined in
// one line where that reads better.
func (k facKeys) helpGroups() []facHelpGroup {
	h := func(keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
	}
	return []facHelpGroup{
		{"Clock", []key.Binding{k.Start, k.Pause, h("+/-", "pace up/down"), k.Advance, k.End}},
		{"Injects, NO PLAY", []key.Binding{k.Trigger, h("enter", "release selected (Injects)"), k.Adhoc, k.NoPlay}},
		{"Seats, view as", []key.Binding{h("b", "seat to a bot or back"), h("v", "view as that agency"), h("←/→", "another agency (View as)"), h("r", "refresh (View as)")}},
		{"NRM decisions", []key.Binding{k.RG, k.CG, h("d", "advance in-world days")}},
		{"Feed, exercises", []key.Binding{h("f/←/→", "filter by agency (Feed)"), h("end", "follow the newest"), h("enter", "start scenario (Exercises)")}},
		{"Moving about", []key.Binding{h("tab/S-tab", "next/previous pane"), h("1-6", "go to pane"), h("↑/↓ k/j", "move"), h("pgup/pgdn", "page"), k.Help, h("q/ctrl+c", "quit")}},
	}
}

// facFormKeys are shown while a form is open.
var facFormKeys = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
	key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/↓", "next field")),
	key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab/↑", "previous field")),
	key.NewBinding(key.WithKeys("space"), key.WithHelp("space/←/→", "tick or choose")),
}

// facConfirmKeys are shown while a question waits for its answer.
var facConfirmKeys = []key.Binding{
	key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
	key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
}

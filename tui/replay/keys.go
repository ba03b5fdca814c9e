package replay

import "charm.land/bubbles/v2/key"

// replayKeyMap holds the replay viewer's key bindings; it is the
// [help.KeyMap] its help shows.
type replayKeyMap struct {
	Play, Next, Prev, Later, Earlier, Home, End, Jump, Faster, Slower key.Binding
	NextPane, PrevPane, Feed, ViewAs, Journeys, Score                 key.Binding
	Up, Down, PageUp, PageDown                                        key.Binding
	Filter, FilterBack, Commands, Agency, AgencyBack                  key.Binding
	Help, Quit                                                        key.Binding
	// Fork writes a what-if fork of the log at the cursor (fork.go).
	Fork key.Binding
}

func newReplayKeyMap() replayKeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return replayKeyMap{
		Play:       b([]string{"space", "p"}, "space", "play/pause"),
		Next:       b([]string{"right", "l"}, "→/l", "step"),
		Prev:       b([]string{"left", "h"}, "←/h", "step back"),
		Later:      b([]string{"shift+right", "]"}, "]/⇧→", "+1 min"),
		Earlier:    b([]string{"shift+left", "["}, "[/⇧←", "−1 min"),
		Home:       b([]string{"home", "g"}, "home/g", "start"),
		End:        b([]string{"end", "G"}, "end/G", "end"),
		Jump:       b([]string{"t", ":"}, "t", "jump to time"),
		Faster:     b([]string{"+", "="}, "+", "faster"),
		Slower:     b([]string{"-", "_"}, "-", "slower"),
		NextPane:   b([]string{"tab"}, "tab", "next pane"),
		PrevPane:   b([]string{"shift+tab"}, "⇧tab", "previous pane"),
		Feed:       b([]string{"1"}, "1", "events"),
		ViewAs:     b([]string{"2"}, "2", "view as"),
		Journeys:   b([]string{"3"}, "3", "journeys"),
		Score:      b([]string{"4"}, "4", "score"),
		Up:         b([]string{"up", "k"}, "↑/k", "scroll up"),
		Down:       b([]string{"down", "j"}, "↓/j", "scroll down"),
		PageUp:     b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown:   b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Filter:     b([]string{"f"}, "f", "filter by agency"),
		FilterBack: b([]string{"F"}, "F", "filter back"),
		Commands:   b([]string{"c"}, "c", "show commands"),
		Agency:     b([]string{"v"}, "v", "view as next"),
		AgencyBack: b([]string{"V"}, "V", "view as previous"),
		Help:       b([]string{"?"}, "?", "help"),
		Fork:       b([]string{"x"}, "x", "fork here"),
		Quit:       b([]string{"q", "ctrl+c"}, "q", "quit"),
	}
}

// ShortHelp is the one-line help under every pane, the most needed first
// so that a narrow screen keeps them.
func (k replayKeyMap) ShortHelp() []key.Binding {
	short := func(b key.Binding, keys, desc string) key.Binding {
		b.SetHelp(keys, desc)
		return b
	}
	step := key.NewBinding(key.WithKeys(append(k.Next.Keys(), k.Prev.Keys()...)...), key.WithHelp("←→", "step"))
	scrub := key.NewBinding(key.WithKeys(append(k.Later.Keys(), k.Earlier.Keys()...)...), key.WithHelp("[ ]", "±1 min"))
	return []key.Binding{short(k.Play, "space", "play"), step, short(k.Jump, "t", "time"), short(k.NextPane, "tab", "pane"),
		short(k.Help, "?", "all keys"), k.Quit, scrub, short(k.Filter, "f", "filter"), short(k.Agency, "v", "view as")}
}

// FullHelp is the help that ? shows, in columns.
func (k replayKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Play, k.Next, k.Prev, k.Later, k.Earlier, k.Home, k.End, k.Jump, k.Faster, k.Slower},
		{k.NextPane, k.PrevPane, k.Feed, k.ViewAs, k.Journeys, k.Score, k.Up, k.Down, k.PageUp, k.PageDown},
		{k.Filter, k.FilterBack, k.Commands, k.Agency, k.AgencyBack, k.Fork, k.Help, k.Quit},
	}
}

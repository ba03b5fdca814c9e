package facilitator

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
	"ttx/tui/components"
)

// feedFilters are the feed's filters: everything, then each agency.
func (f *Model) feedFilters() []string {
	out := []string{""}
	for _, s := range f.seats {
		out = append(out, s.Seat)
	}
	return out
}

func (f *Model) cycleFilter(d int) {
	fs := f.feedFilters()
	i := max(slices.Index(fs, f.feedFilter), 0)
	f.feedFilter = fs[(i+d+len(fs))%len(fs)]
	f.feedBack = 0
}

func (f *Model) cycleView(d int) tea.Cmd {
	if f.pane != facPaneView || len(f.seats) == 0 {
		return nil
	}
	i := 0
	for j, s := range f.seats {
		if s.Seat == f.viewAs {
			i = j
		}
	}
	f.viewAs = f.seats[(i+d+len(f.seats))%len(f.seats)].Seat
	f.snapshot, f.viewWaiting, f.sel[facPaneView] = nil, false, 0
	return f.askView()
}

func (f *Model) create() tea.Cmd {
	if f.sel[facPaneExercises] >= len(f.scenarios) {
		return nil
	}
	id := f.scenarios[f.sel[facPaneExercises]]
	return f.control(wire.Control{Op: wire.OpCreate, Scenario: id}, "start another exercise of "+id)
}

// feedMatch reports whether e belongs in the feed under the filter.
func (f *Model) feedMatch(e *engine.Event) bool {
	if e.Type == engine.EvCommand {
		return false // the accepted action or its refusal follows
	}
	a := f.feedFilter
	return a == "" || e.Actor == a || e.Payload.Agency == a || slices.Contains(e.To, a)
}

// ---- selection ----

func (f *Model) rows(p int) int {
	switch p {
	case facPaneSeats:
		return len(f.seats)
	case facPaneInjects:
		return len(f.injectRows())
	case facPaneNRM:
		return len(f.cases())
	case facPaneView:
		if f.snapshot != nil {
			return len(f.snapshot.People)
		}
	case facPaneExercises:
		return len(f.scenarios)
	}
	return 0
}

func (f *Model) move(d int) {
	switch f.pane {
	case facPaneFeed:
		n := 0
		for i := range f.events {
			if f.feedMatch(&f.events[i]) {
				n++
			}
		}
		f.feedBack = max(min(f.feedBack-d, n-1), 0)
		return
	case facPaneInjects:
		if f.injFollow {
			f.sel[facPaneInjects] = f.injectSel(f.injectRows())
			f.injFollow = false
		}
	}
	f.sel[f.pane] = max(min(f.sel[f.pane]+d, f.rows(f.pane)-1), 0)
}

// click focuses the pane or tab under the mouse and selects the row.
func (f *Model) click(m tea.Mouse) tea.Cmd {
	if f.form != nil || f.confirm != nil || m.Button != tea.MouseLeft {
		return nil
	}
	g := f.geometry()
	if m.Y == g.tabY {
		for p, t := range f.tabs() {
			if m.X >= t.x && m.X < t.x+t.w {
				return f.focus(p)
			}
		}
		return nil
	}
	for p := range facPanes {
		r := g.rects[p]
		if !g.shown[p] || !r.has(m.X, m.Y) {
			continue
		}
		var cmd tea.Cmd
		if p != f.pane {
			cmd = f.focus(p)
		}
		row := m.Y - r.y - 1 // the first line inside the border
		switch p {
		case facPaneSeats:
			f.clickRow(p, row-1, len(f.seats), r.h-2-2)
		case facPaneNRM:
			f.clickRow(p, row, len(f.cases()), r.h-2)
		case facPaneInjects:
			rows := f.injectRows()
			f.sel[p] = f.injectSel(rows)
			f.injFollow = false
			f.clickRow(p, row-1, len(rows), r.h-2-1)
		case facPaneExercises:
			f.clickRow(p, row-3-facIf(f.exercise != "", 1, 0)+1, len(f.scenarios), len(f.scenarios)+1)
		}
		return cmd
	}
	return nil
}

// clickRow selects the row shown on line row of a list of n rows in h
// lines, windowed as it is drawn.
func (f *Model) clickRow(p, row, n, h int) {
	start, end := components.Window(n, f.sel[p], h)
	if row >= 0 && start+row < end {
		f.sel[p] = start + row
	}
}

func (f *Model) clampSel() {
	for p := range facPanes {
		if p != facPaneFeed {
			f.sel[p] = max(min(f.sel[p], f.rows(p)-1), 0)
		}
	}
}

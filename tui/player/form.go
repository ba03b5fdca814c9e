package player

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/tui/components"
)

// openForm is the form on screen and what sends its answers.
type openForm struct {
	form  components.Form
	build func(*components.Form) (engine.Command, string)
}

// open opens a form, unless play is stopped: then it says why and opens
// nothing, rather than let a whole form be filled in to be refused.
func (p *Model) open(s spec) tea.Cmd {
	if why := p.stopped(s.anyTime); why != "" {
		p.setStatus(why, false)
		return nil
	}
	f := components.NewForm(s.title, nil, s.fields...)
	if s.note != "" {
		f.Note = []string{s.note}
	}
	f.SetStyles(p.st)
	p.form = &openForm{form: f, build: s.build}
	if s.focus != "" {
		return p.form.form.Focus(s.focus)
	}
	return p.form.form.Init()
}

// formMsg gives the open form a key, a paste or a blink.
func (p *Model) formMsg(msg tea.Msg) tea.Cmd {
	f, cmd, res := p.form.form.Update(msg)
	p.form.form = f
	switch res {
	case components.FormCancelled:
		p.form, p.status = nil, "Cancelled."
	case components.FormSent:
		c, what := p.form.build(&f)
		p.form = nil
		p.send(c, what)
	}
	return cmd
}

func (p *Model) menuKey(msg tea.KeyPressMsg) tea.Cmd {
	m := p.menu
	switch msg.String() {
	case "esc", "q":
		p.menu = nil
	case "up", "k":
		m.sel = max(m.sel-1, 0)
	case "down", "j":
		m.sel = min(m.sel+1, len(m.items)-1)
	case "enter":
		it := m.items[m.sel]
		p.menu = nil
		if it.goTo > 0 {
			p.sel[paneBoard] = it.goTo - 1
			p.setPane(paneBoard)
			return nil
		}
		if it.form == nil {
			if why := p.stopped(false); why != "" {
				p.setStatus(why, false)
				return nil
			}
			p.send(it.cmd, it.label+" — "+m.person.Alias)
			return nil
		}
		return p.open(it.form(p.view, m.person))
	}
	return nil
}

// setPane shows pane n; the inbox message on screen is read.
func (p *Model) setPane(n int) {
	p.pane = n
	if n == paneInbox {
		// Opening the inbox shows the newest unread message, if the one
		// under the cursor has been read.
		if in := p.inboxAt(p.sel[paneInbox]); in == nil || p.read[in.ID] {
			if i := p.newestUnread(); i >= 0 {
				p.sel[paneInbox] = i
			}
		}
	}
	p.markRead()
}

func (p *Model) rows(pane int) int {
	if p.view == nil {
		return 0
	}
	switch pane {
	case paneBoard:
		return len(p.view.People)
	case paneInbox:
		return len(p.view.Inbox)
	case paneResources:
		return len(p.view.Requests)
	case paneNotes:
		return p.notesRows()
	}
	return 0
}

func (p *Model) move(d int) {
	p.sel[p.pane] = min(max(p.sel[p.pane]+d, 0), max(p.rows(p.pane)-1, 0))
	if p.pane == paneInbox {
		p.inboxID = ""
		if in := p.inboxAt(p.sel[paneInbox]); in != nil {
			p.inboxID = in.ID
		}
	}
	p.markRead()
}

// setView takes a new view, keeping each cursor on what it was on.
func (p *Model) setView(v *engine.View) {
	alerts := newAlerts(p.view, v)
	p.view = v
	if n := len(alerts); n > 0 {
		// A request must not sit unseen, whatever pane is on screen.
		text := summary(v, alerts[n-1])
		if w := waiting(v); w > 0 {
			text += fmt.Sprintf(" — %d waiting: answer under Resources & requests (3)", w)
		}
		p.setStatus(text, false)
	}
	if i := p.inboxIndex(p.inboxID); i >= 0 {
		p.sel[paneInbox] = i
	}
	for pane := range panes {
		p.sel[pane] = min(p.sel[pane], max(p.rows(pane)-1, 0))
	}
	if in := p.inboxAt(p.sel[paneInbox]); in != nil {
		p.inboxID = in.ID
	}
	p.markRead()
}

func (p *Model) person() *engine.PersonView {
	if p.view == nil || p.sel[paneBoard] >= len(p.view.People) {
		return nil
	}
	return &p.view.People[p.sel[paneBoard]]
}

func (p *Model) request() *engine.RequestView {
	if p.view == nil || p.sel[paneResources] >= len(p.view.Requests) {
		return nil
	}
	return &p.view.Requests[p.sel[paneResources]]
}

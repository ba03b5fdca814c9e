package facilitator

import (
	"slices"
	"strings"
	"ttx/tui/components"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
)

// facRelease is an inject as released.
type facRelease struct {
	id, from, channel, text, cause string
	to                             []string
	t                              int64
}

func (f *Model) openAdhoc() tea.Cmd {
	ids, labels := f.agencyOptions()
	form := &facForm{title: "Ad-hoc inject", intro: []string{"Sent now to the agencies you tick, as an inject from the sender you name."},
		fields: []components.Field{
			components.MultiField("to", "To", ids, labels, true),
			components.ChoiceField("channel", "Channel", engine.Channels, nil, 0),
			components.TextField("from", "From", false).WithText("", "who it comes from, e.g. Duty inspector"),
			components.TextField("text", "Text", true).WithText("", "what they hear"),
		}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		to := fm.Values("to")
		return f.command(engine.Command{Type: engine.CmdAdhocInject, To: to, Channel: fm.Value("channel"), From: fm.Value("from"), Text: fm.Value("text")},
			"ad-hoc inject to "+strings.Join(to, ", ")), ""
	}
	return f.setForm(form)
}

func (f *Model) openTrigger(id string) tea.Cmd {
	var ids []string
	for _, in := range f.msel {
		if _, done := f.released[in.ID]; !done {
			ids = append(ids, in.ID)
		}
	}
	idField := components.LineField("inject", "Inject id", "e.g. "+facFirst(ids, "an inject's id"), id, true, ids)
	intro := []string{"Releases a scripted inject now, whatever its time or condition."}
	if len(ids) > 0 {
		intro = append(intro, "Not yet released: "+strings.Join(ids, ", "))
	}
	form := &facForm{title: "Trigger an inject now", intro: intro, fields: []components.Field{idField}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		v := fm.Value("inject")
		if _, done := f.released[v]; done {
			return nil, "inject " + v + " has already been released"
		}
		return f.command(engine.Command{Type: engine.CmdReleaseInject, Inject: v}, "release inject "+v), ""
	}
	return f.setForm(form)
}

func facFirst(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// releaseSelected asks to release the selected inject of the Injects pane.
func (f *Model) releaseSelected() tea.Cmd {
	rows := f.injectRows()
	sel := f.injectSel(rows)
	if sel >= len(rows) {
		return nil
	}
	r := rows[sel]
	if r.released {
		f.setFlash("Inject "+r.id+" has already been released.", false)
		return nil
	}
	id := r.id
	f.confirm = &facConfirm{question: "Release inject " + id + " now?", detail: []string{facInjectLine(r.to, r.channel, r.from, r.text)},
		yes: func() tea.Cmd {
			return f.command(engine.Command{Type: engine.CmdReleaseInject, Inject: id}, "release inject "+id)
		}}
	return nil
}

// facInjectRow is one line of the Injects pane: released, or to come.
type facInjectRow struct {
	id, from, channel, text string
	to                      []string
	t                       int64
	timed, released         bool
	cause                   string
}

// injectRows lists the injects released, in order, then the timed ones to
// come by time, then those released only by a condition or by hand.
func (f *Model) injectRows() []facInjectRow {
	rows := make([]facInjectRow, 0, len(f.releases)+len(f.msel))
	for _, r := range f.releases {
		rows = append(rows, facInjectRow{id: r.id, from: r.from, channel: r.channel, text: r.text, to: r.to, t: r.t, released: true, timed: true, cause: r.cause})
	}
	var timed, other []facInjectRow
	for _, in := range f.msel {
		if _, done := f.released[in.ID]; done {
			continue
		}
		r := facInjectRow{id: in.ID, from: in.From, channel: in.Channel, text: in.Text, to: in.To, t: in.At, timed: in.Timed}
		if in.Timed {
			timed = append(timed, r)
		} else {
			other = append(other, r)
		}
	}
	slices.SortStableFunc(timed, func(a, b facInjectRow) int { return int(a.t - b.t) })
	rows = append(rows, timed...)
	return append(rows, other...)
}

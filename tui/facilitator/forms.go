package facilitator

import (
	tea "charm.land/bubbletea/v2"

	"ttx/tui/components"
	"ttx/tui/styles"
)

// facForm is a small modal form: the ad-hoc inject composer, NO PLAY, the
// competent authority's decisions, triggering an inject, handing a seat to
// a bot. It is a [components.Form] in a box; enter sends it, esc closes
// it.
type facForm struct {
	title  string
	intro  []string
	fields []components.Field
	submit func(fm *components.Form) (tea.Cmd, string)
	form   *components.Form
}

// setForm opens form.
func (f *Model) setForm(form *facForm) tea.Cmd {
	fm := components.NewForm(form.title, form.intro, form.fields...)
	fm.SetStyles(f.st)
	form.form = &fm
	f.form = form
	return fm.Init()
}

// formKey gives the open form a key or a paste.
func (f *Model) formKey(msg tea.Msg) tea.Cmd {
	fm, cmd, res := f.form.form.Update(msg)
	f.form.form = &fm
	switch res {
	case components.FormCancelled:
		f.form = nil
	case components.FormSent:
		c, bad := f.form.submit(&fm)
		if bad != "" {
			fm.SetErr(bad)
			return nil
		}
		f.form = nil
		return c
	}
	return cmd
}

// view renders the form in a box of width w, at most h lines high.
func (fo *facForm) view(st styles.Styles, w, h int) string {
	fm := fo.form
	fm.SetStyles(st)
	fm.SetSize(max(w-4, 10), max(h-2, 3))
	lines := fm.Lines()
	return components.Box(st, fo.title, lines, w, min(len(lines)+2, h), true)
}

// facConfirm asks a yes-or-no question before something that cannot be
// undone.
type facConfirm struct {
	question string
	detail   []string
	yes      func() tea.Cmd
}

func (c *facConfirm) view(st styles.Styles, w, h int) string {
	q := components.NewConfirm(st, c.question, c.detail...)
	q.SetSize(w, h)
	return q.View()
}

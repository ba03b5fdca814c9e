package player

import (
	"fmt"
	"strings"

	"ttx/engine"
	"ttx/tui/components"
	"ttx/tui/styles"
)

// Messages between agencies: the message form (m, from anywhere), the
// reply and pass-on forms of an inbox item, and how each kind of inbox
// item reads in the list.

// personField asks which person on the board a message is about, if any;
// chosen is the person it starts on ("" for nobody).
func personField(v *engine.View, chosen string) components.Field {
	ids, labels := []string{""}, []string{"nobody in particular"}
	sel := 0
	for _, pv := range v.People {
		if pv.ID == chosen {
			sel = len(ids)
		}
		ids = append(ids, pv.ID)
		labels = append(labels, pv.Alias)
	}
	return components.ChoiceField("person", "About", ids, labels, sel)
}

// messageSpec is the message form: recipients ticked from to, the text
// prefilled with text, about person.
func messageSpec(v *engine.View, title, note string, to []string, text, person string) spec {
	ids, names := otherAgencies(v)
	fields := []components.Field{
		components.MultiField("to", "To", ids, names, true).WithTicked(to...),
		components.TextField("text", "Message", true).WithText(text, "what you want them to know or do"),
	}
	if len(v.People) > 0 {
		fields = append(fields, personField(v, person))
	}
	s := spec{title: title, note: note, fields: fields}
	s.build = func(f *components.Form) (engine.Command, string) {
		to := f.Values("to")
		c := engine.Command{Type: engine.CmdMessage, To: to, Text: f.Value("text"), Person: f.Value("person")}
		what := "message to " + strings.Join(to, ", ")
		if c.Person != "" {
			what += " about " + aliasIn(v, c.Person)
		}
		return c, what
	}
	return s
}

// messageForm is a new message to other agencies.
func messageForm(v *engine.View) spec {
	return messageSpec(v, "Message other agencies", "A phone call or an email: it reaches the agencies you tick, with your name and the time. Naming a person tells them of that person.", nil, "", "")
}

// replyForm answers an inbox item's sender.
func replyForm(v *engine.View, in *engine.InjectView) spec {
	s := messageSpec(v, "Reply to "+in.From, "", []string{in.FromAgency}, "Re: "+quoteShort(in.Text, 60)+"\n", in.Person)
	s.focus = "text"
	return s
}

// passOnForm passes an inbox item on to other agencies, quoted.
func passOnForm(v *engine.View, in *engine.InjectView) spec {
	from := in.From
	if from == "" {
		from = in.Channel
	}
	text := fmt.Sprintf("Passing on what %s sent us at %s: %q\n", from, styles.Clock(in.T), in.Text)
	return messageSpec(v, "Pass on: "+quoteShort(summary(v, in), 50), "Other agencies know only what someone passes on to them.", nil, text, in.Person)
}

// quoteShort is s on one line, cut to n characters.
func quoteShort(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func aliasIn(v *engine.View, id string) string {
	for _, pv := range v.People {
		if pv.ID == id {
			return pv.Alias
		}
	}
	return id
}

// sender is a short name for who sent an item: its name when short, else
// the part before a parenthesis or comma, else its kind of agency ("Housing")
// when no other agency is of that kind.
func sender(v *engine.View, in *engine.InjectView) string {
	const room = 24
	if s := shortName(in.From, room); !strings.HasSuffix(s, "…") {
		return s
	}
	kind, same := "", 0
	for _, d := range v.Directory {
		if d.ID == in.FromAgency {
			kind = d.Kind
		}
	}
	for _, d := range v.Directory {
		if kind != "" && d.Kind == kind {
			same++
		}
	}
	if same == 1 {
		k := strings.ReplaceAll(kind, "_", " ")
		return strings.ToUpper(k[:1]) + k[1:]
	}
	return shortName(in.From, room)
}

// requestTag is a request id in the engine's texts: " (request q1)".
func requestTag(id string) string { return " (request " + id + ")" }

// summary is an inbox item in one line, with its kind and sender: an
// inject as its text; "✉ Health: …" for a message; "⇄ Police shared
// Ionut: …" for a share; "⚑ Police asks: …" for a request; "↩ Housing
// allocated …" for an answer.
func summary(v *engine.View, in *engine.InjectView) string {
	text := strings.Join(strings.Fields(in.Text), " ")
	if in.Request != "" {
		text = strings.Replace(text, requestTag(in.Request), "", 1)
	}
	switch in.Kind {
	case engine.InboxMessage:
		return "✉ " + sender(v, in) + ": " + text
	case engine.InboxShare:
		alias := aliasIn(v, in.Person)
		// The engine's text starts "About <alias> (…). ", then the note.
		note := text
		if rest, ok := strings.CutPrefix(text, "About "+alias); ok {
			note = ""
			if _, after, ok := strings.Cut(rest, ". "); ok {
				note = after
			}
		}
		s := "⇄ " + sender(v, in) + " shared " + alias
		if note != "" {
			s += ": " + note
		}
		return s
	case engine.InboxRequest:
		text = strings.TrimSuffix(text, ".")
		if rest, ok := strings.CutPrefix(text, "Asks you for "); ok {
			return "⚑ " + sender(v, in) + " asks: " + rest
		}
		return "⚑ " + sender(v, in) + " " + lowerFirst(text)
	case engine.InboxAnswer:
		return "↩ " + sender(v, in) + " " + lowerFirst(strings.TrimSuffix(text, "."))
	}
	return text
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// waiting is the number of requests to this agency still to answer.
func waiting(v *engine.View) int {
	if v == nil {
		return 0
	}
	n := 0
	for _, r := range v.Requests {
		if r.Holder == v.Agency && r.Open {
			n++
		}
	}
	return n
}

// waitingBadge is the header's alert while requests wait: short when
// narrow.
func waitingBadge(n int, narrow bool) string {
	if n == 0 {
		return ""
	}
	if narrow {
		return fmt.Sprintf("⚑ %d waiting", n)
	}
	return fmt.Sprintf("⚑ %d %s waiting", n, map[bool]string{true: "request", false: "requests"}[n == 1])
}

// newAlerts is the request alerts in v that old did not have.
func newAlerts(old, v *engine.View) []*engine.InjectView {
	if old == nil || v == nil {
		return nil
	}
	seen := make(map[string]bool, len(old.Inbox))
	for _, in := range old.Inbox {
		seen[in.ID] = true
	}
	var out []*engine.InjectView
	for i := range v.Inbox {
		if in := &v.Inbox[i]; in.Kind == engine.InboxRequest && !seen[in.ID] {
			out = append(out, in)
		}
	}
	return out
}

// inboxMenu is what can be done with an inbox item: reply to the sender,
// pass it on, see the person it is about.
func (p *Model) inboxMenu(in *engine.InjectView) *actionMenu {
	v := p.view
	m := &actionMenu{title: quoteShort(summary(v, in), 70)}
	item := *in
	if in.FromAgency != "" && in.FromAgency != v.Agency {
		m.items = append(m.items, actionItem{label: "Reply to " + sender(v, in), hint: "a message back, about the same person", form: func(v *engine.View, _ *engine.PersonView) spec { return replyForm(v, &item) }})
	}
	m.items = append(m.items, actionItem{label: "Pass it on", hint: "to other agencies, quoted", form: func(v *engine.View, _ *engine.PersonView) spec { return passOnForm(v, &item) }})
	if in.Person != "" {
		for i, pv := range v.People {
			if pv.ID == in.Person {
				m.items = append(m.items, actionItem{label: "Show " + pv.Alias + " on the case board", hint: "and act there", goTo: i + 1})
			}
		}
	}
	return m
}

// openInboxItem is enter on an inbox item: a request alert goes to the
// request, to be answered; anything else opens its menu.
func (p *Model) openInboxItem() {
	in := p.inboxAt(p.sel[paneInbox])
	if in == nil {
		return
	}
	if in.Kind == engine.InboxRequest && in.Request != "" {
		for i, r := range p.view.Requests {
			if r.ID == in.Request {
				p.sel[paneResources] = i
				p.setPane(paneResources)
				if r.Open {
					p.setStatus("Request "+r.ID+": enter answers it (allocate or refuse).", true)
				} else {
					p.setStatus("Request "+r.ID+" has been answered: "+r.Outcome+".", true)
				}
				return
			}
		}
	}
	p.menu = p.inboxMenu(in)
}

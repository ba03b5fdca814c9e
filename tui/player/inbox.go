package player

import (
	"fmt"
	"strings"

	"ttx/engine"
	"ttx/tui/styles"
)

// The inbox lists the newest first; row i is Inbox[len-1-i].

func (p *Model) inboxAt(i int) *engine.InjectView {
	if p.view == nil || i < 0 || i >= len(p.view.Inbox) {
		return nil
	}
	return &p.view.Inbox[len(p.view.Inbox)-1-i]
}

// inboxIndex is the row of the message with id, or -1.
func (p *Model) inboxIndex(id string) int {
	if p.view == nil || id == "" {
		return -1
	}
	for i := range p.view.Inbox {
		if p.view.Inbox[len(p.view.Inbox)-1-i].ID == id {
			return i
		}
	}
	return -1
}

// markRead marks the message on screen read: the one under the cursor,
// while the inbox is shown.
func (p *Model) markRead() {
	if p.screen != screenMain || p.pane != paneInbox || p.noPlay != "" {
		return
	}
	if in := p.inboxAt(p.sel[paneInbox]); in != nil {
		p.read[in.ID] = true
		p.inboxID = in.ID
	}
}

// newestUnread is the row of the newest unread message, or -1.
func (p *Model) newestUnread() int {
	for i := 0; ; i++ {
		in := p.inboxAt(i)
		if in == nil {
			return -1
		}
		if !p.read[in.ID] {
			return i
		}
	}
}

func (p *Model) unread() int {
	if p.view == nil {
		return 0
	}
	n := 0
	for _, in := range p.view.Inbox {
		if !p.read[in.ID] {
			n++
		}
	}
	return n
}

func (p *Model) inbox(w, h int) string {
	v := p.view
	if len(v.Inbox) == 0 {
		return p.st.Subtle.Render("Nothing yet.")
	}
	var b strings.Builder
	listH := min(len(v.Inbox), max(h/2, 3))
	start := max(0, p.sel[paneInbox]-listH+1)
	for i := start; i < len(v.Inbox) && i-start < listH; i++ {
		in := p.inboxAt(i)
		mark := "  "
		if !p.read[in.ID] {
			mark = "● "
		}
		// An inject as it came; what an agency sent, by kind and sender.
		text := fmt.Sprintf("%-8s %-20s %s", in.Channel, styles.Truncate(in.From, 20), in.Text)
		if in.Kind != "" {
			text = summary(v, in)
		}
		line := styles.Fit(fmt.Sprintf("%s%s %s", mark, styles.Clock(in.T), text), w, 1)
		if i == p.sel[paneInbox] {
			line = p.st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	sel := p.inboxAt(p.sel[paneInbox])
	b.WriteString(strings.Repeat("─", w) + "\n")
	b.WriteString(p.st.Bold.Render(styles.Truncate(fmt.Sprintf("%s · %s · from %s", styles.Clock(sel.T), kindName(sel), sel.From), w)) + "\n")
	for _, l := range styles.Wrap(sel.Text, w-1) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n" + p.st.Subtle.Render(styles.Truncate(inboxHint(sel), w)))
	return b.String()
}

// kindName says what an inbox item is, for its heading.
func kindName(in *engine.InjectView) string {
	switch in.Kind {
	case engine.InboxMessage:
		return "✉ message"
	case engine.InboxShare:
		return "⇄ shared with you"
	case engine.InboxRequest:
		return "⚑ request to you"
	case engine.InboxAnswer:
		return "↩ answer to your request"
	}
	return in.Channel
}

// inboxHint is what enter does on an item.
func inboxHint(in *engine.InjectView) string {
	switch {
	case in.Kind == engine.InboxRequest && in.Request != "":
		return "enter: answer the request · m: new message"
	case in.FromAgency != "":
		return "enter: reply or pass it on · m: new message"
	}
	return "enter: pass it on · m: new message"
}

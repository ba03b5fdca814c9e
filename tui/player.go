package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"ttx/engine"
	"ttx/server/wire"
)

// Sender is what a live screen needs of its connection; a [Conn] is one.
type Sender interface {
	Command(engine.Command) string
	Send(any)
	Wait() tea.Cmd
}

// Player screens, in the order a player meets them.
const (
	screenWarning = iota
	screenBriefing
	screenMain
)

// Panes of the player's main screen.
const (
	paneBoard = iota
	paneInbox
	paneResources
)

// playerKeys are the player's key bindings.
type playerKeys struct {
	Up, Down, Pane, Board, Inbox, Resources, Act, Log, Decide, Answer, Help, Quit, Continue key.Binding
}

func newPlayerKeys() playerKeys {
	return playerKeys{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Pane:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Board:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "case board")),
		Inbox:     key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "inbox")),
		Resources: key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "resources")),
		Act:       key.NewBinding(key.WithKeys("enter", "a"), key.WithHelp("enter", "act on person")),
		Log:       key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "decision log")),
		Decide:    key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "decide")),
		Answer:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer request")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Continue:  key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "continue")),
	}
}

// ShortHelp is the one-line help.
func (k playerKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Act, k.Pane, k.Log, k.Decide, k.Help, k.Quit}
}

// FullHelp is the full help, in columns.
func (k playerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Pane, k.Board, k.Inbox, k.Resources}, {k.Act, k.Log, k.Decide, k.Answer}, {k.Help, k.Quit}}
}

// Player is the player client: one agency's screen.
type Player struct {
	conn    Sender
	st      Styles
	keys    playerKeys
	help    help.Model
	now     func() time.Time
	noColor bool

	width, height int
	screen        int
	pane          int
	sel           [3]int
	showHelp      bool
	confirmQuit   bool
	quitting      bool

	welcome  *wire.Welcome
	view     *engine.View
	clock    wire.Clock
	clockAt  time.Time
	state    ConnState
	noPlay   string
	read     map[string]bool // inject ids read
	status   string
	statusOK bool
	asking   bool // a view request is on its way
	sent     map[string]string

	menu    *actionMenu
	form    *form
	formCmd func(*form) (engine.Command, string)
}

// NewPlayer returns a player screen fed by conn. now is the wall clock,
// for the ticking exercise clock (nil: time.Now).
func NewPlayer(conn Sender, now func() time.Time) *Player {
	if now == nil {
		now = time.Now
	}
	noColor := NoColorFromEnv()
	p := &Player{conn: conn, st: NewStyles(true, noColor), keys: newPlayerKeys(), help: help.New(), now: now, noColor: noColor,
		width: 80, height: 24, read: make(map[string]bool), sent: make(map[string]string), state: ConnState{State: StateConnecting}}
	return p
}

type tickMsg time.Time

func tick() tea.Cmd { return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) }) }

// Init starts listening to the connection and the clock.
func (p *Player) Init() tea.Cmd {
	cmds := []tea.Cmd{tick(), tea.RequestBackgroundColor}
	if p.conn != nil {
		cmds = append(cmds, p.conn.Wait())
	}
	return tea.Batch(cmds...)
}

func (p *Player) wait() tea.Cmd {
	if p.conn == nil {
		return nil
	}
	return p.conn.Wait()
}

// Update handles a message.
func (p *Player) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.width, p.height = msg.Width, msg.Height
		p.help.SetWidth(msg.Width)
		return p, nil
	case tea.BackgroundColorMsg:
		p.st = NewStyles(msg.IsDark(), p.noColor)
		return p, nil
	case tickMsg:
		return p, tick()
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.move(-1)
		} else if msg.Button == tea.MouseWheelDown {
			p.move(1)
		}
		return p, nil
	}
	cmd := p.network(msg)
	return p, tea.Batch(cmd, p.wait())
}

// network takes a message from the server or the connection.
func (p *Player) network(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case ConnState:
		p.state = m
	case *wire.Welcome:
		first := p.welcome == nil
		p.welcome = m
		p.setClock(m.Clock)
		if first {
			p.screen = screenWarning
			if m.Scenario.ContentWarning == "" {
				p.screen = screenBriefing
			}
		}
	case *wire.Snapshot:
		p.asking = false
		if m.View != nil {
			p.view = m.View
			p.clampSel()
		}
		p.setClock(m.Clock)
	case *wire.Clock:
		p.setClock(*m)
	case *wire.Event:
		switch m.Event.Type {
		case "no_play":
			p.noPlay = m.Event.Payload.Text
		case "no_play_lifted":
			p.noPlay = ""
		}
		return p.askView()
	case *wire.Ack:
		what := p.sent[m.ID]
		if what == "" {
			what = "action"
		}
		if m.Status == wire.Accepted {
			p.status, p.statusOK = "✓ Done: "+what, true
		} else {
			p.status, p.statusOK = "✗ Refused: "+what+" — "+explain(m.Rule, m.Reason), false
		}
		return p.askView()
	case *wire.Error:
		p.status, p.statusOK = "✗ "+m.Message, false
	}
	return nil
}

// explain puts a rule refusal in plain words, with the rule's source.
func explain(rule, reason string) string {
	text := reason
	if rule != "" {
		if t, ok := engine.RuleText[rule]; ok {
			return fmt.Sprintf("%s (rule %s: %s)", text, rule, t)
		}
		if !strings.Contains(rule, "_") && rule != "invalid" && rule != "resources" && rule != "state" {
			return fmt.Sprintf("%s (rule %s)", text, rule)
		}
	}
	return text
}

func (p *Player) askView() tea.Cmd {
	if p.asking || p.conn == nil {
		return nil
	}
	p.asking = true
	p.conn.Send(wire.ViewRequest{Type: wire.TypeView})
	return nil
}

func (p *Player) setClock(c wire.Clock) {
	p.clock, p.clockAt = c, p.now()
	p.noPlay = c.NoPlay
}

// exerciseTime is the clock now, moving on between messages while running.
func (p *Player) exerciseTime() int64 {
	t := p.clock.T
	if p.clock.Running {
		t += int64(float64(p.now().Sub(p.clockAt).Milliseconds()) * p.clock.Pace)
	}
	return t
}

func (p *Player) running() bool { return p.clock.Started && !p.clock.Ended }

func (p *Player) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if p.confirmQuit {
		if msg.String() == "y" || msg.String() == "Y" {
			p.quitting = true
			return p, tea.Quit
		}
		p.confirmQuit = false
		return p, nil
	}
	if p.form != nil {
		f, cmd, done := p.form.update(msg)
		p.form = &f
		switch done {
		case "cancel":
			p.form, p.status = nil, "Cancelled."
		case "submit":
			c, what := p.formCmd(p.form)
			p.form = nil
			p.send(c, what)
		}
		return p, cmd
	}
	if key.Matches(msg, p.keys.Quit) && msg.String() == "ctrl+c" || (key.Matches(msg, p.keys.Quit) && p.menu == nil) {
		if p.running() {
			p.confirmQuit = true
			return p, nil
		}
		p.quitting = true
		return p, tea.Quit
	}
	if p.menu != nil {
		return p, p.menuKey(msg)
	}
	if key.Matches(msg, p.keys.Help) {
		p.showHelp = !p.showHelp
		return p, nil
	}
	switch p.screen {
	case screenWarning:
		if key.Matches(msg, p.keys.Continue) {
			p.screen = screenBriefing
		}
		return p, nil
	case screenBriefing:
		if key.Matches(msg, p.keys.Continue) {
			p.screen = screenMain
		}
		return p, nil
	}
	if p.noPlay != "" {
		return p, nil
	}
	switch {
	case key.Matches(msg, p.keys.Up):
		p.move(-1)
	case key.Matches(msg, p.keys.Down):
		p.move(1)
	case key.Matches(msg, p.keys.Pane):
		p.pane = (p.pane + 1) % 3
	case key.Matches(msg, p.keys.Board):
		p.pane = paneBoard
	case key.Matches(msg, p.keys.Inbox):
		p.pane = paneInbox
	case key.Matches(msg, p.keys.Resources):
		p.pane = paneResources
	case key.Matches(msg, p.keys.Log):
		return p, p.openForm(logForm())
	case key.Matches(msg, p.keys.Decide):
		if p.view != nil && len(p.view.Decisions) > 0 {
			return p, p.openForm(decideForm(p.view.Decisions[0]))
		}
		p.status, p.statusOK = "No decision is waiting for you.", true
	case key.Matches(msg, p.keys.Act):
		switch p.pane {
		case paneBoard:
			if pv := p.person(); pv != nil {
				m := newActionMenu(p.view, pv)
				p.menu = &m
			}
		case paneResources:
			if r := p.request(); r != nil && r.Open && r.Holder == p.view.Agency {
				return p, p.openForm(answerForm(p.view, r))
			}
		case paneInbox:
			if p.view != nil && p.sel[paneInbox] < len(p.view.Inbox) {
				p.read[p.view.Inbox[len(p.view.Inbox)-1-p.sel[paneInbox]].ID] = true
			}
		}
	}
	return p, nil
}

func (p *Player) move(d int) {
	n := 0
	if p.view != nil {
		switch p.pane {
		case paneBoard:
			n = len(p.view.People)
		case paneInbox:
			n = len(p.view.Inbox)
		case paneResources:
			n = len(p.view.Requests)
		}
	}
	p.sel[p.pane] = min(max(p.sel[p.pane]+d, 0), max(n-1, 0))
	if p.pane == paneInbox && p.view != nil && p.sel[paneInbox] < len(p.view.Inbox) {
		p.read[p.view.Inbox[len(p.view.Inbox)-1-p.sel[paneInbox]].ID] = true
	}
}

func (p *Player) clampSel() {
	if p.view == nil {
		return
	}
	p.sel[paneBoard] = min(p.sel[paneBoard], max(len(p.view.People)-1, 0))
	p.sel[paneInbox] = min(p.sel[paneInbox], max(len(p.view.Inbox)-1, 0))
	p.sel[paneResources] = min(p.sel[paneResources], max(len(p.view.Requests)-1, 0))
}

func (p *Player) person() *engine.PersonView {
	if p.view == nil || p.sel[paneBoard] >= len(p.view.People) {
		return nil
	}
	return &p.view.People[p.sel[paneBoard]]
}

func (p *Player) request() *engine.RequestView {
	if p.view == nil || p.sel[paneResources] >= len(p.view.Requests) {
		return nil
	}
	return &p.view.Requests[p.sel[paneResources]]
}

// send sends a command and remembers what it was, for its answer.
func (p *Player) send(c engine.Command, what string) {
	if p.conn == nil {
		p.status = "Not connected."
		return
	}
	id := p.conn.Command(c)
	p.sent[id] = what
	p.status, p.statusOK = "… sent: "+what, true
	if p.state.State != StateOnline {
		p.status = "… queued until back online: " + what
	}
}

func (p *Player) openForm(f form, build func(*form) (engine.Command, string)) tea.Cmd {
	p.form, p.formCmd = &f, build
	p.form.focus = 0
	return p.form.focusField()
}

func (p *Player) menuKey(msg tea.KeyPressMsg) tea.Cmd {
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
		if it.form == nil {
			p.send(it.cmd, it.label+" — "+m.person.Alias)
			return nil
		}
		f, build := it.form(p.view, m.person)
		return p.openForm(f, build)
	}
	return nil
}

// View renders the screen.
func (p *Player) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.SetContent(p.render())
	v.WindowTitle = "ttx"
	return v
}

func (p *Player) render() string {
	w, h := max(p.width, 20), max(p.height, 8)
	if p.quitting {
		return ""
	}
	if p.confirmQuit {
		box := p.st.Box.Render("The exercise is running.\nQuit and leave your seat? Your team can rejoin with the same code.\n\n  y  quit      any other key  stay")
		return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
	}
	if p.noPlay != "" {
		body := p.st.NoPlay.Width(min(w-4, 70)).Render("NO PLAY\n\n" + p.noPlay + "\n\nThe exercise is stopped. Wait for the facilitator.")
		return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, body+"\n\n"+p.st.Subtle.Render(p.state.String()))
	}
	if p.welcome == nil {
		return Fit(p.st.Title.Render("ttx")+"\n\n"+p.state.String()+"\n\n"+p.st.Subtle.Render("Joining the exercise…  q quits"), w, h)
	}
	switch p.screen {
	case screenWarning:
		return p.page("Content warning", p.welcome.Scenario.ContentWarning, w, h)
	case screenBriefing:
		title := "Your briefing: " + p.agencyName()
		return p.page(title, p.welcome.Briefing, w, h)
	}
	header := p.header(w)
	footer := p.footer(w)
	// The answer to the last action, in full: a refusal explains the rule.
	var statusLines []string
	if p.status != "" {
		style := p.st.Good
		if !p.statusOK {
			style = p.st.Bad
		}
		lines := wrap(p.status, w-1)
		if len(lines) > 3 {
			lines = append(lines[:2], Truncate(strings.Join(lines[2:], " "), w-1))
		}
		for _, l := range lines {
			statusLines = append(statusLines, style.Render(l))
		}
	}
	status := strings.Join(statusLines, "\n")
	statusH := max(len(statusLines), 1)
	bodyH := h - lipgloss.Height(header) - lipgloss.Height(footer) - statusH
	var body string
	switch {
	case p.showHelp:
		body = p.help.FullHelpView(p.keys.FullHelp())
	case p.form != nil:
		body = p.form.view(p.st, w)
	case p.menu != nil:
		body = p.menu.view(p.st, w)
	default:
		body = p.mainBody(w, bodyH)
	}
	return header + "\n" + Fit(body, w, bodyH) + "\n" + Fit(status, w, statusH) + "\n" + footer
}

func (p *Player) agencyName() string {
	if p.view != nil && p.view.Name != "" {
		return p.view.Name
	}
	for _, s := range p.welcome.Seats {
		if s.Seat == p.welcome.Seat {
			return s.Name
		}
	}
	return p.welcome.Seat
}

func (p *Player) page(title, text string, w, h int) string {
	var b strings.Builder
	b.WriteString(p.st.Title.Render(p.welcome.Scenario.Title) + "\n\n")
	b.WriteString(p.st.Bold.Render(title) + "\n\n")
	for _, l := range wrap(text, min(w-2, 76)) {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n" + p.st.Accent.Render("Press enter to continue.") + "   " + p.st.Subtle.Render("q quits · "+p.state.String()))
	return Fit(b.String(), w, h)
}

func (p *Player) header(w int) string {
	phase := p.clock.Phase
	if phase == "" {
		phase = "not started"
		if p.clock.Started {
			phase = "under way"
		}
	}
	state := "▶ running"
	switch {
	case p.clock.Ended:
		state = "■ ended"
	case !p.clock.Started:
		state = "… waiting to start"
	case !p.clock.Running:
		state = "⏸ paused"
	}
	clock := fmt.Sprintf(" %s %s · %s ", Clock(p.exerciseTime()), state, p.clock.InWorld)
	right := " " + p.state.String() + " "
	// The clock and the connection always show; the names give way.
	room := w - lipgloss.Width(clock) - lipgloss.Width(right)
	left := Truncate(fmt.Sprintf(" %s · %s", p.agencyName(), phase), max(room-1, 0))
	gap := max(room-lipgloss.Width(left), 0)
	return p.st.Bar.Render(Truncate(left+clock+strings.Repeat(" ", gap)+right, w))
}

func (p *Player) footer(w int) string {
	return Truncate(p.help.ShortHelpView(p.keys.ShortHelp()), w)
}

func (p *Player) unread() int {
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

func (p *Player) tabs(w int) string {
	names := []string{"1 Case board", fmt.Sprintf("2 Inbox (%d unread)", p.unread()), "3 Resources & requests"}
	var parts []string
	for i, n := range names {
		if i == p.pane {
			parts = append(parts, p.st.Selected.Render(" "+n+" "))
		} else {
			parts = append(parts, " "+n+" ")
		}
	}
	if p.view != nil && len(p.view.Decisions) > 0 {
		parts = append(parts, p.st.Warn.Render(" ! decision waiting: D "))
	}
	return Truncate(strings.Join(parts, "│"), w)
}

func (p *Player) mainBody(w, h int) string {
	tabs := p.tabs(w)
	h--
	if p.view == nil {
		return tabs + "\n" + "Loading your agency's picture…"
	}
	var body string
	switch p.pane {
	case paneBoard:
		body = p.board(w, h)
	case paneInbox:
		body = p.inbox(w, h)
	case paneResources:
		body = p.resources(w, h)
	}
	return tabs + "\n" + body
}

func (p *Player) board(w, h int) string {
	v := p.view
	if len(v.People) == 0 {
		return p.st.Subtle.Render(strings.Join(wrap("No one known yet. Injects in your inbox, and what other agencies share, bring people to your attention.", w-1), "\n"))
	}
	listW := min(38, w/2)
	var list strings.Builder
	start := max(0, p.sel[paneBoard]-h+2)
	for i := start; i < len(v.People) && i-start < h; i++ {
		pv := v.People[i]
		age := fmt.Sprint(pv.Age)
		if pv.AgeDisputed {
			age += "?"
		}
		line := fmt.Sprintf("%-12s %3s %s", Truncate(pv.Alias, 12), age, StatusLabel(pv.Status))
		if pv.Child {
			line += " (child)"
		}
		line = Fit(line, listW-1, 1)
		if i == p.sel[paneBoard] {
			line = p.st.Selected.Render(line)
		}
		list.WriteString(line + "\n")
	}
	detail := ""
	if pv := p.person(); pv != nil {
		detail = personDetail(p.st, pv, w-listW-1)
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, Fit(list.String(), listW, h), Fit(detail, w-listW, h))
}

// personDetail is what the agency knows of one person.
func personDetail(st Styles, pv *engine.PersonView, w int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(pv.Alias) + "  " + StatusLabel(pv.Status) + "\n")
	age := fmt.Sprintf("age %d", pv.Age)
	if pv.AgeDisputed {
		age = fmt.Sprintf("says %d, age disputed: treat as a child until assessed (R3a)", pv.Age)
	}
	facts := []string{age}
	if pv.Sex != "" {
		facts = append(facts, pv.Sex)
	}
	if pv.Nationality != "" {
		facts = append(facts, pv.Nationality)
	}
	facts = append(facts, "speaks "+strings.Join(pv.Languages, ", "))
	for _, l := range wrap(strings.Join(facts, " · "), w-1) {
		b.WriteString(l + "\n")
	}
	if pv.Description != "" {
		for _, l := range wrap(pv.Description, w-1) {
			b.WriteString(st.Subtle.Render(l) + "\n")
		}
	}
	var flags []string
	if pv.Interpreter {
		flags = append(flags, "interpreter ✓")
	} else if !slices.Contains(pv.Languages, "en") {
		flags = append(flags, "needs an interpreter")
	}
	if pv.PlaceReady {
		flags = append(flags, "place of safety ready")
	}
	if pv.Consent != "" {
		flags = append(flags, "consent "+pv.Consent)
	}
	if pv.Refused {
		flags = append(flags, "declined support")
	}
	if pv.Safeguarded {
		flags = append(flags, "referred to child safeguarding")
	}
	if pv.Arrested {
		flags = append(flags, "arrested")
	}
	if pv.Charging != "" {
		flags = append(flags, "charging advice "+pv.Charging)
	}
	if len(pv.Needs) > 0 {
		flags = append(flags, "needs: "+strings.Join(pv.Needs, ", "))
	}
	if len(flags) > 0 {
		for _, l := range wrap(strings.Join(flags, " · "), w-1) {
			b.WriteString(st.Accent.Render(l) + "\n")
		}
	}
	b.WriteString("\n" + st.Bold.Render(fmt.Sprintf("Indicators seen (%d)", len(pv.Indicators))) + "\n")
	for _, ind := range pv.Indicators {
		lines := wrap(ind.Text, w-16)
		for i, l := range lines {
			prefix := "               "
			if i == 0 {
				prefix = fmt.Sprintf("• %-12s ", ind.Kind)
			}
			b.WriteString(prefix + l + "\n")
		}
	}
	if len(pv.Indicators) == 0 {
		b.WriteString(st.Subtle.Render("none yet: observe, talk to them, share with partners") + "\n")
	}
	b.WriteString("\n" + st.Subtle.Render("enter: act on "+pv.Alias))
	return b.String()
}

func (p *Player) inbox(w, h int) string {
	v := p.view
	if len(v.Inbox) == 0 {
		return p.st.Subtle.Render("Nothing yet.")
	}
	var b strings.Builder
	// Newest first.
	listH := min(len(v.Inbox), max(h/2, 3))
	start := max(0, p.sel[paneInbox]-listH+1)
	for i := start; i < len(v.Inbox) && i-start < listH; i++ {
		in := v.Inbox[len(v.Inbox)-1-i]
		mark := "  "
		if !p.read[in.ID] {
			mark = "● "
		}
		line := Fit(fmt.Sprintf("%s%s %-8s %-20s %s", mark, Clock(in.T), in.Channel, Truncate(in.From, 20), in.Text), w, 1)
		if i == p.sel[paneInbox] {
			line = p.st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	sel := v.Inbox[len(v.Inbox)-1-p.sel[paneInbox]]
	b.WriteString(strings.Repeat("─", w) + "\n")
	b.WriteString(p.st.Bold.Render(fmt.Sprintf("%s · %s · from %s", Clock(sel.T), sel.Channel, sel.From)) + "\n")
	for _, l := range wrap(sel.Text, w-1) {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// nextBack is the earliest time a booking ends, or 0 when none has a set
// end.
func nextBack(bs []engine.BookingView) int64 {
	var next int64
	for _, b := range bs {
		if b.Until > 0 && (next == 0 || b.Until < next) {
			next = b.Until
		}
	}
	return next
}

func (p *Player) resources(w, h int) string {
	v := p.view
	var b strings.Builder
	b.WriteString(p.st.Bold.Render("Your resources") + "\n")
	if len(v.Resources) == 0 {
		b.WriteString(p.st.Subtle.Render("  none held") + "\n")
	}
	for _, r := range v.Resources {
		what := r.Kind
		if r.Language != "" {
			what += " (" + r.Language + ")"
		}
		line := fmt.Sprintf("  %-28s %d left", what, r.Count)
		if n := len(r.Bookings); n > 0 {
			line += fmt.Sprintf(", %d out", n)
			if next := nextBack(r.Bookings); next > 0 {
				line += ", next back " + Clock(next)
			}
		}
		if len(r.Queue) > 0 {
			line += ", queue " + strings.Join(r.Queue, " ")
		}
		b.WriteString(Fit(line, w, 1) + "\n")
	}
	b.WriteString("\n" + p.st.Bold.Render("Requests") + "  " + p.st.Subtle.Render("(enter answers one addressed to you)") + "\n")
	if len(v.Requests) == 0 {
		b.WriteString(p.st.Subtle.Render("  none") + "\n")
	}
	for i, r := range v.Requests {
		what := r.Kind
		if r.Language != "" {
			what += " (" + r.Language + ")"
		}
		state := "waiting"
		if r.QueuePosition > 0 {
			state = fmt.Sprintf("waiting, #%d in queue", r.QueuePosition)
		}
		if !r.Open {
			state = r.Outcome
		}
		line := Fit(fmt.Sprintf("  %s  %s → %s: %s for %s — %s", r.ID, r.From, r.Holder, what, r.Person, state), w, 1)
		if i == p.sel[paneResources] {
			line = p.st.Selected.Render(line)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

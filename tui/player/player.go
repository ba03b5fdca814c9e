// Package player is the player client, `ttx join`: one agency's screen,
// with its case board, inbox, resources and requests, and its own
// decision log and notes. It renders the agency's view as the server sends
// it and sends commands; it decides no rule.
package player

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/components"
	"ttx/tui/styles"
)

// Sender is what the player needs of its connection; a [tui.Conn] is one.
type Sender interface {
	Command(engine.Command) string
	Send(any)
	Wait() tea.Cmd
}

// Screens, in the order a player meets them.
const (
	screenWarning = iota
	screenBriefing
	screenMain
)

// Panes of the main screen, in tab order.
const (
	paneBoard = iota
	paneInbox
	paneResources
	paneNotes
	panes
)

// netMsg is a message from the connection. Only it re-arms the wait, so
// that one wait is on the connection at a time and its messages are taken
// in the order they came.
type netMsg struct{ msg any }

type tickMsg time.Time

func tick() tea.Cmd { return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) }) }

// sentCmd is a command sent and not yet answered.
type sentCmd struct {
	what   string
	typ    string
	person string
	// outcome, when set, is what came of it, heard from the events that
	// followed (a person declined, or accepted): it replaces "done".
	outcome string
	good    bool
}

// sentEntry is a message or share the agency sent.
type sentEntry struct {
	t            int64
	to           []string
	person, text string
}

// maxSentLog bounds the messages kept for the record pane.
const maxSentLog = 500

// logEntry is one of the agency's own decision-log entries.
type logEntry struct {
	t               int64
	stage           int
	text, rationale string
}

// Model is the player client, a bubbletea model.
type Model struct {
	conn    Sender
	st      styles.Styles
	keys    keyMap
	help    help.Model
	now     func() time.Time
	noColor bool
	// quitNote is what quitting means, in the quit box: by default, that
	// the seat can be rejoined with its code.
	quitNote string

	width, height int
	screen        int
	pane          int
	sel           [panes]int
	inboxID       string // the inbox message under the cursor, kept by id
	showHelp      bool
	confirmQuit   bool
	quitting      bool

	welcome  *wire.Welcome
	sentLog  []sentEntry // what the agency sent other agencies, oldest first
	view     *engine.View
	clock    wire.Clock
	clockAt  time.Time
	state    tui.ConnState
	noPlay   string
	read     map[string]bool // inject ids read
	status   string
	statusOK bool
	asking   bool // a view request is on its way
	sent     map[string]*sentCmd
	lastSeq  int64
	log      []logEntry

	menu *actionMenu
	form *openForm
	card components.PersonCard
	tabs components.Tabs
	bar  components.StatusBar
}

// New returns a player screen fed by conn. now is the wall clock, for the
// ticking exercise clock (nil: time.Now).
func New(conn Sender, now func() time.Time) *Model {
	if now == nil {
		now = time.Now
	}
	noColor := styles.NoColorFromEnv()
	p := &Model{conn: conn, keys: newKeyMap(), help: help.New(), now: now, noColor: noColor,
		width: 80, height: 24, read: make(map[string]bool), sent: make(map[string]*sentCmd), state: tui.ConnState{State: tui.StateConnecting}}
	p.SetStyles(styles.New(true, noColor))
	return p
}

// SetQuitNote says what quitting does, in the box that asks to confirm it
// (in the demo, quitting ends the exercise).
func (p *Model) SetQuitNote(note string) { p.quitNote = note }

// SetNoColor draws without colour, or with it, whatever NO_COLOR says in
// this process's environment: for a screen served to another terminal
// (over SSH), whose environment says.
func (p *Model) SetNoColor(noColor bool) {
	p.noColor = noColor
	p.SetStyles(styles.New(true, noColor))
}

// SetStyles sets the styles of the screen and its parts.
func (p *Model) SetStyles(st styles.Styles) {
	p.st = st
	p.card = components.NewPersonCard(st)
	p.tabs = components.NewTabs(st, "Case board", "Inbox", "Resources & requests", "Log & notes")
	p.bar = components.NewStatusBar(st)
}

// Init starts listening to the connection and the clock.
func (p *Model) Init() tea.Cmd {
	return tea.Batch(tick(), tea.RequestBackgroundColor, p.wait())
}

func (p *Model) wait() tea.Cmd {
	if p.conn == nil {
		return nil
	}
	w := p.conn.Wait()
	return func() tea.Msg { return netMsg{w()} }
}

// Update handles a message.
func (p *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.width, p.height = msg.Width, msg.Height
		p.help.SetWidth(msg.Width)
		return p, nil
	case tea.BackgroundColorMsg:
		p.SetStyles(styles.New(msg.IsDark(), p.noColor))
		return p, nil
	case tickMsg:
		return p, tick()
	case tea.KeyPressMsg:
		return p, p.key(msg)
	case tea.PasteMsg:
		if p.form != nil {
			return p, p.formMsg(msg)
		}
		return p, nil
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			p.move(-1)
		} else if msg.Button == tea.MouseWheelDown {
			p.move(1)
		}
		return p, nil
	case netMsg:
		return p, tea.Batch(p.network(msg.msg), p.wait())
	case tui.ConnState, *wire.Welcome, *wire.Snapshot, *wire.Clock, *wire.Event, *wire.Ack, *wire.Error:
		// Straight from a caller (tests): no wait to re-arm.
		return p, p.network(msg)
	}
	if p.form != nil {
		return p, p.formMsg(msg) // the text field's cursor blink
	}
	return p, nil
}

// network takes a message from the server or the connection.
func (p *Model) network(msg any) tea.Cmd {
	switch m := msg.(type) {
	case tui.ConnState:
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
			p.setView(m.View)
		}
		p.setClock(m.Clock)
	case *wire.Clock:
		p.setClock(*m)
	case *wire.Event:
		p.event(&m.Event)
		return p.askView()
	case *wire.Ack:
		p.answer(m)
		return p.askView()
	case *wire.Error:
		if s := p.sent[m.ID]; s != nil {
			delete(p.sent, m.ID)
			p.setStatus("✗ Not sent: "+s.what+" — "+m.Message, false)
			return nil
		}
		p.setStatus("✗ "+m.Message, false)
	}
	return nil
}

// event takes one of the agency's events: play stopping and starting, and
// what came of what the agency did.
func (p *Model) event(e *engine.Event) {
	if e.Seq != 0 && e.Seq <= p.lastSeq {
		return // heard again after a reconnect
	}
	p.lastSeq = max(p.lastSeq, e.Seq)
	switch e.Type {
	case engine.EvNoPlay:
		p.noPlay = e.Payload.Text
	case engine.EvNoPlayLifted:
		p.noPlay = ""
	case engine.EvPaused:
		p.clock.Running = false
	case engine.EvResumed:
		p.clock.Running = p.noPlay == ""
	case engine.CmdLogDecision:
		p.log = append(p.log, logEntry{t: e.T, stage: e.Payload.Stage, text: e.Payload.Text, rationale: e.Payload.Rationale})
	case engine.CmdMessage, engine.CmdShare:
		if p.welcome != nil && e.Actor == p.welcome.Seat && len(p.sentLog) < maxSentLog {
			p.sentLog = append(p.sentLog, sentEntry{t: e.T, to: e.Payload.Agencies, person: e.Payload.Person, text: e.Payload.Text})
		}
	case engine.EvSupportRefused:
		p.outcome(e.Payload.Person, p.alias(e.Payload.Person)+" declined and stayed: the choice is theirs. Record the offer, their reasons and the risk (R9).", false)
	case engine.CmdOfferSupport:
		if e.Payload.Consented {
			p.outcome(e.Payload.Person, p.alias(e.Payload.Person)+" accepted the offer of safety and support.", true)
		}
	}
}

// outcome records what came of the last offer or removal for person, and
// shows it.
func (p *Model) outcome(person, text string, good bool) {
	var last *sentCmd
	for _, s := range p.sent {
		if s.person == person && (s.typ == engine.CmdOfferSupport || s.typ == engine.CmdRemove) {
			last = s
		}
	}
	if last != nil {
		last.outcome, last.good = text, good
	}
	p.setStatus(map[bool]string{true: "✓ ", false: "✗ "}[good]+text, good)
}

func (p *Model) answer(m *wire.Ack) {
	s := p.sent[m.ID]
	delete(p.sent, m.ID)
	if s == nil {
		s = &sentCmd{what: "action"}
	}
	switch {
	case m.Status != wire.Accepted:
		p.setStatus("✗ Refused: "+s.what+" — "+explain(m.Rule, m.Reason), false)
	case s.outcome != "":
		p.setStatus(map[bool]string{true: "✓ ", false: "✗ "}[s.good]+s.outcome, s.good)
	case (s.typ == engine.CmdOfferSupport || s.typ == engine.CmdRemove) && p.status != "" && !strings.HasPrefix(p.status, "…"):
		// The outcome came first and is on screen already.
	default:
		p.setStatus("✓ Done: "+s.what, true)
	}
}

func (p *Model) setStatus(s string, ok bool) { p.status, p.statusOK = s, ok }

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

func (p *Model) askView() tea.Cmd {
	if p.asking || p.conn == nil {
		return nil
	}
	p.asking = true
	p.conn.Send(wire.ViewRequest{Type: wire.TypeView})
	return nil
}

func (p *Model) setClock(c wire.Clock) {
	p.clock, p.clockAt = c, p.now()
	p.noPlay = c.NoPlay
}

// exerciseTime is the clock now, moving on between messages while running.
func (p *Model) exerciseTime() int64 {
	t := p.clock.T
	if p.clock.Running {
		t += int64(float64(p.now().Sub(p.clockAt).Milliseconds()) * p.clock.Pace)
	}
	return t
}

func (p *Model) running() bool { return p.clock.Started && !p.clock.Ended }

// stopped says why actions cannot be taken now, or "" when they can;
// logDecision is the one action the engine allows while paused.
func (p *Model) stopped(logDecision bool) string {
	switch {
	case p.noPlay != "":
		return "NO PLAY: the exercise is stopped. Wait for the facilitator."
	case p.clock.Ended:
		return "The exercise has ended: no more actions."
	case !p.clock.Started:
		return "The exercise has not started yet: wait for the facilitator."
	case !p.clock.Running && !logDecision:
		return "The exercise is paused: actions wait until play resumes. You can still write in the decision log (L)."
	}
	return ""
}

// send sends a command and remembers what it was, for its answer.
func (p *Model) send(c engine.Command, what string) {
	if p.conn == nil {
		p.status = "Not connected."
		return
	}
	id := p.conn.Command(c)
	p.sent[id] = &sentCmd{what: what, typ: c.Type, person: c.Person}
	p.setStatus("… sent: "+what, true)
	if p.state.State != tui.StateOnline {
		p.status = "… queued until back online: " + what
	}
}

func (p *Model) alias(id string) string {
	if p.view != nil {
		for _, pv := range p.view.People {
			if pv.ID == id {
				return pv.Alias
			}
		}
	}
	return id
}

func (p *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if p.confirmQuit {
		if msg.String() == "y" || msg.String() == "Y" {
			p.quitting = true
			return tea.Quit
		}
		p.confirmQuit = false
		return nil
	}
	if p.form != nil {
		if msg.String() == "ctrl+c" {
			p.form = nil
			return p.quit()
		}
		return p.formMsg(msg)
	}
	if msg.String() == "ctrl+c" || (key.Matches(msg, p.keys.Quit) && p.menu == nil) {
		return p.quit()
	}
	if p.menu != nil {
		return p.menuKey(msg)
	}
	if key.Matches(msg, p.keys.Help) {
		p.showHelp = !p.showHelp
		return nil
	}
	switch p.screen {
	case screenWarning:
		if key.Matches(msg, p.keys.Continue) {
			p.screen = screenBriefing
		}
		return nil
	case screenBriefing:
		if key.Matches(msg, p.keys.Continue) {
			p.screen = screenMain
			p.markRead()
		}
		return nil
	}
	if p.noPlay != "" {
		return nil
	}
	if cmd, ok := p.methaneKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, p.keys.Up):
		p.move(-1)
	case key.Matches(msg, p.keys.Down):
		p.move(1)
	case key.Matches(msg, p.keys.Pane):
		p.setPane((p.pane + 1) % panes)
	case key.Matches(msg, p.keys.Board):
		p.setPane(paneBoard)
	case key.Matches(msg, p.keys.Inbox):
		p.setPane(paneInbox)
	case key.Matches(msg, p.keys.Resources):
		p.setPane(paneResources)
	case key.Matches(msg, p.keys.Notes):
		p.setPane(paneNotes)
	case key.Matches(msg, p.keys.Log):
		return p.open(logForm())
	case key.Matches(msg, p.keys.Message):
		if p.view == nil {
			p.setStatus("Waiting for your agency's picture.", false)
			return nil
		}
		return p.open(messageForm(p.view))
	case key.Matches(msg, p.keys.Decide):
		if p.view != nil && len(p.view.Decisions) > 0 {
			return p.open(decideForm(p.view.Decisions[0]))
		}
		p.setStatus("No decision is waiting for you.", true)
	case msg.String() == "pgup" || msg.String() == "pgdown":
		p.card, _ = p.card.Update(msg)
	case key.Matches(msg, p.keys.Act):
		return p.act()
	}
	return nil
}

func (p *Model) quit() tea.Cmd {
	if p.running() {
		p.confirmQuit = true
		return nil
	}
	p.quitting = true
	return tea.Quit
}

func (p *Model) act() tea.Cmd {
	switch p.pane {
	case paneBoard:
		if pv := p.person(); pv != nil {
			if why := p.stopped(false); why != "" {
				p.setStatus(why, false)
				return nil
			}
			m := newActionMenu(p.view, pv)
			p.menu = &m
		}
	case paneInbox:
		p.openInboxItem()
	case paneResources:
		if r := p.request(); r != nil && r.Open && r.Holder == p.view.Agency {
			return p.open(answerForm(p.view, r))
		}
	}
	return nil
}

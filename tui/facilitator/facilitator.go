package facilitator

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"ttx/tui"
	"ttx/tui/styles"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/server/wire"
)

// Panes of the facilitator console, in tab order.
const (
	facPaneSeats = iota
	facPaneInjects
	facPaneNRM
	facPaneFeed
	facPaneView
	facPaneExercises
	facPanes
)

var facPaneNames = [facPanes]string{"Seats", "Injects", "NRM decisions", "Feed", "View as", "Exercises"}

// facInWorld is how the server writes in-world times.
const facInWorld = "2006-01-02 15:04"

// facPaces are the steps of the pace keys, in exercise seconds per second.
var facPaces = []float64{0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120}

// facLink is what the console needs of its connection; a [tui.Conn] is one.
type facLink interface {
	Command(engine.Command) string
	Send(any)
	Wait() tea.Cmd
}

// facIn is a message from the connection with the wall time it arrived,
// so that the clock can run on between the server's clock messages.
type facIn struct {
	msg any
	at  time.Time
}

// facTick advances the console's wall clock once a second.
type facTick time.Time

// facSent says a command or control went out with an id, and what it was.
type facSent struct {
	id, what string
}

// facAct is a seat's last action.
type facAct struct {
	what string
	t    int64
}

// Option configures a [Model].
type Option func(*Model)

// WithScenarios lists the bundled scenario ids the console offers when
// starting another exercise.
func WithScenarios(ids []string) Option {
	return func(f *Model) { f.scenarios = slices.Clone(ids) }
}

// WithFacilitatorColors sets the background and colour choice instead of
// asking the terminal and reading NO_COLOR.
func WithFacilitatorColors(dark, noColor bool) Option {
	return func(f *Model) {
		f.dark, f.noColor, f.fixedColors = dark, noColor, true
	}
}

// WithNoColor draws without colour, or with it, instead of reading
// NO_COLOR from this process's environment: for a console served to
// another terminal (over SSH), whose environment says.
func WithNoColor(noColor bool) Option {
	return func(f *Model) { f.noColor = noColor }
}

// Model is the facilitator console, a bubbletea model: every seat,
// the clock and its controls, the injects released and to come, an ad-hoc
// inject composer, the competent authority's pending decisions, the live
// score, a filtered feed of every event, any agency's view, NO PLAY, seats
// handed to bots, and other exercises started. Server messages come from a
// [tui.Conn] or, in tests, straight to Update.
type Model struct {
	link        facLink
	st          styles.Styles
	dark        bool
	noColor     bool
	fixedColors bool
	keys        facKeys
	help        help.Model
	width       int
	height      int
	scenarios   []string

	state     tui.ConnState
	joined    bool
	exercise  string
	role      string
	scenario  wire.ScenarioInfo
	seats     []wire.SeatInfo
	clock     wire.Clock
	clockAt   time.Time // wall time the clock was read
	now       time.Time // the latest wall time known
	score     wire.Score
	haveScore bool
	msel      []wire.InjectInfo
	people    map[string]string // person id to alias

	events    []engine.Event
	lastSeq   int64
	released  map[string]int // inject id to index in releases
	releases  []facRelease
	lastAct   map[string]facAct
	cases     map[string]*facCase
	caseOrder []string

	snapshot    *engine.View
	viewAs      string
	viewWaiting bool
	created     *wire.Created

	pane       int
	lower      int // the pane under the seats when they share the screen
	sel        [facPanes]int
	feedFilter string
	feedBack   int  // lines scrolled back from the newest; 0 follows
	injFollow  bool // the Injects pane selects the next inject to come
	form       *facForm
	confirm    *facConfirm
	flash      string
	flashBad   bool
	sent       map[string]string
	early      map[string]string // answers that came before their facSent
	ctlN       int
}

// New returns a console fed by conn (nil: fed by its caller,
// as in tests).
func New(conn *tui.Conn, opts ...Option) *Model {
	f := &Model{dark: true, noColor: styles.NoColorFromEnv(), keys: newFacKeys(), help: help.New(), width: 80, height: 24,
		state: tui.ConnState{State: tui.StateConnecting}, people: map[string]string{}, released: map[string]int{}, lastAct: map[string]facAct{},
		cases: map[string]*facCase{}, sent: map[string]string{}, early: map[string]string{}, injFollow: true, lower: facPaneFeed}
	if conn != nil {
		f.link = conn
	}
	for _, o := range opts {
		o(f)
	}
	f.restyle()
	f.keys.forPane(f.pane)
	return f
}

func (f *Model) restyle() {
	f.st = styles.New(f.dark, f.noColor)
	if f.noColor {
		f.help.Styles = help.Styles{Ellipsis: f.st.Subtle, ShortKey: f.st.Bold, ShortDesc: f.st.Subtle, ShortSeparator: f.st.Subtle,
			FullKey: f.st.Bold, FullDesc: f.st.Subtle, FullSeparator: f.st.Subtle}
	} else {
		f.help.Styles = help.DefaultStyles(f.dark)
	}
}

// Init starts listening to the connection, the clock and the terminal's
// background.
func (f *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{facTickCmd(), f.wait()}
	if !f.fixedColors {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func facTickCmd() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return facTick(t) })
}

func (f *Model) wait() tea.Cmd {
	if f.link == nil {
		return nil
	}
	w := f.link.Wait()
	return func() tea.Msg { return facIn{msg: w(), at: time.Now()} }
}

// Update handles a message: a key, the mouse, the terminal, or the server.
func (f *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.width, f.height = max(msg.Width, 20), max(msg.Height, 8)
		f.help.SetWidth(f.width)
		return f, nil
	case tea.BackgroundColorMsg:
		if !f.fixedColors {
			f.dark = msg.IsDark()
			f.restyle()
		}
		return f, nil
	case facTick:
		f.now = time.Time(msg)
		return f, facTickCmd()
	case facSent:
		f.sent[msg.id] = msg.what
		if ans, ok := f.early[msg.id]; ok {
			delete(f.early, msg.id)
			f.answer(msg.id, ans)
		}
		return f, nil
	case tea.KeyPressMsg:
		return f, f.key(msg)
	case tea.PasteMsg:
		if f.form != nil {
			return f, f.formKey(msg)
		}
		return f, nil
	case tea.MouseClickMsg:
		return f, f.click(msg.Mouse())
	case tea.MouseWheelMsg:
		if f.form == nil && f.confirm == nil {
			switch msg.Button {
			case tea.MouseWheelUp:
				f.move(-3)
			case tea.MouseWheelDown:
				f.move(3)
			}
		}
		return f, nil
	case facIn:
		if !msg.at.IsZero() {
			f.now = msg.at
		}
		cmd := f.network(msg.msg, msg.at)
		return f, tea.Batch(cmd, f.wait())
	}
	return f, f.network(msg, time.Time{})
}

// network takes a message from the server or the connection; at is when
// it arrived (zero when not known).
func (f *Model) network(msg any, at time.Time) tea.Cmd {
	switch m := msg.(type) {
	case tui.ConnState:
		f.state = m
	case *wire.Welcome:
		f.welcome(m, at)
		if f.viewAs != "" {
			return f.askView()
		}
	case *wire.Event:
		return f.event(&m.Event, at)
	case *wire.Clock:
		f.setClock(*m, at)
	case *wire.Seats:
		f.seats = m.Seats
		f.clampSel()
	case *wire.Score:
		f.score, f.haveScore = *m, true
	case *wire.Snapshot:
		f.setClock(m.Clock, at)
		if m.View != nil {
			f.viewWaiting = false
			if m.View.Agency == f.viewAs {
				f.snapshot = m.View
				f.clampSel()
			}
		}
	case *wire.Ack:
		ans := "✓"
		if m.Status == wire.Rejected {
			ans = "✗ " + facExplain(m.Rule, m.Reason)
		}
		f.answerOrKeep(m.ID, ans)
		if strings.HasPrefix(m.ID, "ctl-") {
			return f.askClock() // a control moves the clock without a clock message
		}
	case *wire.Error:
		if m.ID != "" {
			f.answerOrKeep(m.ID, "✗ "+m.Message)
		} else {
			f.setFlash("✗ "+m.Message, true)
			f.viewWaiting = false
		}
	case *wire.Created:
		f.created = m
		f.answerOrKeep(m.ID, "✓")
		f.setFlash(fmt.Sprintf("✓ new exercise %s (%s): its codes are under 6 Exercises", m.Join.Exercise, m.Join.Scenario), false)
	}
	return nil
}

func (f *Model) welcome(w *wire.Welcome, at time.Time) {
	f.joined = true
	f.exercise, f.role, f.scenario = w.Exercise, w.Role, w.Scenario
	f.seats = w.Seats
	f.setClock(w.Clock, at)
	if len(w.Injects) > 0 {
		f.msel = w.Injects
	}
	for _, p := range w.People {
		f.people[p.ID] = p.Alias
	}
	if f.viewAs == "" && len(f.seats) > 0 {
		f.viewAs = f.seats[0].Seat
	}
	f.clampSel()
}

func (f *Model) setClock(c wire.Clock, at time.Time) {
	f.clock = c
	f.clockAt = at
}

// exerciseTime is the exercise time now: the last clock read, run on at
// its pace while running.
func (f *Model) exerciseTime() int64 {
	t := f.clock.T
	if f.clock.Running && !f.clockAt.IsZero() && f.now.After(f.clockAt) {
		t += int64(float64(f.now.Sub(f.clockAt).Milliseconds()) * f.clock.Pace)
	}
	return t
}

// running reports whether the exercise is under way: started, not ended.
func (f *Model) running() bool { return f.clock.Started && !f.clock.Ended }

// paused reports whether the facilitator has paused play.
func (f *Model) paused() bool {
	return f.clock.Started && !f.clock.Running && !f.clock.Ended && f.clock.NoPlay == ""
}

// event folds one event into the console's state.
func (f *Model) event(e *engine.Event, at time.Time) tea.Cmd {
	if e.Seq <= f.lastSeq {
		return nil // heard again after a reconnect
	}
	f.lastSeq = e.Seq
	f.events = append(f.events, *e)
	p := &e.Payload
	switch e.Type {
	case engine.EvCommand:
		if f.isSeat(e.Actor) && p.Command != nil {
			f.lastAct[e.Actor] = facAct{what: p.Command.Type, t: e.T}
		}
	case engine.EvInject:
		f.released[p.Inject] = len(f.releases)
		f.releases = append(f.releases, facRelease{id: p.Inject, from: p.From, channel: p.Channel, text: p.Text, cause: p.Cause, to: e.To, t: e.T})
	case engine.CmdNRMReferral:
		if f.cases[p.Person] == nil {
			f.caseOrder = append(f.caseOrder, p.Person)
		}
		f.cases[p.Person] = &facCase{person: p.Person, by: e.Actor, t: e.T}
	case engine.EvRG:
		if c := f.cases[p.Person]; c != nil {
			c.rg, c.rgPositive, c.rgInWorld, c.rgDays, c.rule, c.reason = true, p.Positive, p.InWorld, p.Days, "", ""
		}
	case engine.EvCG:
		if c := f.cases[p.Person]; c != nil {
			c.cg, c.cgOutcome, c.rule, c.reason = true, p.Outcome, "", ""
		}
	case engine.EvRejected:
		if e.Actor == engine.Facilitator && p.Kind == engine.CmdCADecision {
			if c := f.cases[p.Person]; c != nil {
				c.rule, c.reason = p.Rule, p.Reason
			}
		}
	case engine.EvStarted:
		f.clock.Started, f.clock.T, f.clockAt = true, e.T, at
		f.clock.Running = f.clock.NoPlay == "" && !f.clock.Ended
	case "paused":
		f.clock.T, f.clock.Running, f.clockAt = e.T, false, at
	case "resumed":
		f.clock.T, f.clockAt = e.T, at
		f.clock.Running = f.clock.NoPlay == ""
	case "no_play":
		f.clock.NoPlay, f.clock.T, f.clock.Running, f.clockAt = p.Text, e.T, false, at
	case "no_play_lifted":
		f.clock.NoPlay = ""
	case "ended":
		f.clock.Ended, f.clock.Running = true, false
	case "clock_advanced":
		if p.InWorld != "" {
			f.clock.InWorld = p.InWorld
		}
		for _, c := range f.cases {
			if c.rule == "R7" {
				c.rule, c.reason = "", ""
			}
		}
	}
	if f.viewAs != "" && f.pane == facPaneView && e.Visible(f.viewAs) && e.Type != engine.EvCommand {
		return f.askView()
	}
	return nil
}

func (f *Model) isSeat(id string) bool {
	for _, s := range f.seats {
		if s.Seat == id {
			return true
		}
	}
	return false
}

// askView asks for the viewed agency's snapshot, unless a request is on
// its way: the round trip is the throttle.
func (f *Model) askView() tea.Cmd {
	if f.viewWaiting || f.viewAs == "" || f.link == nil {
		return nil
	}
	f.viewWaiting = true
	link, agency := f.link, f.viewAs
	return func() tea.Msg {
		link.Send(wire.ViewRequest{Type: wire.TypeView, Agency: agency})
		return nil
	}
}

// askClock asks for a snapshot without a view: the clock as it is now.
func (f *Model) askClock() tea.Cmd {
	if f.link == nil {
		return nil
	}
	link := f.link
	return func() tea.Msg {
		link.Send(wire.ViewRequest{Type: wire.TypeView})
		return nil
	}
}

// answerOrKeep reports the answer to a command or control, or keeps it
// until its facSent arrives.
func (f *Model) answerOrKeep(id, ans string) {
	if _, ok := f.sent[id]; ok {
		f.answer(id, ans)
		return
	}
	if len(f.early) < 64 {
		f.early[id] = ans
	}
}

func (f *Model) answer(id, ans string) {
	what := f.sent[id]
	delete(f.sent, id)
	if strings.HasPrefix(ans, "✗") {
		f.setFlash("✗ "+what+" refused: "+strings.TrimPrefix(ans, "✗ "), true)
		return
	}
	if f.created == nil || f.created.ID != id {
		f.setFlash("✓ done: "+what, false)
	}
}

func (f *Model) setFlash(s string, bad bool) { f.flash, f.flashBad = s, bad }

// facExplain puts a refusal in plain words, with its rule.
func facExplain(rule, reason string) string {
	switch {
	case rule == "":
		return reason
	case reason == "":
		return "rule " + rule
	}
	return reason + " (" + rule + ")"
}

// ---- sending ----

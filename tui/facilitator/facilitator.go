package facilitator

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"ttx/tui"
	"ttx/tui/components"
	"ttx/tui/styles"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

// facCase is a person referred into the NRM, and the competent
// authority's decisions on them.
type facCase struct {
	person     string
	by         string
	t          int64
	rg, cg     bool
	rgPositive bool
	rgInWorld  string
	rgDays     int
	cgOutcome  string
	rule       string // the rule of the facilitator's last refused decision
	reason     string
}

// pending reports whether the case waits for a decision.
func (c *facCase) pending() bool { return !c.rg || (c.rgPositive && !c.cg) }

// facRelease is an inject as released.
type facRelease struct {
	id, from, channel, text, cause string
	to                             []string
	t                              int64
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

// command sends an engine command as the facilitator.
func (f *Model) command(c engine.Command, what string) tea.Cmd {
	if f.link == nil {
		f.setFlash("… not connected: "+what, true)
		return nil
	}
	f.setFlash("… sent: "+what, false)
	if f.state.State != tui.StateOnline {
		f.setFlash("… queued until back online: "+what, false)
	}
	link := f.link
	return func() tea.Msg { return facSent{id: link.Command(c), what: what} }
}

// control sends a server-side control.
func (f *Model) control(c wire.Control, what string) tea.Cmd {
	if f.link == nil {
		f.setFlash("… not connected: "+what, true)
		return nil
	}
	if f.state.State != tui.StateOnline {
		f.setFlash("✗ offline: "+what+" was not sent; try again when back online", true)
		return nil
	}
	f.ctlN++
	c.Type, c.ID = wire.TypeControl, "ctl-"+strconv.Itoa(f.ctlN)
	f.sent[c.ID] = what
	f.setFlash("… sent: "+what, false)
	link := f.link
	return func() tea.Msg {
		link.Send(c)
		return nil
	}
}

// ---- keys ----

func (f *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	if f.confirm != nil {
		switch msg.String() {
		case "y", "Y":
			c := f.confirm
			f.confirm = nil
			return c.yes()
		case "n", "N", "esc", "q":
			f.confirm = nil
		case "ctrl+c":
			return tea.Quit
		}
		return nil
	}
	if f.form != nil {
		if msg.String() == "ctrl+c" {
			f.form = nil
			return f.quit()
		}
		return f.formKey(msg)
	}
	switch {
	case msg.String() == "esc" && f.help.ShowAll:
		f.help.ShowAll = false
	case key.Matches(msg, k.Quit):
		return f.quit()
	case key.Matches(msg, k.Help):
		f.help.ShowAll = !f.help.ShowAll
	case key.Matches(msg, k.Next):
		f.focus((f.pane + 1) % facPanes)
	case key.Matches(msg, k.Prev):
		f.focus((f.pane + facPanes - 1) % facPanes)
	case key.Matches(msg, k.Jump):
		n, _ := strconv.Atoi(msg.String())
		return f.focus(n - 1)
	case key.Matches(msg, k.Up):
		f.move(-1)
	case key.Matches(msg, k.Down):
		f.move(1)
	case key.Matches(msg, k.PgUp):
		f.move(-10)
	case key.Matches(msg, k.PgDn):
		f.move(10)
	case key.Matches(msg, k.Start):
		if f.clock.Started {
			f.setFlash("The exercise has already started.", false)
			return nil
		}
		return f.control(wire.Control{Op: wire.OpStart}, "start the exercise")
	case key.Matches(msg, k.Pause):
		return f.pauseResume()
	case key.Matches(msg, k.Faster):
		return f.pace(1)
	case key.Matches(msg, k.Slower):
		return f.pace(-1)
	case key.Matches(msg, k.Advance):
		if !f.clock.Running {
			f.setFlash("The clock is not running: start or resume it before advancing.", true)
			return nil
		}
		return f.control(wire.Control{Op: wire.OpAdvance}, "advance to the next scheduled event")
	case key.Matches(msg, k.Trigger):
		return f.openTrigger("")
	case key.Matches(msg, k.Adhoc):
		return f.openAdhoc()
	case key.Matches(msg, k.NoPlay):
		return f.noPlay()
	case key.Matches(msg, k.End):
		return f.askEnd()
	case key.Matches(msg, k.Bot):
		return f.openBot()
	case key.Matches(msg, k.ViewAs):
		if s := f.selectedSeat(); s != nil {
			f.viewAs, f.snapshot = s.Seat, nil
			return f.focus(facPaneView)
		}
	case key.Matches(msg, k.RG):
		return f.openRG()
	case key.Matches(msg, k.CG):
		return f.openCG()
	case key.Matches(msg, k.Days):
		return f.openDays()
	case key.Matches(msg, k.Filter):
		f.cycleFilter(1)
	case key.Matches(msg, k.Left):
		if f.pane == facPaneFeed {
			f.cycleFilter(-1)
			return nil
		}
		return f.cycleView(-1)
	case key.Matches(msg, k.Right):
		if f.pane == facPaneFeed {
			f.cycleFilter(1)
			return nil
		}
		return f.cycleView(1)
	case key.Matches(msg, k.Follow):
		f.feedBack = 0
	case key.Matches(msg, k.Refresh):
		f.viewWaiting = false
		return f.askView()
	case key.Matches(msg, k.Create):
		return f.create()
	case key.Matches(msg, k.Select):
		return f.releaseSelected()
	}
	return nil
}

func (f *Model) quit() tea.Cmd {
	if !f.running() || f.state.State == tui.StateClosed {
		return tea.Quit
	}
	f.confirm = &facConfirm{question: "Quit the console?", detail: []string{"The exercise goes on without you: the server keeps the clock and the bots running, and you can come back with the same command."},
		yes: func() tea.Cmd { return tea.Quit }}
	return nil
}

// focus moves to pane p.
func (f *Model) focus(p int) tea.Cmd {
	if p < 0 || p >= facPanes {
		return nil
	}
	f.pane = p
	if p == facPaneInjects || p == facPaneNRM || p == facPaneFeed {
		f.lower = p
	}
	f.keys.forPane(p)
	if p == facPaneView {
		f.viewWaiting = false
		return f.askView()
	}
	return nil
}

func (f *Model) pauseResume() tea.Cmd {
	switch {
	case !f.clock.Started:
		f.setFlash("The exercise has not started: press s to start it.", true)
	case f.clock.Ended:
		f.setFlash("The exercise has ended.", true)
	case f.clock.NoPlay != "":
		f.setFlash("NO PLAY is in force: press ! to lift it.", true)
	case f.paused():
		return f.command(engine.Command{Type: engine.CmdResume}, "resume")
	default:
		return f.command(engine.Command{Type: engine.CmdPause}, "pause")
	}
	return nil
}

func (f *Model) pace(d int) tea.Cmd {
	cur := f.clock.Pace
	if cur == 0 {
		cur = 1
	}
	i := 0
	for i < len(facPaces) && facPaces[i] < cur-1e-9 {
		i++
	}
	switch {
	case d > 0 && i < len(facPaces) && math.Abs(facPaces[i]-cur) < 1e-9:
		i++
	case d < 0:
		i--
	}
	if i < 0 || i >= len(facPaces) {
		f.setFlash(fmt.Sprintf("The pace is at its limit (×%s).", facPace(cur)), true)
		return nil
	}
	return f.control(wire.Control{Op: wire.OpPace, Pace: facPaces[i]}, "pace ×"+facPace(facPaces[i]))
}

func facPace(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

// agencyOptions lists the seats' ids and names, for forms.
func (f *Model) agencyOptions() (ids, labels []string) {
	for _, s := range f.seats {
		ids = append(ids, s.Seat)
		labels = append(labels, s.Seat)
	}
	return ids, labels
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

func (f *Model) noPlay() tea.Cmd {
	if f.clock.NoPlay != "" {
		f.confirm = &facConfirm{question: "Lift NO PLAY?", detail: []string{"Play resumes on every screen: " + f.clock.NoPlay},
			yes: func() tea.Cmd { return f.command(engine.Command{Type: engine.CmdLiftNoPlay}, "lift NO PLAY") }}
		return nil
	}
	form := &facForm{title: "NO PLAY", intro: []string{"Stops play at once for a real-world matter. Every player's screen shows your message until you lift it with !."},
		fields: []components.Field{components.TextField("text", "Message", true).WithText("", "e.g. NO PLAY: a real casualty in the car park; stay where you are")}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		return f.command(engine.Command{Type: engine.CmdNoPlay, Text: fm.Value("text")}, "NO PLAY"), ""
	}
	return f.setForm(form)
}

func (f *Model) askEnd() tea.Cmd {
	if f.clock.Ended {
		f.setFlash("The exercise has already ended.", false)
		return nil
	}
	f.confirm = &facConfirm{question: "End the exercise now?", detail: []string{"Play stops for everyone and the final score is recorded in the debrief log. This cannot be undone."},
		yes: func() tea.Cmd { return f.command(engine.Command{Type: engine.CmdEnd}, "end the exercise") }}
	return nil
}

func (f *Model) selectedSeat() *wire.SeatInfo {
	if f.pane != facPaneSeats || f.sel[facPaneSeats] >= len(f.seats) {
		return nil
	}
	return &f.seats[f.sel[facPaneSeats]]
}

func (f *Model) openBot() tea.Cmd {
	s := f.selectedSeat()
	if s == nil {
		return nil
	}
	opts := []string{"doctrine", "naive", ""}
	labels := []string{"doctrine bot (plays by the book)", "naive bot (common mistakes)", "people (no bot)"}
	choice := 0
	if s.Bot != "" {
		choice = 2 // back to its people
	}
	seat := s.Seat
	form := &facForm{title: "Who plays " + seat, intro: []string{fmt.Sprintf("%s is now played by %s.", facSeatName(s), facWho(s))},
		fields: []components.Field{components.ChoiceField("bot", "Hand the seat to", opts, labels, choice)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		b := fm.Value("bot")
		what := "hand " + seat + " back to its players"
		if b != "" {
			what = "hand " + seat + " to a " + b + " bot"
		}
		return f.control(wire.Control{Op: wire.OpBot, Seat: seat, Bot: b}, what), ""
	}
	return f.setForm(form)
}

func facSeatName(s *wire.SeatInfo) string {
	if s.Name != "" {
		return s.Name
	}
	return s.Seat
}

// facWho says who holds a seat, in words.
func facWho(s *wire.SeatInfo) string {
	switch {
	case s.Bot != "" && s.Connected > 0:
		return fmt.Sprintf("a %s bot, %d watching", s.Bot, s.Connected)
	case s.Bot != "":
		return "a " + s.Bot + " bot"
	case s.Connected == 0:
		return "nobody yet"
	case len(s.Players) > 0:
		return strings.Join(s.Players, ", ")
	}
	return fmt.Sprintf("%d connected", s.Connected)
}

// ---- the competent authority ----

// pendingCases returns the cases waiting for a decision, then the decided.
func (f *Model) caseList() []*facCase {
	var pend, done []*facCase
	for _, id := range f.caseOrder {
		c := f.cases[id]
		if c.pending() {
			pend = append(pend, c)
		} else {
			done = append(done, c)
		}
	}
	return append(pend, done...)
}

func (f *Model) pendingCount() int {
	n := 0
	for _, c := range f.cases {
		if c.pending() {
			n++
		}
	}
	return n
}

func (f *Model) selectedCase() *facCase {
	cs := f.caseList()
	if f.pane != facPaneNRM || f.sel[facPaneNRM] >= len(cs) {
		return nil
	}
	return cs[f.sel[facPaneNRM]]
}

func (f *Model) personName(id string) string {
	switch a := f.people[id]; {
	case a == "":
		return id
	case strings.EqualFold(a, id):
		return a
	default:
		return a + " (" + id + ")"
	}
}

func (f *Model) openRG() tea.Cmd {
	c := f.selectedCase()
	switch {
	case c == nil:
		return nil
	case c.rg:
		f.setFlash("The Reasonable Grounds decision on "+f.personName(c.person)+" has been made.", false)
		return nil
	}
	person := c.person
	form := &facForm{title: "Reasonable Grounds: " + f.personName(person),
		intro:  []string{fmt.Sprintf("Referred by %s at %s. As the competent authority: are there reasonable grounds to believe this person is a victim? (R6)", c.by, styles.Clock(c.t))},
		fields: []components.Field{components.ChoiceField("outcome", "Decision", []string{"positive", "negative"}, []string{"RG+ positive", "RG- negative"}, 0)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		o := fm.Value("outcome")
		return f.command(engine.Command{Type: engine.CmdCADecision, Person: person, Kind: "rg", Outcome: o}, "RG "+o+" for "+f.personName(person)), ""
	}
	return f.setForm(form)
}

func (f *Model) openCG() tea.Cmd {
	c := f.selectedCase()
	switch {
	case c == nil:
		return nil
	case !c.rg || !c.rgPositive:
		f.setFlash("A Conclusive Grounds decision follows a positive Reasonable Grounds decision (R8).", true)
		return nil
	case c.cg:
		f.setFlash("The Conclusive Grounds decision on "+f.personName(c.person)+" has been made.", false)
		return nil
	}
	person := c.person
	intro := []string{"As the competent authority, on the balance of probabilities (R8)."}
	if end, ok := facRecoveryEnd(c); ok {
		intro = append(intro, "The recovery period runs until "+end.Format(time.DateOnly)+" (R7).")
	}
	form := &facForm{title: "Conclusive Grounds: " + f.personName(person), intro: intro,
		fields: []components.Field{components.ChoiceField("outcome", "Outcome", engine.Outcomes, []string{"victim of trafficking", "victim of slavery", "not recognised"}, 0)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		o := fm.Value("outcome")
		return f.command(engine.Command{Type: engine.CmdCADecision, Person: person, Kind: "cg", Outcome: o}, "CG "+strings.ReplaceAll(o, "_", " ")+" for "+f.personName(person)), ""
	}
	return f.setForm(form)
}

// facRecoveryEnd is the end of a case's recovery period (R7).
func facRecoveryEnd(c *facCase) (time.Time, bool) {
	t, err := time.Parse(facInWorld, c.rgInWorld)
	if err != nil || !c.rgPositive || c.rgDays <= 0 {
		return time.Time{}, false
	}
	return t.AddDate(0, 0, c.rgDays), true
}

// daysNeeded is how many in-world days the clock must skip for the case's
// recovery period to end; 0 when it has.
func (f *Model) daysNeeded(c *facCase) int {
	end, ok := facRecoveryEnd(c)
	if !ok {
		return 0
	}
	now, err := time.Parse(facInWorld, f.clock.InWorld)
	if err != nil || !now.Before(end) {
		return 0
	}
	return int(math.Ceil(end.Sub(now).Hours() / 24))
}

func (f *Model) openDays() tea.Cmd {
	days := 1
	if c := f.selectedCase(); c != nil {
		days = max(f.daysNeeded(c), 1)
	}
	form := &facForm{title: "Advance the in-world clock", intro: []string{"Skips in-world days (for a recovery period, R7) without moving exercise time."},
		fields: []components.Field{components.LineField("days", "Days", "1 to 3650", strconv.Itoa(days), true, nil)}}
	form.submit = func(fm *components.Form) (tea.Cmd, string) {
		n, err := strconv.Atoi(fm.Value("days"))
		if err != nil || n < 1 || n > 3650 {
			return nil, "days is a whole number from 1 to 3650"
		}
		return f.command(engine.Command{Type: engine.CmdAdvanceClock, Days: n}, fmt.Sprintf("advance the in-world clock %d days", n)), ""
	}
	return f.setForm(form)
}

// ---- feed, view as, exercises ----

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
		return len(f.caseOrder)
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
		x := 0
		for p, l := range f.tabLabels() {
			w := ansi.StringWidth(l) + 2
			if m.X >= x && m.X < x+w {
				return f.focus(p)
			}
			x += w
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
			f.clickRow(p, row, len(f.caseOrder), r.h-2)
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
	start, end := facWindow(n, f.sel[p], h)
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

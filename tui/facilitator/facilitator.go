package facilitator

import (
	"slices"
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

	events   []engine.Event
	lastSeq  int64
	released map[string]int // inject id to index in releases
	releases []facRelease
	lastAct  map[string]facAct

	// fv is the engine's facilitator view, from the latest snapshot:
	// cases, requests, decisions and seats. lastAsk is when one was last
	// asked for; refreshDue says a refresh is waiting for its second.
	fv         *engine.FacilitatorView
	lastAsk    time.Time
	refreshDue bool

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
	early      map[string]answer // answers that came before their facSent
	ctlN       int
}

// New returns a console fed by conn (nil: fed by its caller,
// as in tests).
func New(conn *tui.Conn, opts ...Option) *Model {
	f := &Model{dark: true, noColor: styles.NoColorFromEnv(), keys: newFacKeys(), help: help.New(), width: 80, height: 24,
		state: tui.ConnState{State: tui.StateConnecting}, people: map[string]string{}, released: map[string]int{}, lastAct: map[string]facAct{},
		sent: map[string]string{}, early: map[string]answer{}, injFollow: true, lower: facPaneFeed}
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
	case facRefresh:
		f.refreshDue = false
		f.now = msg.at
		return f, f.askFacilitator(msg.at)
	case facIn:
		if !msg.at.IsZero() {
			f.now = msg.at
		}
		cmd := f.network(msg.msg, msg.at)
		return f, tea.Batch(cmd, f.wait())
	}
	return f, f.network(msg, time.Time{})
}

package replay

import (
	"fmt"
	"time"
	"ttx/tui/styles"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"ttx/engine"
)

// The panes of the replay viewer, in tab order.
const (
	replayPaneFeed = iota
	replayPaneView
	replayPaneJourneys
	replayPaneScore
	replayPanes
)

// replayPaneNames are the panes' titles on the tab bar.
var replayPaneNames = [replayPanes]string{"Events", "View as", "Journeys", "Score"}

// replaySpeeds are the playback speeds: exercise seconds a real second.
var replaySpeeds = []int{1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600}

// replayDefaultSpeed is the index in replaySpeeds that playback starts at:
// a minute of the exercise each second.
const replayDefaultSpeed = 4

// replayTickEvery is the interval between playback steps.
const replayTickEvery = 100 * time.Millisecond

// replayTickMsg advances playback; gen tells a stale tick from the live one.
type replayTickMsg struct{ gen int }

// Options set up a [Model] viewer.
type Options struct {
	// NoColor draws without colour, in bold, reverse and plain text (see
	// [NoColorFromEnv]).
	NoColor bool
	// Light starts with styles for a light background, until the terminal
	// reports its own colour.
	Light bool
}

// Model is the reviewer's viewer of a debrief log, a Bubble Tea model. It
// plays the log back with the engine, offline: the events as they happened,
// filtered by agency; what any agency knew at any moment; each victim's
// journey; and the score as it built up, each point with the event that
// earned it. Make one with [New]; after the program ends, [Model.Err]
// reports a log that could not be read.
type Model struct {
	path   string
	header engine.Header
	size   int64

	// Loading.
	loadEvents, loadBytes int64
	d                     *replayData
	st                    *replayState
	err                   error

	w, h    int
	dark    bool
	noColor bool
	styles  styles.Styles
	keys    replayKeyMap
	help    help.Model

	pane     int
	cursor   int   // events that have happened
	now      int64 // exercise time, ms
	playing  bool
	speed    int
	gen      int
	filter   int // 0: every agency; i: the i-th agency
	commands bool
	as       int // index of the agency viewed as
	scroll   [replayPanes]int

	jumping  bool
	jump     textinput.Model
	status   string
	quitting bool

	// What the cursor shows, folded by sync.
	card   engine.Scorecard
	asView engine.View
	asK    int // commands applied for asView
}

// New returns a viewer of the debrief log at path. It first checks
// the log's header, so that a file that is not a debrief log, or one this
// engine cannot re-run, fails here, before any screen; the events are read
// and verified once the program starts, with progress shown.
func New(path string, o Options) (Model, error) {
	h, size, err := replayCheckHeader(path)
	if err != nil {
		return Model{}, err
	}
	m := Model{path: path, header: h, size: size, w: 80, h: 24, dark: !o.Light, noColor: o.NoColor,
		keys: newReplayKeyMap(), help: help.New(), speed: replayDefaultSpeed}
	m.jump = textinput.New()
	m.jump.Prompt = "Jump to: "
	m.jump.Placeholder = "H:MM:SS, 45m, 1h30m or #seq"
	m.jump.CharLimit = 24
	m.setStyles()
	return m, nil
}

// Err returns the error that stopped the log from loading, if any.
func (m Model) Err() error { return m.err }

// Init starts reading the log and asks the terminal for its background.
func (m Model) Init() tea.Cmd {
	return tea.Batch(replayLoad(m.path, m.header), tea.RequestBackgroundColor)
}

func (m *Model) setStyles() {
	m.styles = styles.New(m.dark, m.noColor)
	if m.noColor {
		m.help.Styles = help.Styles{}
	} else {
		m.help.Styles = help.DefaultStyles(m.dark)
		m.help.Styles.ShortKey = m.styles.Bold
		m.help.Styles.FullKey = m.styles.Bold
	}
	st := textinput.DefaultStyles(m.dark)
	if m.noColor {
		st = textinput.Styles{}
		st.Cursor.Blink = true
	}
	m.jump.SetStyles(st)
}

// Update handles keys, the mouse, resizing, loading and playback.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case replayProgressMsg:
		m.loadEvents, m.loadBytes = msg.events, msg.bytes
		return m, replayWait(msg.ch)
	case replayLoadedMsg:
		if msg.err != nil {
			m.err = msg.err
			return m, tea.Quit
		}
		m.d, m.st = msg.data, newReplayState(msg.data)
		m.loadEvents = int64(len(m.d.events))
		m.sync()
		return m, nil
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.clampScroll()
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.setStyles()
		return m, nil
	case replayTickMsg:
		if !m.playing || msg.gen != m.gen || m.d == nil {
			return m, nil
		}
		m.now += replayTickEvery.Milliseconds() * int64(replaySpeeds[m.speed])
		if c := m.d.countAt(m.now); c != m.cursor {
			m.cursor, m.scroll[replayPaneFeed] = c, 0
		}
		if m.cursor >= len(m.d.events) {
			m.cursor, m.playing = len(m.d.events), false
			m.now = m.timeAt(m.cursor)
			m.status = m.endOfLog()
		}
		m.sync()
		if !m.playing {
			return m, nil
		}
		return m, m.tick()
	case replayForkedMsg:
		m.forked(msg)
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseClickMsg:
		return m.click(msg.Mouse())
	case tea.MouseWheelMsg:
		return m.wheel(msg.Mouse())
	}
	if m.jumping {
		var cmd tea.Cmd
		m.jump, cmd = m.jump.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) tick() tea.Cmd {
	gen := m.gen
	return tea.Tick(replayTickEvery, func(time.Time) tea.Msg { return replayTickMsg{gen: gen} })
}

func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" || m.d == nil && key.Matches(msg, m.keys.Quit) {
		m.quitting = true
		return m, tea.Quit
	}
	if m.d == nil {
		return m, nil
	}
	if m.jumping {
		switch msg.String() {
		case "esc":
			m.jumping = false
			m.jump.Blur()
			m.status = ""
			return m, nil
		case "enter":
			if err := m.jumpTo(m.jump.Value()); err != nil {
				m.status = err.Error()
				return m, nil
			}
			m.jumping = false
			m.jump.Blur()
			return m, nil
		}
		var cmd tea.Cmd
		m.jump, cmd = m.jump.Update(msg)
		return m, cmd
	}
	k := m.keys
	m.status = ""
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(msg, k.Fork):
		m.stop()
		return m, m.forkHere()
	case key.Matches(msg, k.Play):
		return m, m.togglePlay()
	case key.Matches(msg, k.Next):
		m.stop()
		m.step(1)
	case key.Matches(msg, k.Prev):
		m.stop()
		m.step(-1)
	case key.Matches(msg, k.Later):
		m.stop()
		m.setCursor(m.d.countAt(m.now + time.Minute.Milliseconds()))
	case key.Matches(msg, k.Earlier):
		m.stop()
		m.setCursor(m.d.countAt(m.now - time.Minute.Milliseconds()))
	case key.Matches(msg, k.Home):
		m.stop()
		m.setCursor(0)
	case key.Matches(msg, k.End):
		m.stop()
		m.setCursor(len(m.d.events))
	case key.Matches(msg, k.Jump):
		m.stop()
		m.jumping = true
		m.jump.Reset()
		return m, m.jump.Focus()
	case key.Matches(msg, k.Faster):
		m.speed = min(m.speed+1, len(replaySpeeds)-1)
		m.status = "Playback speed " + m.speedLabel() + "."
	case key.Matches(msg, k.Slower):
		m.speed = max(m.speed-1, 0)
		m.status = "Playback speed " + m.speedLabel() + "."
	case key.Matches(msg, k.NextPane):
		m.setPane((m.pane + 1) % replayPanes)
	case key.Matches(msg, k.PrevPane):
		m.setPane((m.pane + replayPanes - 1) % replayPanes)
	case key.Matches(msg, k.Feed):
		m.setPane(replayPaneFeed)
	case key.Matches(msg, k.ViewAs):
		m.setPane(replayPaneView)
	case key.Matches(msg, k.Journeys):
		m.setPane(replayPaneJourneys)
	case key.Matches(msg, k.Score):
		m.setPane(replayPaneScore)
	case key.Matches(msg, k.Up):
		m.scrollBy(-1)
	case key.Matches(msg, k.Down):
		m.scrollBy(1)
	case key.Matches(msg, k.PageUp):
		m.scrollBy(-max(m.bodyHeight()-2, 1))
	case key.Matches(msg, k.PageDown):
		m.scrollBy(max(m.bodyHeight()-2, 1))
	case key.Matches(msg, k.Filter):
		m.filter = (m.filter + 1) % (len(m.d.agencies) + 1)
		m.setPane(replayPaneFeed)
	case key.Matches(msg, k.FilterBack):
		m.filter = (m.filter + len(m.d.agencies)) % (len(m.d.agencies) + 1)
		m.setPane(replayPaneFeed)
	case key.Matches(msg, k.Commands):
		m.commands = !m.commands
		if m.commands {
			m.status = "Showing the commands as received, as well as what they did."
		} else {
			m.status = "Hiding the commands as received; showing what they did."
		}
		m.setPane(replayPaneFeed)
	case key.Matches(msg, k.Agency):
		if n := len(m.d.agencies); n > 0 {
			if m.pane == replayPaneView {
				m.as = (m.as + 1) % n
			}
			m.scroll[replayPaneView] = 0
			m.setPane(replayPaneView)
		}
	case key.Matches(msg, k.AgencyBack):
		if n := len(m.d.agencies); n > 0 {
			if m.pane == replayPaneView {
				m.as = (m.as + n - 1) % n
			}
			m.scroll[replayPaneView] = 0
			m.setPane(replayPaneView)
		}
	}
	return m, nil
}

// speedLabel names the playback speed.
func (m Model) speedLabel() string {
	s := replaySpeeds[m.speed]
	switch {
	case s == 1:
		return "real time"
	case s%3600 == 0:
		return fmt.Sprintf("%dh a second", s/3600)
	case s%60 == 0:
		return fmt.Sprintf("%dm a second", s/60)
	}
	return fmt.Sprintf("%ds a second", s)
}

func (m *Model) togglePlay() tea.Cmd {
	if m.playing {
		m.stop()
		m.status = "Paused."
		return nil
	}
	if m.cursor >= len(m.d.events) {
		m.setCursor(0)
	}
	m.playing = true
	m.gen++
	return m.tick()
}

func (m *Model) stop() {
	if m.playing {
		m.playing = false
		m.gen++
	}
}

func (m *Model) setPane(p int) {
	m.pane = p
	m.sync()
	m.clampScroll()
}

// timeAt is the exercise time once n events have happened.
func (m Model) timeAt(n int) int64 {
	if n <= 0 || m.d == nil {
		return 0
	}
	return m.d.events[n-1].T
}

// setCursor moves to the moment n events have happened.
func (m *Model) setCursor(n int) {
	m.cursor = min(max(n, 0), len(m.d.events))
	m.now = m.timeAt(m.cursor)
	m.scroll[replayPaneFeed] = 0
	m.sync()
}

// step moves to the next (dir 1) or previous (dir -1) event the feed shows.
func (m *Model) step(dir int) {
	evs := m.d.events
	if dir > 0 {
		for i := m.cursor; i < len(evs); i++ {
			if m.shown(i) {
				m.setCursor(i + 1)
				return
			}
		}
		m.setCursor(len(evs))
		m.status = m.endOfLog()
		return
	}
	for i := m.cursor - 2; i >= 0; i-- {
		if m.shown(i) {
			m.setCursor(i + 1)
			return
		}
	}
	m.setCursor(0)
	m.status = "Start of the log."
}

// endOfLog says that the cursor is at the end, and whether the exercise
// ended there.
func (m Model) endOfLog() string {
	if m.d.ended {
		return "End of the log: the exercise ended here."
	}
	return "End of the log, which stops before the exercise ended (a log still being written, or cut short)."
}

// shown reports whether the feed shows the i-th event under its filters.
func (m Model) shown(i int) bool {
	e := &m.d.events[i]
	if e.Type == engine.EvCommand && !m.commands {
		return false
	}
	if m.filter == 0 {
		return true
	}
	return replayInvolves(e, m.d.agencies[m.filter-1])
}

// replayInvolves reports whether an event concerns an agency: the agency
// acted, saw it, or is named in it.
func replayInvolves(e *engine.Event, a string) bool {
	if e.Actor == a || e.Payload.Agency == a {
		return true
	}
	for _, t := range e.To {
		if t == a {
			return true
		}
	}
	for _, t := range e.Payload.Agencies {
		if t == a {
			return true
		}
	}
	return false
}

// sync folds the log up to the cursor for what the panes show.
func (m *Model) sync() {
	if m.d == nil {
		return
	}
	m.card = m.st.scoreAt(m.cursor)
	if m.pane == replayPaneView && len(m.d.agencies) > 0 {
		m.as = min(m.as, len(m.d.agencies)-1)
		m.asK = m.d.batchesAt(m.cursor)
		m.asView = m.st.viewAt(m.d.agencies[m.as], m.asK)
	}
}

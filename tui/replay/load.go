package replay

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
)

// replayProgressEvery is how often, at most, the loader reports how far it
// has read.
const replayProgressEvery = 50 * time.Millisecond

// replayData is a debrief log read, verified and indexed for the viewer. It
// never changes once loaded.
type replayData struct {
	path   string
	header engine.Header
	sc     *engine.Scenario
	opts   engine.Options
	ended  bool
	events []engine.Event
	// batchEnd[k] is the number of events once the k-th command has been
	// applied: the events of one call of [engine.Exercise.Apply] end there.
	batchEnd []int
	// batchCmd[k] is the index of the k-th command's event.
	batchCmd []int
	// phases are the indexes of the phase events.
	phases []int
	// length is the exercise time the timeline spans.
	length int64

	agencies  []string          // agency ids in scenario order
	alias     map[string]string // person id -> alias
	indicator map[string]string // indicator id -> text
	commandOf map[string]int    // command id -> index of its event
}

// replayProgressMsg reports how far the loader has read.
type replayProgressMsg struct {
	ch     <-chan tea.Msg
	events int64
	bytes  int64
}

// replayLoadedMsg carries the loaded log, or the error that stopped it.
type replayLoadedMsg struct {
	data *replayData
	err  error
}

// replayCountingReader counts the bytes read through it.
type replayCountingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c replayCountingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// replayCheckHeader reads the header of the log at path and checks what can
// be checked before play: that it is a debrief log this engine can replay
// and that its scenario loads. It returns the header and the file's size.
func replayCheckHeader(path string) (engine.Header, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return engine.Header{}, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return engine.Header{}, 0, err
	}
	if st.IsDir() {
		return engine.Header{}, 0, fmt.Errorf("%s is a directory, not a debrief log", path)
	}
	lr, err := engine.NewLogReader(f)
	if err != nil {
		return engine.Header{}, 0, err
	}
	h := lr.Header()
	if h.Engine != engine.Version {
		return h, 0, fmt.Errorf("written by engine %s; this is engine %s, which cannot re-run it to show what each agency knew ('ttx score' can still score it): %w", h.Engine, engine.Version, engine.ErrEngineVersion)
	}
	if _, _, err := engine.ScenarioFromHeader(h); err != nil {
		return h, 0, err
	}
	return h, st.Size(), nil
}

// replayLoad returns a command that reads the log at path in the
// background, sending progress messages and then a [replayLoadedMsg].
func replayLoad(path string, h engine.Header) tea.Cmd {
	return func() tea.Msg {
		// Room for one progress report and the final message, so that
		// the loader never blocks, even if the viewer has quit.
		ch := make(chan tea.Msg, 2)
		go replayRead(path, h, ch)
		return <-ch
	}
}

// replayWait returns a command that waits for the loader's next message.
func replayWait(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-ch }
}

// replayRead reads, verifies and indexes the log, reporting progress on ch
// and ending with a [replayLoadedMsg]. ch has room for two messages; a
// progress report is sent only into an empty channel (this goroutine is
// its only sender), so the last message always finds room.
func replayRead(path string, h engine.Header, ch chan tea.Msg) {
	d, err := replayReadFile(path, h, func(events, bytes int64) {
		if len(ch) == 0 {
			ch <- replayProgressMsg{ch: ch, events: events, bytes: bytes}
		}
	})
	ch <- replayLoadedMsg{data: d, err: err}
}

// replayReadFile reads the log at path; progress, if not nil, is called now
// and then with the events and bytes read so far.
func replayReadFile(path string, h engine.Header, progress func(events, bytes int64)) (*replayData, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var read atomic.Int64
	return replayReadLog(path, replayCountingReader{r: f, n: &read}, h, func(events int64) {
		if progress != nil {
			progress(events, read.Load())
		}
	})
}

// replayReadLog verifies the log in r, whose header is h, with
// [engine.ReplayLog] and indexes its events. The commands are applied a second time, to an exercise of the
// viewer's own, to learn which events each command produced.
func replayReadLog(path string, r io.Reader, h engine.Header, progress func(events int64)) (*replayData, error) {
	d := &replayData{path: path, alias: map[string]string{}, indicator: map[string]string{}, commandOf: map[string]int{}}
	sc, opts, err := engine.ScenarioFromHeader(h)
	if err != nil {
		return nil, err
	}
	d.header, d.sc, d.opts = h, sc, opts
	x := engine.New(sc, opts)
	var last time.Time
	var setupErr error
	each := func(e *engine.Event) {
		if setupErr != nil {
			return
		}
		i := len(d.events)
		d.events = append(d.events, *e)
		switch e.Type {
		case engine.EvCommand:
			c := e.Payload.Command
			if c.ID != "" {
				d.commandOf[c.ID] = i
			}
			got := x.Apply(*c, e.Wall)
			at := -1
			for j := range got {
				if got[j].Type == engine.EvCommand {
					at = j
					break
				}
			}
			if at < 0 {
				setupErr = fmt.Errorf("seq %d: the engine produced no command event for this command", e.Seq)
				return
			}
			d.batchEnd = append(d.batchEnd, i-at+len(got))
			d.batchCmd = append(d.batchCmd, i)
		case engine.EvPhase:
			d.phases = append(d.phases, i)
		}
		if progress != nil && (len(d.events)%4096 == 0 && time.Since(last) >= replayProgressEvery) {
			last = time.Now()
			progress(int64(len(d.events)))
		}
	}
	rp, err := engine.ReplayLog(r, each)
	if err != nil {
		return nil, err
	}
	if setupErr != nil {
		return nil, setupErr
	}
	if g := rp.Header; g.ScenarioSHA256 != h.ScenarioSHA256 || g.Seed != h.Seed || g.RulesAsOf != h.RulesAsOf || g.Engine != h.Engine {
		return nil, errors.New("the log changed while it was being read")
	}
	d.ended = rp.Ended
	d.index()
	if progress != nil {
		progress(int64(len(d.events)))
	}
	return d, nil
}

// index fills in the lookups the screens use.
func (d *replayData) index() {
	for _, a := range d.sc.Agencies {
		d.agencies = append(d.agencies, a.ID)
	}
	for _, p := range d.sc.People {
		d.alias[p.ID] = p.Alias
		for _, ind := range p.Indicators {
			d.indicator[ind.ID] = ind.Text
		}
	}
	d.length = d.sc.Length.D.Milliseconds()
	if n := len(d.events); n > 0 && d.events[n-1].T > d.length {
		d.length = d.events[n-1].T
	}
}

// countAt returns how many events happened at or before exercise time t.
func (d *replayData) countAt(t int64) int {
	return sort.Search(len(d.events), func(i int) bool { return d.events[i].T > t })
}

// batchesAt returns how many whole commands lie within the first n events.
func (d *replayData) batchesAt(n int) int {
	return sort.Search(len(d.batchEnd), func(k int) bool { return d.batchEnd[k] > n })
}

// phaseAt returns the title of the phase in force after the first n events.
func (d *replayData) phaseAt(n int) string {
	k := sort.Search(len(d.phases), func(k int) bool { return d.phases[k] >= n })
	if k == 0 {
		return ""
	}
	return d.events[d.phases[k-1]].Payload.Text
}

// who returns a short name for an actor: an agency id, a person's alias,
// the facilitator or the engine.
func (d *replayData) who(id string) string {
	if a := d.alias[id]; a != "" {
		return a
	}
	return id
}

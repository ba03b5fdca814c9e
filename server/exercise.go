package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"ttx/engine"
	"ttx/server/wire"
)

// joinFile is what an exercise needs besides its log to resume: its codes
// and seat settings. It is kept beside the log, readable by its owner only.
type joinFile struct {
	ID          string            `json:"id"`
	Scenario    string            `json:"scenario"`
	Facilitator string            `json:"facilitator"`
	Observer    string            `json:"observer"`
	Room        string            `json:"room,omitempty"`
	Seats       map[string]string `json:"seats"`
	Bots        map[string]string `json:"bots,omitempty"`
	Pace        float64           `json:"pace"`
}

func joinPath(logPath string) string { return strings.TrimSuffix(logPath, ".jsonl") + ".join.json" }

// writeJoin saves the join file atomically and durably.
func writeJoin(path string, j joinFile) error {
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write join file: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write join file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write join file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write join file: %w", err)
	}
	return os.Rename(tmp, path)
}

// exercise is one hosted exercise. Its run goroutine owns everything below
// the channel; other goroutines talk to it only through in.
type exercise struct {
	// sentSeats is the seat list as the facilitators last heard it.
	sentSeats []wire.SeatInfo
	srv       *Server
	id        string
	join      joinFile
	path      string
	in        chan request

	sc     *engine.Scenario
	x      *engine.Exercise
	lock   *logLock // held while the exercise writes its log
	file   *os.File
	bw     *bufio.Writer
	lw     *engine.LogWriter
	events []engine.Event
	acks   map[string]wire.Ack
	subs   map[*client]struct{}
	bots   map[string]engine.Bot
	botN   int
	last   map[string]wire.SeatInfo
	failed error // the log could not be written: the exercise stops taking commands
	// roomSent is the room's view as last sent to the room, without its
	// time (room.go).
	roomSent []byte

	// The clock: exercise time is baseT plus pace times the wall time since
	// baseWall, while running.
	started   bool
	running   bool
	botTicker *time.Ticker
	pace      float64
	baseT     int64
	baseWall  time.Time
}

// request is a message to an exercise's goroutine.
type request struct {
	kind string // join, leave, command, control, view, more (history), start, end
	c    *client
	cmd  *wire.Command
	ctl  *wire.Control
	view *wire.ViewRequest
	h    *wire.Hello
	done chan struct{} // closed when an "end" request is carried out
}

func newExercise(s *Server, j joinFile, sc *engine.Scenario) *exercise {
	ex := &exercise{srv: s, id: j.ID, join: j, sc: sc, in: make(chan request, 1024), acks: make(map[string]wire.Ack),
		subs: make(map[*client]struct{}), bots: make(map[string]engine.Bot), last: make(map[string]wire.SeatInfo), pace: j.Pace}
	if ex.pace <= 0 {
		ex.pace = 1
	}
	for seat, kind := range j.Bots {
		if b, err := engine.NewBot(kind); err == nil {
			ex.bots[seat] = b
		}
	}
	return ex
}

func createExercise(s *Server, j joinFile, sc *engine.Scenario, data []byte, file string, o CreateOptions) (*exercise, error) {
	ex := newExercise(s, j, sc)
	ex.path = filepath.Join(s.opts.DataDir, j.ID+".jsonl")
	lock, err := lockLog(ex.path)
	if err != nil {
		return nil, fmt.Errorf("create debrief log: %w", err)
	}
	if err := ex.createLog(j, sc, data, file, o); err != nil {
		lock.release()
		return nil, err
	}
	ex.lock = lock
	return ex, nil
}

// createLog writes the join file and the new log's header; the caller
// holds the log's lock.
func (ex *exercise) createLog(j joinFile, sc *engine.Scenario, data []byte, file string, o CreateOptions) error {
	s := ex.srv
	if err := writeJoin(joinPath(ex.path), j); err != nil {
		return err
	}
	rules := sc.RulesAsOf.Time
	if !o.RulesAsOf.IsZero() {
		rules = o.RulesAsOf
	}
	f, err := os.OpenFile(ex.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create debrief log: %w", err)
	}
	ex.file = f
	ex.bw = bufio.NewWriterSize(f, 64<<10)
	sum := sha256.Sum256(data)
	h := engine.Header{Scenario: sc.ID, ScenarioFile: file, ScenarioSHA256: hex.EncodeToString(sum[:]), ScenarioSource: string(data),
		Seed: o.Seed, RulesAsOf: rules.Format(time.DateOnly), Engine: engine.Version, Created: s.opts.Now().UTC(), Exercise: j.ID}
	ex.lw, err = engine.NewLogWriter(ex.bw, h)
	if err == nil {
		err = ex.sync()
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("create debrief log: %w", err)
	}
	ex.x = engine.New(sc, engine.Options{Seed: o.Seed, RulesAsOf: rules})
	return nil
}

// resumeExercise rebuilds an exercise from its log: what was written but
// not whole (the server died mid-write) is cut off, as it was never
// acknowledged.
func resumeExercise(s *Server, logPath string) (*exercise, error) {
	lock, err := lockLog(logPath)
	if err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	ex, err := resumeLocked(s, logPath)
	if err != nil {
		lock.release()
		return nil, err
	}
	ex.lock = lock
	return ex, nil
}

// resumeLocked is resumeExercise once the log is locked.
func resumeLocked(s *Server, logPath string) (*exercise, error) {
	jb, err := os.ReadFile(joinPath(logPath))
	if err != nil {
		return nil, fmt.Errorf("resume: the join file beside the log: %w", err)
	}
	var j joinFile
	if err := json.Unmarshal(jb, &j); err != nil {
		return nil, fmt.Errorf("resume: join file %s: %w", joinPath(logPath), err)
	}
	f, err := os.OpenFile(logPath, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	ex, err := resumeFrom(s, j, logPath, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return ex, nil
}

// resumeFrom re-runs the log in f through the engine once, cutting off an
// unfinished end (then reading the shortened log again, which happens only
// after a crash mid-write), and continues the chain where the engine's
// reader left it.
func resumeFrom(s *Server, j joinFile, logPath string, f *os.File) (*exercise, error) {
	var events []engine.Event
	read := func() (*engine.Replay, error) {
		events = events[:0]
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("resume: %w", err)
		}
		rp, err := engine.ResumeLog(bufio.NewReaderSize(f, 1<<16), func(e *engine.Event) { events = append(events, *e) })
		if err != nil {
			return nil, fmt.Errorf("resume %s: %w", logPath, err)
		}
		return rp, nil
	}
	rp, err := read()
	if err != nil {
		return nil, err
	}
	if rp.Torn {
		if err := f.Truncate(rp.End); err != nil {
			return nil, fmt.Errorf("resume: cut the unfinished end of the log: %w", err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("resume: %w", err)
		}
		s.log.Warn("cut the unfinished end of the log", "log", logPath, "bytes", rp.End)
		if rp, err = read(); err != nil {
			return nil, err
		}
		if rp.Torn {
			return nil, fmt.Errorf("resume %s: the log is still unfinished after cutting it at byte %d", logPath, rp.End)
		}
	}
	if _, err := f.Seek(rp.End, io.SeekStart); err != nil {
		return nil, fmt.Errorf("resume: %w", err)
	}
	ex := newExercise(s, j, rp.Scenario)
	ex.path, ex.file, ex.x, ex.events = logPath, f, rp.Exercise, events
	ex.bw = bufio.NewWriterSize(f, 64<<10)
	ex.lw = engine.ResumeLogWriter(ex.bw, rp.Head, rp.LastSeq)
	ex.rebuildAcks()
	ex.restoreBots()
	ex.started = ex.x.Started()
	ex.baseT = ex.x.Now()
	ex.baseWall = s.opts.Now()
	ex.running = ex.shouldRun()
	return ex, nil
}

// botPrefix begins the command ids of a seat's bot: bot:SEAT-N, with N
// counting every bot command of the exercise.
func botPrefix(seat string) string { return "bot:" + seat + "-" }

// restoreBots brings the bots of a resumed exercise up to date with the
// log: the counter of their command ids continues after the highest in the
// log, and each bot remembers what its seat's bot did, so that it does not
// do it again.
func (ex *exercise) restoreBots() {
	for _, e := range ex.events {
		if e.Type != engine.EvCommand || e.Payload.Command == nil {
			continue
		}
		rest, ok := strings.CutPrefix(e.Payload.Command.ID, "bot:")
		if !ok {
			continue
		}
		if i := strings.LastIndexByte(rest, '-'); i >= 0 {
			if n, err := strconv.Atoi(rest[i+1:]); err == nil {
				ex.botN = max(ex.botN, n)
			}
		}
	}
	for seat, b := range ex.bots {
		ex.restoreBot(seat, b)
	}
}

// restoreBot tells a new bot for seat what the seat's bots did before.
func (ex *exercise) restoreBot(seat string, b engine.Bot) {
	var own []engine.Command
	prefix := botPrefix(seat)
	for _, e := range ex.events {
		if e.Type == engine.EvCommand && e.Payload.Command != nil && e.Actor == seat && strings.HasPrefix(e.Payload.Command.ID, prefix) {
			own = append(own, *e.Payload.Command)
		}
	}
	if len(own) > 0 {
		v := ex.x.View(seat)
		engine.RestoreBot(b, &v, own)
	}
}

// rebuildAcks recovers the answer to every command in the log, so that a
// retry after a crash is answered again and not applied twice.
func (ex *exercise) rebuildAcks() {
	var cur string
	for _, e := range ex.events {
		if e.Type == engine.EvCommand && e.Payload.Command != nil {
			cur = e.Payload.Command.ID
			if cur != "" {
				ex.acks[cur] = wire.Ack{Type: wire.TypeAck, ID: clientID(cur), Status: wire.Accepted, Seq: e.Seq}
			}
			continue
		}
		if cur == "" {
			continue
		}
		a := ex.acks[cur]
		a.Seq = e.Seq
		if e.Type == engine.EvRejected && e.Payload.CommandID == cur {
			a.Status, a.Rule, a.Reason = wire.Rejected, e.Payload.Rule, e.Payload.Reason
		}
		ex.acks[cur] = a
		if e.Type == engine.EvCommand {
			cur = ""
		}
	}
}

// commandKey names a client's command uniquely within the exercise: who
// sent it (a seat or the facilitator) and the client's id.
func commandKey(principal, id string) string { return principal + ":" + id }

func clientID(key string) string {
	_, id, _ := strings.Cut(key, ":")
	return id
}

func (ex *exercise) sync() error {
	if err := ex.bw.Flush(); err != nil {
		return err
	}
	return ex.file.Sync()
}

// now returns the exercise time now.
func (ex *exercise) now() int64 {
	t := ex.baseT
	if ex.running {
		t += int64(float64(ex.srv.opts.Now().Sub(ex.baseWall).Milliseconds()) * ex.pace)
	}
	return max(t, ex.x.Now())
}

// rebase fixes the clock's base at the current time, before its rate or
// running state changes.
func (ex *exercise) rebase() {
	ex.baseT = ex.now()
	ex.baseWall = ex.srv.opts.Now()
}

func (ex *exercise) shouldRun() bool {
	return ex.started && !ex.x.Paused() && ex.x.NoPlay() == "" && !ex.x.Ended()
}

// clock is the exercise clock as a role may see it: only the facilitator
// and observers learn when the next scripted event is due.
func (ex *exercise) clock(role string) wire.Clock {
	t := ex.now()
	c := wire.Clock{Type: wire.TypeClock, T: t, Started: ex.started, Running: ex.running, Pace: ex.pace, Phase: ex.x.Phase(), NoPlay: ex.x.NoPlay(), Ended: ex.x.Ended(),
		InWorld: ex.x.InWorld().Add(time.Duration(t-ex.x.Now()) * time.Millisecond).Format("2006-01-02 15:04")}
	if next, ok := ex.x.NextDue(); ok && role != wire.RolePlayer && role != wire.RoleRoom {
		c.Next = next
	}
	return c
}

// run is the exercise's goroutine.
func (ex *exercise) run(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	ex.botTicker = time.NewTicker(ex.botPeriod())
	defer ex.botTicker.Stop()
	clockTicker := time.NewTicker(clockEvery)
	defer clockTicker.Stop()
	defer ex.close()
	ex.schedule(timer)
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-ex.in:
			batch := []request{r}
		drain:
			for len(batch) < batchMax {
				select {
				case r := <-ex.in:
					batch = append(batch, r)
				default:
					break drain
				}
			}
			ex.handle(batch)
		case <-timer.C:
			if ex.running {
				due, ok := ex.x.NextDue()
				if ok && due <= ex.now() {
					ex.apply([]pendingCmd{{cmd: engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: due}}})
				}
			}
		case <-ex.botTicker.C:
			ex.botTurn()
		case <-clockTicker.C:
			ex.broadcastClock()
		}
		ex.schedule(timer)
	}
}

func (ex *exercise) botPeriod() time.Duration {
	return time.Duration(float64(botTurn) / ex.pace)
}

// schedule sets the timer for the next thing due by itself.
func (ex *exercise) schedule(timer *time.Timer) {
	timer.Stop()
	due, ok := ex.x.NextDue()
	if !ok || !ex.running {
		return
	}
	wait := time.Duration(float64(time.Duration(due-ex.now())*time.Millisecond) / ex.pace)
	timer.Reset(max(wait, 0))
}

func (ex *exercise) close() {
	if err := ex.sync(); err != nil {
		ex.srv.log.Error("flush debrief log", "exercise", ex.id, "err", err)
	}
	ex.file.Close()
	if err := ex.lock.release(); err != nil {
		ex.srv.log.Error("unlock debrief log", "exercise", ex.id, "err", err)
	}
	for c := range ex.subs {
		c.shutdown(wire.CloseGoingAway, "exercise stopped")
	}
}

// pendingCmd is a command on its way into the engine, and who to answer.
type pendingCmd struct {
	cmd  engine.Command
	key  string    // for acks; "" for the server's own commands
	c    *client   // nil for the server's own commands
	dups []*client // others who sent the same id in the same batch
}

// handle processes a batch of requests: commands and controls first, with
// one fsync for all of them, then the acknowledgements and the fan-out,
// then joins, leaves and views, which read the state as it now is.
func (ex *exercise) handle(batch []request) {
	var cmds []*pendingCmd
	var later []request
	keys := make(map[string]*pendingCmd)
	for _, r := range batch {
		switch r.kind {
		case "command":
			if p, ok := ex.admit(r, keys); ok {
				cmds = append(cmds, &p)
				keys[p.key] = &p
			}
		case "control":
			for _, p := range ex.control(r) {
				cmds = append(cmds, &p)
			}
		default:
			later = append(later, r)
		}
	}
	if len(cmds) > 0 {
		pcs := make([]pendingCmd, len(cmds))
		for i, p := range cmds {
			pcs[i] = *p
		}
		started := ex.started
		ex.apply(pcs)
		if !started && ex.started {
			ex.recordSeats() // play began: who holds each seat now
		}
	}
	for _, r := range later {
		switch r.kind {
		case "join":
			ex.joinClient(r.c, r.h)
			ex.recordSeats()
		case "leave":
			if _, ok := ex.subs[r.c]; ok {
				delete(ex.subs, r.c)
				ex.seatsChanged()
				ex.recordSeats()
			}
		case "view":
			ex.sendView(r.c, r.view.Agency)
		case "more":
			if _, ok := ex.subs[r.c]; ok {
				ex.sendHistory(r.c)
			}
		case "end":
			if !ex.x.Ended() {
				ex.apply([]pendingCmd{{cmd: engine.Command{Actor: engine.Facilitator, Type: engine.CmdEnd, T: ex.now(), ID: "end"}}})
			}
			close(r.done)
		case "start":
			if !ex.started {
				ex.apply([]pendingCmd{ex.start()})
				ex.recordSeats()
			}
		}
	}
}

// admit checks a client's command and turns it into an engine command.
func (ex *exercise) admit(r request, batch map[string]*pendingCmd) (pendingCmd, bool) {
	c, m := r.c, r.cmd
	principal := c.seat
	if c.role == wire.RoleFacilitator {
		principal = engine.Facilitator
	}
	key := commandKey(principal, m.ID)
	if a, ok := ex.acks[key]; ok { // a retry: answer again, apply never twice
		c.sendMsg(a)
		return pendingCmd{}, false
	}
	if p := batch[key]; p != nil { // a retry in the same batch: answer it with the first
		p.dups = append(p.dups, c)
		return pendingCmd{}, false
	}
	fail := func(code, msg string) (pendingCmd, bool) {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: code, Message: msg, ID: m.ID})
		return pendingCmd{}, false
	}
	switch {
	case c.role == wire.RoleObserver:
		return fail(wire.CodeNotPermitted, "observers watch; they cannot act")
	case c.role == wire.RoleRoom:
		return fail(wire.CodeNotPermitted, "the room's screen shows the exercise; it cannot act")
	case ex.failed != nil:
		return fail(wire.CodeUnavailable, "the exercise cannot record commands: "+ex.failed.Error())
	case !ex.started:
		return fail(wire.CodeNotStarted, "the facilitator has not started the exercise yet")
	}
	cmd := cleanCommand(m.Command)
	cmd.ID = key
	cmd.T = ex.now()
	switch c.role {
	case wire.RolePlayer:
		if cmd.Actor != "" && cmd.Actor != c.seat {
			return fail(wire.CodeNotPermitted, fmt.Sprintf("this connection plays %s; it cannot act for %s", c.seat, cmd.Actor))
		}
		cmd.Actor = c.seat
	case wire.RoleFacilitator:
		if cmd.Actor == "" {
			cmd.Actor = engine.Facilitator
		}
	}
	return pendingCmd{cmd: cmd, key: key, c: c}, true
}

// control carries out a facilitator's server-side control. It may return
// engine commands (a tick) to apply.
func (ex *exercise) control(r request) []pendingCmd {
	c, m := r.c, r.ctl
	reply := func(err string) []pendingCmd {
		if err != "" {
			c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadField, Message: err, ID: m.ID})
		} else {
			c.sendMsg(&wire.Ack{Type: wire.TypeAck, ID: m.ID, Status: wire.Accepted, Seq: ex.x.Seq()})
		}
		return nil
	}
	if c.role != wire.RoleFacilitator {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeNotPermitted, Message: "only the facilitator has controls", ID: m.ID})
		return nil
	}
	switch m.Op {
	case wire.OpStart:
		if ex.started {
			return reply("the exercise has already started")
		}
		c.sendMsg(&wire.Ack{Type: wire.TypeAck, ID: m.ID, Status: wire.Accepted})
		return []pendingCmd{ex.start()}
	case wire.OpPace:
		if m.Pace < 0.1 || m.Pace > 120 {
			return reply("pace is 0.1 to 120 exercise seconds per second")
		}
		ex.rebase()
		ex.pace = m.Pace
		ex.join.Pace = m.Pace
		ex.botTicker.Reset(ex.botPeriod())
		ex.saveJoin()
		ex.broadcastClock()
		return reply("")
	case wire.OpAdvance:
		due, ok := ex.x.NextDue()
		switch {
		case !ex.running:
			return reply("the clock is not running: start or resume first")
		case !ok:
			return reply("nothing is scheduled")
		}
		if due > ex.now() {
			ex.baseT, ex.baseWall = due, ex.srv.opts.Now()
		}
		ex.broadcastClock()
		c.sendMsg(&wire.Ack{Type: wire.TypeAck, ID: m.ID, Status: wire.Accepted})
		return []pendingCmd{{cmd: engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: max(due, ex.x.Now())}}}
	case wire.OpBot:
		if !slices.ContainsFunc(ex.sc.Agencies, func(a engine.Agency) bool { return a.ID == m.Seat }) {
			return reply(fmt.Sprintf("no seat %q", m.Seat))
		}
		if m.Bot == "" {
			delete(ex.bots, m.Seat)
			delete(ex.join.Bots, m.Seat)
		} else {
			b, err := engine.NewBot(m.Bot)
			if err != nil {
				return reply(err.Error())
			}
			ex.restoreBot(m.Seat, b)
			ex.bots[m.Seat] = b
			if ex.join.Bots == nil {
				ex.join.Bots = make(map[string]string)
			}
			ex.join.Bots[m.Seat] = m.Bot
		}
		ex.saveJoin()
		ex.seatsChanged()
		defer ex.recordSeats()
		return reply("")
	case wire.OpCreate:
		if m.Scenario == "" || strings.ContainsAny(m.Scenario, `/\.`) {
			return reply("name a bundled scenario by its id")
		}
		// Creating reads and checks a scenario and writes files with
		// fsync: not on this exercise's goroutine, whose clock and fan-out
		// would wait for it.
		s := ex.srv
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			info, err := s.Create(CreateOptions{Scenario: m.Scenario})
			if err != nil {
				c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadField, Message: err.Error(), ID: m.ID})
				return
			}
			c.sendMsg(&wire.Created{Type: wire.TypeCreated, ID: m.ID, Join: info})
		}()
		return nil
	}
	return reply(fmt.Sprintf("unknown control %q (want one of %s)", m.Op, strings.Join(wire.Controls, ", ")))
}

// start sets the clock running and returns the tick that begins play; the
// clock message follows when apply sees the exercise start.
func (ex *exercise) start() pendingCmd {
	ex.started = true
	ex.baseT, ex.baseWall = ex.x.Now(), ex.srv.opts.Now()
	ex.running = ex.shouldRun()
	return pendingCmd{cmd: engine.Command{Actor: engine.Facilitator, Type: engine.CmdTick, T: ex.x.Now(), ID: "start"}}
}

func (ex *exercise) saveJoin() {
	if err := writeJoin(joinPath(ex.path), ex.join); err != nil {
		ex.srv.log.Error("save join file", "exercise", ex.id, "err", err)
	}
}

// apply runs commands through the engine, appends their events to the log
// and syncs it once, and only then acknowledges them and sends the events
// out: an acknowledged command is on disk.
func (ex *exercise) apply(cmds []pendingCmd) {
	if ex.failed != nil {
		return
	}
	type answered struct {
		c   *client
		ack wire.Ack
	}
	var acks []answered
	first := len(ex.events)
	started := ex.x.Started()
	seatsMoved := false
	for _, p := range cmds {
		if !ex.started {
			ex.started = true
		}
		p.cmd.T = max(p.cmd.T, ex.x.Now())
		evs := ex.x.Apply(p.cmd, ex.srv.opts.Now().UTC())
		for i := range evs {
			if err := ex.lw.Append(&evs[i]); err != nil {
				ex.fail(err)
				return
			}
		}
		ex.events = append(ex.events, evs...)
		if p.key == "" {
			continue
		}
		ack := wire.Ack{Type: wire.TypeAck, ID: clientID(p.key), Status: wire.Accepted, Seq: evs[len(evs)-1].Seq}
		for _, e := range evs {
			if e.Type == engine.EvRejected && e.Payload.CommandID == p.key {
				ack.Status, ack.Rule, ack.Reason = wire.Rejected, e.Payload.Rule, e.Payload.Reason
			}
		}
		ex.acks[p.key] = ack
		acks = append(acks, answered{p.c, ack})
		if seat := p.cmd.Actor; seat != engine.Facilitator {
			si := ex.last[seat]
			si.LastAction, si.LastT = p.cmd.Type, p.cmd.T
			ex.last[seat] = si
			seatsMoved = true
		}
	}
	// A pause, resume, NO PLAY or end takes effect at its command's time,
	// before anyone hears of it.
	changed := false
	if run := ex.shouldRun(); run != ex.running {
		ex.baseT, ex.baseWall = ex.x.Now(), ex.srv.opts.Now()
		ex.running, changed = run, true
	}
	if err := ex.sync(); err != nil {
		ex.fail(err)
		return
	}
	for _, a := range acks {
		a.c.sendMsg(a.ack)
	}
	for _, p := range cmds {
		for _, d := range p.dups {
			d.sendMsg(ex.acks[p.key])
		}
	}
	ex.fanOut(ex.events[first:])
	ex.sendRoom()
	if changed || !started {
		ex.broadcastClock()
	}
	if len(ex.events) > first {
		ex.broadcastScore()
	}
	if seatsMoved {
		ex.seatsChanged()
	}
}

// fail stops the exercise from taking commands when its log cannot be
// written: nothing may be acknowledged that is not on disk.
func (ex *exercise) fail(err error) {
	ex.failed = err
	ex.srv.log.Error("debrief log write failed; the exercise stops taking commands", "exercise", ex.id, "err", err)
}

// fanOut sends each event to every connection that may see it, encoding it
// once.
func (ex *exercise) fanOut(evs []engine.Event) {
	for i := range evs {
		e := &evs[i]
		frame, err := wire.Encode(&wire.Event{Type: wire.TypeEvent, Event: *e})
		if err != nil {
			ex.srv.log.Error("encode event", "err", err)
			continue
		}
		for c := range ex.subs {
			if !c.catching && c.sees(e) {
				c.sendFrame(frame)
			}
		}
	}
}

func (c *client) sees(e *engine.Event) bool {
	switch c.role {
	case wire.RolePlayer:
		return e.Visible(c.seat)
	case wire.RoleRoom:
		return false // the room gets the room's view, never an event
	}
	return true
}

func (ex *exercise) broadcastClock() {
	frames := make(map[bool][]byte, 2) // by whether the receiver is a player
	for c := range ex.subs {
		player := c.role == wire.RolePlayer || c.role == wire.RoleRoom
		if frames[player] == nil {
			role := wire.RoleFacilitator
			if player {
				role = wire.RolePlayer
			}
			b, err := wire.Encode(ex.clock(role))
			if err != nil {
				return
			}
			frames[player] = b
		}
		c.sendFrame(frames[player])
	}
}

func (ex *exercise) broadcastScore() {
	var frame []byte
	for c := range ex.subs {
		if c.role == wire.RolePlayer || c.role == wire.RoleRoom {
			continue
		}
		if frame == nil {
			s := ex.x.Score()
			var err error
			if frame, err = wire.Encode(&wire.Score{Type: wire.TypeScore, Total: s.Total, Agencies: s.Agencies}); err != nil {
				return
			}
		}
		c.sendFrame(frame)
	}
}

func (ex *exercise) seats() []wire.SeatInfo {
	var out []wire.SeatInfo
	for _, a := range ex.sc.Agencies {
		si := ex.last[a.ID]
		si.Seat, si.Name, si.Kind, si.Bot = a.ID, a.Name, a.Kind, ex.join.Bots[a.ID]
		si.Connected, si.Players = 0, nil
		for c := range ex.subs {
			if c.role == wire.RolePlayer && c.seat == a.ID {
				si.Connected++
				if c.name != "" {
					si.Players = append(si.Players, c.name)
				}
			}
		}
		sort.Strings(si.Players)
		out = append(out, si)
	}
	return out
}

// seatsFor is the seat list as a role may see it: a player learns which
// agencies are in the exercise, not what they have been doing.
func (ex *exercise) seatsFor(role string) []wire.SeatInfo {
	seats := ex.seats()
	if role == wire.RolePlayer || role == wire.RoleRoom {
		for i := range seats {
			seats[i] = wire.SeatInfo{Seat: seats[i].Seat, Name: seats[i].Name, Kind: seats[i].Kind}
		}
	}
	return seats
}

// recordSeats puts in the log who now plays each seat, where that changed
// since the log last said: the names of the players connected to it, else
// its bot, else nobody. Before play starts nothing is recorded; the start
// records every seat.
func (ex *exercise) recordSeats() {
	if !ex.started || ex.x.Ended() || ex.failed != nil {
		return
	}
	now := map[string]engine.SeatView{}
	for _, s := range ex.x.Seats() {
		now[s.Agency] = s
	}
	var cmds []pendingCmd
	for _, si := range ex.seats() {
		kind, name := engine.SeatEmpty, ""
		switch {
		case len(si.Players) > 0 || si.Connected > 0:
			kind, name = engine.SeatPerson, strings.Join(si.Players, ", ")
		case si.Bot != "":
			kind, name = engine.SeatBot, si.Bot
		}
		if was, ok := now[si.Seat]; ok && was.Kind == kind && was.Name == name {
			continue
		}
		if _, ok := now[si.Seat]; !ok && kind == engine.SeatEmpty {
			continue // an empty seat that was never held needs no line
		}
		cmds = append(cmds, pendingCmd{cmd: engine.Command{Actor: engine.Facilitator, Type: engine.CmdSeat, Agency: si.Seat, Kind: kind, Text: name, T: ex.now()}})
	}
	if len(cmds) > 0 {
		ex.apply(cmds)
	}
}

// seatsChanged sends the facilitators a seat message for each seat whose
// state changed since the last: changes, not the whole list (a welcome
// carries the whole list).
func (ex *exercise) seatsChanged() {
	now := ex.seats()
	var frames [][]byte
	for i, si := range now {
		if i < len(ex.sentSeats) && reflect.DeepEqual(ex.sentSeats[i], si) {
			continue
		}
		frame, err := wire.Encode(&wire.Seat{Type: wire.TypeSeat, Seat: si})
		if err != nil {
			return
		}
		frames = append(frames, frame)
	}
	ex.sentSeats = now
	for c := range ex.subs {
		if c.role != wire.RoleFacilitator {
			continue
		}
		for _, f := range frames {
			c.sendFrame(f)
		}
	}
}

// joinClient welcomes a connection and brings it up to date: a snapshot
// first, then, for a connection resuming from last_seq or a facilitator's
// first connection, the events it has not seen, in pages
// ([exercise.sendHistory]), then caught_up.
func (ex *exercise) joinClient(c *client, h *wire.Hello) {
	w := &wire.Welcome{Type: wire.TypeWelcome, Version: wire.Version, Exercise: ex.id, Role: c.role, Seat: c.seat, Seq: ex.x.Seq(), Seats: ex.seatsFor(c.role), Clock: ex.clock(c.role),
		Scenario: wire.ScenarioInfo{ID: ex.sc.ID, Title: ex.sc.Title, Summary: ex.sc.Summary, ContentWarning: ex.sc.ContentWarning, RulesAsOf: ex.x.Rules().AsOf.Format(time.DateOnly)}}
	for _, a := range ex.sc.Agencies {
		if a.ID == c.seat {
			w.Briefing = a.Briefing
		}
	}
	if c.role == wire.RoleFacilitator {
		w.Injects, w.People = ex.scenarioLists()
	}
	ex.subs[c] = struct{}{}
	c.sendMsg(w)
	ex.sendView(c, "")
	ex.seatsChanged()
	if c.role != wire.RolePlayer {
		ex.broadcastScore()
	}
	c.hist = len(ex.events)
	switch {
	case h.LastSeq > 0 && h.LastSeq <= ex.x.Seq():
		c.hist = sort.Search(len(ex.events), func(i int) bool { return ex.events[i].Seq > h.LastSeq })
	case h.LastSeq == 0 && c.role == wire.RoleFacilitator:
		// The facilitator's snapshot has no view: the console is built
		// from the events, so a first connection gets them all.
		c.hist = 0
	}
	c.catching = true
	ex.sendHistory(c)
}

// historyPage is how many history frames are queued for a connection at a
// time; the next page is queued when its writer starts on this one.
const historyPage = 256

// sendHistory queues the next page of a connection's history, or, at the
// end of it, caught_up; live events are sent from then on.
func (ex *exercise) sendHistory(c *client) {
	if !c.catching {
		return
	}
	for sent := 0; c.hist < len(ex.events); c.hist++ {
		if sent == historyPage {
			c.moreHistory()
			return
		}
		e := &ex.events[c.hist]
		if !c.sees(e) {
			continue
		}
		frame, err := wire.Encode(&wire.Event{Type: wire.TypeEvent, Event: *e})
		if err != nil {
			ex.srv.log.Error("encode event", "err", err)
			continue
		}
		c.sendFrame(frame)
		sent++
	}
	c.catching = false
	c.sendMsg(&wire.CaughtUp{Type: wire.TypeCaughtUp, Seq: ex.x.Seq()})
}

// scenarioLists returns the scenario's injects and people for the
// facilitator's welcome.
func (ex *exercise) scenarioLists() ([]wire.InjectInfo, []wire.PersonInfo) {
	injects := make([]wire.InjectInfo, 0, len(ex.sc.Injects))
	for _, in := range ex.sc.Injects {
		ii := wire.InjectInfo{ID: in.ID, From: in.From, To: in.To, Channel: in.Channel, Text: in.Text}
		if in.At != nil {
			ii.At, ii.Timed = in.At.D.Milliseconds(), true
		}
		injects = append(injects, ii)
	}
	people := make([]wire.PersonInfo, 0, len(ex.sc.People))
	for _, p := range ex.sc.People {
		people = append(people, wire.PersonInfo{ID: p.ID, Alias: p.Alias})
	}
	return injects, people
}

// sendView sends a snapshot of an agency's view: a player's own, or any
// agency's for the facilitator and observers ("view as").
func (ex *exercise) sendView(c *client, agency string) {
	if c.role == wire.RolePlayer {
		agency = c.seat
	}
	if c.role == wire.RoleRoom {
		ex.sendRoomTo(c)
		return
	}
	s := &wire.Snapshot{Type: wire.TypeSnapshot, Seq: ex.x.Seq(), Clock: ex.clock(c.role)}
	if agency != "" {
		if !slices.ContainsFunc(ex.sc.Agencies, func(a engine.Agency) bool { return a.ID == agency }) {
			c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadField, Message: fmt.Sprintf("no agency %q", agency)})
			return
		}
		v := ex.x.View(agency)
		s.View = &v
	}
	if c.role == wire.RoleFacilitator {
		fv := ex.x.FacilitatorView()
		s.Facilitator = &fv
	}
	c.sendMsg(s)
}

// botTurn lets every bot seat act.
func (ex *exercise) botTurn() {
	if !ex.running || len(ex.bots) == 0 {
		return
	}
	var cmds []pendingCmd
	for _, a := range ex.sc.Agencies {
		b := ex.bots[a.ID]
		if b == nil {
			continue
		}
		v := ex.x.View(a.ID)
		for _, c := range b.Act(&v) {
			ex.botN++
			c.Actor, c.T, c.ID = a.ID, ex.now(), botPrefix(a.ID)+strconv.Itoa(ex.botN)
			cmds = append(cmds, pendingCmd{cmd: c})
		}
	}
	if len(cmds) > 0 {
		ex.apply(cmds)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

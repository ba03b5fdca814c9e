// Package load measures a ttx server under load: many clients across many
// exercises on loopback, the latency from a command being sent to the last
// affected client receiving its event, and the server's memory per idle
// connection. It measures a bare websocket broadcast hub the same way, so
// that the two can be compared in one run.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server"
	"ttx/server/wire"
)

// Options set the size of a run.
type Options struct {
	// Clients is the number of player connections, spread evenly across
	// the exercises and, within each, across its seats.
	Clients int
	// Exercises is the number of exercises (or broadcast rooms).
	Exercises int
	// Rounds is the number of commands each exercise's sender sends.
	Rounds int
	// Gap is the time between one exercise's rounds.
	Gap time.Duration
}

// Latency summarises send-to-last-receive times.
type Latency struct {
	Samples int
	P50     time.Duration
	P99     time.Duration
	Max     time.Duration
}

// Report is the result of a run against a ttx server.
type Report struct {
	Latency Latency
	// PerConnection is the growth of the server's heap and stacks when the
	// clients connected and sat idle, divided by their number.
	PerConnection float64
	// HeapPerConnection and StackPerConnection split PerConnection.
	HeapPerConnection, StackPerConnection float64
	Connections                           int
	// Ack is the durable acknowledgement's latency: from a command being
	// sent to its ack arriving, which the server sends only once the
	// command's events are fsynced to its log.
	Ack Latency
	// LineBytes is the mean length of the lines the server appended to its
	// logs for the run's commands, for [FsyncLatency].
	LineBytes int
}

func summarise(d []time.Duration) Latency {
	if len(d) == 0 {
		return Latency{}
	}
	slices.Sort(d)
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return Latency{Samples: len(d), P50: at(0.50), P99: at(0.99), Max: d[len(d)-1]}
}

// round is one command's journey: sent once, awaited by every client of
// its exercise.
type round struct {
	sent      time.Time
	remaining atomic.Int32
	last      atomic.Int64 // unix nanoseconds of the latest receipt
	done      chan struct{}
}

// tracker matches received frames to rounds by a marker in their text.
type tracker struct {
	mu     sync.Mutex
	rounds map[int]*round
	acks   []time.Duration // sent to ack received, per round
}

const marker = "load-round="

func (t *tracker) start(id, receivers int) *round {
	r := &round{sent: time.Now(), done: make(chan struct{})}
	r.remaining.Store(int32(receivers))
	t.mu.Lock()
	t.rounds[id] = r
	t.mu.Unlock()
	return r
}

// seen records a frame's arrival if it carries a round's marker.
func (t *tracker) seen(frame []byte, at time.Time) {
	if bytes.HasPrefix(frame, []byte(`{"type":"ack"`)) {
		t.acked(frame, at)
		return
	}
	i := bytes.Index(frame, []byte(marker))
	if i < 0 {
		return
	}
	rest := frame[i+len(marker):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	id, err := strconv.Atoi(string(rest[:j]))
	if err != nil {
		return
	}
	t.mu.Lock()
	r := t.rounds[id]
	t.mu.Unlock()
	if r == nil {
		return
	}
	for {
		old := r.last.Load()
		if at.UnixNano() <= old || r.last.CompareAndSwap(old, at.UnixNano()) {
			break
		}
	}
	if r.remaining.Add(-1) == 0 {
		close(r.done)
	}
}

// acked records the latency of a round's acknowledgement.
func (t *tracker) acked(frame []byte, at time.Time) {
	var a wire.Ack
	if json.Unmarshal(frame, &a) != nil {
		return
	}
	id, err := strconv.Atoi(a.ID)
	if err != nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.rounds[id]; r != nil {
		t.acks = append(t.acks, at.Sub(r.sent))
	}
}

// client is one load connection; its reader feeds the tracker.
type client struct {
	ws    *websocket.Conn
	group int
	wmu   sync.Mutex
}

func (c *client) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteJSON(v)
}

func (c *client) read(t *tracker, ready chan<- struct{}, readyOn string) {
	signalled := readyOn == ""
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		now := time.Now()
		if !signalled && bytes.Contains(data, []byte(readyOn)) {
			signalled = true
			ready <- struct{}{}
		}
		t.seen(data, now)
	}
}

// dialAll connects n clients with up to 64 dials at a time.
func dialAll(ctx context.Context, urls func(i int) string, n int) ([]*client, error) {
	clients := make([]*client, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	d := websocket.Dialer{HandshakeTimeout: 20 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 1024}
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ws, _, err := d.DialContext(ctx, urls(i), nil)
			if err != nil {
				errs <- fmt.Errorf("dial client %d: %w", i, err)
				return
			}
			clients[i] = &client{ws: ws}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		for _, c := range clients {
			if c != nil {
				c.ws.Close()
			}
		}
		return nil, err
	}
	return clients, nil
}

// drive runs the rounds: each group's first client sends, every client of
// the group receives. send sends round id from a client.
func drive(ctx context.Context, o Options, t *tracker, groups [][]*client, send func(c *client, id int) error) ([]time.Duration, error) {
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	errc := make(chan error, len(groups))
	for g, members := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range o.Rounds {
				id := g*1_000_000 + r
				rd := t.start(id, len(members))
				if err := send(members[0], id); err != nil {
					errc <- err
					return
				}
				select {
				case <-rd.done:
					mu.Lock()
					lat = append(lat, time.Unix(0, rd.last.Load()).Sub(rd.sent))
					mu.Unlock()
				case <-time.After(10 * time.Second):
					errc <- fmt.Errorf("group %d round %d: %d clients never received it", g, r, rd.remaining.Load())
					return
				case <-ctx.Done():
					errc <- ctx.Err()
					return
				}
				time.Sleep(o.Gap)
			}
		}()
	}
	wg.Wait()
	close(errc)
	return lat, <-errc
}

func closeAll(cs []*client) {
	for _, c := range cs {
		c.ws.Close()
	}
}

// Target is a running ttx server to load.
type Target struct {
	// HTTP is the server's base URL (http://host:port), WS its websocket URL.
	HTTP, WS string
	// First is the join information of an exercise already running; its
	// facilitator token creates the others.
	First wire.JoinInfo
}

func health(base string, gc bool) (server.Health, error) {
	u := base + "/healthz"
	if gc {
		u += "?gc=1"
	}
	var h server.Health
	resp, err := http.Get(u)
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	return h, json.NewDecoder(resp.Body).Decode(&h)
}

// Run loads a ttx server: it creates the exercises, starts them, connects
// the clients idle to measure memory, then sends the rounds.
func Run(ctx context.Context, tg Target, o Options) (Report, error) {
	exercises := []wire.JoinInfo{tg.First}
	for len(exercises) < o.Exercises {
		req, _ := http.NewRequestWithContext(ctx, "POST", tg.HTTP+"/api/exercises", strings.NewReader(`{"scenario":"`+tg.First.Scenario+`"}`))
		req.Header.Set("Authorization", "Bearer "+tg.First.Facilitator)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return Report{}, fmt.Errorf("create exercise: %w", err)
		}
		var info wire.JoinInfo
		err = json.NewDecoder(resp.Body).Decode(&info)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusCreated {
			return Report{}, fmt.Errorf("create exercise: status %d: %v", resp.StatusCode, err)
		}
		exercises = append(exercises, info)
	}
	for _, ex := range exercises {
		if err := start(ctx, tg.WS, ex); err != nil {
			return Report{}, err
		}
	}
	seats := make([]string, 0, len(tg.First.Seats))
	for s := range tg.First.Seats {
		seats = append(seats, s)
	}
	slices.Sort(seats)
	// The sender of each exercise must see its own share: put it first,
	// in the seat that plays police (or the first seat).
	if i := slices.Index(seats, "police"); i > 0 {
		seats[0], seats[i] = seats[i], seats[0]
	}
	before, err := health(tg.HTTP, true)
	if err != nil {
		return Report{}, fmt.Errorf("healthz: %w", err)
	}
	clients, err := dialAll(ctx, func(int) string { return tg.WS }, o.Clients)
	if err != nil {
		return Report{}, err
	}
	defer closeAll(clients)
	t := &tracker{rounds: make(map[int]*round)}
	ready := make(chan struct{}, len(clients))
	groups := make([][]*client, len(exercises))
	for i, c := range clients {
		c.group = i % len(exercises)
		member := len(groups[c.group])
		groups[c.group] = append(groups[c.group], c)
		ex := exercises[c.group]
		if err := c.write(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: ex.Seats[seats[member%len(seats)]]}); err != nil {
			return Report{}, fmt.Errorf("hello: %w", err)
		}
		go c.read(t, ready, `"type":"snapshot"`)
	}
	for range clients {
		select {
		case <-ready:
		case <-time.After(60 * time.Second):
			return Report{}, errors.New("clients were not all welcomed within a minute")
		}
	}
	time.Sleep(500 * time.Millisecond)
	after, err := health(tg.HTTP, true)
	if err != nil {
		return Report{}, fmt.Errorf("healthz: %w", err)
	}
	rep := Report{Connections: after.Connections, HeapPerConnection: (float64(after.HeapInuse) - float64(before.HeapInuse)) / float64(len(clients)), StackPerConnection: (float64(after.StackInuse) - float64(before.StackInuse)) / float64(len(clients))}
	rep.PerConnection = (float64(after.HeapInuse+after.StackInuse) - float64(before.HeapInuse+before.StackInuse)) / float64(len(clients))
	others := seats[1:]
	lat, err := drive(ctx, o, t, groups, func(c *client, id int) error {
		return c.write(wire.Command{Type: wire.TypeCommand, ID: strconv.Itoa(id), Command: engine.Command{Type: engine.CmdShare, To: others, Text: marker + strconv.Itoa(id)}})
	})
	rep.Latency = summarise(lat)
	t.mu.Lock()
	rep.Ack = summarise(t.acks)
	t.mu.Unlock()
	return rep, err
}

// FsyncLatency measures the floor under a durable acknowledgement: n
// appends of a line of lineBytes to a new file in dir, each followed by
// fsync, as the server appends and syncs its log before acknowledging.
func FsyncLatency(dir string, lineBytes, n int) (Latency, error) {
	f, err := os.CreateTemp(dir, "fsync-*.jsonl")
	if err != nil {
		return Latency{}, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	line := append(bytes.Repeat([]byte("x"), max(lineBytes-1, 0)), '\n')
	d := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		if _, err := f.Write(line); err != nil {
			return Latency{}, err
		}
		if err := f.Sync(); err != nil {
			return Latency{}, err
		}
		d = append(d, time.Since(start))
	}
	return summarise(d), nil
}

// LineBytes returns the mean length, newline included, of the event lines
// of the debrief logs in dir.
func LineBytes(dir string) (int, error) {
	logs, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return 0, err
	}
	var size, lines int
	for _, p := range logs {
		b, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		if i := bytes.IndexByte(b, '\n'); i >= 0 { // the header is not appended per command
			b = b[i+1:]
		}
		size += len(b)
		lines += bytes.Count(b, []byte("\n"))
	}
	if lines == 0 {
		return 0, errors.New("no events in the logs")
	}
	return size / lines, nil
}

// start connects as an exercise's facilitator and starts it.
func start(ctx context.Context, wsURL string, ex wire.JoinInfo) error {
	ws, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		return fmt.Errorf("facilitator: %w", err)
	}
	defer ws.Close()
	ws.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: ex.Facilitator, Exercise: ex.Exercise})
	ws.WriteJSON(wire.Control{Type: wire.TypeControl, ID: "start", Op: wire.OpStart})
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return fmt.Errorf("start %s: %w", ex.Exercise, err)
		}
		if bytes.Contains(data, []byte(`"id":"start"`)) {
			return nil
		}
	}
}

// Baseline is a bare broadcast hub in the manner of gorilla/websocket's
// chat example: every message a client sends goes to every client of its
// room (?room=N). It does no decoding, logging or filtering: the floor
// that a ttx server's latency is compared with.
type Baseline struct {
	upgrader websocket.Upgrader
	mu       sync.Mutex
	rooms    map[string]map[*baseConn]struct{}
}

type baseConn struct {
	ws   *websocket.Conn
	send chan []byte
}

// NewBaseline returns an empty hub.
func NewBaseline() *Baseline {
	return &Baseline{rooms: make(map[string]map[*baseConn]struct{}), upgrader: websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, WriteBufferPool: &sync.Pool{}}}
}

// ServeHTTP upgrades a connection and joins it to its room.
func (b *Baseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := b.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	room := r.URL.Query().Get("room")
	c := &baseConn{ws: ws, send: make(chan []byte, 256)}
	b.mu.Lock()
	if b.rooms[room] == nil {
		b.rooms[room] = make(map[*baseConn]struct{})
	}
	b.rooms[room][c] = struct{}{}
	b.mu.Unlock()
	go func() {
		for m := range c.send {
			ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if ws.WriteMessage(websocket.TextMessage, m) != nil {
				break
			}
		}
		ws.Close()
	}()
	go func() {
		defer func() {
			b.mu.Lock()
			delete(b.rooms[room], c)
			b.mu.Unlock()
			close(c.send)
		}()
		for {
			_, m, err := ws.ReadMessage()
			if err != nil {
				return
			}
			b.mu.Lock()
			for o := range b.rooms[room] {
				select {
				case o.send <- m:
				default:
				}
			}
			b.mu.Unlock()
		}
	}()
}

// RunBaseline loads a baseline hub at wsURL the same way Run loads a ttx
// server: the same clients, grouped the same, the same rounds.
func RunBaseline(ctx context.Context, wsURL string, o Options) (Latency, error) {
	clients, err := dialAll(ctx, func(i int) string { return fmt.Sprintf("%s?room=%d", wsURL, i%o.Exercises) }, o.Clients)
	if err != nil {
		return Latency{}, err
	}
	defer closeAll(clients)
	t := &tracker{rounds: make(map[int]*round)}
	groups := make([][]*client, o.Exercises)
	for i, c := range clients {
		c.group = i % o.Exercises
		groups[c.group] = append(groups[c.group], c)
		go c.read(t, nil, "")
	}
	time.Sleep(500 * time.Millisecond)
	lat, err := drive(ctx, o, t, groups, func(c *client, id int) error {
		// A frame the size of a ttx share event.
		return c.write(wire.Event{Type: wire.TypeEvent, Event: engine.Event{Seq: int64(id), Actor: "police", Type: engine.CmdShare, To: []string{"police", "housing", "health"}, Payload: engine.Payload{Text: marker + strconv.Itoa(id), Agencies: []string{"housing", "health"}, CommandID: "police:" + strconv.Itoa(id)}}})
	})
	return summarise(lat), err
}

// SoakOptions set a soak run.
type SoakOptions struct {
	// Duration is how long clients connect and disconnect.
	Duration time.Duration
	// Clients is how many connect at once in each wave.
	Clients int
	// Settle is how long to wait, at most, for the server to return to
	// its baseline after the last wave.
	Settle time.Duration
}

// Sample is the server's goroutines and memory at one moment.
type Sample struct {
	Goroutines int
	// HeapInuse and StackInuse are in bytes, after a garbage collection.
	HeapInuse, StackInuse uint64
}

// SoakReport says how the server's goroutines and memory moved under
// connect/disconnect churn, and whether they came back.
type SoakReport struct {
	Before, Peak, After Sample
	Waves, Connections  int
	// Returned reports whether After is back at Before: no more goroutines,
	// and heap and stacks within 1 MiB or 10% of it.
	Returned bool
}

func sample(base string) (Sample, error) {
	h, err := health(base, true)
	return Sample{Goroutines: h.Goroutines, HeapInuse: h.HeapInuse, StackInuse: h.StackInuse}, err
}

// back reports whether s has returned to the baseline b.
func back(b, s Sample) bool {
	near := func(base, v uint64) bool { return v <= base+max(1<<20, base/10) }
	return s.Goroutines <= b.Goroutines && near(b.HeapInuse, s.HeapInuse) && near(b.StackInuse, s.StackInuse)
}

// Soak churns connections against an exercise of a running ttx server:
// waves of o.Clients players join (each waiting for its caught_up), send a
// command, and leave, until o.Duration has passed. It samples the server
// before, during (after each wave's joins, the peak kept) and after, and
// reports whether the server returned to where it began.
func Soak(ctx context.Context, tg Target, o SoakOptions) (SoakReport, error) {
	if o.Clients < 1 {
		o.Clients = 50
	}
	if o.Settle <= 0 {
		o.Settle = 10 * time.Second
	}
	var rep SoakReport
	var err error
	if rep.Before, err = sample(tg.HTTP); err != nil {
		return rep, fmt.Errorf("healthz: %w", err)
	}
	rep.Peak = rep.Before
	seats := make([]string, 0, len(tg.First.Seats))
	for _, code := range tg.First.Seats {
		seats = append(seats, code)
	}
	slices.Sort(seats)
	end := time.Now().Add(o.Duration)
	for wave := 0; time.Now().Before(end) && wave < 100_000; wave++ {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		clients, err := dialAll(ctx, func(int) string { return tg.WS }, o.Clients)
		if err != nil {
			return rep, err
		}
		joined := make(chan error, len(clients))
		for i, c := range clients {
			go func() {
				joined <- c.soakOnce(seats[i%len(seats)], fmt.Sprintf("soak-%d-%d", wave, i))
			}()
		}
		var first error
		for range clients {
			if err := <-joined; err != nil && first == nil {
				first = err
			}
		}
		if s, err := sample(tg.HTTP); err == nil {
			rep.Peak.Goroutines = max(rep.Peak.Goroutines, s.Goroutines)
			rep.Peak.HeapInuse = max(rep.Peak.HeapInuse, s.HeapInuse)
			rep.Peak.StackInuse = max(rep.Peak.StackInuse, s.StackInuse)
		}
		closeAll(clients)
		rep.Waves++
		rep.Connections += len(clients)
		if first != nil {
			return rep, first
		}
	}
	for deadline := time.Now().Add(o.Settle); ; time.Sleep(100 * time.Millisecond) {
		if rep.After, err = sample(tg.HTTP); err != nil {
			return rep, fmt.Errorf("healthz: %w", err)
		}
		if rep.Returned = back(rep.Before, rep.After); rep.Returned || time.Now().After(deadline) {
			return rep, nil
		}
	}
}

// soakOnce joins with a seat's code, waits to be caught up, sends one
// command and waits for its answer.
func (c *client) soakOnce(code, id string) error {
	if err := c.write(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: code}); err != nil {
		return fmt.Errorf("hello: %w", err)
	}
	c.ws.SetReadDeadline(time.Now().Add(20 * time.Second))
	sent := false
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return fmt.Errorf("soak client: %w", err)
		}
		switch {
		case !sent && bytes.HasPrefix(data, []byte(`{"type":"caught_up"`)):
			sent = true
			if err := c.write(wire.Command{Type: wire.TypeCommand, ID: id, Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "soak", Rationale: "churn"}}); err != nil {
				return err
			}
		case sent && bytes.Contains(data, []byte(`"id":"`+id+`"`)):
			return nil // its ack, or an error such as rate_limited
		}
	}
}

package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"ttx/scenarios"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server/wire"
)

// fakeClock is a wall clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeClock) Add(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

type harness struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	url   string
	info  wire.JoinInfo
	clock *fakeClock
}

// newHarness starts a server on loopback with one exercise.
func newHarness(t *testing.T, scenario string, bots map[string]string) *harness {
	t.Helper()
	return newHarnessWith(t, scenario, bots, Options{})
}

// newHarnessWith is newHarness with options; its data directory and clock
// are the harness's own.
func newHarnessWith(t *testing.T, scenario string, bots map[string]string, opts Options) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	opts.DataDir, opts.Now = t.TempDir(), clock.Now
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	info, err := srv.Create(CreateOptions{Scenario: scenario, Seed: 1, Bots: bots})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	h := &harness{t: t, srv: srv, ts: ts, url: "ws" + strings.TrimPrefix(ts.URL, "http") + wire.Path, info: info, clock: clock}
	t.Cleanup(h.stop)
	return h
}

// endlessTutorial writes a copy of the tutorial that does not end by
// itself at ten minutes, for tests that run its clock fast for longer,
// and returns its path.
func endlessTutorial(t *testing.T) string {
	t.Helper()
	data, _, err := scenarios.Read("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	data = regexp.MustCompile(`(?m)^  end: .*\n`).ReplaceAll(data, nil)
	path := filepath.Join(t.TempDir(), "tutorial.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func (h *harness) stop() {
	h.ts.CloseClientConnections()
	h.ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.srv.Close(ctx); err != nil {
		h.t.Errorf("close: %v", err)
	}
}

// tclient is a test's websocket client.
type tclient struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan frame
	mu     sync.Mutex
	closeE error
}

type frame struct {
	typ string
	raw []byte
}

func (h *harness) dial() *tclient {
	h.t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(h.url, nil)
	if err != nil {
		h.t.Fatalf("dial: %v", err)
	}
	c := &tclient{t: h.t, ws: ws, frames: make(chan frame, 4096)}
	go func() {
		defer close(c.frames)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				c.mu.Lock()
				c.closeE = err
				c.mu.Unlock()
				return
			}
			var head struct{ Type string }
			json.Unmarshal(data, &head)
			c.frames <- frame{head.Type, data}
		}
	}()
	h.t.Cleanup(func() { ws.Close() })
	return c
}

func (c *tclient) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// until reads frames until one of type typ satisfies ok, failing after a
// few seconds. It returns that frame decoded into a value of type T.
func until[T any](c *tclient, typ string, ok func(T) bool) T {
	c.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case f, open := <-c.frames:
			if !open {
				c.t.Fatalf("connection closed waiting for %s: %v", typ, c.closeErr())
			}
			if f.typ != typ {
				continue
			}
			var v T
			if err := json.Unmarshal(f.raw, &v); err != nil {
				c.t.Fatalf("decode %s: %v", typ, err)
			}
			if ok == nil || ok(v) {
				return v
			}
		case <-deadline:
			c.t.Fatalf("no %s frame in time", typ)
		}
	}
}

func (c *tclient) closeErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeE
}

// closed waits for the server to close the connection and returns the
// close code.
func (c *tclient) closed() int {
	c.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, open := <-c.frames:
			if !open {
				var ce *websocket.CloseError
				if errors.As(c.closeErr(), &ce) {
					return ce.Code
				}
				return -1
			}
		case <-deadline:
			c.t.Fatal("the server did not close the connection")
		}
	}
}

func (h *harness) join(code string) (*tclient, wire.Welcome) {
	h.t.Helper()
	c := h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: code})
	w := until[wire.Welcome](c, wire.TypeWelcome, nil)
	until[wire.Snapshot](c, wire.TypeSnapshot, nil)
	return c, w
}

func (h *harness) facilitator() *tclient {
	h.t.Helper()
	c := h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: h.info.Facilitator, Exercise: h.info.Exercise})
	until[wire.Welcome](c, wire.TypeWelcome, nil)
	return c
}

func (c *tclient) control(id, op string, f func(*wire.Control)) wire.Ack {
	c.t.Helper()
	m := wire.Control{Type: wire.TypeControl, ID: id, Op: op}
	if f != nil {
		f(&m)
	}
	c.send(m)
	return until(c, wire.TypeAck, func(a wire.Ack) bool { return a.ID == id })
}

func (c *tclient) command(id string, cmd engine.Command) wire.Ack {
	c.t.Helper()
	c.send(wire.Command{Type: wire.TypeCommand, ID: id, Command: cmd})
	return until(c, wire.TypeAck, func(a wire.Ack) bool { return a.ID == id })
}

func (c *tclient) errorFor(id string) wire.Error {
	c.t.Helper()
	return until(c, wire.TypeError, func(e wire.Error) bool { return e.ID == id })
}

// readLog verifies the exercise's log and returns its events.
func (h *harness) readLog() []engine.Event {
	h.t.Helper()
	f, err := os.Open(h.srv.LogPath(h.info.Exercise))
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	var evs []engine.Event
	if _, err := engine.ReplayLog(f, func(e *engine.Event) { evs = append(evs, *e) }); err != nil {
		h.t.Fatalf("the server's log does not verify: %v", err)
	}
	return evs
}

func TestJoinCredentials(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	_, w := h.join(h.info.Seats["police"])
	if w.Role != wire.RolePlayer || w.Seat != "police" || w.Briefing == "" || w.Scenario.ContentWarning == "" {
		t.Errorf("player welcome: %+v", w)
	}
	// Codes are forgiving about case and the dash.
	_, w = h.join(strings.ToLower(strings.ReplaceAll(h.info.Seats["health"], "-", "")))
	if w.Seat != "health" {
		t.Errorf("lower-case code joined %q", w.Seat)
	}
	_, w = h.join(h.info.Observer)
	if w.Role != wire.RoleObserver {
		t.Errorf("observer welcome: %+v", w)
	}
	f := h.dial()
	f.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: h.info.Facilitator, Exercise: h.info.Exercise})
	if w := until[wire.Welcome](f, wire.TypeWelcome, nil); w.Role != wire.RoleFacilitator || len(w.Seats) != 3 {
		t.Errorf("facilitator welcome: %+v", w)
	}
	bad := []wire.Hello{
		{Type: wire.TypeHello, Version: wire.Version, Code: "ZZZ-ZZZ"},
		{Type: wire.TypeHello, Version: wire.Version, Token: "not-the-token", Exercise: h.info.Exercise},
		{Type: wire.TypeHello, Version: wire.Version, Token: h.info.Facilitator, Exercise: "other"},
	}
	for _, hello := range bad {
		c := h.dial()
		c.send(hello)
		if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeBadCredentials {
			t.Errorf("%+v: error %s", hello, e.Code)
		}
		if code := c.closed(); code != websocket.ClosePolicyViolation {
			t.Errorf("%+v: close code %d", hello, code)
		}
	}
}

func TestGuessingIsThrottled(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	var last wire.Error
	for range credentialBurst + 1 {
		c := h.dial()
		c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: "ZZZ-ZZZ"})
		last = until[wire.Error](c, wire.TypeError, nil)
		c.closed()
	}
	if last.Code != wire.CodeThrottled {
		t.Fatalf("after %d wrong codes: %s, want throttled", credentialBurst+1, last.Code)
	}
	// Even the right code waits now.
	c := h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"]})
	if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeThrottled {
		t.Fatalf("right code while throttled: %s", e.Code)
	}
	if code := c.closed(); code != wire.CloseThrottled {
		t.Errorf("close code %d, want %d", code, wire.CloseThrottled)
	}
}

func TestFilteringAndSharing(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	police, _ := h.join(h.info.Seats["police"])
	health, _ := h.join(h.info.Seats["health"])
	fac.control("s", wire.OpStart, nil)
	// Let the caller's inject reveal the people to police.
	h.clock.Add(2 * time.Minute)
	fac.control("adv", wire.OpAdvance, nil)
	until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == engine.EvInject })
	if a := police.command("o1", engine.Command{Type: engine.CmdObserve, Person: "ionut", Text: "burns on his hands"}); a.Status != wire.Accepted {
		t.Fatalf("observe: %+v", a)
	}
	if a := police.command("s1", engine.Command{Type: engine.CmdShare, Person: "ionut", To: []string{"health"}}); a.Status != wire.Accepted {
		t.Fatalf("share: %+v", a)
	}
	share := until(health, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == engine.CmdShare })
	if share.Event.Payload.Person != "ionut" || len(share.Event.Payload.Indicators) == 0 {
		t.Errorf("health's share event: %+v", share.Event.Payload)
	}
	health.send(wire.ViewRequest{Type: wire.TypeView})
	snap := until(health, wire.TypeSnapshot, func(s wire.Snapshot) bool { return s.View != nil && len(s.View.People) > 0 })
	if p := snap.View.People[0]; p.ID != "ionut" || len(p.Indicators) == 0 {
		t.Errorf("health's view after the share: %+v", p)
	}
	// Everything health received was visible to health.
	health.send(wire.ViewRequest{Type: wire.TypeView})
	time.Sleep(100 * time.Millisecond)
	for len(health.frames) > 0 {
		f := <-health.frames
		if f.typ != wire.TypeEvent {
			continue
		}
		var e wire.Event
		json.Unmarshal(f.raw, &e)
		if !e.Event.Visible("health") {
			t.Errorf("health received %s seen by %v", e.Event.Type, e.Event.To)
		}
		if e.Event.Type == engine.CmdObserve {
			t.Errorf("health received police's observation")
		}
	}
	// A player cannot act for another agency, nor ask for another's view.
	police.send(wire.Command{Type: wire.TypeCommand, ID: "x1", Command: engine.Command{Actor: "health", Type: engine.CmdObserve, Person: "ionut"}})
	if e := police.errorFor("x1"); e.Code != wire.CodeNotPermitted {
		t.Errorf("acting for health: %s", e.Code)
	}
	police.send(wire.ViewRequest{Type: wire.TypeView, Agency: "health"})
	if s := until[wire.Snapshot](police, wire.TypeSnapshot, nil); s.View == nil || s.View.Agency != "police" {
		t.Errorf("police asking for health's view got %+v", s.View)
	}
}

func TestIdempotentRetry(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	police, _ := h.join(h.info.Seats["police"])
	cmd := engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "attend the car wash", Rationale: "report of burns"}
	first := police.command("dup", cmd)
	police.ws.Close()
	police, _ = h.join(h.info.Seats["police"])
	again := police.command("dup", cmd)
	if first != again {
		t.Errorf("retry answered %+v, first %+v", again, first)
	}
	n := 0
	for _, e := range h.readLog() {
		if e.Type == engine.CmdLogDecision {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the command was applied %d times", n)
	}
	// A rejected command is answered as rejected, with the rule.
	if a := police.command("bad", engine.Command{Type: engine.CmdLogDecision, Stage: 9, Text: "x", Rationale: "y"}); a.Status != wire.Rejected || a.Rule != "J2" {
		t.Errorf("rejected command: %+v", a)
	}
}

func TestResumeAfterReconnect(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	police, _ := h.join(h.info.Seats["police"])
	police.command("a", engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "one", Rationale: "r"})
	e := until(police, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == engine.CmdLogDecision })
	last := e.Event.Seq
	police.ws.Close()
	// While police is away: its own team-mate acts, and the clock moves on.
	mate, _ := h.join(h.info.Seats["police"])
	mate.command("b", engine.Command{Type: engine.CmdLogDecision, Stage: 2, Text: "two", Rationale: "r"})
	h.clock.Add(3 * time.Minute)
	fac.control("adv", wire.OpAdvance, nil)
	until(mate, wire.TypeEvent, func(e wire.Event) bool { return e.Event.Type == engine.EvInject })

	back := h.dial()
	back.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"], LastSeq: last})
	until[wire.Welcome](back, wire.TypeWelcome, nil)
	// Missed events come before the snapshot, live ones after it; read
	// until the stream is quiet.
	var got []int64
	for quiet := false; !quiet; {
		select {
		case f := <-back.frames:
			if f.typ == wire.TypeEvent {
				var e wire.Event
				json.Unmarshal(f.raw, &e)
				got = append(got, e.Event.Seq)
			}
		case <-time.After(300 * time.Millisecond):
			quiet = true
		}
	}
	var want []int64
	for _, e := range h.readLog() {
		if e.Seq > last && e.Visible("police") {
			want = append(want, e.Seq)
		}
	}
	if len(want) == 0 || !equalSeqs(got, want) {
		t.Errorf("resumed with %v, want %v", got, want)
	}
}

func equalSeqs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBadInput(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	// Commands before joining.
	c := h.dial()
	c.send(wire.Command{Type: wire.TypeCommand, ID: "1", Command: engine.Command{Type: engine.CmdObserve}})
	if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeNotJoined {
		t.Errorf("command before hello: %s", e.Code)
	}
	if code := c.closed(); code != wire.CloseHandshake {
		t.Errorf("close code %d", code)
	}
	// A bad protocol version.
	c = h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: 99, Code: h.info.Seats["police"]})
	if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeBadVersion {
		t.Errorf("bad version: %s", e.Code)
	}

	fac := h.facilitator()
	police, _ := h.join(h.info.Seats["police"])
	// Before the start, commands wait.
	police.send(wire.Command{Type: wire.TypeCommand, ID: "early", Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}})
	if e := police.errorFor("early"); e.Code != wire.CodeNotStarted {
		t.Errorf("command before start: %s", e.Code)
	}
	fac.control("s", wire.OpStart, nil)
	raw := []struct {
		frame string
		code  string
	}{
		{`{not json`, wire.CodeBadJSON},
		{`[1,2]`, wire.CodeBadJSON},
		{`{"type":"dance"}`, wire.CodeUnknownType},
		{`{"id":"1"}`, wire.CodeMissingField},
		{`{"type":"command","command":{"type":"observe"}}`, wire.CodeMissingField},
		{`{"type":"command","id":"2","command":{"type":"observe"},"extra":1}`, wire.CodeBadField},
		{`{"type":"command","id":"3","command":{"type":"observe","stage":"one"}}`, wire.CodeBadField},
		{`{"type":"hello","v":1,"code":"X"}`, wire.CodeAlreadyJoined},
		{`{"type":"control","id":"4","op":"start"}`, wire.CodeNotPermitted},
		{`{"type":"command","id":"5","command":{"type":"observe"}} {"type":"view"}`, wire.CodeBadJSON},
	}
	for _, r := range raw {
		if err := police.ws.WriteMessage(websocket.TextMessage, []byte(r.frame)); err != nil {
			t.Fatal(err)
		}
		if e := until[wire.Error](police, wire.TypeError, nil); e.Code != r.code {
			t.Errorf("%s: error %s (%s), want %s", r.frame, e.Code, e.Message, r.code)
		}
	}
	// An engine-level mistake is a rejection, not a protocol error.
	if a := police.command("6", engine.Command{Type: "fly"}); a.Status != wire.Rejected {
		t.Errorf("unknown command type: %+v", a)
	}
	// Rate limit.
	limited := false
	for i := range commandBurst + 10 {
		police.send(wire.Command{Type: wire.TypeCommand, ID: "r" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}})
	}
	deadline := time.After(5 * time.Second)
	for !limited {
		select {
		case f := <-police.frames:
			limited = f.typ == wire.TypeError && strings.Contains(string(f.raw), wire.CodeRateLimited)
		case <-deadline:
			t.Fatal("no rate limit")
		}
	}
	// An oversized frame closes the connection.
	big := `{"type":"command","id":"big","command":{"type":"observe","text":"` + strings.Repeat("x", wire.MaxFrame) + `"}}`
	police.ws.WriteMessage(websocket.TextMessage, []byte(big))
	if code := police.closed(); code != websocket.CloseMessageTooBig {
		t.Errorf("oversized frame: close code %d", code)
	}
	// Nothing rejected reached the log as accepted.
	for _, e := range h.readLog() {
		if e.Type == engine.CmdObserve {
			t.Errorf("an observation was recorded: %+v", e)
		}
	}
}

func TestNoGoroutineLeftAfterClose(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		h := newHarness(t, "tutorial", map[string]string{"housing": "doctrine"})
		fac := h.facilitator()
		fac.control("s", wire.OpStart, nil)
		p, _ := h.join(h.info.Seats["police"])
		p.command("1", engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"})
		h.stop()
	}()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

func TestHTTPEndpoints(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	resp, err := http.Get(h.ts.URL + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	post := func(token, body string) *http.Response {
		req, _ := http.NewRequest("POST", h.ts.URL+"/api/exercises", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if r := post("", `{"scenario":"leeds-2013"}`); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d", r.StatusCode)
	}
	if r := post(h.info.Facilitator, `{"scenario":"../../etc/passwd"}`); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a path: %d", r.StatusCode)
	}
	r := post(h.info.Facilitator, `{"scenario":"leeds-2013","bots":{"police":"naive"}}`)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d", r.StatusCode)
	}
	var info wire.JoinInfo
	json.NewDecoder(r.Body).Decode(&info)
	if info.Scenario != "leeds-2013" || info.Seats["police"] == "" || info.Facilitator == h.info.Facilitator {
		t.Errorf("created %+v", info)
	}
	if n := len(h.srv.Exercises()); n != 2 {
		t.Errorf("%d exercises, want 2", n)
	}
}

func TestCheckOrigin(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	for origin, ok := range map[string]bool{"": true, h.ts.URL: true, "https://evil.example": false} {
		hdr := http.Header{}
		if origin != "" {
			hdr.Set("Origin", origin)
		}
		ws, resp, err := websocket.DefaultDialer.Dial(h.url, hdr)
		if ok != (err == nil) {
			t.Errorf("origin %q: err %v, response %v", origin, err, resp)
		}
		if ws != nil {
			ws.Close()
		}
	}
}

// TestDuplicateIDsInOneBatch: copies of one command sent back to back are
// applied once, and every copy is answered.
func TestDuplicateIDsInOneBatch(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	police, _ := h.join(h.info.Seats["police"])
	m := wire.Command{Type: wire.TypeCommand, ID: "dup", Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}}
	for range 4 {
		police.send(m)
	}
	var seqs []int64
	for range 4 {
		seqs = append(seqs, until(police, wire.TypeAck, func(a wire.Ack) bool { return a.ID == "dup" }).Seq)
	}
	if seqs[0] != seqs[1] || seqs[1] != seqs[2] || seqs[2] != seqs[3] {
		t.Errorf("copies answered with different seqs: %v", seqs)
	}
	n := 0
	for _, e := range h.readLog() {
		if e.Type == engine.CmdLogDecision {
			n++
		}
	}
	if n != 1 {
		t.Errorf("applied %d times", n)
	}
}

// TestPlayersSeeNoOtherAgencysActivity: a player's welcome names the seats
// but not what they did, and its clock does not tell when the next
// scripted event is due.
func TestPlayersSeeNoOtherAgencysActivity(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)
	police, _ := h.join(h.info.Seats["police"])
	police.command("1", engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"})
	_, w := h.join(h.info.Seats["housing"])
	for _, s := range w.Seats {
		if s.LastAction != "" || s.Connected != 0 {
			t.Errorf("housing sees %s's activity: %+v", s.Seat, s)
		}
	}
	if w.Clock.Next != 0 {
		t.Errorf("housing's clock shows the next scripted event at %d", w.Clock.Next)
	}
	fac.send(wire.Control{Type: wire.TypeControl, ID: "c", Op: wire.OpCreate, Scenario: "/etc/passwd"})
	if e := fac.errorFor("c"); strings.Contains(e.Message, "root") || e.Code != wire.CodeBadField {
		t.Errorf("create with a path: %+v", e)
	}
}

// TestAllowedHosts: a request naming a host the server was not told of is
// refused before the upgrade.
func TestAllowedHosts(t *testing.T) {
	h := newHarnessWith(t, "tutorial", nil, Options{AllowedHosts: []string{"localhost", "127.0.0.1", "::1"}})
	port := h.ts.Listener.Addr().(*net.TCPAddr).Port
	for host, ok := range map[string]bool{
		"":                                   true, // the dialer's own: 127.0.0.1:port
		fmt.Sprintf("localhost:%d", port):    true,
		fmt.Sprintf("LOCALHOST.:%d", port):   true,
		"[::1]":                              true,
		fmt.Sprintf("evil.example:%d", port): false,
		"attacker.example":                   false,
	} {
		hdr := http.Header{}
		if host != "" {
			hdr.Set("Host", host)
		}
		ws, resp, err := websocket.DefaultDialer.Dial(h.url, hdr)
		if ws != nil {
			ws.Close()
		}
		switch {
		case ok && err != nil:
			t.Errorf("Host %q refused: %v", host, err)
		case !ok && (resp == nil || resp.StatusCode != http.StatusForbidden):
			t.Errorf("Host %q: %v, want 403", host, resp)
		}
	}
	req, _ := http.NewRequest("GET", h.ts.URL+"/healthz", nil)
	req.Host = "evil.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("/healthz for another host: %d", resp.StatusCode)
	}
}

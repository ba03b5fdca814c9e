// Package server hosts ttx exercises over websockets: seats and join codes,
// the facilitator's controls, each agency's filtered stream of events, the
// durable debrief log, and resuming after a crash. The protocol is in
// package wire and docs/protocol.md; the rules are the engine's.
package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/scenarios"
	"ttx/server/wire"
)

// Limits and timings of connections.
const (
	handshakeTimeout = 10 * time.Second // a Hello must arrive by then
	writeWait        = 10 * time.Second // a frame must be written by then
	closeGrace       = 2 * time.Second  // the client has this long to answer a close frame
	pongWait         = 60 * time.Second // a pong (or any frame) must arrive by then
	pingPeriod       = pongWait * 9 / 10
	sendQueue        = 4096             // frames waiting for a client before it is dropped as too slow
	commandRate      = 10               // commands, controls and views per second per credential, sustained
	commandBurst     = 30               // and at once
	maxConnsPerCred  = 32               // connections holding one credential at once, by default
	maxConnsPerAddr  = 256              // connections from one remote address at once, by default
	credentialBurst  = 10               // bad credentials per address before throttling
	credentialRefill = 6 * time.Second  // one more bad credential allowed per
	batchMax         = 128              // commands applied between two fsyncs at most
	botTurn          = 30 * time.Second // exercise time between bot turns
	clockEvery       = 10 * time.Second // wall time between clock messages
)

// Options configure a [Server].
type Options struct {
	// DataDir holds each exercise's debrief log and join file.
	DataDir string
	// URL is the address clients connect to, for join information.
	URL string
	// OtherURLs are other addresses of the server, for join information.
	OtherURLs []string
	// AllowedOrigins lists browser origins allowed besides the server's own
	// host; clients that send no Origin (terminal clients) are allowed.
	AllowedOrigins []string
	// AllowedHosts lists the host names and addresses (without ports) that
	// requests may name in their Host header; others are refused with 403,
	// which keeps a web page that renames itself to this server's address
	// (DNS rebinding) from reaching it. Empty allows any host, as does "*".
	AllowedHosts []string
	// MaxConnsPerCredential is the most connections that may hold one
	// credential (a seat's code, the observer code, the facilitator token)
	// at once: 0 means 32, a negative number no limit.
	MaxConnsPerCredential int
	// MaxConnsPerAddr is the most connections from one remote address at
	// once: 0 means 256, a negative number no limit.
	MaxConnsPerAddr int
	// SSH and SSHFingerprint, when set, are the address of an SSH front
	// end serving this server's exercises and its host key's fingerprint,
	// for join information.
	SSH, SSHFingerprint string
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Now is the wall clock; nil means time.Now.
	Now func() time.Time
}

// Server hosts exercises. Its methods are safe for concurrent use.
type Server struct {
	opts     Options
	log      *slog.Logger
	upgrader websocket.Upgrader
	throttle *throttle
	limits   *connLimits
	local    *localListener // in-process connections (ConnectLocal)
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup

	mu        sync.Mutex
	exercises map[string]*exercise
	codes     map[string]credential // join and observer codes
	conns     map[*client]struct{}
	closed    bool

	creating func() // called as Create begins, for tests
}

// credential is what a code opens.
type credential struct {
	ex   *exercise
	role string
	seat string
}

// key names the credential among all of the server's.
func (c credential) key() string { return c.ex.id + "/" + c.role + "/" + c.seat }

// New returns a server with no exercises.
func New(opts Options) (*Server, error) {
	if opts.DataDir == "" {
		opts.DataDir = "ttx-data"
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConnsPerCredential == 0 {
		opts.MaxConnsPerCredential = maxConnsPerCred
	}
	if opts.MaxConnsPerAddr == 0 {
		opts.MaxConnsPerAddr = maxConnsPerAddr
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{opts: opts, log: log, throttle: newThrottle(credentialBurst, credentialRefill), ctx: ctx, cancel: cancel, local: newLocalListener(),
		limits:    newConnLimits(max(opts.MaxConnsPerAddr, 0), max(opts.MaxConnsPerCredential, 0)),
		exercises: make(map[string]*exercise), codes: make(map[string]credential), conns: make(map[*client]struct{})}
	s.upgrader = websocket.Upgrader{
		ReadBufferSize:   1024,
		WriteBufferSize:  1024,
		WriteBufferPool:  &sync.Pool{},
		HandshakeTimeout: handshakeTimeout,
		CheckOrigin:      s.checkOrigin,
	}
	return s, nil
}

// checkOrigin allows clients that send no Origin (terminal clients), the
// server's own host, and the configured origins.
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return slices.Contains(s.opts.AllowedOrigins, origin)
}

// CreateOptions start an exercise.
type CreateOptions struct {
	// Scenario is a bundled id or a path.
	Scenario string
	// Seed feeds the exercise's random draws.
	Seed int64
	// RulesAsOf overrides the scenario's rule date when not zero.
	RulesAsOf time.Time
	// Bots maps seats to bot kinds.
	Bots map[string]string
	// Pace is exercise seconds per wall second (default 1).
	Pace float64
	// MaxSize is the largest scenario file accepted, in bytes; zero means
	// [engine.MaxScenarioSize].
	MaxSize int64
}

// Create starts a new exercise and returns how to join it.
func (s *Server) Create(o CreateOptions) (wire.JoinInfo, error) {
	if s.creating != nil {
		s.creating()
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return wire.JoinInfo{}, errClosed
	}
	data, file, err := ReadScenario(o.Scenario)
	if err != nil {
		return wire.JoinInfo{}, err
	}
	sc, err := engine.Load(file, data, engine.WithMaxSize(o.MaxSize))
	if err != nil {
		return wire.JoinInfo{}, err
	}
	for seat, kind := range o.Bots {
		if !slices.ContainsFunc(sc.Agencies, func(a engine.Agency) bool { return a.ID == seat }) {
			return wire.JoinInfo{}, fmt.Errorf("no seat %q in scenario %s", seat, sc.ID)
		}
		if _, err := engine.NewBot(kind); err != nil {
			return wire.JoinInfo{}, fmt.Errorf("seat %s: %w", seat, err)
		}
	}
	if o.Pace == 0 {
		o.Pace = 1
	}
	j := joinFile{ID: sc.ID + "-" + newID(), Scenario: sc.ID, Facilitator: newToken(), Observer: newCode(), Room: newCode(), Seats: make(map[string]string), Bots: o.Bots, Pace: o.Pace}
	for _, a := range sc.Agencies {
		j.Seats[a.ID] = newCode()
	}
	ex, err := createExercise(s, j, sc, data, file, o)
	if err != nil {
		return wire.JoinInfo{}, err
	}
	s.register(ex)
	return s.joinInfo(ex), nil
}

// Resume continues an exercise from its debrief log after a crash, with
// the same codes; the join file must be beside the log.
func (s *Server) Resume(logPath string) (wire.JoinInfo, error) {
	ex, err := resumeExercise(s, logPath)
	if err != nil {
		return wire.JoinInfo{}, err
	}
	s.register(ex)
	return s.joinInfo(ex), nil
}

func (s *Server) register(ex *exercise) {
	s.mu.Lock()
	s.exercises[ex.id] = ex
	s.codes[ex.join.Observer] = credential{ex: ex, role: wire.RoleObserver}
	if ex.join.Room != "" { // a join file from before the room has no code for it
		s.codes[ex.join.Room] = credential{ex: ex, role: wire.RoleRoom}
	}
	for seat, code := range ex.join.Seats {
		s.codes[code] = credential{ex: ex, role: wire.RolePlayer, seat: seat}
	}
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ex.run(s.ctx)
	}()
	s.log.Info("exercise started", "exercise", ex.id, "scenario", ex.sc.ID, "log", ex.path)
}

func (s *Server) joinInfo(ex *exercise) wire.JoinInfo {
	return wire.JoinInfo{URL: s.opts.URL, OtherURLs: s.opts.OtherURLs, Exercise: ex.id, Scenario: ex.sc.ID, Facilitator: ex.join.Facilitator, Observer: ex.join.Observer, Room: ex.join.Room, Seats: ex.join.Seats,
		SSH: s.opts.SSH, SSHFingerprint: s.opts.SSHFingerprint}
}

// Start starts an exercise's clock, as the facilitator's start control
// does, for a server that runs an exercise by itself (ttx demo).
func (s *Server) Start(id string) error {
	s.mu.Lock()
	ex := s.exercises[id]
	s.mu.Unlock()
	if ex == nil {
		return fmt.Errorf("no exercise %q", id)
	}
	select {
	case ex.in <- request{kind: "start"}:
		return nil
	case <-s.ctx.Done():
		return errClosed
	}
}

// End ends an exercise, recording its final score, and returns when the
// end is on disk.
func (s *Server) End(id string) error {
	s.mu.Lock()
	ex := s.exercises[id]
	s.mu.Unlock()
	if ex == nil {
		return fmt.Errorf("no exercise %q", id)
	}
	done := make(chan struct{})
	select {
	case ex.in <- request{kind: "end", done: done}:
	case <-s.ctx.Done():
		return errClosed
	}
	select {
	case <-done:
		return nil
	case <-s.ctx.Done():
		return errClosed
	}
}

// Exercises returns the join information of every exercise, by id.
func (s *Server) Exercises() []wire.JoinInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []wire.JoinInfo
	for _, id := range sortedKeys(s.exercises) {
		out = append(out, s.joinInfo(s.exercises[id]))
	}
	return out
}

// LogPath returns the debrief log of an exercise.
func (s *Server) LogPath(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ex := s.exercises[id]; ex != nil {
		return ex.path
	}
	return ""
}

// facilitatorOf reports whether token is the facilitator token of any
// exercise (which may then create others).
func (s *Server) facilitatorOf(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ex := range s.exercises {
		if subtle.ConstantTimeCompare([]byte(ex.join.Facilitator), []byte(token)) == 1 {
			return true
		}
	}
	return false
}

// authenticate finds what a Hello's credential opens.
func (s *Server) authenticate(h *wire.Hello) (credential, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h.Token != "" {
		ex := s.exercises[h.Exercise]
		if ex != nil && subtle.ConstantTimeCompare([]byte(ex.join.Facilitator), []byte(h.Token)) == 1 {
			return credential{ex: ex, role: wire.RoleFacilitator}, true
		}
		return credential{}, false
	}
	c, ok := s.codes[normalizeCode(h.Code)]
	return c, ok
}

// Handler returns the server's HTTP handler: the websocket endpoint,
// /healthz, and /api/exercises.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+wire.Path, s.serveWS)
	mux.HandleFunc("GET /healthz", s.serveHealth)
	mux.HandleFunc("POST /api/exercises", s.serveCreate)
	if len(s.opts.AllowedHosts) == 0 || slices.Contains(s.opts.AllowedHosts, "*") {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			s.log.Info("request for another host refused", "host", r.Host, "addr", remoteAddr(r))
			http.Error(w, "unknown host: start ttx serve with --allowed-hosts naming it", http.StatusForbidden)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a Host header names one of the allowed
// hosts, with or without a port.
func (s *Server) hostAllowed(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	return slices.ContainsFunc(s.opts.AllowedHosts, func(a string) bool { return strings.EqualFold(strings.Trim(a, "[]"), host) })
}

// Health is what /healthz reports.
type Health struct {
	Status      string `json:"status"`
	Exercises   int    `json:"exercises"`
	Connections int    `json:"connections"`
	Goroutines  int    `json:"goroutines"`
	// HeapInuse and StackInuse are the Go runtime's figures, in bytes.
	HeapInuse  uint64 `json:"heap_inuse"`
	StackInuse uint64 `json:"stack_inuse"`
}

// serveHealth answers /healthz. From this machine, ?gc=1 collects garbage
// first, so that memory figures can be compared.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("gc") == "1" && net.ParseIP(remoteAddr(r)).IsLoopback() {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.mu.Lock()
	h := Health{Status: "ok", Exercises: len(s.exercises), Connections: len(s.conns), Goroutines: runtime.NumGoroutine(), HeapInuse: ms.HeapInuse, StackInuse: ms.StackInuse}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(h)
}

// serveCreate starts another exercise: POST /api/exercises with a
// facilitator token as a bearer token and {"scenario": ID, "bots": {...}}.
func (s *Server) serveCreate(w http.ResponseWriter, r *http.Request) {
	addr := remoteAddr(r)
	if !s.throttle.allowed(addr, s.opts.Now()) {
		http.Error(w, "too many bad credentials; wait a minute", http.StatusTooManyRequests)
		return
	}
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" || !s.facilitatorOf(token) {
		s.throttle.failed(addr, s.opts.Now())
		http.Error(w, "a facilitator token is needed (Authorization: Bearer TOKEN)", http.StatusUnauthorized)
		return
	}
	var req struct {
		Scenario string            `json:"scenario"`
		Bots     map[string]string `json:"bots"`
		Seed     int64             `json:"seed"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Scenario == "" {
		http.Error(w, `want {"scenario": "ID", "bots": {"seat": "doctrine"}, "seed": N}`, http.StatusBadRequest)
		return
	}
	if strings.ContainsAny(req.Scenario, `/\.`) {
		http.Error(w, "only bundled scenarios can be started over HTTP", http.StatusBadRequest)
		return
	}
	info, err := s.Create(CreateOptions{Scenario: req.Scenario, Bots: req.Bots, Seed: req.Seed})
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(info)
}

func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Close stops every exercise (flushing and syncing its log) and closes
// every connection, and waits until all of the server's goroutines are
// gone or ctx is done.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	conns := make([]*client, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	s.cancel()
	s.local.shutdown()
	for _, c := range conns {
		c.shutdown(wire.CloseGoingAway, "server shutting down")
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("close: %w", ctx.Err())
	}
}

// ReadScenario reads a scenario given as a bundled id or a path.
func ReadScenario(name string) ([]byte, string, error) { return scenarios.Find(name) }

var errClosed = errors.New("server closed")

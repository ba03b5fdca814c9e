package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"sync"

	"ttx/server/wire"
)

// Errors of [Server.Admit], for a front end that shows them to people.
var (
	// ErrThrottled: the address typed too many wrong credentials lately.
	ErrThrottled = errors.New("too many wrong codes from this address; wait a minute and try again")
	// ErrBadCredential: no exercise has that join code, observer code or
	// facilitator token.
	ErrBadCredential = errors.New("no exercise has that join code or token")
	// ErrTooManyFromAddr: the address holds as many connections as it may.
	ErrTooManyFromAddr = errors.New("too many connections from this address")
	// ErrTooManyForCredential: the credential is held by as many
	// connections as it may.
	ErrTooManyForCredential = errors.New("too many connections hold this code")
)

// Access is what a credential opens, for a front end that takes
// credentials itself (the SSH server): the exercise, the role and seat,
// and the hello that joins with it.
type Access struct {
	Exercise string
	Role     string // wire.RolePlayer, RoleObserver or RoleFacilitator
	Seat     string // the player's seat
	Hello    wire.Hello
}

// Admit checks a credential typed at addr (a remote address without its
// port): a seat's join code, the observer code or a facilitator token. It
// applies the websocket hello's throttle of wrong credentials, with the
// same counters, and counts a session against the same caps of connections
// per address and per credential. Call release when the session ends. The
// session's own connection to the exercise, through [Server.ConnectLocal],
// is then not counted again.
func (s *Server) Admit(addr, cred string) (a Access, release func(), err error) {
	now := s.opts.Now()
	if !s.throttle.allowed(addr, now) {
		return Access{}, nil, ErrThrottled
	}
	c, h, ok := s.lookup(cred)
	if !ok {
		s.throttle.failed(addr, now)
		return Access{}, nil, ErrBadCredential
	}
	if !s.limits.addAddr(addr) {
		return Access{}, nil, ErrTooManyFromAddr
	}
	key := c.key()
	if s.limits.addCred(key) == nil {
		s.limits.dropAddr(addr)
		return Access{}, nil, ErrTooManyForCredential
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			s.limits.dropCred(key)
			s.limits.dropAddr(addr)
		})
	}
	return Access{Exercise: c.ex.id, Role: c.role, Seat: c.seat, Hello: h}, release, nil
}

// lookup finds what a bare credential opens: a code, or a facilitator
// token of any exercise.
func (s *Server) lookup(cred string) (credential, wire.Hello, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.codes[normalizeCode(cred)]; ok {
		return c, wire.Hello{Code: normalizeCode(cred)}, true
	}
	if cred == "" {
		return credential{}, wire.Hello{}, false
	}
	for _, ex := range s.exercises {
		if subtle.ConstantTimeCompare([]byte(ex.join.Facilitator), []byte(cred)) == 1 {
			return credential{ex: ex, role: wire.RoleFacilitator}, wire.Hello{Token: cred, Exercise: ex.id}, true
		}
	}
	return credential{}, wire.Hello{}, false
}

// localKey marks, in a request's context, a connection made in-process by
// [Server.ConnectLocal].
type localKey struct{}

// ConnectLocal returns a connection to the server's websocket endpoint
// made in this process, for a front end that has admitted a person itself
// (see [Server.Admit]): a websocket client dials through it (the URL's
// host does not matter) and joins with a hello, as any client does, through
// the same join path, hub and partitioning. The server sees addr (the
// person's address) as its remote address; the connection is not counted
// against the caps again, nor throttled.
func (s *Server) ConnectLocal(ctx context.Context, addr string) (net.Conn, error) {
	s.local.once.Do(s.startLocal)
	client, srv := net.Pipe()
	var remote net.Addr = localAddr{}
	if ip := net.ParseIP(addr); ip != nil {
		remote = &net.TCPAddr{IP: ip}
	}
	select {
	case s.local.conns <- &addrConn{Conn: srv, remote: remote}:
		return client, nil
	case <-s.local.done:
	case <-ctx.Done():
	}
	client.Close()
	srv.Close()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errClosed
}

// localListener hands the server the in-process connections.
type localListener struct {
	once   sync.Once // starts hs
	hs     *http.Server
	conns  chan net.Conn
	done   chan struct{}
	closed sync.Once
}

func newLocalListener() *localListener {
	return &localListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *localListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *localListener) Close() error {
	l.closed.Do(func() { close(l.done) })
	return nil
}

func (l *localListener) Addr() net.Addr { return localAddr{} }

// shutdown stops serving in-process connections, for good.
func (l *localListener) shutdown() {
	l.once.Do(func() {}) // never start after this
	l.Close()
	if l.hs != nil {
		l.hs.Close()
	}
}

type localAddr struct{}

func (localAddr) Network() string { return "pipe" }
func (localAddr) String() string  { return "local" }

// addrConn is a pipe's server end, naming the person's address.
type addrConn struct {
	net.Conn
	remote net.Addr
}

func (c *addrConn) RemoteAddr() net.Addr { return c.remote }

// startLocal serves the websocket endpoint on the in-process listener,
// without the Host check (in-process clients name no real host).
func (s *Server) startLocal() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+wire.Path, s.serveWS)
	s.local.hs = &http.Server{Handler: mux, ReadHeaderTimeout: handshakeTimeout,
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context { return context.WithValue(ctx, localKey{}, true) }}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.local.hs.Serve(s.local)
	}()
}

// Throttled reports whether addr has typed too many wrong credentials
// lately to try another now (the throttle [Server.Admit] applies).
func (s *Server) Throttled(addr string) bool {
	return !s.throttle.allowed(addr, s.opts.Now())
}

// Package tui is ttx's terminal interface. This package holds the one
// connection type the live screens share ([Conn]); the screens are its
// subpackages: player, facilitator and replay, built from components and
// styles.
package tui

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server/wire"
)

// Connection states shown on every live screen.
const (
	StateConnecting = "connecting"
	StateOnline     = "online"
	StateOffline    = "offline"
	StateClosed     = "closed"
)

// ConnState is a change in a [Conn]'s connection, delivered as a message.
type ConnState struct {
	State string
	// Retry is when the next attempt is made, while offline.
	Retry time.Duration
	// Err says what went wrong, if anything.
	Err string
	// Queued is the number of commands waiting to be sent or acknowledged.
	Queued int
	// Tries counts the attempts in a row that failed; URL is the address
	// tried, so that a screen can say what to check.
	Tries int
	URL   string
}

// FailedTries is how many failed attempts in a row make [ConnState.Hint]
// explain what to check.
const FailedTries = 3

// Hint says, after [FailedTries] failed attempts, the address tried, the
// error and what to check; it is empty before.
func (s ConnState) Hint() string {
	if s.State != StateOffline || s.Tries < FailedTries {
		return ""
	}
	return fmt.Sprintf("Could not reach %s after %d tries: %s. Check the address and port the facilitator gave you, that the server is running, and that this machine can reach it (the same network, no firewall in the way).", s.URL, s.Tries, s.Err)
}

// String describes the state for a status bar, in words.
func (s ConnState) String() string {
	switch s.State {
	case StateOnline:
		if s.Queued > 0 {
			return fmt.Sprintf("● online, %d waiting", s.Queued)
		}
		return "● online"
	case StateOffline:
		return fmt.Sprintf("○ offline: retrying in %s (%d queued)", s.Retry.Round(time.Second), s.Queued)
	case StateClosed:
		return "✗ disconnected: " + s.Err
	}
	return "… connecting"
}

// Conn is a client's connection to a ttx server that survives drops: it
// reconnects with backoff, resumes from the last event it saw, and sends
// again, with the same ids, the commands not yet acknowledged, which the
// server answers once and never applies twice. Server messages (the wire
// types) and [ConnState] changes arrive on Messages.
type Conn struct {
	url     string
	hello   wire.Hello
	netDial func(ctx context.Context, network, addr string) (net.Conn, error)
	in      chan any
	out     chan any
	ctx     context.Context
	stop    context.CancelFunc
	done    chan struct{}

	mu      sync.Mutex
	lastSeq int64
	pending []wire.Command // sent or waiting, not yet acknowledged
	nextID  int
	prefix  string
	// welcomed is set when a session was welcomed, and read (and cleared)
	// when it ends, to count failed attempts in a row.
	welcomed bool
}

// reached reports whether the last session was welcomed, and forgets it.
func (c *Conn) reached() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	ok := c.welcomed
	c.welcomed = false
	return ok
}

// DialOption configures [Dial].
type DialOption func(*Conn)

// WithNetDial makes the connection's network connections with dial
// instead of over TCP: the SSH server uses it to reach its own server in
// process (server.Server.ConnectLocal).
func WithNetDial(dial func(ctx context.Context, network, addr string) (net.Conn, error)) DialOption {
	return func(c *Conn) { c.netDial = dial }
}

// Dial starts connecting to url with a hello carrying the credential; it
// returns at once. Close it when done.
func Dial(url string, hello wire.Hello, opts ...DialOption) *Conn {
	ctx, cancel := context.WithCancel(context.Background())
	hello.Type, hello.Version = wire.TypeHello, wire.Version
	c := &Conn{url: url, hello: hello, in: make(chan any, 1024), out: make(chan any, 256), ctx: ctx, stop: cancel, done: make(chan struct{}),
		prefix: strconv.FormatInt(time.Now().UnixNano()%1e9, 36)}
	for _, o := range opts {
		o(c)
	}
	go c.run()
	return c
}

// Messages delivers server messages and state changes, in order.
func (c *Conn) Messages() <-chan any { return c.in }

// Wait returns a command that waits for the next message: the pattern by
// which a bubbletea model hears from the network, re-armed in Update.
func (c *Conn) Wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case m := <-c.in:
			return m
		case <-c.done:
			return ConnState{State: StateClosed, Err: "closed"}
		}
	}
}

// Command queues an engine command and returns its id. It is sent now if
// online, or when back; it stays queued until acknowledged.
func (c *Conn) Command(cmd engine.Command) string {
	c.mu.Lock()
	c.nextID++
	id := fmt.Sprintf("%s-%d", c.prefix, c.nextID)
	m := wire.Command{Type: wire.TypeCommand, ID: id, Command: cmd}
	c.pending = append(c.pending, m)
	c.mu.Unlock()
	c.Send(m)
	return id
}

// Send sends any other client message (a view request, a control). It is
// dropped if the connection is down; commands go through Command.
func (c *Conn) Send(m any) {
	select {
	case c.out <- m:
	default:
	}
}

// Queued returns the number of commands not yet acknowledged.
func (c *Conn) Queued() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

// Close ends the connection for good.
func (c *Conn) Close() {
	c.stop()
	<-c.done
}

func (c *Conn) deliver(m any) {
	select {
	case c.in <- m:
	case <-c.ctx.Done():
	}
}

// permanent reports an error code after which retrying cannot help.
func permanent(code string) bool {
	return code == wire.CodeBadCredentials || code == wire.CodeBadVersion || code == wire.CodeThrottled
}

func (c *Conn) run() {
	defer close(c.done)
	backoff := 500 * time.Millisecond
	tries := 0
	for {
		c.deliver(ConnState{State: StateConnecting, Queued: c.Queued()})
		fatal, err := c.session()
		if c.ctx.Err() != nil {
			return
		}
		if fatal != "" {
			c.deliver(ConnState{State: StateClosed, Err: fatal})
			<-c.ctx.Done()
			return
		}
		wait := backoff + time.Duration(rand.Int64N(int64(backoff/2)))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if c.reached() {
			tries = 0
		}
		tries++
		c.deliver(ConnState{State: StateOffline, Retry: wait, Err: msg, Queued: c.Queued(), Tries: tries, URL: c.url})
		select {
		case <-time.After(wait):
		case <-c.ctx.Done():
			return
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

// session runs one connection until it drops. fatal is set when the server
// refused us for good.
func (c *Conn) session() (fatal string, err error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, NetDialContext: c.netDial}
	ws, _, err := d.DialContext(c.ctx, c.url, http.Header{})
	if err != nil {
		return "", err
	}
	defer ws.Close()
	c.mu.Lock()
	h := c.hello
	h.LastSeq = c.lastSeq
	resend := append([]wire.Command(nil), c.pending...)
	c.mu.Unlock()
	if err := ws.WriteJSON(h); err != nil {
		return "", err
	}
	// Drain what was queued for the old connection: pending commands are
	// sent again below, in order; other messages are stale.
	for drained := false; !drained; {
		select {
		case <-c.out:
		default:
			drained = true
		}
	}
	errc := make(chan error, 1)
	fatalc := make(chan string, 1)
	go func() {
		// A snapshot's seq counts once the history sent after it has
		// arrived: caught_up says so.
		caught := false
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				errc <- err
				return
			}
			m, err := wire.DecodeServer(data)
			if err != nil {
				continue
			}
			// Nothing from the wire reaches the terminal able to act on it.
			wire.MakeInert(m)
			switch m := m.(type) {
			case *wire.Welcome:
				c.mu.Lock()
				c.welcomed = true
				c.mu.Unlock()
				c.deliver(ConnState{State: StateOnline, Queued: c.Queued()})
			case *wire.Event:
				c.mu.Lock()
				c.lastSeq = max(c.lastSeq, m.Event.Seq)
				c.mu.Unlock()
			case *wire.Snapshot:
				if caught {
					c.mu.Lock()
					c.lastSeq = max(c.lastSeq, m.Seq)
					c.mu.Unlock()
				}
			case *wire.CaughtUp:
				caught = true
				c.mu.Lock()
				c.lastSeq = max(c.lastSeq, m.Seq)
				c.mu.Unlock()
			case *wire.Ack:
				c.acked(m.ID)
			case *wire.Error:
				if permanent(m.Code) {
					fatalc <- m.Message
				}
				if m.ID != "" && m.Code != wire.CodeRateLimited && m.Code != wire.CodeUnavailable {
					c.acked(m.ID) // refused outright: do not send it again
				}
			}
			c.deliver(m)
		}
	}()
	for _, m := range resend {
		if err := ws.WriteJSON(m); err != nil {
			return "", err
		}
	}
	for {
		select {
		case m := <-c.out:
			ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := ws.WriteJSON(m); err != nil {
				return "", err
			}
		case f := <-fatalc:
			return f, nil
		case err := <-errc:
			var ce *websocket.CloseError
			if errors.As(err, &ce) && ce.Code == wire.CloseThrottled {
				return "too many wrong codes; wait a minute and try again", nil
			}
			return "", err
		case <-c.ctx.Done():
			ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"), time.Now().Add(time.Second))
			return "", c.ctx.Err()
		}
	}
}

func (c *Conn) acked(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.pending {
		if p.ID == id {
			c.pending = append(c.pending[:i], c.pending[i+1:]...)
			return
		}
	}
}

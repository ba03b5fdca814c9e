package server

import (
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"ttx/server/wire"
)

// client is one websocket connection. Its reader goroutine reads and
// forwards messages. Frames to send wait in its queue; a writer goroutine
// runs only while there is something to write (an idle connection costs one
// goroutine), and it is the only one that writes. Queuing never blocks: a
// client too slow to keep up is disconnected, to resume later.
type client struct {
	srv      *Server
	ws       *websocket.Conn
	addr     string
	local    bool          // made in-process, its person admitted already (Server.ConnectLocal)
	done     chan struct{} // closed when the connection is ending
	readDone chan struct{} // closed when the reader has stopped reading

	mu          sync.Mutex
	queue       []outFrame
	writing     bool
	closing     bool
	closeCode   int
	closeReason string
	ping        *time.Timer
	wantMore    bool // the exercise has more history for the writer to ask for
	dropped     bool // too slow: the writer sends the close before anything else

	// Owned by the exercise's goroutine: the history still to send.
	catching bool // history is being sent; live events wait their turn in it
	hist     int  // index in the exercise's events of the next to send

	// Set once, by the reader, before the client joins an exercise.
	ex      *exercise
	role    string
	seat    string
	name    string
	credKey string        // the credential's key in srv.limits
	lim     *rate.Limiter // the credential's, shared by its connections
}

// outFrame is a queued frame: a message, or a ping or close to send.
type outFrame struct {
	kind int // websocket.TextMessage, PingMessage or CloseMessage
	data []byte
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.log.Info("websocket upgrade refused", "addr", r.RemoteAddr, "err", err)
		return
	}
	_, local := r.Context().Value(localKey{}).(bool)
	c := &client{srv: s, ws: ws, addr: remoteAddr(r), local: local, done: make(chan struct{}), readDone: make(chan struct{})}
	c.mu.Lock()
	c.ping = time.AfterFunc(pingPeriod, c.sendPing)
	c.mu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.ping.Stop()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		defer close(c.readDone)
		c.readPump()
	}()
}

// sendPing queues a ping and sets the next one.
func (c *client) sendPing() {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return
	}
	c.queue = append(c.queue, outFrame{kind: websocket.PingMessage})
	c.ping.Reset(pingPeriod)
	c.startWriter()
	c.mu.Unlock()
}

// startWriter starts the writer goroutine if it is not running; c.mu is held.
func (c *client) startWriter() {
	if c.writing {
		return
	}
	c.writing = true
	c.srv.wg.Add(1)
	go func() {
		defer c.srv.wg.Done()
		c.writeLoop()
	}()
}

// sendFrame queues a frame, or drops the client if too many are waiting.
func (c *client) sendFrame(frame []byte) {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return
	}
	if len(c.queue) >= sendQueue {
		// Dropped at once: what is queued is thrown away (the client
		// resumes from its last seq), so the close is the next frame.
		c.dropped = true
		c.queue = nil
		c.shutdownLocked(wire.CloseSlow, "too slow: reconnect and resume")
		c.mu.Unlock()
		c.srv.log.Warn("client too slow; disconnected to resume later", "addr", c.addr, "seat", c.seat)
		return
	}
	c.queue = append(c.queue, outFrame{kind: websocket.TextMessage, data: frame})
	c.startWriter()
	c.mu.Unlock()
}

// sendMsg encodes and queues a message.
func (c *client) sendMsg(m any) {
	b, err := wire.Encode(m)
	if err != nil {
		c.srv.log.Error("encode message", "err", err)
		return
	}
	c.sendFrame(b)
}

// shutdown ends the connection with a close code, after the frames already
// queued (an error explaining the close, say).
func (c *client) shutdown(code int, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shutdownLocked(code, reason)
}

// shutdownLocked is shutdown with c.mu held.
func (c *client) shutdownLocked(code int, reason string) {
	if c.closing {
		return
	}
	c.closing = true
	c.closeCode, c.closeReason = code, reason
	c.ping.Stop()
	close(c.done)
	c.queue = append(c.queue, outFrame{kind: websocket.CloseMessage})
	c.startWriter()
}

// moreHistory tells the writer to ask the exercise for the next page of
// history once it starts writing what is queued.
func (c *client) moreHistory() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		return
	}
	c.wantMore = true
	c.startWriter()
}

// askMore asks the exercise for the next page of history.
func (c *client) askMore() {
	select {
	case c.ex.in <- request{kind: "more", c: c}:
	case <-c.done:
	case <-c.srv.ctx.Done():
	}
}

// writeLoop writes what is queued until the queue is empty, then ends. As
// it takes a page of history to write it asks for the next, so that the
// client gets history as fast as it reads it, and no faster.
func (c *client) writeLoop() {
	for {
		c.mu.Lock()
		q := c.queue
		c.queue = nil
		more := c.wantMore
		c.wantMore = false
		if len(q) == 0 && !more {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		if more {
			c.askMore()
		}
		for _, f := range q {
			if f.kind == websocket.TextMessage && c.isDropped() {
				f = outFrame{kind: websocket.CloseMessage}
			}
			var err error
			switch f.kind {
			case websocket.PingMessage:
				err = c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait))
			case websocket.CloseMessage:
				c.mu.Lock()
				code, reason := c.closeCode, c.closeReason
				c.mu.Unlock()
				if code != websocket.CloseAbnormalClosure {
					c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
					// Closing the socket while the client's frames are
					// unread would reset the connection, and the client
					// could lose the close frame: wait for its answer.
					select {
					case <-c.readDone:
					case <-time.After(closeGrace):
					}
				}
				c.ws.Close()
				c.finishWriting()
				return
			default:
				c.ws.SetWriteDeadline(time.Now().Add(writeWait))
				err = c.ws.WriteMessage(websocket.TextMessage, f.data)
			}
			if err != nil {
				c.ws.Close()
				c.shutdown(websocket.CloseAbnormalClosure, "")
				c.finishWriting()
				return
			}
		}
	}
}

// isDropped reports whether the client was dropped as too slow, so that the
// writer stops writing what it took from the queue before.
func (c *client) isDropped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dropped
}

// finishWriting ends the writer for good: nothing more will be written.
func (c *client) finishWriting() {
	c.mu.Lock()
	c.queue = nil
	c.writing = true // never start another
	c.mu.Unlock()
}

func (c *client) readPump() {
	defer func() {
		c.shutdown(wire.CloseNormal, "")
		if c.ex != nil {
			select {
			case c.ex.in <- request{kind: "leave", c: c}:
			case <-c.srv.ctx.Done():
			}
		}
		if c.credKey != "" {
			c.srv.limits.dropCred(c.credKey)
		}
		c.srv.mu.Lock()
		delete(c.srv.conns, c)
		c.srv.mu.Unlock()
	}()
	if !c.local {
		if !c.srv.limits.addAddr(c.addr) {
			c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeTooMany, Message: "too many connections from this address"})
			c.shutdown(wire.CloseTooMany, "too many connections from this address")
			return
		}
		defer c.srv.limits.dropAddr(c.addr)
	}
	c.ws.SetReadLimit(wire.MaxFrame)
	c.ws.SetReadDeadline(time.Now().Add(handshakeTimeout))
	c.ws.SetPongHandler(func(string) error {
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	if !c.hello() {
		return
	}
	for {
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		kind, data, err := c.ws.ReadMessage()
		if err != nil {
			c.readError(err)
			return
		}
		if kind != websocket.TextMessage {
			c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadJSON, Message: "send JSON in text frames"})
			continue
		}
		if !utf8.Valid(data) {
			c.badUTF8()
			return
		}
		m, err := wire.Decode(data)
		if err != nil {
			c.sendError(err)
			continue
		}
		var r request
		switch m := m.(type) {
		case *wire.Hello:
			c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeAlreadyJoined, Message: "this connection has already joined"})
			continue
		case *wire.Command:
			if !c.lim.Allow() {
				c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeRateLimited, Message: "too many commands; slow down and retry", ID: m.ID})
				continue
			}
			r = request{kind: "command", c: c, cmd: m}
		case *wire.Control:
			if !c.lim.Allow() {
				c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeRateLimited, Message: "too many controls; slow down and retry", ID: m.ID})
				continue
			}
			r = request{kind: "control", c: c, ctl: m}
		case *wire.ViewRequest:
			if !c.lim.Allow() {
				c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeRateLimited, Message: "too many view requests; slow down"})
				continue
			}
			r = request{kind: "view", c: c, view: m}
		}
		select {
		case c.ex.in <- r:
		case <-c.done:
			return
		case <-c.srv.ctx.Done():
			return
		}
	}
}

// hello reads and checks the first message, and joins the exercise.
func (c *client) hello() bool {
	kind, data, err := c.ws.ReadMessage()
	if err != nil {
		c.readError(err)
		return false
	}
	if kind != websocket.TextMessage {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadJSON, Message: "send JSON in text frames"})
		c.shutdown(wire.CloseHandshake, "bad hello")
		return false
	}
	if !utf8.Valid(data) {
		c.badUTF8()
		return false
	}
	m, err := wire.Decode(data)
	if err != nil {
		c.sendError(err)
		c.shutdown(wire.CloseHandshake, "bad hello")
		return false
	}
	h, ok := m.(*wire.Hello)
	if !ok {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeNotJoined, Message: "the first message must be a hello"})
		c.shutdown(wire.CloseHandshake, "no hello")
		return false
	}
	now := c.srv.opts.Now()
	if !c.local && !c.srv.throttle.allowed(c.addr, now) {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeThrottled, Message: "too many wrong codes from this address; wait a minute"})
		c.shutdown(wire.CloseThrottled, "throttled")
		return false
	}
	cred, ok := c.srv.authenticate(h)
	if !ok {
		c.srv.throttle.failed(c.addr, now)
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadCredentials, Message: "no exercise has that join code or token"})
		c.shutdown(wire.ClosePolicy, "bad credentials")
		return false
	}
	if c.local {
		c.lim = c.srv.limits.limiter(cred.key()) // counted by Server.Admit
	} else {
		if c.lim = c.srv.limits.addCred(cred.key()); c.lim == nil {
			c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeTooMany, Message: "too many connections hold this credential"})
			c.shutdown(wire.CloseTooMany, "too many connections for this credential")
			return false
		}
		c.credKey = cred.key()
	}
	c.ex, c.role, c.seat, c.name = cred.ex, cred.role, cred.seat, wire.CleanLine(h.Name)
	select {
	case c.ex.in <- request{kind: "join", c: c, h: h}:
	case <-c.srv.ctx.Done():
		return false
	}
	c.srv.log.Info("joined", "exercise", c.ex.id, "role", c.role, "seat", c.seat, "addr", c.addr, "resume_from", h.LastSeq)
	return true
}

func (c *client) sendError(err error) {
	var we *wire.Error
	if errors.As(err, &we) {
		c.sendMsg(we)
		return
	}
	c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadJSON, Message: err.Error()})
}

// badUTF8 ends a connection that sent a text frame that is not UTF-8, as
// RFC 6455 asks.
func (c *client) badUTF8() {
	c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadJSON, Message: "text frames must be valid UTF-8"})
	c.shutdown(wire.CloseBadUTF8, "invalid UTF-8")
}

func (c *client) readError(err error) {
	if errors.Is(err, websocket.ErrReadLimit) {
		// The websocket layer has sent close 1009 already, so nothing more
		// can be written. Read and drop the rest of the frame, so that the
		// close frame is not lost to a reset connection.
		c.shutdown(wire.CloseFrameTooLarge, "")
		nc := c.ws.NetConn()
		nc.SetReadDeadline(time.Now().Add(closeGrace))
		io.Copy(io.Discard, nc)
		return
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		if c.ex == nil {
			c.shutdown(wire.CloseHandshake, "no hello in time")
		} else {
			c.shutdown(wire.CloseGoingAway, "no pong in time")
		}
	}
}

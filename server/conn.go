package server

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"ttx/server/wire"
)

// client is one websocket connection. Its reader goroutine reads and
// forwards messages; its writer goroutine is the only one that writes.
// Anyone may queue frames with sendFrame, which never blocks: a client too
// slow to keep up is disconnected, to resume later.
type client struct {
	srv  *Server
	ws   *websocket.Conn
	addr string
	send chan []byte
	done chan struct{}
	once sync.Once

	// Set once, by the reader, before the client joins an exercise.
	ex   *exercise
	role string
	seat string
	name string

	closeMu     sync.Mutex
	closeCode   int
	closeReason string
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
	c := &client{srv: s, ws: ws, addr: remoteAddr(r), send: make(chan []byte, sendQueue), done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(2)
	s.mu.Unlock()
	go func() { defer s.wg.Done(); c.writePump() }()
	go func() { defer s.wg.Done(); c.readPump() }()
}

// sendFrame queues a frame, or drops the client if its queue is full.
func (c *client) sendFrame(frame []byte) {
	select {
	case <-c.done:
	case c.send <- frame:
	default:
		c.srv.log.Warn("client too slow; disconnected to resume later", "addr", c.addr, "seat", c.seat)
		c.shutdown(wire.CloseSlow, "too slow: reconnect and resume")
	}
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

// shutdown ends the connection with a close code; the writer sends the
// close frame if it can.
func (c *client) shutdown(code int, reason string) {
	c.once.Do(func() {
		c.closeMu.Lock()
		c.closeCode, c.closeReason = code, reason
		c.closeMu.Unlock()
		close(c.done)
	})
}

func (c *client) writePump() {
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		c.ws.Close()
	}()
	for {
		select {
		case frame := <-c.send:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				c.shutdown(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.shutdown(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-c.done:
			c.closeMu.Lock()
			code, reason := c.closeCode, c.closeReason
			c.closeMu.Unlock()
			// Send what is queued (an error explaining the close), then close.
			for {
				select {
				case frame := <-c.send:
					c.ws.SetWriteDeadline(time.Now().Add(writeWait))
					if c.ws.WriteMessage(websocket.TextMessage, frame) != nil {
						return
					}
					continue
				default:
				}
				break
			}
			if code != websocket.CloseAbnormalClosure {
				c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
			}
			return
		}
	}
}

func (c *client) readPump() {
	defer func() {
		c.shutdown(websocket.CloseNormalClosure, "")
		if c.ex != nil {
			select {
			case c.ex.in <- request{kind: "leave", c: c}:
			case <-c.srv.ctx.Done():
			}
		}
		c.srv.mu.Lock()
		delete(c.srv.conns, c)
		c.srv.mu.Unlock()
	}()
	c.ws.SetReadLimit(wire.MaxFrame)
	c.ws.SetReadDeadline(time.Now().Add(handshakeTimeout))
	c.ws.SetPongHandler(func(string) error {
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	if !c.hello() {
		return
	}
	lim := &limiter{rate: commandRate, burst: commandBurst}
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
			if !lim.allow(time.Now()) {
				c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeRateLimited, Message: "too many commands; slow down and retry", ID: m.ID})
				continue
			}
			r = request{kind: "command", c: c, cmd: m}
		case *wire.Control:
			if !lim.allow(time.Now()) {
				c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeRateLimited, Message: "too many controls; slow down and retry", ID: m.ID})
				continue
			}
			r = request{kind: "control", c: c, ctl: m}
		case *wire.ViewRequest:
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
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		c.readError(err)
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
	if !c.srv.throttle.allowed(c.addr, now) {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeThrottled, Message: "too many wrong codes from this address; wait a minute"})
		c.shutdown(wire.CloseThrottled, "throttled")
		return false
	}
	cred, ok := c.srv.authenticate(h)
	if !ok {
		c.srv.throttle.failed(c.addr, now)
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeBadCredentials, Message: "no exercise has that join code or token"})
		c.shutdown(websocket.ClosePolicyViolation, "bad credentials")
		return false
	}
	c.ex, c.role, c.seat, c.name = cred.ex, cred.role, cred.seat, h.Name
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

func (c *client) readError(err error) {
	if errors.Is(err, websocket.ErrReadLimit) {
		c.sendMsg(&wire.Error{Type: wire.TypeError, Code: wire.CodeTooLarge, Message: "frame larger than the limit"})
		c.shutdown(websocket.CloseMessageTooBig, "frame too large")
		return
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		c.shutdown(wire.CloseHandshake, "timed out")
	}
}

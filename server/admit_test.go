package server

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server/wire"
)

// TestAdmitSharesTheThrottle: wrong credentials given to Admit and to the
// websocket hello count together, per address.
func TestAdmitSharesTheThrottle(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	for range credentialBurst {
		if _, _, err := h.srv.Admit("127.0.0.1", "ZZZ-ZZZ"); !errors.Is(err, ErrBadCredential) {
			t.Fatalf("a wrong code: %v", err)
		}
	}
	if _, _, err := h.srv.Admit("127.0.0.1", h.info.Seats["police"]); !errors.Is(err, ErrThrottled) {
		t.Fatalf("the right code after %d wrong ones: %v, want throttled", credentialBurst, err)
	}
	c := h.dial() // from 127.0.0.1 too
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"]})
	if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeThrottled {
		t.Fatalf("a websocket hello from the throttled address: %s", e.Code)
	}
	if _, _, err := h.srv.Admit("10.0.0.9", h.info.Seats["police"]); err != nil {
		t.Fatalf("another address: %v", err)
	}
}

// TestAdmitCredentials: a code in any case and without its dash, the
// observer code and a facilitator token alone.
func TestAdmitCredentials(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	for _, tc := range []struct{ cred, role, seat string }{
		{lowerNoDash(h.info.Seats["health"]), wire.RolePlayer, "health"},
		{h.info.Observer, wire.RoleObserver, ""},
		{h.info.Facilitator, wire.RoleFacilitator, ""},
	} {
		a, release, err := h.srv.Admit("10.0.0.1", tc.cred)
		if err != nil {
			t.Fatalf("%s: %v", tc.cred, err)
		}
		if a.Exercise != h.info.Exercise || a.Role != tc.role || a.Seat != tc.seat {
			t.Errorf("%s opens %+v", tc.cred, a)
		}
		release()
		release() // twice is harmless
	}
}

func lowerNoDash(code string) string {
	b := []byte(code)
	out := b[:0]
	for _, c := range b {
		if c != '-' {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
		}
	}
	return string(out)
}

// TestAdmitCaps: sessions admitted count against the caps per credential
// and per address that websocket connections count against, and a
// connection made with ConnectLocal for an admitted session is not
// counted again.
func TestAdmitCaps(t *testing.T) {
	h := newHarnessWith(t, "tutorial", nil, Options{MaxConnsPerCredential: 1, MaxConnsPerAddr: 2})
	code := h.info.Seats["police"]
	_, release, err := h.srv.Admit("10.0.0.1", code)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.srv.Admit("10.0.0.2", code); !errors.Is(err, ErrTooManyForCredential) {
		t.Fatalf("a second session on a code capped at one: %v", err)
	}
	// The admitted session's own connection joins.
	ws := localDial(t, h.srv, "10.0.0.1")
	ws.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: code})
	if typ := readType(t, ws); typ != wire.TypeWelcome {
		t.Fatalf("the admitted session's connection: %s", typ)
	}
	// A websocket client on the same code is refused: the session holds it.
	c := h.dial()
	c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: code})
	if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeTooMany {
		t.Fatalf("a websocket client on the held code: %s", e.Code)
	}
	release()
	if _, release, err = h.srv.Admit("10.0.0.1", h.info.Seats["health"]); err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, _, err := h.srv.Admit("10.0.0.1", h.info.Observer); err != nil {
		t.Fatalf("a second session from one address (cap 2): %v", err)
	}
	if _, _, err := h.srv.Admit("10.0.0.1", h.info.Facilitator); !errors.Is(err, ErrTooManyFromAddr) {
		t.Fatalf("a third session from one address (cap 2): %v", err)
	}
}

// TestConnectLocalJoinsTheSameExercise: a connection made in process sees
// the facilitator's seats with its player's name, and leaves no goroutine
// after Close.
func TestConnectLocalJoinsTheSameExercise(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		h := newHarness(t, "tutorial", nil)
		fac := h.facilitator()
		ws := localDial(t, h.srv, "10.0.0.7")
		ws.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"], Name: "Sam"})
		if typ := readType(t, ws); typ != wire.TypeWelcome {
			t.Fatalf("answer to hello: %s", typ)
		}
		until[wire.Seat](fac, wire.TypeSeat, func(s wire.Seat) bool {
			return slices.Contains(s.Seat.Players, "Sam")
		})
		fac.control("s", wire.OpStart, nil)
		ws.WriteJSON(wire.Command{Type: wire.TypeCommand, ID: "1", Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}})
		for readType(t, ws) != wire.TypeAck {
		}
		// A client reads until its connection closes (a pipe holds no
		// frames unread).
		go func() {
			for {
				if _, _, err := ws.NextReader(); err != nil {
					return
				}
			}
		}()
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

func localDial(t *testing.T, s *Server, addr string) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{NetDialContext: func(ctx context.Context, _, _ string) (net.Conn, error) { return s.ConnectLocal(ctx, addr) }}
	ws, _, err := d.Dial("ws://local"+wire.Path, nil)
	if err != nil {
		t.Fatalf("local dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

func readType(t *testing.T, ws *websocket.Conn) string {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer ws.SetReadDeadline(time.Time{})
	_, data, err := ws.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var head struct{ Type string }
	json.Unmarshal(data, &head)
	return head.Type
}

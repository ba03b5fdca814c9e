package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server/wire"
)

// TestRateLimitIsPerCredential: many connections on one code share one
// rate limit, and no more than maxConnsPerCred of them are let in.
func TestRateLimitIsPerCredential(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	fac := h.facilitator()
	fac.control("s", wire.OpStart, nil)

	var joined []*tclient
	refused := 0
	for range 40 {
		c := h.dial()
		c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"]})
		f := <-c.frames
		switch f.typ {
		case wire.TypeWelcome:
			until[wire.Snapshot](c, wire.TypeSnapshot, nil)
			joined = append(joined, c)
		case wire.TypeError:
			if !strings.Contains(string(f.raw), wire.CodeTooMany) {
				t.Fatalf("refused with %s", f.raw)
			}
			if code := c.closed(); code != wire.CloseTooMany {
				t.Errorf("close code %d, want %d", code, wire.CloseTooMany)
			}
			refused++
		default:
			t.Fatalf("answer to hello: %s", f.raw)
		}
	}
	if len(joined) != maxConnsPerCred || refused != 40-maxConnsPerCred {
		t.Errorf("%d joined and %d refused, want %d and %d", len(joined), refused, maxConnsPerCred, 40-maxConnsPerCred)
	}

	const each = 30
	start := time.Now()
	for i, c := range joined {
		for j := range each {
			c.send(wire.Command{Type: wire.TypeCommand, ID: fmt.Sprintf("c%d-%d", i, j), Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "t", Rationale: "r"}})
		}
	}
	accepted := 0
	for _, c := range joined {
		for answered := 0; answered < each; {
			select {
			case f, ok := <-c.frames:
				if !ok {
					t.Fatalf("connection closed: %v", c.closeErr())
				}
				switch {
				case f.typ == wire.TypeAck:
					accepted++
					answered++
				case f.typ == wire.TypeError && strings.Contains(string(f.raw), wire.CodeRateLimited):
					answered++
				}
			case <-time.After(5 * time.Second):
				t.Fatal("not every command was answered")
			}
		}
	}
	elapsed := time.Since(start)
	if most := commandBurst + int(elapsed.Seconds()*commandRate) + 1; accepted > most {
		t.Errorf("%d commands accepted from one code in %v; the limit allows %d", accepted, elapsed, most)
	}
	if accepted < commandBurst {
		t.Errorf("only %d commands accepted; the burst is %d", accepted, commandBurst)
	}
}

// TestConnectionsPerAddress: one address may hold only so many
// connections, joined or not.
func TestConnectionsPerAddress(t *testing.T) {
	h := newHarnessWith(t, "tutorial", nil, Options{MaxConnsPerAddr: 3})
	var open []*tclient
	for range 3 {
		c := h.dial()
		c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Observer})
		until[wire.Welcome](c, wire.TypeWelcome, nil)
		open = append(open, c)
	}
	c := h.dial()
	if e := until[wire.Error](c, wire.TypeError, nil); e.Code != wire.CodeTooMany {
		t.Errorf("fourth connection: %s", e.Code)
	}
	if code := c.closed(); code != wire.CloseTooMany {
		t.Errorf("fourth connection: close %d, want %d", code, wire.CloseTooMany)
	}
	open[0].ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	open[0].closed()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := h.dial()
		c.send(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Observer})
		f := <-c.frames
		if f.typ == wire.TypeWelcome {
			break
		}
		c.closed()
		if time.Now().After(deadline) {
			t.Fatalf("a connection closed but its place was not freed: %s", f.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

package server

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/server/wire"
)

// TestSlowClientDroppedAtOnce: a client that stops reading while frames
// pile up for it is closed with 4000, and the close is the next frame after
// what was already on the wire: it does not wait behind the queue.
func TestSlowClientDroppedAtOnce(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	ws, _, err := websocket.DefaultDialer.Dial(h.url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"]}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.ReadMessage(); err != nil { // the welcome; then the client stops reading
		t.Fatal(err)
	}
	var c *client
	for deadline := time.Now().Add(5 * time.Second); c == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the connection never joined")
		}
		h.srv.mu.Lock()
		for k := range h.srv.conns { // the only connection
			c = k
		}
		h.srv.mu.Unlock()
	}
	frame := []byte(`{"type":"clock","pad":"` + strings.Repeat("x", 64<<10) + `"}`)
	for i := 0; i < 2*sendQueue && !c.isDropped(); i++ {
		c.sendFrame(frame)
	}
	if !c.isDropped() {
		t.Fatal("a client that reads nothing was never dropped")
	}
	start := time.Now()
	n := 0
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if err == nil {
			n++
			continue
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != wire.CloseSlow {
			t.Fatalf("after %d frames: %v, want close %d", n, err, wire.CloseSlow)
		}
		break
	}
	// What the socket buffers held arrives first; the queue does not.
	if n >= sendQueue/4 {
		t.Errorf("the close came after %d frames: it waited behind the queue", n)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the close took %v once the client read again", d)
	}
}

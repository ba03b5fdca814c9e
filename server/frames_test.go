package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/server/wire"
)

// TestInvalidUTF8Closes1007: a text frame that is not UTF-8 ends the
// connection with 1007, before and after joining, and nothing is stored.
func TestInvalidUTF8Closes1007(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	c := h.dial()
	c.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello","v":1,"code":"`+h.info.Seats["police"]+`","name":"Sgt `+"\xff"+` Patel"}`))
	if code := c.closed(); code != websocket.CloseInvalidFramePayloadData {
		t.Errorf("hello with invalid UTF-8: close %d, want 1007", code)
	}
	p, _ := h.join(h.info.Seats["police"])
	p.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"command","id":"u","command":{"type":"observe","person":"ionut","text":"`+"\xc3\x28"+`"}}`))
	if code := p.closed(); code != websocket.CloseInvalidFramePayloadData {
		t.Errorf("command with invalid UTF-8: close %d, want 1007", code)
	}
	for _, e := range h.readLog() {
		if strings.ContainsRune(e.Payload.Text, '\uFFFD') {
			t.Errorf("stored %q", e.Payload.Text)
		}
	}
}

// TestOversizedFramesClose1009: every frame over the limit, however
// large, ends the connection with a 1009 the client receives, even a
// client that reads only once it has written the whole frame.
func TestOversizedFramesClose1009(t *testing.T) {
	h := newHarness(t, "tutorial", nil)
	huge := []byte(`{"type":"view","agency":"` + strings.Repeat("x", 10<<20) + `"}`)
	hello, _ := json.Marshal(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: h.info.Seats["police"]})
	for i := range 5 {
		ws, _, err := websocket.DefaultDialer.Dial(h.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 { // the first before its hello, the others after
			ws.WriteMessage(websocket.TextMessage, hello)
		}
		// The server reads the rest of the frame before it closes: a
		// socket closed with unread data sends a reset, which can destroy
		// the close frame before the client reads it.
		if err := ws.WriteMessage(websocket.TextMessage, huge); err != nil {
			t.Errorf("try %d: writing the frame: %v", i, err)
		}
		ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			_, _, err = ws.ReadMessage()
			if err != nil {
				break
			}
		}
		ws.Close()
		if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
			t.Errorf("try %d: a 10 MB frame ended the connection with %v, want close 1009", i, err)
		}
	}
}

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server/wire"
)

// buildTTX builds the ttx binary for tests that run it as a process.
func buildTTX(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ttx")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveProc is a `ttx serve` process.
type serveProc struct {
	cmd  *exec.Cmd
	join wire.JoinInfo
}

func startServe(t *testing.T, bin string, args ...string) *serveProc {
	t.Helper()
	dir := t.TempDir()
	joinPath := filepath.Join(dir, "join.json")
	cmd := exec.Command(bin, append([]string{"serve", "--join-file", joinPath}, args...)...)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(joinPath)
		if err == nil && len(b) > 0 && json.Valid(b) {
			p := &serveProc{cmd: cmd}
			if err := json.Unmarshal(b, &p.join); err != nil {
				t.Fatal(err)
			}
			return p
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("ttx serve did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// faultClient plays one seat: it sends numbered commands, remembers which
// were acknowledged, reconnects when the server goes away and retries what
// was not acknowledged, with the same ids.
type faultClient struct {
	seat, code string
	mu         sync.Mutex
	acked      map[string]bool
	next       int
	url        func() string
}

func (c *faultClient) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		c.session(stop)
		time.Sleep(50 * time.Millisecond) // back off, then reconnect
	}
}

func (c *faultClient) session(stop <-chan struct{}) {
	ws, _, err := websocket.DefaultDialer.Dial(c.url(), nil)
	if err != nil {
		return
	}
	defer ws.Close()
	if ws.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Code: c.code}) != nil {
		return
	}
	acks := make(chan wire.Ack, 64)
	go func() {
		defer close(acks)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			if strings.Contains(string(data), `"type":"ack"`) {
				var a wire.Ack
				json.Unmarshal(data, &a)
				acks <- a
			}
		}
	}()
	for {
		c.mu.Lock()
		id := fmt.Sprintf("%s-%d", c.seat, c.next)
		c.mu.Unlock()
		cmd := wire.Command{Type: wire.TypeCommand, ID: id, Command: engine.Command{Type: engine.CmdLogDecision, Stage: 1, Text: "entry " + id, Rationale: "fault test"}}
		if ws.WriteJSON(cmd) != nil {
			return
		}
		select {
		case a, ok := <-acks:
			if !ok {
				return
			}
			if a.ID == id {
				c.mu.Lock()
				c.acked[id] = true
				c.next++
				c.mu.Unlock()
			}
		case <-time.After(2 * time.Second):
			return
		case <-stop:
			return
		}
	}
}

// TestKillAndResume kills the server with SIGKILL at random moments while
// bots play, resumes it from its log, and checks that every command any
// client saw acknowledged is in the log exactly once.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildTTX(t)
	data := t.TempDir()
	p := startServe(t, bin, "--scenario", "tutorial", "--data", data, "--addr", "127.0.0.1:0", "--bots", "housing,health")
	logPath := filepath.Join(data, p.join.Exercise+".jsonl")
	var urlMu sync.Mutex
	url := p.join.URL
	getURL := func() string { urlMu.Lock(); defer urlMu.Unlock(); return url }

	fac, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	fac.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: p.join.Facilitator, Exercise: p.join.Exercise})
	fac.WriteJSON(wire.Control{Type: wire.TypeControl, ID: "go", Op: wire.OpStart})
	fac.WriteJSON(wire.Control{Type: wire.TypeControl, ID: "fast", Op: wire.OpPace, Pace: 60})
	time.Sleep(200 * time.Millisecond)
	fac.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	clients := []*faultClient{{seat: "police", code: p.join.Seats["police"]}, {seat: "police2", code: p.join.Seats["police"]}}
	for _, c := range clients {
		c.acked, c.url = make(map[string]bool), getURL
		wg.Add(1)
		go func() { defer wg.Done(); c.run(stop) }()
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for kill := range 3 {
		time.Sleep(time.Duration(150+rng.IntN(350)) * time.Millisecond)
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
		addr := strings.TrimSuffix(strings.TrimPrefix(p.join.URL, "ws://"), wire.Path)
		p = startServe(t, bin, "--resume", logPath, "--addr", addr)
		urlMu.Lock()
		url = p.join.URL
		urlMu.Unlock()
		t.Logf("kill %d: resumed", kill+1)
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	p.cmd.Process.Signal(os.Interrupt)
	p.cmd.Wait()

	counts := make(map[string]int)
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := engine.ReplayLog(bufio.NewReader(f), func(e *engine.Event) {
		if e.Type == engine.EvCommand && e.Payload.Command.Type == engine.CmdLogDecision && e.Actor == "police" {
			counts[e.Payload.Command.ID]++
		}
	}); err != nil {
		t.Fatalf("the resumed log does not verify: %v", err)
	}
	total := 0
	for _, c := range clients {
		for id := range c.acked {
			total++
			if n := counts["police:"+id]; n != 1 {
				t.Errorf("acknowledged command %s is in the log %d times", id, n)
			}
		}
	}
	if total == 0 {
		t.Fatal("no command was acknowledged")
	}
	for id, n := range counts {
		if n != 1 {
			t.Errorf("command %s is in the log %d times", id, n)
		}
	}
	t.Logf("%d acknowledged commands, all in the log once, across 3 kills", total)
}

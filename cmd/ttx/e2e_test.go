package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"ttx/engine"
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/player"
)

// tmux drives a terminal program as a person would.
type tmux struct {
	t    *testing.T
	name string
}

func (m tmux) run(args ...string) string {
	m.t.Helper()
	out, err := exec.Command("tmux", args...).CombinedOutput()
	if err != nil {
		m.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (m tmux) keys(keys ...string) {
	m.t.Helper()
	for _, k := range keys {
		m.run("send-keys", "-t", m.name, k)
		time.Sleep(60 * time.Millisecond)
	}
}

func (m tmux) text(s string) { m.run("send-keys", "-t", m.name, "-l", s) }

func (m tmux) screen() string { return m.run("capture-pane", "-p", "-t", m.name) }

// waitFor waits until the screen shows want, and returns the screen.
func (m tmux) waitFor(want string) string {
	m.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := m.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDemoEndToEnd runs `ttx demo` in tmux: identify a person, refer them,
// see the answer, quit, then verify and score the debrief log it left.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := buildTTX(t)
	dir := t.TempDir()
	m := tmux{t: t, name: fmt.Sprintf("ttx-e2e-%d", os.Getpid())}
	m.run("new-session", "-d", "-s", m.name, "-x", "100", "-y", "30",
		fmt.Sprintf("cd %s && %s demo --scenario tutorial --pace 20 > /dev/tty 2>&1; %s demo --help > /dev/null; sleep 30", dir, bin, bin))
	defer exec.Command("tmux", "kill-session", "-t", m.name).Run()
	m.waitFor("Content warning")
	m.keys("Enter")
	m.waitFor("Your briefing")
	m.keys("Enter")
	m.waitFor("Ionut")
	// Identify Ionut, with a rationale.
	m.keys("Enter", "Down", "Enter")
	m.waitFor("Identify as a potential victim: Ionut")
	m.text("burns and living at the car wash")
	m.keys("Enter")
	m.waitFor("Done: identify as a potential victim — Ionut")
	// Refer him: as an adult whose consent has not been sought, the
	// referral is refused with the rule.
	m.keys("Enter")
	for range 8 {
		m.keys("Down")
	}
	m.keys("Enter")
	m.waitFor("NRM referral: Ionut")
	m.keys("Enter")
	s := m.waitFor("Refused: NRM referral — Ionut")
	if !strings.Contains(s, "R2") {
		t.Errorf("the refusal does not name rule R2:\n%s", s)
	}
	m.keys("q")
	m.waitFor("That ends this demo exercise")
	m.keys("y")
	s = m.waitFor("debrief log is")
	mm := regexp.MustCompile(`debrief log is (\S+)`).FindStringSubmatch(s)
	if mm == nil {
		t.Fatalf("ttx demo did not say where the log is:\n%s", s)
	}
	log := mm[1]
	if !filepath.IsAbs(log) {
		log = filepath.Join(dir, log)
	}
	v, err := exec.Command(bin, "verify", log).CombinedOutput()
	if err != nil {
		t.Fatalf("ttx verify: %v\n%s", err, v)
	}
	sc, err := exec.Command(bin, "score", log).CombinedOutput()
	if err != nil || !strings.Contains(string(sc), "Overall:") {
		t.Fatalf("ttx score: %v\n%s", err, sc)
	}
	if !strings.Contains(string(sc), "Ionut") {
		t.Errorf("the score shows no journey for Ionut:\n%s", sc)
	}
}

// BenchmarkDemoFirstScreen measures what `ttx demo` does before its first
// interactive screen: start a server with the default scenario and bots,
// connect, be welcomed, and render the screen. Goal: at most 1 s.
func BenchmarkDemoFirstScreen(b *testing.B) {
	for b.Loop() {
		d, err := startDemo("tutorial", "police", b.TempDir(), 1, engine.MaxScenarioSize, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		conn := tui.Dial(d.url, d.hello)
		p := player.New(conn, nil)
		for welcomed := false; !welcomed; {
			m := <-conn.Messages()
			p.Update(m)
			_, welcomed = m.(*wire.Welcome)
		}
		if !strings.Contains(p.View().Content, "Content warning") {
			b.Fatal("the first screen is not the content warning")
		}
		conn.Close()
		d.stop()
	}
}

// TestTableEndToEnd plays a workshop at the table: the real `ttx serve`,
// three `ttx join` players in tmux windows (police, housing and health of
// the tutorial), and the facilitator starting play over the websocket.
// Health messages police; police shares Ionut with housing with a note,
// asks health for a medic, and offers Vytautas support, which he declines.
func TestTableEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	bin := buildTTX(t)
	srv := startServe(t, bin, "--scenario", "tutorial", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	defer func() {
		srv.cmd.Process.Kill()
		srv.cmd.Wait()
	}()
	session := fmt.Sprintf("ttx-table-%d", os.Getpid())
	join := func(seat, name string) string {
		return fmt.Sprintf("%s join --code %s --name %s %s; sleep 30", bin, srv.join.Seats[seat], name, srv.join.URL)
	}
	exec.Command("tmux", "kill-session", "-t", session).Run()
	base := tmux{t: t, name: session}
	base.run("new-session", "-d", "-s", session, "-n", "police", "-x", "120", "-y", "32", join("police", "Asha"))
	defer exec.Command("tmux", "kill-session", "-t", session).Run()
	base.run("new-window", "-d", "-t", session, "-n", "housing", join("housing", "Ben"))
	base.run("new-window", "-d", "-t", session, "-n", "health", join("health", "Chidi"))
	police := tmux{t: t, name: session + ":police"}
	housing := tmux{t: t, name: session + ":housing"}
	health := tmux{t: t, name: session + ":health"}
	for _, m := range []tmux{police, housing, health} {
		m.waitFor("Content warning")
		m.keys("Enter")
		m.waitFor("Your briefing")
		m.keys("Enter")
		m.waitFor("Inbox")
	}

	// The facilitator starts play and skips to the 101 call, which brings
	// police the three men at the car wash.
	fac := dialFacilitator(t, srv.join)
	defer fac.Close()
	fac.control(wire.OpStart)
	police.waitFor("▶ running")
	fac.control(wire.OpAdvance)
	police.waitFor("Vytautas")

	// Health messages police: the text arrives with the sender.
	health.keys("m", "Space", "Tab")
	health.text("Can you call the walk-in centre about the car wash?")
	health.keys("Enter")
	health.waitFor("Done: message to police")
	police.keys("2")
	police.waitFor("✉ Health: Can you call the walk-in centre")

	// Police share Ionut with housing, with a note: housing sees the note
	// and who sent it.
	police.keys("1", "Up", "Up", "Up")
	police.waitFor("enter: act on Ionut")
	police.keys("Enter", "Down", "Down", "Enter")
	police.waitFor("Share what you know of Ionut")
	police.keys("Space", "Tab")
	police.text("please prepare a bed")
	police.keys("Enter")
	police.waitFor("Done: share Ionut with housing")
	housing.keys("2")
	housing.waitFor("⇄ West Yorkshire Police shared Ionut: please prepare a bed")

	// Police ask health for a medic: the alert is on health's screen, on
	// whatever pane it shows.
	police.keys("Enter", "Down", "Down", "Down", "Enter")
	police.waitFor("Request a resource for Ionut")
	police.keys("Right", "Right")
	police.waitFor("(•) medic from NHS Wakefield walk-in centre")
	police.keys("Enter")
	police.waitFor("Done: request medic for Ionut")
	s := health.waitFor("⚑ 1 request waiting")
	if !strings.Contains(s, "West Yorkshire Police asks: a medic for Ionut") {
		t.Errorf("health's screen shows no alert of the request:\n%s", s)
	}

	// Police offer Vytautas support; he declines and stays.
	police.keys("Down")
	police.waitFor("enter: act on Vytautas")
	police.keys("Enter", "Down", "Down", "Down", "Down", "Enter")
	s = police.waitFor("Vytautas declined")
	if strings.Contains(s, "Done: removed") || strings.Contains(s, "Done: offer") {
		t.Errorf("the decline reads as done:\n%s", s)
	}
}

// facClient is the facilitator's websocket, for the controls.
type facClient struct {
	t  *testing.T
	ws *websocket.Conn
	n  int
}

func dialFacilitator(t *testing.T, j wire.JoinInfo) *facClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial(j.URL, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", j.URL, err)
	}
	if err := ws.WriteJSON(wire.Hello{Type: wire.TypeHello, Version: wire.Version, Token: j.Facilitator, Exercise: j.Exercise}); err != nil {
		t.Fatal(err)
	}
	// Read on, so the server never finds the facilitator slow.
	go func() {
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}()
	return &facClient{t: t, ws: ws}
}

func (c *facClient) control(op string) {
	c.t.Helper()
	c.n++
	if err := c.ws.WriteJSON(wire.Control{Type: wire.TypeControl, ID: fmt.Sprintf("ctl-%d", c.n), Op: op}); err != nil {
		c.t.Fatalf("control %s: %v", op, err)
	}
}

func (c *facClient) Close() { c.ws.Close() }

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
	m.waitFor("Quit and leave your seat?")
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

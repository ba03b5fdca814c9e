package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"ttx/engine"
	"ttx/scenarios"
)

// TestDemoRoomEndToEnd runs `ttx demo --room` in tmux: the room's screen
// comes up, the bots' M/ETHANE reports appear on it as they file them, and
// no person's description or indicator shows on it at any time.
func TestDemoRoomEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	data, name, err := scenarios.Read("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Load(name, data)
	if err != nil {
		t.Fatal(err)
	}
	var private []string
	for _, p := range sc.People {
		for _, s := range append([]string{p.Description}, indicatorTexts(p)...) {
			if s = strings.Join(strings.Fields(s), " "); len(s) >= 16 {
				private = append(private, s[:16])
			}
		}
	}
	bin := buildTTX(t)
	dir := t.TempDir()
	m := tmux{t: t, name: fmt.Sprintf("ttx-room-%d", os.Getpid())}
	m.run("new-session", "-d", "-s", m.name, "-x", "120", "-y", "40",
		fmt.Sprintf("cd %s && %s demo --room --scenario tutorial --pace 30 > /dev/tty 2>&1; sleep 30", dir, bin))
	defer exec.Command("tmux", "kill-session", "-t", m.name).Run()
	m.waitFor("M/ETHANE · Tutorial")
	m.waitFor("West Yorkshire Police")
	// Doctrine bots report as each phase begins: by the second, their
	// reports name the car wash where the men they know of are.
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := m.screen()
		for _, p := range private {
			if strings.Contains(strings.Join(strings.Fields(s), " "), p) {
				t.Fatalf("the room's screen shows private text %q:\n%s", p, s)
			}
		}
		if strings.Contains(s, "Sparkle Hand Car Wash") && strings.Contains(s, "Potential victims") && !strings.Contains(s, "no report") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the agencies' M/ETHANE reports never all appeared on the room's screen:\n%s", s)
		}
		time.Sleep(200 * time.Millisecond)
	}
	m.keys("q")
	m.waitFor("debrief log is")
}

func indicatorTexts(p engine.Person) []string {
	var out []string
	for _, ind := range p.Indicators {
		out = append(out, ind.Text)
	}
	return out
}

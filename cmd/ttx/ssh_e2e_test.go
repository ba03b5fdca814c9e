package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSSHEndToEnd plays one seat of `ttx serve --ssh` through the system
// ssh client in tmux, as a player at a locked-down laptop would: the code
// as the user name, no key and no password; the content warning, the
// briefing, the board, a decision logged; the facilitator's console, with
// the token, starts the clock and sees the seat. The fingerprint in the join file is the host key's.
func TestSSHEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	for _, tool := range []string{"tmux", "ssh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	bin := buildTTX(t)
	data := t.TempDir()
	p := startServe(t, bin, "--scenario", "tutorial", "--data", data, "--addr", "127.0.0.1:0", "--ssh", "127.0.0.1:0")
	defer func() {
		p.cmd.Process.Signal(os.Interrupt)
		p.cmd.Wait()
	}()
	_, port, err := net.SplitHostPort(p.join.SSH)
	if err != nil {
		t.Fatalf("the join file's ssh address %q: %v", p.join.SSH, err)
	}
	if kg, err := exec.LookPath("ssh-keygen"); err == nil {
		out, err := exec.Command(kg, "-lf", filepath.Join(data, "ssh_host_ed25519_key")).CombinedOutput()
		if err != nil || !strings.Contains(string(out), p.join.SSHFingerprint) {
			t.Errorf("ssh-keygen -l says %s (%v); the join file says %q", out, err, p.join.SSHFingerprint)
		}
	}
	sshCmd := func(user string) string {
		return fmt.Sprintf("ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p %s %s@127.0.0.1", port, user)
	}
	// The facilitator, with the token, starts the clock.
	f := tmux{t: t, name: fmt.Sprintf("ttx-ssh-f-%d", os.Getpid())}
	f.run("new-session", "-d", "-s", f.name, "-x", "120", "-y", "40", sshCmd(p.join.Facilitator)+"; sleep 30")
	defer exec.Command("tmux", "kill-session", "-t", f.name).Run()
	f.waitFor("Seats")
	f.waitFor("police")
	f.keys("s")
	f.waitFor("RUNNING")

	m := tmux{t: t, name: fmt.Sprintf("ttx-ssh-%d", os.Getpid())}
	m.run("new-session", "-d", "-s", m.name, "-x", "100", "-y", "30", sshCmd(strings.ToLower(p.join.Seats["police"]))+"; sleep 30")
	defer exec.Command("tmux", "kill-session", "-t", m.name).Run()
	m.waitFor("Content warning")
	m.keys("Enter")
	m.waitFor("Your briefing")
	m.keys("Enter")
	m.waitFor("1 Case board")
	// The facilitator sees the seat played over SSH.
	f.waitFor("ssh from 127.0.0.1")
	m.keys("L")
	m.waitFor("Decision log")
	m.keys("Tab")
	m.text("Send two officers to the car wash")
	m.keys("Tab")
	m.text("a report from the public")
	m.keys("Enter")
	m.waitFor("Done: decision log entry")
	m.keys("q")
	m.waitFor("Quit and leave your seat?")
	m.keys("y")
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(data, p.join.Exercise+".jsonl"))
		if strings.Contains(string(b), "Send two officers to the car wash") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the decision is not in the log:\n%s", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestServeRefusesALogInUse: `ttx serve --resume LOG` while another ttx
// serve writes LOG fails, naming the process that holds it.
func TestServeRefusesALogInUse(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("logs are not locked on this platform")
	}
	bin := buildTTX(t)
	data := t.TempDir()
	p := startServe(t, bin, "--scenario", "tutorial", "--data", data, "--addr", "127.0.0.1:0")
	defer func() {
		p.cmd.Process.Signal(os.Interrupt)
		p.cmd.Wait()
	}()
	logPath := filepath.Join(data, p.join.Exercise+".jsonl")
	code, _, stderr := ttx(t, "serve", "--resume", logPath, "--addr", "127.0.0.1:0")
	if code == 0 {
		t.Fatal("a second server resumed a log in use")
	}
	if want := fmt.Sprintf("process %d", p.cmd.Process.Pid); !strings.Contains(stderr, want) || !strings.Contains(stderr, logPath) {
		t.Errorf("error %q does not name the log and %s", stderr, want)
	}
}

// TestServeEveryInterface: `ttx serve --addr 0.0.0.0:0` gives a URL that
// names this machine, not the wildcard, and the server answers at it.
func TestServeEveryInterface(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildTTX(t)
	p := startServe(t, bin, "--scenario", "tutorial", "--data", t.TempDir(), "--addr", "0.0.0.0:0")
	defer func() {
		p.cmd.Process.Signal(os.Interrupt)
		p.cmd.Wait()
	}()
	for _, u := range append([]string{p.join.URL}, p.join.OtherURLs...) {
		if strings.Contains(u, "[::]") || strings.Contains(u, "0.0.0.0") || strings.Contains(u, ":0/") {
			t.Errorf("join URL %s", u)
		}
	}
	health := "http" + strings.TrimSuffix(strings.TrimPrefix(p.join.URL, "ws"), "/ws") + "/healthz"
	resp, err := http.Get(health)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %s", health, resp.Status)
	}
}

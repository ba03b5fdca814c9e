package main

import (
	"fmt"
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

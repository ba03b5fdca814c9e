package sshd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"ttx/server"
	"ttx/server/wire"
)

// rig is a server with the tutorial running and its SSH front end.
type rig struct {
	srv  *server.Server
	info wire.JoinInfo
	addr string
	key  HostKey
}

func newRig(t *testing.T) *rig {
	t.Helper()
	dir := t.TempDir()
	key, err := LoadHostKey(filepath.Join(dir, HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{DataDir: dir, SSH: ln.Addr().String(), SSHFingerprint: key.Fingerprint})
	if err != nil {
		t.Fatal(err)
	}
	info, err := srv.Create(server.CreateOptions{Scenario: "tutorial", Seed: 1, Pace: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(info.Exercise); err != nil {
		t.Fatal(err)
	}
	sd, err := New(srv, Options{HostKey: key})
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- sd.Serve(ln) }()
	t.Cleanup(func() {
		sd.Close()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return &rig{srv: srv, info: info, addr: ln.Addr().String(), key: key}
}

// sshTerm is one SSH session with a terminal, as a person's ssh client has.
type sshTerm struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{}
	err    error // the session's end, once done is closed
}

// dial opens a session as user with a terminal of 80x24, checking the
// host key against the fingerprint the server gives.
func (r *rig) dial(t *testing.T, user string, env map[string]string, command string) *sshTerm {
	t.Helper()
	cfg := &gossh.ClientConfig{User: user, Timeout: 10 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if fp := gossh.FingerprintSHA256(key); fp != r.key.Fingerprint {
				return errors.New("host key " + fp + " is not " + r.key.Fingerprint)
			}
			return nil
		}}
	client, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		t.Fatalf("ssh %s@%s: %v", user, r.addr, err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	m := &sshTerm{t: t, client: client, sess: sess, done: make(chan struct{})}
	sess.Stdout = &lockedWriter{m: m}
	sess.Stderr = &lockedWriter{m: m}
	if m.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		m.err = sess.Wait()
		close(m.done)
	}()
	t.Cleanup(func() { client.Close() })
	return m
}

type lockedWriter struct{ m *sshTerm }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.m.mu.Lock()
	defer w.m.mu.Unlock()
	return w.m.out.Write(p)
}

// text is everything the session has shown, without ANSI sequences.
func (m *sshTerm) text() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return ansi.Strip(m.out.String())
}

// waitFor waits until the output shows want, after mark (an offset in
// text), and returns the offset after it.
func (m *sshTerm) waitFor(mark int, want string) int {
	m.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := m.text()
		if i := strings.Index(s[min(mark, len(s)):], want); i >= 0 {
			return mark + i + len(want)
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("the session never showed %q; it shows (last 3000 bytes):\n%s", want, tail(s, 3000))
		}
		select {
		case <-m.done:
			if s := m.text(); !strings.Contains(s[min(mark, len(s)):], want) {
				m.t.Fatalf("the session ended (%v) without showing %q:\n%s", m.err, want, tail(s, 3000))
			}
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitForAny waits until the output shows one of want, and returns its
// index plus one.
func (m *sshTerm) waitForAny(want ...string) int {
	m.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		s := m.text()
		for i, w := range want {
			if strings.Contains(s, w) {
				return i + 1
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	m.t.Fatalf("the session showed none of %q:\n%s", want, tail(m.text(), 2000))
	return 0
}

func (m *sshTerm) send(keys string) {
	m.t.Helper()
	if _, err := io.WriteString(m.in, keys); err != nil {
		m.t.Fatal(err)
	}
	time.Sleep(80 * time.Millisecond)
}

// ended waits for the session to end and returns its output.
func (m *sshTerm) ended() string {
	m.t.Helper()
	select {
	case <-m.done:
	case <-time.After(15 * time.Second):
		m.t.Fatalf("the session did not end; it shows:\n%s", tail(m.text(), 2000))
	}
	return m.text()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestPlayerOverSSH plays a seat of the tutorial through an SSH client:
// the code is the user name (in lower case, as people type it), the
// content warning, the briefing, the board named for the agency, and a
// decision logged that lands in the exercise's log with the player's name.
func TestPlayerOverSSH(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	m := r.dial(t, strings.ToLower(r.info.Seats["police"]), map[string]string{NameEnv: "Sam at laptop 3"}, "")
	at := m.waitFor(0, "Content warning")
	m.send("\r")
	at = m.waitFor(at, "Your briefing")
	m.send("\r")
	at = m.waitFor(at, "West Yorkshire Police · ")
	at = m.waitFor(at, "1 Case board")
	// The decision log: its stage, then the decision and the rationale.
	m.send("L")
	m.waitFor(at, "Decision log")
	m.send("\t")
	m.send("Send two officers to observe the car wash")
	m.send("\t")
	m.send("a report from the public")
	m.send("\r")
	// The screen is drawn in changes, so the status line's words need not
	// come in one piece: the log says what was done.
	logged := waitLog(t, r.srv.LogPath(r.info.Exercise), "Send two officers to observe the car wash")
	if !strings.Contains(logged, `"actor":"police"`) || !strings.Contains(logged, "a report from the public") {
		t.Errorf("the decision is not police's, with its rationale:\n%s", logged)
	}
	waitLog(t, r.srv.LogPath(r.info.Exercise), "Sam at laptop 3")
	m.send("q")
	m.send("y")
	m.ended()
}

// waitLog waits until the exercise's log has a line with want, and
// returns that line.
func waitLog(t *testing.T, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		for line := range strings.SplitSeq(string(b), "\n") {
			if strings.Contains(line, want) {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log never had %s:\n%s", want, tail(string(b), 3000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWrongCodeOverSSH: a wrong code is refused with a message, and
// enough of them throttle the address, for the websocket join too.
func TestWrongCodeOverSSH(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	m := r.dial(t, "AAA-AAA", nil, "")
	if s := m.ended(); !strings.Contains(s, "no exercise has that join code") {
		t.Errorf("a wrong code is not refused with a message:\n%s", s)
	}
	for range 12 {
		r.dial(t, "AAA-AAA", nil, "").ended()
	}
	m = r.dial(t, r.info.Seats["police"], nil, "")
	if s := m.ended(); !strings.Contains(s, "too many wrong codes") {
		t.Errorf("a right code after many wrong ones is not throttled:\n%s", s)
	}
	if !r.srv.Throttled("127.0.0.1") {
		t.Error("the server's throttle does not count the SSH session's wrong codes")
	}
}

// TestPromptOverSSH: without a code for the user name, the session asks.
func TestPromptOverSSH(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	m := r.dial(t, "alice", nil, "")
	at := m.waitFor(0, "Code: ")
	m.send("nope\r")
	at = m.waitFor(at, "try again")
	m.send(strings.ReplaceAll(strings.ToLower(r.info.Seats["health"]), "-", "") + "\r")
	m.waitFor(at, "Content warning")
}

// TestFacilitatorOverSSH: the facilitator token opens the console (and the
// observer code, as an observer), and
// the replay of the exercise's log, which a seat's code does not.
func TestFacilitatorOverSSH(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	m := r.dial(t, r.info.Facilitator, nil, "")
	at := m.waitFor(0, "Seats")
	m.waitFor(at, "police")
	// The observer code opens the console too (the server refuses its
	// controls).
	ob := r.dial(t, r.info.Observer, nil, "")
	ob.waitFor(ob.waitFor(0, "Seats"), "police")
	rp := r.dial(t, r.info.Facilitator, nil, "replay")
	rp.waitFor(0, "About this log")
	s := r.dial(t, r.info.Seats["police"], nil, "replay").ended()
	if !strings.Contains(s, "the replay shows every agency") {
		t.Errorf("a seat's code opened the replay:\n%s", s)
	}
}

// TestCapsOverSSH: sessions count against the server's cap per
// credential, and a refusal says so.
func TestCapsOverSSH(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key, err := LoadHostKey(filepath.Join(dir, HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Options{DataDir: dir, MaxConnsPerCredential: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(context.Background())
	info, err := srv.Create(server.CreateOptions{Scenario: "tutorial", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sd, err := New(srv, Options{HostKey: key})
	if err != nil {
		t.Fatal(err)
	}
	go sd.Serve(ln)
	defer sd.Close()
	r := &rig{srv: srv, info: info, addr: ln.Addr().String(), key: key}
	first := r.dial(t, info.Seats["police"], nil, "")
	first.waitFor(0, "Content warning")
	s := r.dial(t, info.Seats["police"], nil, "").ended()
	if !strings.Contains(s, "too many connections hold this code") {
		t.Errorf("a second session on a code capped at one is not refused:\n%s", s)
	}
	// A dropped connection gives its seat back: the code opens again.
	first.client.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if r.dial(t, info.Seats["police"], nil, "").waitForAny("Content warning", "too many connections") == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the code stays held after its session's connection dropped")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestHostKeyKept: the host key is generated once and kept.
func TestHostKeyKept(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), HostKeyFile)
	a, err := LoadHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if a.Fingerprint != b.Fingerprint || !strings.HasPrefix(a.Fingerprint, "SHA256:") {
		t.Errorf("fingerprints %q then %q", a.Fingerprint, b.Fingerprint)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key file: %v, mode %v", err, fi.Mode())
	}
}

// Package sshd serves ttx's terminal screens over SSH, so that people at
// machines where nothing can be installed join with one line:
//
//	ssh -p 2222 K7M-4QX@HOST
//
// The user name is the credential: a seat's join code opens the player
// client, the facilitator token the facilitator console, the observer code
// the console as an observer (the server refuses an observer's controls).
// Without one, the session asks for it. Any SSH authentication is
// accepted; the code is checked by [server.Server.Admit], with the
// websocket join's throttle and caps. Each session runs the same screens
// as `ttx join` and `ttx facilitate`, fed by a [tui.Conn] that joins this
// server's exercise in process ([server.Server.ConnectLocal]), through the
// same join path, hub and partitioning as any websocket client. What it
// accepts is in docs/ssh.md.
package sshd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"golang.org/x/term"

	"ttx/server"
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/facilitator"
	"ttx/tui/player"
	"ttx/tui/replay"
)

// Timings and limits of sessions.
const (
	// DefaultIdle is how long a session may go without a key before it is
	// closed, by default.
	DefaultIdle      = 30 * time.Minute
	handshakeTimeout = 30 * time.Second // the SSH handshake and login must be done by then
	promptTries      = 3                // codes asked for in one session, when the user name is none
	// NameEnv is the environment variable (sent with ssh -o
	// SetEnv=TTX_NAME=...) that names the player to the facilitator.
	NameEnv = "TTX_NAME"
)

// Options configure a [Server].
type Options struct {
	// HostKey is the server's identity (see [LoadHostKey]).
	HostKey HostKey
	// Idle is how long a session may go without a key; 0 means
	// [DefaultIdle].
	Idle time.Duration
	// Scenarios are the bundled scenario ids the facilitator console
	// offers when starting another exercise.
	Scenarios []string
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
}

// Server is the SSH front end of a [server.Server].
type Server struct {
	srv  *server.Server
	opts Options
	log  *slog.Logger
	ssh  *ssh.Server
}

// New returns an SSH front end of srv; start it with [Server.Serve].
func New(srv *server.Server, o Options) (*Server, error) {
	if len(o.HostKey.PEM) == 0 {
		return nil, errors.New("sshd: no host key")
	}
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	s := &Server{srv: srv, opts: o, log: o.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	// No authentication handler: every client is let in ("none"), and
	// the session checks the code.
	ss, err := wish.NewServer(
		wish.WithHostKeyPEM(o.HostKey.PEM),
		wish.WithVersion("ttx"),
		// A backstop: a session with no key pressed is closed, with a
		// message, after Idle (see idleInput); a connection with no
		// traffic at all is dropped a minute later.
		wish.WithIdleTimeout(o.Idle+time.Minute),
		wish.WithMiddleware(s.middleware),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	ss.HandshakeTimeout = handshakeTimeout
	s.ssh = ss
	return s, nil
}

// Serve accepts SSH connections on ln until [Server.Close].
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Close closes the listener and every session.
func (s *Server) Close() error { return s.ssh.Close() }

func (s *Server) middleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.session(sess)
		next(sess)
	}
}

// refuse tells the person why, on the terminal, and ends the session.
func refuse(sess ssh.Session, msg string) {
	wish.Fatalln(sess, "ttx: "+msg)
}

// session admits a person and runs their screen.
func (s *Server) session(sess ssh.Session) {
	addr := hostOf(sess.RemoteAddr())
	pty, _, ok := sess.Pty()
	if !ok {
		refuse(sess, "ttx needs a terminal: connect with ssh -t, or give no command")
		return
	}
	showReplay := false
	switch cmd := sess.Command(); {
	case len(cmd) == 0:
	case len(cmd) == 1 && cmd[0] == "replay":
		showReplay = true
	default:
		refuse(sess, fmt.Sprintf("unknown command %q: give none (your screen), or replay", sess.RawCommand()))
		return
	}
	a, release, err := s.login(sess, addr, pty.Window)
	if err != nil {
		if !errors.Is(err, io.EOF) {
			s.log.Info("ssh session refused", "addr", addr, "err", err)
			refuse(sess, err.Error())
		}
		return
	}
	defer release()
	noColor := envValue(sess.Environ(), "NO_COLOR") != ""
	var model tea.Model
	if showReplay {
		if a.Role == wire.RolePlayer {
			refuse(sess, "the replay shows every agency: it opens with the facilitator token or the observer code, not a seat's code")
			return
		}
		m, err := replay.New(s.srv.LogPath(a.Exercise), replay.Options{NoColor: noColor})
		if err != nil {
			refuse(sess, "the debrief log: "+err.Error())
			return
		}
		model = m
	} else {
		h := a.Hello
		if a.Role == wire.RolePlayer {
			h.Name = playerName(sess.Environ(), addr)
		}
		conn := tui.Dial("ws://ssh.local"+wire.Path, h, tui.WithNetDial(func(ctx context.Context, _, _ string) (net.Conn, error) {
			return s.srv.ConnectLocal(ctx, addr)
		}))
		defer conn.Close()
		if a.Role == wire.RolePlayer {
			p := player.New(conn, nil)
			p.SetNoColor(noColor)
			model = p
		} else {
			model = facilitator.New(conn, facilitator.WithScenarios(s.opts.Scenarios), facilitator.WithNoColor(noColor))
		}
	}
	s.log.Info("ssh session", "addr", addr, "exercise", a.Exercise, "role", a.Role, "seat", a.Seat, "replay", showReplay)
	in := &idleInput{r: sess}
	in.touch()
	done := make(chan struct{})
	var idled atomic.Bool
	run := bm.MiddlewareWithProgramHandler(func(sess ssh.Session) *tea.Program {
		// The session's input, window size and environment (TERM, with
		// NO_COLOR, gives the colour profile), read through idleInput;
		// no signal handler: the process's signals are the server's.
		opts := append(bm.MakeOptions(sess), tea.WithInput(in), tea.WithoutSignalHandler())
		p := tea.NewProgram(model, opts...)
		go watchIdle(done, p, in, s.opts.Idle, &idled)
		return p
	})
	run(func(ssh.Session) {})(sess)
	close(done)
	if idled.Load() {
		fmt.Fprintf(sess, "\r\nttx: closed after %s without a key. Connect again to carry on where you were.\r\n", s.opts.Idle)
	}
}

// login finds what the person's code opens: the user name, or a code
// typed at a prompt when the user name is not one.
func (s *Server) login(sess ssh.Session, addr string, win ssh.Window) (server.Access, func(), error) {
	if user := sess.User(); looksLikeCredential(user) {
		return s.srv.Admit(addr, user)
	}
	if s.srv.Throttled(addr) {
		return server.Access{}, nil, server.ErrThrottled
	}
	t := term.NewTerminal(sess, "")
	t.SetSize(max(win.Width, 20), max(win.Height, 5))
	fmt.Fprint(t, "ttx: type your join code (or the facilitator token) and press Enter.\n")
	for i := 0; ; i++ {
		t.SetPrompt("Code: ")
		line, err := t.ReadLine()
		if err != nil {
			return server.Access{}, nil, io.EOF // Ctrl-C, Ctrl-D or gone
		}
		a, release, err := s.srv.Admit(addr, strings.TrimSpace(line))
		if err == nil || !errors.Is(err, server.ErrBadCredential) || i+1 == promptTries {
			return a, release, err
		}
		fmt.Fprintf(t, "%s; check it and try again.\n", server.ErrBadCredential)
	}
}

// looksLikeCredential reports whether an SSH user name is a join code
// (six letters and digits, with or without the dash, any case) or a
// facilitator token (32 hex digits), rather than a login name that ssh
// sent by default.
func looksLikeCredential(user string) bool {
	u := strings.Replace(strings.TrimSpace(user), "-", "", 1)
	isAlnum := func(r rune) bool {
		return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z')
	}
	isHex := func(r rune) bool { return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' }
	switch len(u) {
	case 6:
		return strings.IndexFunc(u, func(r rune) bool { return !isAlnum(r) }) < 0
	case 32:
		return strings.IndexFunc(u, func(r rune) bool { return !isHex(r) }) < 0
	}
	return false
}

// playerName is the name the facilitator sees for a seat played over SSH.
func playerName(env []string, addr string) string {
	if n := strings.TrimSpace(envValue(env, NameEnv)); n != "" {
		if utf8.RuneCountInString(n) > wire.MaxName {
			n = string([]rune(n)[:wire.MaxName])
		}
		return n
	}
	return "ssh from " + addr
}

func envValue(env []string, name string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val
		}
	}
	return v
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// idleInput is a session's input that remembers when a key last came.
type idleInput struct {
	r    io.Reader
	mu   sync.Mutex
	last time.Time
}

func (in *idleInput) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if n > 0 {
		in.touch()
	}
	return n, err
}

func (in *idleInput) touch() {
	in.mu.Lock()
	in.last = time.Now()
	in.mu.Unlock()
}

func (in *idleInput) since() time.Duration {
	in.mu.Lock()
	defer in.mu.Unlock()
	return time.Since(in.last)
}

// watchIdle quits the program when no key has come for limit.
func watchIdle(done <-chan struct{}, p *tea.Program, in *idleInput, limit time.Duration, idled *atomic.Bool) {
	t := time.NewTimer(limit)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			if left := limit - in.since(); left > 0 {
				t.Reset(left)
				continue
			}
			idled.Store(true)
			p.Quit()
			return
		}
	}
}

package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// SSHReport is the server's memory per idle SSH player session (the
// terminal screen it runs and its in-process connection to the exercise),
// measured as [Report]'s memory per websocket connection is.
type SSHReport struct {
	Sessions                        int
	PerSession                      float64 // heap and stacks, bytes
	HeapPerSession, StackPerSession float64
}

// RunSSH opens n SSH sessions with terminals on the server's SSH front end
// at addr, spread across the first exercise's seats, waits until each
// shows its first screen, and measures the server's memory before and
// after.
func RunSSH(ctx context.Context, tg Target, addr string, n int) (SSHReport, error) {
	seats := make([]string, 0, len(tg.First.Seats))
	for _, code := range tg.First.Seats {
		seats = append(seats, code)
	}
	before, err := health(tg.HTTP, true)
	if err != nil {
		return SSHReport{}, fmt.Errorf("healthz: %w", err)
	}
	var clients []*gossh.Client
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	errc := make(chan error, n)
	for i := range n {
		cfg := &gossh.ClientConfig{User: seats[i%len(seats)], HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
		c, err := gossh.Dial("tcp", addr, cfg)
		if err != nil {
			return SSHReport{}, fmt.Errorf("ssh session %d: %w", i, err)
		}
		clients = append(clients, c)
		go func() {
			errc <- idleSession(ctx, c)
		}()
	}
	ready := 0
	for ready < n {
		select {
		case err := <-errc:
			if err != nil {
				return SSHReport{}, err
			}
			ready++
		case <-time.After(60 * time.Second):
			return SSHReport{}, errors.New("the SSH sessions did not all show their first screen within a minute")
		}
	}
	time.Sleep(500 * time.Millisecond)
	after, err := health(tg.HTTP, true)
	if err != nil {
		return SSHReport{}, fmt.Errorf("healthz: %w", err)
	}
	rep := SSHReport{Sessions: n,
		HeapPerSession:  (float64(after.HeapInuse) - float64(before.HeapInuse)) / float64(n),
		StackPerSession: (float64(after.StackInuse) - float64(before.StackInuse)) / float64(n)}
	rep.PerSession = rep.HeapPerSession + rep.StackPerSession
	return rep, nil
}

// idleSession opens a terminal session, reports when its first screen is
// shown (nil) or the session fails, and then reads what comes until the
// connection closes, as an idle person's terminal does.
func idleSession(ctx context.Context, c *gossh.Client) error {
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		return err
	}
	out, err := s.StdoutPipe()
	if err != nil {
		return err
	}
	if err := s.Shell(); err != nil {
		return err
	}
	var seen bytes.Buffer
	buf := make([]byte, 4096)
	for {
		k, err := out.Read(buf)
		seen.Write(buf[:k])
		if bytes.Contains([]byte(ansi.Strip(seen.String())), []byte("Content warning")) {
			break
		}
		if err != nil {
			return fmt.Errorf("ssh session ended before its first screen: %w: %s", err, ansi.Strip(seen.String()))
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	go func() {
		for {
			if _, err := out.Read(buf); err != nil {
				return
			}
		}
	}()
	return nil
}

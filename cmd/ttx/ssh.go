package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"ttx/scenarios"
	"ttx/server"
	"ttx/server/wire"
	"ttx/sshd"
)

// sshFlags are --ssh and --ssh-idle, of ttx serve and ttx demo.
type sshFlags struct {
	addr *string
	idle *time.Duration
}

func addSSHFlags(fs *flag.FlagSet) sshFlags {
	return sshFlags{
		addr: fs.String("ssh", "", "also serve the screens over SSH on this address, such as :2222: players type ssh -p 2222 CODE@HOST (docs/ssh.md)"),
		idle: fs.Duration("ssh-idle", sshd.DefaultIdle, "close an SSH session after this long without a key"),
	}
}

// sshFront is the SSH front end before and after it starts: its listener
// and host key first, so that join information can name them.
type sshFront struct {
	ln   net.Listener
	key  sshd.HostKey
	idle time.Duration
	srv  *sshd.Server
	errc chan error
	once sync.Once
}

// listenSSH listens on f's address and loads (or creates) the host key in
// the data directory; nil without --ssh.
func listenSSH(f sshFlags, data string) (*sshFront, error) {
	if *f.addr == "" {
		return nil, nil
	}
	key, err := sshd.LoadHostKey(filepath.Join(data, sshd.HostKeyFile))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", *f.addr)
	if err != nil {
		return nil, fmt.Errorf("listen for ssh: %w", err)
	}
	return &sshFront{ln: ln, key: key, idle: *f.idle}, nil
}

// options names the front end in the server's join information.
func (s *sshFront) options(o *server.Options) {
	if s != nil {
		o.SSH, o.SSHFingerprint = s.ln.Addr().String(), s.key.Fingerprint
	}
}

// start serves srv's exercises over SSH.
func (s *sshFront) start(srv *server.Server, logger *slog.Logger) error {
	if s == nil {
		return nil
	}
	var err error
	s.srv, err = sshd.New(srv, sshd.Options{HostKey: s.key, Idle: s.idle, Scenarios: scenarios.IDs(), Logger: logger})
	if err != nil {
		return err
	}
	s.errc = make(chan error, 1)
	go func() { s.errc <- s.srv.Serve(s.ln) }()
	return nil
}

// stop closes the listener and every session; again does nothing.
func (s *sshFront) stop() {
	if s == nil {
		return
	}
	s.once.Do(func() {
		if s.srv == nil {
			s.ln.Close()
			return
		}
		s.srv.Close()
		<-s.errc
	})
}

// printSSH prints how to join over SSH, when the join information has an
// SSH address.
func printSSH(w io.Writer, info wire.JoinInfo) {
	if info.SSH == "" {
		return
	}
	host, port, err := net.SplitHostPort(info.SSH)
	if err != nil {
		return
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		if name, err := os.Hostname(); err == nil {
			host = name
		}
	}
	fmt.Fprintf(w, "\nOver SSH, nothing to install: each player types  ssh -p %s CODE@%s\n", port, host)
	fmt.Fprintf(w, "(the facilitator uses the token as CODE). The server's key: %s\n", info.SSHFingerprint)
}

// runDemoSSH is ttx demo --ssh: the demo's exercise served over SSH (your
// seat's code and the facilitator token printed) until Ctrl-C.
func runDemoSSH(ctx *runContext, d *demo, f sshFlags, data string) error {
	front, err := listenSSH(f, data)
	if err == nil {
		err = front.start(d.srv, nil)
	}
	if err != nil {
		front.stop()
		d.stop()
		return err
	}
	info := d.info
	info.SSH, info.SSHFingerprint = front.ln.Addr().String(), front.key.Fingerprint
	_, port, _ := net.SplitHostPort(info.SSH)
	who := "your seat's code"
	code := d.hello.Code
	if code == "" {
		who, code = "the facilitator token", info.Facilitator
	}
	fmt.Fprintf(ctx.stdout, "The demo is served over SSH; the other seats are bots. In another terminal, with %s:\n\n  ssh -p %s %s@127.0.0.1\n\n", who, port, code)
	fmt.Fprintf(ctx.stdout, "The facilitator's console:  ssh -p %s %s@127.0.0.1\nThe server's key: %s\nCtrl-C stops the demo.\n\n", port, info.Facilitator, info.SSHFingerprint)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	<-sig
	front.stop()
	d.stop()
	printDemoEnd(ctx.stdout, ctx.prog, d.log)
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"ttx/server"
	"ttx/server/wire"
)

func runServe(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "serve", "--scenario ID|PATH [flags]", "Host an exercise over websockets for agency players and a facilitator. Prints the\naddress, the facilitator token and a join code for each seat; Ctrl-C stops cleanly.")
	scenario := fs.String("scenario", "", "bundled scenario id or scenario file (required unless --resume)")
	addr := fs.String("addr", "127.0.0.1:7420", "address to listen on")
	data := fs.String("data", "ttx-data", "directory for debrief logs and join files")
	bots := fs.String("bots", "", "seats played by bots: SEAT,... (doctrine bots) or SEAT=naive,...")
	rulesAsOf := fs.String("rules-as-of", "", "apply the rules in force on this date (YYYY-MM-DD)")
	joinFile := fs.String("join-file", "", "also write the join information as JSON to this file")
	cert := fs.String("tls-cert", "", "TLS certificate file (with --tls-key)")
	key := fs.String("tls-key", "", "TLS key file")
	resume := fs.String("resume", "", "continue the exercise of this debrief log after a crash, with the same codes")
	seed := fs.Int64("seed", 1, "seed for the exercise's random draws")
	pace := fs.Float64("pace", 1, "exercise seconds per wall-clock second")
	origins := fs.String("allow-origin", "", "browser origins allowed to connect, comma-separated")
	maxSize := maxSizeFlag(fs)
	hosts := fs.String("allowed-hosts", "", "host names and addresses clients may use to reach this server, comma-separated; others get 403 (default: the listening address and localhost, 127.0.0.1, ::1; \"*\" allows any)")
	perCode := fs.Int("max-conns-per-code", 32, "most connections holding one join code, observer code or facilitator token at once (-1: no limit)")
	perAddr := fs.Int("max-conns-per-addr", 256, "most connections from one remote address at once (-1: no limit)")
	from := fs.String("from", "", "host a fork (ttx fork) or any unfinished log from its last moment: its parent's codes and seats when the parent's join file is beside it; paused until the facilitator resumes")
	sshF := addSSHFlags(fs)
	if _, err := parse(ctx, fs, args); err != nil {
		return err
	}
	if n := countSet(*scenario, *resume, *from); n != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "give --scenario to start an exercise, --resume LOG to continue one after a crash, or --from LOG to host a fork"}
	}
	if (*cert == "") != (*key == "") {
		return &exitError{code: 2, msg: "--tls-cert and --tls-key go together"}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	scheme := "ws"
	if *cert != "" {
		scheme = "wss"
	}
	url, otherURLs := joinURLs(scheme, wire.Path, ln.Addr(), hostname(), upInterfaceAddrs())
	logger := slog.New(slog.NewTextHandler(ctx.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); *cert == "" && !net.ParseIP(host).IsLoopback() {
		logger.Warn("listening beyond this machine without TLS: join codes and play travel in clear; give --tls-cert and --tls-key", "addr", ln.Addr().String())
	}
	opts := server.Options{DataDir: *data, URL: url, OtherURLs: otherURLs, Logger: logger, MaxConnsPerCredential: *perCode, MaxConnsPerAddr: *perAddr}
	ssh, err := listenSSH(sshF, *data)
	if err != nil {
		ln.Close()
		return err
	}
	ssh.options(&opts)
	opts.AllowedHosts = allowedHosts(*hosts, ln.Addr())
	if *origins != "" {
		opts.AllowedOrigins = strings.Split(*origins, ",")
	}
	srv, err := server.New(opts)
	if err != nil {
		ln.Close()
		ssh.stop()
		return err
	}
	var info wire.JoinInfo
	if *resume != "" {
		info, err = srv.Resume(*resume)
	} else if *from != "" {
		var fo server.ForkOptions
		if fo.Bots, err = parseSeatBots(*bots); err == nil {
			fo.Pace = *pace
			info, err = srv.ResumeFork(*from, fo)
		}
	} else {
		co := server.CreateOptions{Scenario: *scenario, Seed: *seed, Pace: *pace, MaxSize: *maxSize}
		if co.Bots, err = parseSeatBots(*bots); err == nil {
			if *rulesAsOf != "" {
				co.RulesAsOf, err = time.Parse(time.DateOnly, *rulesAsOf)
			}
			if err == nil {
				info, err = srv.Create(co)
			}
		}
	}
	if err == nil {
		err = ssh.start(srv, logger)
	}
	if err != nil {
		ln.Close()
		ssh.stop()
		srv.Close(context.Background())
		return err
	}
	defer ssh.stop()
	printJoin(ctx.stdout, info, srv.LogPath(info.Exercise))
	printSSH(ctx.stdout, info)
	if *joinFile != "" {
		if err := writeJoinFile(*joinFile, info); err != nil {
			ln.Close()
			srv.Close(context.Background())
			return err
		}
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() {
		if *cert != "" {
			errc <- hs.ServeTLS(ln, *cert, *key)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	select {
	case s := <-sig:
		logger.Info("shutting down", "signal", s.String())
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			srv.Close(context.Background())
			return fmt.Errorf("serve: %w", err)
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ssh.stop()
	hs.Shutdown(sctx)
	if err := srv.Close(sctx); err != nil {
		return err
	}
	logger.Info("stopped; debrief logs are flushed", "data", *data)
	return nil
}

// parseSeatBots reads --bots: SEAT,SEAT=KIND,...
func parseSeatBots(spec string) (map[string]string, error) {
	if spec == "" {
		return nil, nil
	}
	out := make(map[string]string)
	for _, s := range strings.Split(spec, ",") {
		seat, kind, ok := strings.Cut(strings.TrimSpace(s), "=")
		if !ok {
			kind = "doctrine"
		}
		if seat == "" {
			return nil, fmt.Errorf("--bots %q: want SEAT or SEAT=KIND", spec)
		}
		out[seat] = kind
	}
	return out, nil
}

func printJoin(w io.Writer, info wire.JoinInfo, logPath string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Exercise\t%s (%s)\n", info.Exercise, info.Scenario)
	fmt.Fprintf(tw, "Address\t%s\n", info.URL)
	for _, u := range info.OtherURLs {
		fmt.Fprintf(tw, "  or\t%s\n", u)
	}
	fmt.Fprintf(tw, "Facilitator token\t%s\n", info.Facilitator)
	fmt.Fprintf(tw, "Observer code\t%s\n", info.Observer)
	if info.Room != "" {
		fmt.Fprintf(tw, "Room screen code\t%s\t(ttx room URL --code %s)\n", info.Room, info.Room)
	}
	fmt.Fprintf(tw, "Debrief log\t%s\n", logPath)
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "SEAT\tJOIN CODE")
	seats := make([]string, 0, len(info.Seats))
	for s := range info.Seats {
		seats = append(seats, s)
	}
	sort.Strings(seats)
	for _, s := range seats {
		fmt.Fprintf(tw, "%s\t%s\n", s, info.Seats[s])
	}
	tw.Flush()
}

func writeJoinFile(path string, info wire.JoinInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("write join file: %w", err)
	}
	return nil
}

// allowedHosts is --allowed-hosts, or by default the listening address and
// the loopback names; listening on every interface adds the machine's
// name and addresses.
func allowedHosts(flag string, addr net.Addr) []string {
	if flag != "" {
		var out []string
		for _, h := range strings.Split(flag, ",") {
			if h = strings.TrimSpace(h); h != "" {
				out = append(out, h)
			}
		}
		return out
	}
	out := []string{"localhost", "127.0.0.1", "::1"}
	host, _, _ := net.SplitHostPort(addr.String())
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsUnspecified() {
		return append(out, host)
	}
	if name, err := os.Hostname(); err == nil {
		out = append(out, name)
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n.IP.String())
		}
	}
	return out
}

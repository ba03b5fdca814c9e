package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"ttx/server/load"
	"ttx/server/wire"
)

func runLoad(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "load", "[--clients N] [--exercises M] [--rounds R] [--soak DURATION]",
		"Measure a ttx server on loopback: start one (as a child process), connect N player clients\nacross M exercises, report the server's memory per idle connection, the p50/p99 latency\nfrom a command being sent to the last affected client receiving its event, and from a command\nbeing sent to its durable acknowledgement beside a bare write+fsync of the same line size;\nthen measure a bare websocket broadcast hub with the same clients and rounds, and print both.\nWith --soak, instead churn connections (waves of up to 200 clients join, act and leave) for\nthe duration and report the server's goroutines and memory before, at the peak and after;\nexit 1 if they do not return to the baseline.")
	clients := fs.Int("clients", 2000, "player connections")
	exercises := fs.Int("exercises", 40, "exercises")
	rounds := fs.Int("rounds", 30, "commands sent per exercise")
	gap := fs.Duration("gap", 250*time.Millisecond, "time between one exercise's commands")
	sshClients := fs.Int("ssh-clients", 200, "idle SSH player sessions to measure memory per session beside a websocket connection (0: none)")
	soak := fs.Duration("soak", 0, "churn connections for this long and check the server returns to its baseline")
	baselineServer := fs.Bool("baseline-server", false, "run only the bare broadcast hub (used by ttx load itself)")
	if _, err := parse(ctx, fs, args); err != nil {
		return err
	}
	if *baselineServer {
		return serveBaseline(ctx)
	}
	if *clients < *exercises || *exercises < 1 || *rounds < 1 {
		return &exitError{code: 2, msg: "want at least one exercise, one round, and a client per exercise"}
	}
	o := load.Options{Clients: *clients, Exercises: *exercises, Rounds: *rounds, Gap: *gap}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ttx-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c := context.Background()

	joinPath := filepath.Join(dir, "join.json")
	serveArgs := []string{"serve", "--scenario", "tutorial", "--addr", "127.0.0.1:0", "--data", dir, "--join-file", joinPath,
		"--max-conns-per-code", "-1", "--max-conns-per-addr", "-1"} // every client is on loopback
	if *sshClients > 0 && *soak == 0 {
		serveArgs = append(serveArgs, "--ssh", "127.0.0.1:0")
	}
	srv := exec.Command(exe, serveArgs...)
	srv.Stdout, srv.Stderr = nil, nil
	if err := srv.Start(); err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	first, err := waitJoin(joinPath)
	if err != nil {
		return err
	}
	httpBase := "http://" + strings.TrimSuffix(strings.TrimPrefix(first.URL, "ws://"), wire.Path)
	if *soak > 0 {
		return runSoak(ctx, load.Target{HTTP: httpBase, WS: first.URL, First: first}, load.SoakOptions{Duration: *soak, Clients: min(*clients, 200)})
	}
	fmt.Fprintf(ctx.stdout, "ttx server: %d clients in %d exercises, %d rounds each...\n", o.Clients, o.Exercises, o.Rounds)
	rep, err := load.Run(c, load.Target{HTTP: httpBase, WS: first.URL, First: first}, o)
	if err != nil {
		return fmt.Errorf("load the ttx server: %w", err)
	}
	var sshRep load.SSHReport
	if *sshClients > 0 {
		fmt.Fprintf(ctx.stdout, "ttx server over SSH: %d idle player sessions...\n", *sshClients)
		if sshRep, err = load.RunSSH(c, load.Target{HTTP: httpBase, WS: first.URL, First: first}, first.SSH, *sshClients); err != nil {
			return fmt.Errorf("load the SSH front end: %w", err)
		}
	}
	srv.Process.Signal(os.Interrupt)
	srv.Wait()
	lineBytes, err := load.LineBytes(dir)
	if err != nil {
		return fmt.Errorf("the server's logs: %w", err)
	}
	fsync, err := load.FsyncLatency(dir, lineBytes, min(max(rep.Ack.Samples, 100), 1000))
	if err != nil {
		return fmt.Errorf("write+fsync baseline: %w", err)
	}

	base := exec.Command(exe, "load", "--baseline-server")
	out, err := base.StdoutPipe()
	if err != nil {
		return err
	}
	if err := base.Start(); err != nil {
		return fmt.Errorf("start baseline: %w", err)
	}
	defer func() { base.Process.Kill(); base.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	fmt.Fprintf(ctx.stdout, "bare broadcast hub: the same clients and rounds...\n")
	bl, err := load.RunBaseline(c, strings.TrimSpace(line), o)
	if err != nil {
		return fmt.Errorf("load the baseline: %w", err)
	}

	fmt.Fprintf(ctx.stdout, "\n%-28s %10s %10s %10s %8s\n", "", "p50", "p99", "max", "samples")
	fmt.Fprintf(ctx.stdout, "%-28s %10s %10s %10s %8d\n", "ttx server", ms(rep.Latency.P50), ms(rep.Latency.P99), ms(rep.Latency.Max), rep.Latency.Samples)
	fmt.Fprintf(ctx.stdout, "%-28s %10s %10s %10s %8d\n", "bare gorilla broadcast", ms(bl.P50), ms(bl.P99), ms(bl.Max), bl.Samples)
	if bl.P99 > 0 {
		fmt.Fprintf(ctx.stdout, "p99 ratio (ttx / bare): %.2f (goal: at most 1.3)\n", float64(rep.Latency.P99)/float64(bl.P99))
	}
	fmt.Fprintf(ctx.stdout, "\n%-28s %10s %10s %10s %8s\n", "", "p50", "p99", "max", "samples")
	fmt.Fprintf(ctx.stdout, "%-28s %10s %10s %10s %8d\n", "durable ack (sent to ack)", ms(rep.Ack.P50), ms(rep.Ack.P99), ms(rep.Ack.Max), rep.Ack.Samples)
	fmt.Fprintf(ctx.stdout, "%-28s %10s %10s %10s %8d\n", fmt.Sprintf("bare write+fsync (%d B)", lineBytes), ms(fsync.P50), ms(fsync.P99), ms(fsync.Max), fsync.Samples)
	if fsync.P50 > 0 && fsync.P99 > 0 {
		fmt.Fprintf(ctx.stdout, "ack / fsync ratio: p50 %.2f, p99 %.2f\n", float64(rep.Ack.P50)/float64(fsync.P50), float64(rep.Ack.P99)/float64(fsync.P99))
	}
	fmt.Fprintf(ctx.stdout, "server memory per idle connection: %.1f KB (heap %.1f KB, goroutine stacks %.1f KB) over %d connections (goal: at most 16 KB)\n",
		rep.PerConnection/1024, rep.HeapPerConnection/1024, rep.StackPerConnection/1024, rep.Connections)
	if sshRep.Sessions > 0 {
		fmt.Fprintf(ctx.stdout, "server memory per idle SSH player session: %.1f KB (heap %.1f KB, goroutine stacks %.1f KB) over %d sessions: the SSH connection, the player's screen and its connection to the exercise\n",
			sshRep.PerSession/1024, sshRep.HeapPerSession/1024, sshRep.StackPerSession/1024, sshRep.Sessions)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func waitJoin(path string) (wire.JoinInfo, error) {
	var info wire.JoinInfo
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, err := os.ReadFile(path)
		if err == nil && json.Valid(b) && json.Unmarshal(b, &info) == nil && info.URL != "" {
			return info, nil
		}
	}
	return info, fmt.Errorf("the server did not start")
}

// serveBaseline runs the bare hub until killed, printing its URL.
func serveBaseline(ctx *runContext) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "ws://%s/\n", ln.Addr())
	return http.Serve(ln, load.NewBaseline())
}

// runSoak churns connections against the server and reports whether its
// goroutines and memory returned to the baseline.
func runSoak(ctx *runContext, tg load.Target, o load.SoakOptions) error {
	fmt.Fprintf(ctx.stdout, "soak: waves of %d clients joining, acting and leaving for %s...\n", o.Clients, o.Duration)
	rep, err := load.Soak(context.Background(), tg, o)
	if err != nil {
		return fmt.Errorf("soak: %w", err)
	}
	kb := func(b uint64) string { return fmt.Sprintf("%.0f KB", float64(b)/1024) }
	fmt.Fprintf(ctx.stdout, "\n%-8s %12s %12s %12s\n", "", "goroutines", "heap", "stacks")
	for _, r := range []struct {
		name string
		s    load.Sample
	}{{"before", rep.Before}, {"peak", rep.Peak}, {"after", rep.After}} {
		fmt.Fprintf(ctx.stdout, "%-8s %12d %12s %12s\n", r.name, r.s.Goroutines, kb(r.s.HeapInuse), kb(r.s.StackInuse))
	}
	fmt.Fprintf(ctx.stdout, "%d connections in %d waves\n", rep.Connections, rep.Waves)
	if !rep.Returned {
		return &exitError{code: 1, msg: "the server did not return to its baseline after the soak"}
	}
	fmt.Fprintln(ctx.stdout, "returned to the baseline: yes")
	return nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"ttx/scenarios"
	"ttx/server"
	"ttx/server/wire"
	"ttx/tui"
	"ttx/tui/facilitator"
	"ttx/tui/player"
	"ttx/tui/room"
)

func runJoin(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "join", "URL --code CODE [--name NAME]", "Join an exercise as an agency player, with the join code the facilitator gave you.")
	code := fs.String("code", "", "your seat's join code, such as K7M-4QX (required)")
	name := fs.String("name", "", "your name or team's name, shown to the facilitator")
	pos, err := parse(ctx, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *code == "" {
		fs.Usage()
		return &exitError{code: 2, msg: "give the server's URL and --code"}
	}
	if utf8.RuneCountInString(*name) > wire.MaxName {
		return &exitError{code: 2, msg: fmt.Sprintf("--name is longer than %d characters", wire.MaxName)}
	}
	return runClient(pos[0], wire.Hello{Code: *code, Name: *name}, func(c *tui.Conn) tea.Model { return player.New(c, nil) })
}

func runDemo(ctx *runContext, args []string) error {
	fs := newFlags(ctx, "demo", "[--scenario ID] [--as SEAT|facilitator]",
		"Play an exercise at once: a local server on a free loopback port, bots in every other seat,\nand your screen for the chosen seat. Quitting stops everything and says where the debrief log is.")
	scenario := fs.String("scenario", scenarios.Default, "bundled scenario id or scenario file")
	as := fs.String("as", "police", "the seat you play, or facilitator")
	data := fs.String("data", "ttx-data", "directory for debrief logs and join files")
	pace := fs.Float64("pace", 1, "exercise seconds per wall-clock second")
	roomScreen := fs.Bool("room", false, "show the room's shared screen, with bots in every seat (as ttx room)")
	maxSize := maxSizeFlag(fs)
	sshF := addSSHFlags(fs)
	if _, err := parse(ctx, fs, args); err != nil {
		return err
	}
	if *roomScreen {
		*as = wire.RoleRoom
	}
	d, err := startDemo(*scenario, *as, *data, *pace, *maxSize, io.Discard)
	if err != nil {
		return err
	}
	if *sshF.addr != "" {
		return runDemoSSH(ctx, d, sshF, *data)
	}
	var model tea.Model
	conn := tui.Dial(d.url, d.hello)
	switch *as {
	case wire.RoleRoom:
		model = room.New(conn)
	case wire.RoleFacilitator:
		model = newFacilitatorModel(conn)
	default:
		p := player.New(conn, nil)
		p.SetQuitNote("Quit? That ends this demo exercise; its debrief log stays.")
		model = p
	}
	_, runErr := tea.NewProgram(model).Run()
	conn.Close()
	d.stop()
	printDemoEnd(ctx.stdout, ctx.prog, d.log)
	return runErr
}

// printDemoEnd says where the demo's debrief log is and how to look at it,
// naming ttx as prog.
func printDemoEnd(w io.Writer, prog, log string) {
	fmt.Fprintf(w, "The exercise has stopped. Its debrief log is %s\n\n", log)
	tw := tabwriter.NewWriter(w, 0, 4, 4, ' ', 0)
	fmt.Fprintf(tw, "  %s replay %s\twatch it again\n", prog, log)
	fmt.Fprintf(tw, "  %s score %s\tsee the scores\n", prog, log)
	fmt.Fprintf(tw, "  %s verify %s\tcheck it has not been altered\n", prog, log)
	fmt.Fprintf(tw, "  %s debrief %s -o report.html\twrite the after-action report\n", prog, log)
	tw.Flush()
}

// demo is a local server running one exercise.
type demo struct {
	url   string
	hello wire.Hello
	log   string
	stop  func()
	srv   *server.Server
	info  wire.JoinInfo
}

// startDemo starts a server on a free loopback port with the scenario,
// bots in every seat but the player's, and starts the clock.
func startDemo(scenario, as, data string, pace float64, maxSize int64, logTo io.Writer) (*demo, error) {
	sc, _, _, err := loadScenario(scenario, maxSize)
	if err != nil {
		return nil, err
	}
	bots := make(map[string]string)
	seat := ""
	for _, a := range sc.Agencies {
		if a.ID == as {
			seat = a.ID
			continue
		}
		bots[a.ID] = "doctrine"
	}
	if seat == "" && as != wire.RoleFacilitator && as != wire.RoleRoom {
		ids := ""
		for _, a := range sc.Agencies {
			ids += " " + a.ID
		}
		return nil, &exitError{code: 2, msg: fmt.Sprintf("--as %q: the seats of %s are%s, or facilitator", as, sc.ID, ids)}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	url := "ws://" + ln.Addr().String() + wire.Path
	srv, err := server.New(server.Options{DataDir: data, URL: url})
	if err != nil {
		ln.Close()
		return nil, err
	}
	info, err := srv.Create(server.CreateOptions{Scenario: scenario, Seed: time.Now().UnixNano() % 1_000_000, Bots: bots, Pace: pace, MaxSize: maxSize})
	if err != nil {
		ln.Close()
		srv.Close(context.Background())
		return nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	if err := srv.Start(info.Exercise); err != nil {
		hs.Close()
		return nil, err
	}
	d := &demo{url: url, log: srv.LogPath(info.Exercise), srv: srv, info: info}
	if abs, err := filepath.Abs(d.log); err == nil {
		if rel, err := filepath.Rel(mustWd(), abs); err == nil && len(rel) < len(abs) {
			d.log = rel
		}
	}
	switch {
	case seat != "":
		d.hello = wire.Hello{Code: info.Seats[seat], Name: "you"}
	case as == wire.RoleRoom:
		d.hello = wire.Hello{Code: info.Room, Name: "room"}
	default:
		d.hello = wire.Hello{Token: info.Facilitator, Exercise: info.Exercise}
	}
	d.stop = func() {
		srv.End(info.Exercise) // the final score goes in the log
		c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(c)
		srv.Close(c)
	}
	return d, nil
}

func mustWd() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

// newFacilitatorModel returns the facilitator console for ttx demo --as
// facilitator.
func newFacilitatorModel(conn *tui.Conn) tea.Model {
	return facilitator.New(conn, facilitator.WithScenarios(scenarios.IDs()))
}

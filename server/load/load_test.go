package load

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"ttx/server"
	"ttx/server/wire"
)

// TestRunSmall loads an in-process server and a baseline hub with a few
// clients: every round reaches every client. No timing is asserted.
func TestRunSmall(t *testing.T) {
	srv, err := server.New(server.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	first, err := srv.Create(server.CreateOptions{Scenario: "tutorial"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() {
		ts.CloseClientConnections()
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Close(ctx)
	}()
	ws := "ws" + strings.TrimPrefix(ts.URL, "http") + wire.Path
	o := Options{Clients: 12, Exercises: 2, Rounds: 3, Gap: 10 * time.Millisecond}
	rep, err := Run(context.Background(), Target{HTTP: ts.URL, WS: ws, First: first}, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Latency.Samples != o.Exercises*o.Rounds || rep.Ack.Samples != o.Exercises*o.Rounds || rep.Connections < o.Clients {
		t.Errorf("report %+v", rep)
	}
	hub := httptest.NewServer(NewBaseline())
	defer hub.Close()
	bl, err := RunBaseline(context.Background(), "ws"+strings.TrimPrefix(hub.URL, "http")+"/", o)
	if err != nil {
		t.Fatal(err)
	}
	if bl.Samples != o.Exercises*o.Rounds {
		t.Errorf("baseline %+v", bl)
	}
	fs, err := FsyncLatency(t.TempDir(), 300, 5)
	if err != nil || fs.Samples != 5 {
		t.Errorf("fsync baseline %+v, %v", fs, err)
	}
}

// TestSoak churns connections against an in-process server for a moment:
// waves connect and leave, and the server's goroutines and memory return
// to where they began.
func TestSoak(t *testing.T) {
	srv, err := server.New(server.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	first, err := srv.Create(server.CreateOptions{Scenario: "tutorial"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() {
		ts.CloseClientConnections()
		ts.Close()
		srv.Close(t.Context())
	}()
	ws := "ws" + strings.TrimPrefix(ts.URL, "http") + wire.Path
	rep, err := Soak(t.Context(), Target{HTTP: ts.URL, WS: ws, First: first}, SoakOptions{Duration: time.Second, Clients: 20})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Waves == 0 || rep.Connections < 20 || rep.Peak.Goroutines <= rep.Before.Goroutines {
		t.Errorf("soak: %+v", rep)
	}
	if !rep.Returned {
		t.Errorf("the server did not return to its baseline: before %+v, after %+v", rep.Before, rep.After)
	}
}

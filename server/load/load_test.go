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
	if rep.Latency.Samples != o.Exercises*o.Rounds || rep.Connections < o.Clients {
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
}

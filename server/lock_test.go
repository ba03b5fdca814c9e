package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestOneWriterPerLog: while one server writes an exercise's log, a second
// server (or the same one) cannot resume it, and is told which process
// holds it; once the first stops, the log can be resumed.
func TestOneWriterPerLog(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("logs are not locked on this platform")
	}
	first, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	info, err := first.Create(CreateOptions{Scenario: "tutorial", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	logPath := first.LogPath(info.Exercise)
	closeServer := func(s *Server) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Error(err)
		}
	}
	before, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}

	second, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer closeServer(second)
	for _, s := range []*Server{second, first} {
		_, err := s.Resume(logPath)
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("resume while the log is written: %v, want ErrLocked", err)
		}
		if want := fmt.Sprintf("process %d", os.Getpid()); !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if after, _ := os.ReadFile(logPath); string(after) != string(before) {
		t.Error("a refused resume changed the log")
	}
	if n := len(second.Exercises()); n != 0 {
		t.Errorf("the refused server hosts %d exercises", n)
	}

	closeServer(first)
	if _, err := second.Resume(logPath); err != nil {
		t.Fatalf("resume after the first server stopped: %v", err)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFacilitateUsage(t *testing.T) {
	join := filepath.Join(t.TempDir(), "join.json")
	if err := os.WriteFile(join, []byte(`{"url": "ws://127.0.0.1:7420/ws", "exercise": "tutorial-1a2b3c", "facilitator": ""}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{nil, "give the server's URL"},
		{[]string{"ws://127.0.0.1:7420/ws"}, "give --token"},
		{[]string{"ws://127.0.0.1:7420/ws", "--token", "t"}, "give --exercise"},
		{[]string{"--join-file", join}, "give --token"},
		{[]string{"--join-file", filepath.Join(t.TempDir(), "none.json")}, "join file"},
		{[]string{"ftp://127.0.0.1:7420", "--token", "t", "--exercise", "x"}, "the scheme is ws or wss"},
		{[]string{"a", "b"}, "give one server URL"},
	}
	for _, c := range cases {
		code, _, errOut := ttx(t, append([]string{"facilitate"}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("ttx facilitate %q: exit %d, %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

func TestFacilitateURL(t *testing.T) {
	for in, want := range map[string]string{
		"ws://127.0.0.1:7420/ws":  "ws://127.0.0.1:7420/ws",
		"127.0.0.1:7420":          "ws://127.0.0.1:7420/ws",
		"http://127.0.0.1:7420/":  "ws://127.0.0.1:7420/ws",
		"https://ttx.example.org": "wss://ttx.example.org/ws",
		"wss://ttx.example.org/x": "wss://ttx.example.org/x",
	} {
		if got, err := facilitateURL(in); err != nil || got != want {
			t.Errorf("facilitateURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

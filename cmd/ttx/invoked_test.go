package main

import (
	"strings"
	"testing"
)

func TestInvokedAs(t *testing.T) {
	t.Parallel()
	const cache = "/home/ana/.cache/go-build"
	for _, c := range []struct {
		argv0, gocache, want string
	}{
		{"ttx", cache, "ttx"},
		{"./ttx", cache, "./ttx"},
		{"/usr/local/bin/ttx", cache, "/usr/local/bin/ttx"},
		{"bin/ttx", "", "bin/ttx"},
		{"", cache, "ttx"},
		{"/opt/my tools/ttx", cache, `"/opt/my tools/ttx"`},
		// go run's temporary directory, on Linux, macOS and Windows.
		{"/tmp/go-build2874123456/b001/exe/ttx", cache, goRunCommand},
		{"/var/folders/x1/abc/T/go-build991/b001/exe/ttx", "", goRunCommand},
		{`C:\Users\ana\AppData\Local\Temp\go-build1234\b001\exe\ttx.exe`, "", goRunCommand},
		// The build cache, where go run keeps the programs it builds.
		{"/home/ana/.cache/go-build/3f/3f2a9c-d/ttx", cache, goRunCommand},
		{"/srv/gocache/3f/3f2a9c-d/ttx", "/srv/gocache", goRunCommand},
		{"/srv/gocache/3f/3f2a9c-d/ttx", "/srv/gocache/", goRunCommand},
		{`D:\cache\3f\ttx.exe`, `D:\cache`, goRunCommand},
		// Near misses.
		{"/srv/gocache-old/ttx", "/srv/gocache", "/srv/gocache-old/ttx"},
		{"/home/ana/go-build-tools/ttx", cache, "/home/ana/go-build-tools/ttx"},
		{"/home/ana/bin/go-build", cache, "/home/ana/bin/go-build"},
		{"/home/ana/bin/go-builder", cache, "/home/ana/bin/go-builder"},
	} {
		if got := invokedAs(c.argv0, c.gocache); got != c.want {
			t.Errorf("invokedAs(%q, %q) = %q, want %q", c.argv0, c.gocache, got, c.want)
		}
	}
}

// TestDemoEndNamesTheProgram: the demo's parting hints run ttx the way it
// was run.
func TestDemoEndNamesTheProgram(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	printDemoEnd(&b, goRunCommand, "ttx-data/tutorial-4cf0d4.jsonl")
	want := `The exercise has stopped. Its debrief log is ttx-data/tutorial-4cf0d4.jsonl

  go run ./cmd/ttx replay ttx-data/tutorial-4cf0d4.jsonl                    watch it again
  go run ./cmd/ttx score ttx-data/tutorial-4cf0d4.jsonl                     see the scores
  go run ./cmd/ttx verify ttx-data/tutorial-4cf0d4.jsonl                    check it has not been altered
  go run ./cmd/ttx debrief ttx-data/tutorial-4cf0d4.jsonl -o report.html    write the after-action report
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

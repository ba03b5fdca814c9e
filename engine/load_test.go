package engine

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestLoadRejects loads one broken scenario per kind of error and compares
// every problem reported with a golden file.
func TestLoadRejects(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := Load(filepath.ToSlash(f), data)
			if err == nil {
				t.Fatalf("loaded %s without a problem: %+v", f, sc)
			}
			var ps Problems
			if !asProblems(err, &ps) {
				t.Fatalf("error is %T, want Problems", err)
			}
			for _, p := range ps {
				if p.Line < 1 || p.Col < 1 {
					t.Errorf("problem without a position: %v", p)
				}
			}
			golden(t, strings.TrimSuffix(f, ".yaml")+".golden", err.Error()+"\n")
		})
	}
}

func asProblems(err error, ps *Problems) bool {
	p, ok := err.(Problems)
	*ps = p
	return ok
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func TestLoadFixtures(t *testing.T) {
	for _, f := range []string{"rules.yaml"} {
		loadFixture(t, f)
	}
}

// TestDurations covers the duration syntax scenarios use.
func TestDurations(t *testing.T) {
	tests := []struct {
		in   string
		want string
		bad  bool
	}{
		{in: "90s", want: "1m30s"},
		{in: "1h30m", want: "1h30m0s"},
		{in: "45d", want: "1080h0m0s"},
		{in: "0s", want: "0s"},
		{in: "-5m", bad: true},
		{in: "xd", bad: true},
		{in: "soon", bad: true},
	}
	for _, tc := range tests {
		d, err := ParseDuration(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("ParseDuration(%q) = %v, want an error", tc.in, d)
			}
			continue
		}
		if err != nil || d.String() != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %s", tc.in, d, err, tc.want)
		}
	}
}

// FuzzLoad checks that no input makes the loader panic, and that every
// problem it reports has a position. Run it with a short minimizing time
// (go test -fuzz=FuzzLoad -fuzzminimizetime=3s ./engine/): by default each
// new interesting input is minimized for up to a minute, during which no
// executions count and the fuzzer looks stalled.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	bad, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, s := range append(seeds, bad...) {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id: [a, {b: *c}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Load("fuzz.yaml", data)
		if err == nil {
			if sc == nil {
				t.Fatal("nil scenario and nil error")
			}
			New(sc, Options{}).Apply(Command{Actor: Facilitator, Type: CmdTick, T: 3600_000}, sc.Clock.Start.Time)
			return
		}
		ps, ok := err.(Problems)
		if !ok || len(ps) == 0 {
			t.Fatalf("error %T %v is not a list of problems", err, err)
		}
		for _, p := range ps {
			if p.Line < 1 || p.Col < 1 || p.Msg == "" {
				t.Fatalf("problem without position or message: %#v", p)
			}
		}
	})
}

func TestFormatDuration(t *testing.T) {
	for in, want := range map[string]string{"90s": "1m30s", "15m": "15m", "1h30m": "1h30m", "2h": "2h", "45d": "45d", "0s": "0s", "1h0m30s": "1h0m30s"} {
		d, err := ParseDuration(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %s, want %s", in, got, want)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
)

// goRunCommand is how hints name ttx when it runs under go run, which
// leaves no program behind to run again.
const goRunCommand = "go run ./cmd/ttx"

// invokedAs is the command a person types to run ttx again, for hints such
// as "ttx replay LOG": [goRunCommand] when argv0 is a program that go run
// built (in a go-build temporary directory, or in gocache, the Go build
// cache), otherwise argv0 as it was invoked, quoted if it holds a space.
func invokedAs(argv0, gocache string) string {
	if argv0 == "" {
		return "ttx"
	}
	if builtByGoRun(argv0, gocache) {
		return goRunCommand
	}
	if strings.ContainsAny(argv0, " \t") {
		return `"` + argv0 + `"`
	}
	return argv0
}

// builtByGoRun reports whether path lies in a go-build directory (go run's
// temporary one, go-build1234567, or a build cache of the default name,
// go-build) or under gocache.
func builtByGoRun(path, gocache string) bool {
	slash := strings.ReplaceAll(path, `\`, "/")
	if gocache != "" {
		c := strings.TrimSuffix(strings.ReplaceAll(gocache, `\`, "/"), "/") + "/"
		if strings.HasPrefix(slash, c) {
			return true
		}
	}
	dirs := strings.Split(slash, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if n, ok := strings.CutPrefix(d, "go-build"); ok && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}

// goCache is the Go build cache directory as the go command finds it
// without being asked: $GOCACHE, or go-build in the user's cache
// directory. It is empty when neither is known.
func goCache() string {
	if c := os.Getenv("GOCACHE"); c != "" && c != "off" {
		return c
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "go-build")
	}
	return ""
}

package server

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrLocked reports that another process (or another exercise in this
// one) is already writing a debrief log. Errors from [Server.Resume] and
// [Server.Create] wrap it.
var ErrLocked = errors.New("the debrief log is in use")

// logLock is an exclusive lock on a debrief log, held by its one writer for
// as long as the exercise runs. It is a lock file beside the log (the log's
// path with ".lock" added) holding the writer's process id, so that a second
// writer can name the first. The operating system releases the lock when
// the process dies, so a crash never leaves a log locked.
type logLock struct {
	f    *os.File
	path string
}

func lockPath(logPath string) string { return logPath + ".lock" }

// lockLog takes the lock on the debrief log at logPath, or returns an error
// wrapping [ErrLocked] that names the process holding it.
func lockLog(logPath string) (*logLock, error) {
	path := lockPath(logPath)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", logPath, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", logPath, err)
	}
	if held {
		b, _ := os.ReadFile(path)
		f.Close()
		holder := "another process"
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
			holder = "process " + strconv.Itoa(pid)
			if pid == os.Getpid() {
				holder += " (this one)"
			}
		}
		return nil, fmt.Errorf("%s is being written by %s (lock file %s): %w", logPath, holder, path, ErrLocked)
	}
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		unlock(f)
		f.Close()
		return nil, fmt.Errorf("lock %s: write the lock file: %w", logPath, err)
	}
	return &logLock{f: f, path: path}, nil
}

// release gives the lock up. The lock file stays, empty: removing it could
// let two writers lock two different files of the same name.
func (l *logLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Truncate(0)
	if uerr := unlock(l.f); err == nil {
		err = uerr
	}
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	if err != nil {
		return fmt.Errorf("release lock %s: %w", l.path, err)
	}
	return nil
}

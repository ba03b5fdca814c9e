//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package server

import "os"

// tryLock does not lock on this platform: the lock file records the
// writer's process id, but a second writer is not stopped.
func tryLock(*os.File) (held bool, err error) { return false, nil }

func unlock(*os.File) error { return nil }

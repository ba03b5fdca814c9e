package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"ttx/engine"
	"ttx/server/wire"
)

// ForkOptions set up [Server.ResumeFork].
type ForkOptions struct {
	// Bots are the seats played by bots, seat to kind, when the fork gets
	// new codes; with its parent's codes it keeps its parent's bots.
	Bots map[string]string
	// Pace is exercise seconds per wall-clock second for new codes; zero
	// means 1.
	Pace float64
}

// ResumeFork hosts a forked log (see [engine.ForkLog]), or any unfinished
// log, as an exercise that continues from its last event, as [Server.Resume]
// does after a crash: the server appends to the log at logPath.
//
// The exercise's join file is the one beside the log, if there is one.
// Otherwise it is made: a fork of a hosted exercise whose join file lies
// beside the parent log keeps the parent's codes, seats and bots (so the
// same people sit down at the same seats), under an exercise id of its
// own; any other log gets new codes. A fork whose parent, with those
// codes, is hosted by this server is refused.
//
// A fork comes up paused (a pause command at the fork point is added to
// the log), so that play waits for the facilitator to resume it.
func (s *Server) ResumeFork(logPath string, o ForkOptions) (wire.JoinInfo, error) {
	if _, err := os.Stat(joinPath(logPath)); errors.Is(err, fs.ErrNotExist) {
		if err := s.forkJoin(logPath, o); err != nil {
			return wire.JoinInfo{}, err
		}
	}
	j, err := readJoin(logPath)
	if err != nil {
		return wire.JoinInfo{}, err
	}
	s.mu.Lock()
	for _, code := range append([]string{j.Observer}, mapValues(j.Seats)...) {
		if c, ok := s.codes[code]; ok {
			s.mu.Unlock()
			return wire.JoinInfo{}, fmt.Errorf("resume %s: exercise %s is hosted here with the same codes; end it first", logPath, c.ex.id)
		}
	}
	s.mu.Unlock()
	ex, err := resumeExercise(s, logPath)
	if err != nil {
		return wire.JoinInfo{}, err
	}
	if ex.x.Started() && !ex.x.Paused() && !ex.x.Ended() && ex.x.NoPlay() == "" {
		ex.apply([]pendingCmd{{cmd: engine.Command{Actor: engine.Facilitator, Type: engine.CmdPause, T: ex.x.Now(), ID: fmt.Sprintf("fork-pause-%d", ex.x.Seq()+1)}}})
		if ex.failed != nil {
			ex.file.Close()
			ex.lock.release()
			return wire.JoinInfo{}, fmt.Errorf("resume %s: %w", logPath, ex.failed)
		}
	}
	s.register(ex)
	return s.joinInfo(ex), nil
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func readJoin(logPath string) (joinFile, error) {
	var j joinFile
	b, err := os.ReadFile(joinPath(logPath))
	if err != nil {
		return j, fmt.Errorf("resume: the join file beside the log: %w", err)
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return j, fmt.Errorf("resume: join file %s: %w", joinPath(logPath), err)
	}
	return j, nil
}

// forkJoin writes the join file of a log that has none: its parent's
// codes under a new id, or new codes.
func (s *Server) forkJoin(logPath string, o ForkOptions) error {
	f, err := os.Open(logPath)
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	lr, err := engine.NewLogReader(bufio.NewReader(f))
	f.Close()
	if err != nil {
		return fmt.Errorf("resume %s: %w", logPath, err)
	}
	h := lr.Header()
	sc, _, err := engine.ScenarioFromHeader(h)
	if err != nil {
		return fmt.Errorf("resume %s: %w", logPath, err)
	}
	id := sc.ID + "-" + newID()
	if h.Fork != nil {
		if j, err := readJoin(filepath.Join(filepath.Dir(logPath), h.Fork.Parent)); err == nil {
			j.ID = id
			return writeJoin(joinPath(logPath), j)
		}
	}
	for seat, kind := range o.Bots {
		if !slices.ContainsFunc(sc.Agencies, func(a engine.Agency) bool { return a.ID == seat }) {
			return fmt.Errorf("no seat %q in scenario %s", seat, sc.ID)
		}
		if _, err := engine.NewBot(kind); err != nil {
			return fmt.Errorf("seat %s: %w", seat, err)
		}
	}
	j := joinFile{ID: id, Scenario: sc.ID, Facilitator: newToken(), Observer: newCode(), Seats: make(map[string]string), Bots: o.Bots, Pace: o.Pace}
	if j.Pace <= 0 {
		j.Pace = 1
	}
	for _, a := range sc.Agencies {
		j.Seats[a.ID] = newCode()
	}
	return writeJoin(joinPath(logPath), j)
}

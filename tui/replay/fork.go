package replay

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"ttx/engine"
	"ttx/tui/styles"
)

// replayForkedMsg reports a fork written beside the log (see [replayFork]).
type replayForkedMsg struct {
	path string
	fork *engine.Fork
	err  error
}

// forkHere forks the log after the event at the cursor, or says why not.
func (m *Model) forkHere() tea.Cmd {
	if m.cursor == 0 {
		m.status = "Step to an event first: a fork holds the log up to the command of the event at the cursor."
		return nil
	}
	seq := m.d.events[m.cursor-1].Seq
	m.status = fmt.Sprintf("Forking at #%d…", seq)
	return replayFork(m.path, seq, time.Now().UTC())
}

// replayFork writes a fork of the log at path, cut after the command whose
// events include event seq, beside it as NAME-fork-SEQ.jsonl (with -2, -3
// … when that is taken). It is the I/O of the fork key, run as a command.
func replayFork(path string, seq int64, now time.Time) tea.Cmd {
	return func() tea.Msg {
		out, h, err := writeForkBeside(path, seq, now)
		if err != nil {
			return replayForkedMsg{err: err}
		}
		return replayForkedMsg{path: out, fork: h.Fork}
	}
}

func writeForkBeside(path string, seq int64, now time.Time) (string, engine.Header, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", engine.Header{}, err
	}
	defer in.Close()
	base := strings.TrimSuffix(path, filepath.Ext(path)) + fmt.Sprintf("-fork-%d", seq)
	var f *os.File
	out := base + ".jsonl"
	for k := 2; ; k++ {
		f, err = os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !os.IsExist(err) || k > 99 {
			break
		}
		out = fmt.Sprintf("%s-%d.jsonl", base, k)
	}
	if err != nil {
		return "", engine.Header{}, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	h, err := engine.ForkLog(in, filepath.Base(path), engine.ForkPoint{Seq: seq}, bw, now)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		return "", engine.Header{}, err
	}
	return out, h, nil
}

// forked says where the fork went and how to continue it.
func (m *Model) forked(msg replayForkedMsg) {
	if msg.err != nil {
		m.status = "No fork: " + msg.err.Error()
		return
	}
	m.status = fmt.Sprintf("Forked at #%d (%s) into %s. Continue it: ttx simulate --from %s --bots doctrine --out DONE.jsonl, or ttx serve --from %s",
		msg.fork.Seq, styles.Clock(msg.fork.T), msg.path, msg.path, msg.path)
}

package engine

import "io"

// ResumeLog re-runs a log that a server may have died while writing, in one
// pass: it checks the chain and the engine's events as [ReplayLog] does,
// calling each with every event in order, and returns where the log's
// writer continues ([Replay.Head], [Replay.LastSeq], [Replay.End]).
//
// A log cut short mid-line or mid-command is not an error: [Replay.Torn]
// is set, [Replay.End] is where the last whole command ends, and
// [Replay.Exercise] is nil, since the engine has applied the command cut
// short (each may have seen some of its events). The caller cuts the log at
// End, which was never acknowledged, and reads it again. Other errors (an
// edited line, a mismatch, a repeated command id) are returned.
func ResumeLog(r io.Reader, each func(*Event)) (*Replay, error) {
	rp, err := replay(r, each, true)
	if err != nil {
		return nil, err
	}
	if rp.Torn {
		rp.Exercise = nil
	}
	return rp, nil
}

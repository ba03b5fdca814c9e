package engine

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// LogFormat is the value of [Header.Format] in every debrief log.
//
// A debrief log is JSON Lines, append-only. Line 1 is a [Header]; each later
// line is one [Event] as encoding/json encodes it (fields in struct order),
// with Prev set to the lowercase hex SHA-256 of the previous line's bytes,
// newline excluded. Seq starts at 1 and rises by exactly 1 a line. Every
// line is in canonical form: decoding it and encoding the result gives back
// the same bytes. A [LogReader] checks all of this, so whatever it accepts is
// exactly what a [LogWriter] writes for the same header and events.
const LogFormat = "ttx-debrief-log"

// LogVersion is the version of the log format that [LogWriter] writes and the
// newest that [LogReader] reads.
const LogVersion = 1

const (
	// maxLineBytes bounds the length of one line, so that a damaged or
	// hostile log cannot make a reader take unbounded memory. The header,
	// which carries the scenario's YAML, is the longest line by far.
	maxLineBytes = 16 << 20
	// readBufferBytes is the size of a reader's buffer; lines up to this
	// long (every event line, in practice) are read without copying.
	readBufferBytes = 64 << 10
)

// ErrTornLine is wrapped by the error a [LogReader] returns for a last line
// with no newline at its end: a write cut short by a crash. A [LogWriter]
// writes each line and its newline together, and an event counts as written
// only once its line is durable, so a server recovers by truncating the log
// at [LogReader.Offset] and resuming with [ResumeLogWriter].
var ErrTornLine = errors.New("torn last line")

// Header is the first line of a debrief log.
type Header struct {
	// Format is [LogFormat].
	Format string `json:"format"`
	// Version is the version of the log format, [LogVersion] when written.
	Version int `json:"version"`
	// Scenario is the scenario's id.
	Scenario string `json:"scenario"`
	// ScenarioFile is the name the scenario was loaded as: a bundled
	// scenario's id or a path.
	ScenarioFile string `json:"scenario_file"`
	// ScenarioSHA256 is the lowercase hex SHA-256 of ScenarioSource.
	ScenarioSHA256 string `json:"scenario_sha256"`
	// ScenarioSource is the scenario's YAML, so that the log is
	// self-contained.
	ScenarioSource string `json:"scenario_source"`
	// Seed seeds every random choice the engine makes.
	Seed int64 `json:"seed"`
	// RulesAsOf is the date of the rules the engine applied, YYYY-MM-DD.
	RulesAsOf string `json:"rules_as_of"`
	// Engine is the engine's version.
	Engine string `json:"engine"`
	// Created is when the log was created.
	Created time.Time `json:"created"`
	// Exercise is the server's id of the exercise, when it was hosted.
	Exercise string `json:"exercise,omitempty"`
	// Fork says, for a log forked from another, which log and which
	// moment it was forked from ([ForkLog]); nil otherwise.
	Fork *Fork `json:"fork,omitempty"`
}

// LogError is an error at one line of a debrief log. [LogReader] returns
// its errors as *LogError.
type LogError struct {
	// Line is the 1-based number of the line; the header is line 1.
	Line int
	// Err says what is wrong with the line.
	Err error
}

// Error returns "line N: " and the text of e.Err.
func (e *LogError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns e.Err, so that [errors.Is] finds [ErrTornLine].
func (e *LogError) Unwrap() error { return e.Err }

// LogWriter appends events to a debrief log, chaining each line to the one
// before. It writes each line, newline included, with one call to the
// underlying writer and neither buffers nor syncs: a buffered writer, and
// syncing before an event is acknowledged, are the caller's business.
//
// After a failed write the state of the log is unknown, so every later
// [LogWriter.Append] fails too; read the log again with a [LogReader] and
// continue with [ResumeLogWriter]. A LogWriter is for one goroutine at a time.
type LogWriter struct {
	w       io.Writer
	buf     bytes.Buffer
	enc     *json.Encoder
	last    string // hex SHA-256 of the last line written
	lastSeq int64
	err     error
}

func newLogWriter(w io.Writer, lastHash string, lastSeq int64) *LogWriter {
	lw := &LogWriter{w: w, last: lastHash, lastSeq: lastSeq}
	lw.enc = json.NewEncoder(&lw.buf)
	return lw
}

// NewLogWriter starts a debrief log on w by writing its header line.
// A zero Format or Version in h is set to [LogFormat] or [LogVersion], and an
// empty ScenarioSHA256 to the hash of ScenarioSource; other values are
// errors, as is a ScenarioSource that is not valid UTF-8.
func NewLogWriter(w io.Writer, h Header) (*LogWriter, error) {
	if h.Format == "" {
		h.Format = LogFormat
	}
	if h.Version == 0 {
		h.Version = LogVersion
	}
	if h.Format != LogFormat {
		return nil, fmt.Errorf("write log header: format %q, want %q", h.Format, LogFormat)
	}
	if h.Version != LogVersion {
		return nil, fmt.Errorf("write log header: version %d, want %d", h.Version, LogVersion)
	}
	if !utf8.ValidString(h.ScenarioSource) {
		return nil, errors.New("write log header: scenario source is not valid UTF-8")
	}
	sum := sha256.Sum256([]byte(h.ScenarioSource))
	if h.ScenarioSHA256 == "" {
		h.ScenarioSHA256 = hex.EncodeToString(sum[:])
	} else if h.ScenarioSHA256 != hex.EncodeToString(sum[:]) {
		return nil, errors.New("write log header: scenario_sha256 is not the SHA-256 of scenario_source")
	}
	lw := newLogWriter(w, "", 0)
	line, err := lw.encode(&h)
	if err != nil {
		return nil, fmt.Errorf("write log header: %w", err)
	}
	if replacedUTF8(line) {
		var n Header
		if err := json.Unmarshal(line, &n); err != nil {
			return nil, fmt.Errorf("write log header: %w", err)
		}
		if line, err = lw.encode(&n); err != nil {
			return nil, fmt.Errorf("write log header: %w", err)
		}
	}
	if err := lw.write(line); err != nil {
		return nil, fmt.Errorf("write log header: %w", err)
	}
	return lw, nil
}

// ResumeLogWriter continues an existing debrief log whose last line hashes
// to lastHash and holds event lastSeq (0 if the log has only its header).
// w must be positioned at the end of the log. [LogReader.LastHash] and
// [LogReader.LastSeq] give both values once the log has been read.
func ResumeLogWriter(w io.Writer, lastHash string, lastSeq int64) *LogWriter {
	return newLogWriter(w, lastHash, lastSeq)
}

// Append writes e as the next line of the log. e.Seq must be one more than
// the last event's; Append sets e.Prev to the hash of the previous line.
//
// Strings that are not valid UTF-8 are written with each bad byte replaced
// by U+FFFD, as encoding/json does; Append then makes the same replacement
// in e, so that e is what a [LogReader] will return.
func (lw *LogWriter) Append(e *Event) error {
	if lw.err != nil {
		return fmt.Errorf("append event %d: log writer failed earlier: %w", e.Seq, lw.err)
	}
	if e.Seq != lw.lastSeq+1 {
		return fmt.Errorf("append event: seq %d, want %d", e.Seq, lw.lastSeq+1)
	}
	prev := e.Prev
	e.Prev = lw.last
	line, err := lw.encode(e)
	if err != nil {
		e.Prev = prev
		return fmt.Errorf("append event %d: %w", e.Seq, err)
	}
	if replacedUTF8(line) {
		var n Event
		if err := json.Unmarshal(line, &n); err != nil {
			e.Prev = prev
			return fmt.Errorf("append event %d: %w", e.Seq, err)
		}
		if line, err = lw.encode(&n); err != nil {
			e.Prev = prev
			return fmt.Errorf("append event %d: %w", e.Seq, err)
		}
		*e = n
	}
	if err := lw.write(line); err != nil {
		return fmt.Errorf("append event %d: %w", e.Seq, err)
	}
	lw.lastSeq = e.Seq
	return nil
}

// encode encodes v into lw.buf and returns the line, newline excluded. The
// result is valid until the next call.
func (lw *LogWriter) encode(v any) ([]byte, error) {
	lw.buf.Reset()
	if err := lw.enc.Encode(v); err != nil {
		return nil, err
	}
	b := lw.buf.Bytes()
	return b[:len(b)-1], nil
}

// write writes line and the newline that follows it in lw.buf, and makes
// line the last one.
func (lw *LogWriter) write(line []byte) error {
	if _, err := lw.w.Write(lw.buf.Bytes()); err != nil {
		lw.err = err
		return err
	}
	sum := sha256.Sum256(line)
	lw.last = hex.EncodeToString(sum[:])
	return nil
}

// LastHash returns the hex SHA-256 of the last line written, the Prev of the
// next event.
func (lw *LogWriter) LastHash() string { return lw.last }

// LastSeq returns the Seq of the last event written, 0 if none.
func (lw *LogWriter) LastSeq() int64 { return lw.lastSeq }

// replacedUTF8 reports whether encoded JSON holds the escape \ufffd, which
// encoding/json writes for a byte that is not valid UTF-8 (it writes a real
// U+FFFD as it is). Such a line would not read back to the same bytes.
func replacedUTF8(b []byte) bool {
	const esc = `\ufffd`
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(esc))
		if j < 0 {
			return false
		}
		i += j
		// The escape is real if the backslash is not itself escaped: an
		// even number of backslashes comes before it.
		n := 0
		for k := i - 1; k >= 0 && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return true
		}
		i += len(esc)
	}
}

// LogReader reads a debrief log line by line, checking the chain as it goes.
// It holds no more than the line being read.
//
// The chain detects an edited, deleted, inserted or reordered line anywhere
// but at the end: lines removed from the end, or an edit to the last line
// that keeps it canonical, leave a valid shorter log. To detect those,
// compare [LogReader.LastHash] with the head recorded elsewhere.
type LogReader struct {
	br      *bufio.Reader
	long    []byte // holds a line longer than br's buffer
	header  Header
	line    int      // number of the last line read
	off     int64    // offset of the end of the last good line
	sum     [32]byte // SHA-256 of the last good line
	hash    [64]byte // sum in lowercase hex
	lastSeq int64
	err     error
	ebuf    bytes.Buffer
	enc     *json.Encoder
}

// NewLogReader reads and checks the header of the debrief log in r: its
// format, that its version is one this engine reads, and that the scenario's
// SHA-256 matches its source. Its errors are *[LogError] at line 1.
func NewLogReader(r io.Reader) (*LogReader, error) {
	lr := &LogReader{br: bufio.NewReaderSize(r, readBufferBytes)}
	lr.enc = json.NewEncoder(&lr.ebuf)
	if err := lr.readHeader(); err != nil {
		return nil, &LogError{Line: 1, Err: err}
	}
	return lr, nil
}

func (lr *LogReader) readHeader() error {
	line, complete, err := lr.readLine()
	lr.line = 1
	switch {
	case err != nil:
		return fmt.Errorf("header: %w", err)
	case !complete && len(line) == 0:
		return errors.New("empty log: no header")
	case !complete:
		return fmt.Errorf("header: %w: no newline at end", ErrTornLine)
	}
	var probe struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(line, &probe); err != nil {
		return fmt.Errorf("not a debrief log header: %v", err)
	}
	if probe.Format != LogFormat {
		return fmt.Errorf("not a debrief log header: format %q, want %q", probe.Format, LogFormat)
	}
	if probe.Version < 1 || probe.Version > LogVersion {
		return fmt.Errorf("unsupported log format version %d (this engine reads up to %d)", probe.Version, LogVersion)
	}
	var h Header
	if err := json.Unmarshal(line, &h); err != nil {
		return fmt.Errorf("header: %v", err)
	}
	sum := sha256.Sum256([]byte(h.ScenarioSource))
	if h.ScenarioSHA256 != hex.EncodeToString(sum[:]) {
		return errors.New("header: scenario_sha256 is not the SHA-256 of scenario_source: the scenario was edited")
	}
	if err := lr.canonical(line, &h); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	lr.header = h
	lr.accept(line)
	lr.long = nil // the header may have grown it large
	return nil
}

// readLine reads the next line. complete reports whether it ended with a
// newline, which line excludes. line is valid until the next call.
func (lr *LogReader) readLine() (line []byte, complete bool, err error) {
	frag, err := lr.br.ReadSlice('\n')
	switch err {
	case nil:
		return frag[:len(frag)-1], true, nil
	case io.EOF:
		return frag, false, nil
	case bufio.ErrBufferFull:
	default:
		return nil, false, err
	}
	lr.long = append(lr.long[:0], frag...)
	for {
		frag, err = lr.br.ReadSlice('\n')
		lr.long = append(lr.long, frag...)
		if len(lr.long) > maxLineBytes+1 || len(lr.long) > maxLineBytes && err != nil {
			return nil, false, fmt.Errorf("longer than %d bytes", maxLineBytes)
		}
		switch err {
		case nil:
			return lr.long[:len(lr.long)-1], true, nil
		case io.EOF:
			return lr.long, false, nil
		case bufio.ErrBufferFull:
		default:
			return nil, false, err
		}
	}
}

// canonical checks that v, decoded from line, encodes to line again.
func (lr *LogReader) canonical(line []byte, v any) error {
	lr.ebuf.Reset()
	if err := lr.enc.Encode(v); err != nil {
		return fmt.Errorf("cannot re-encode: %v", err)
	}
	b := lr.ebuf.Bytes()
	b = b[:len(b)-1]
	if bytes.Equal(b, line) {
		return nil
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		return errors.New("not in canonical form: ends with a carriage return (CRLF line endings?)")
	}
	i := 0
	for i < len(b) && i < len(line) && b[i] == line[i] {
		i++
	}
	return fmt.Errorf("not in canonical form: differs from its re-encoding at byte %d (spacing, field order, escapes, or unknown or repeated fields)", i+1)
}

// accept makes line, which passed every check, the last good line.
func (lr *LogReader) accept(line []byte) {
	lr.sum = sha256.Sum256(line)
	hex.Encode(lr.hash[:], lr.sum[:])
	lr.off += int64(len(line)) + 1
}

// Header returns the log's header.
func (lr *LogReader) Header() Header { return lr.header }

// Next reads, checks and returns the next event. It returns [io.EOF] at a
// clean end of the log, and otherwise errors of type *[LogError]; after an
// error it returns the same error again.
func (lr *LogReader) Next() (Event, error) {
	if lr.err != nil {
		return Event{}, lr.err
	}
	e, err := lr.next()
	if err != nil {
		if err != io.EOF {
			err = &LogError{Line: lr.line, Err: err}
		}
		lr.err = err
		return Event{}, err
	}
	return e, nil
}

// NextMatching reads the next line like [LogReader.Next], but first checks
// whether the line is exactly the encoding of want chained to the line
// before (want.Prev is set to that hash). If so, the line is accepted
// without being decoded, and matched is true: verifying a log against the
// engine's own events need not decode them. Otherwise the line is decoded
// and checked as by Next, and returned for the caller to compare.
func (lr *LogReader) NextMatching(want *Event) (matched bool, e Event, err error) {
	if lr.err != nil {
		return false, Event{}, lr.err
	}
	line, complete, err := lr.readLine()
	if err == nil && complete && want.Seq == lr.lastSeq+1 {
		want.Prev = string(lr.hash[:])
		lr.ebuf.Reset()
		if lr.enc.Encode(want) == nil {
			if b := lr.ebuf.Bytes(); bytes.Equal(b[:len(b)-1], line) {
				lr.line++
				lr.accept(line)
				lr.lastSeq = want.Seq
				return true, Event{}, nil
			}
		}
	}
	e, err = lr.check(line, complete, err)
	if err != nil {
		if err != io.EOF {
			err = &LogError{Line: lr.line, Err: err}
		}
		lr.err = err
		return false, Event{}, err
	}
	return false, e, nil
}

func (lr *LogReader) next() (Event, error) {
	line, complete, err := lr.readLine()
	return lr.check(line, complete, err)
}

// check checks one line read by readLine and decodes its event.
func (lr *LogReader) check(line []byte, complete bool, err error) (Event, error) {
	if err == nil && !complete && len(line) == 0 {
		return Event{}, io.EOF
	}
	lr.line++
	if err != nil {
		return Event{}, err
	}
	if !complete {
		if incompleteJSON(line) {
			return Event{}, fmt.Errorf("%w: incomplete JSON and no newline at end", ErrTornLine)
		}
		return Event{}, fmt.Errorf("%w: no newline at end", ErrTornLine)
	}
	if len(line) == 0 {
		return Event{}, errors.New("empty line")
	}
	var e Event
	if err := json.Unmarshal(line, &e); err != nil {
		var se *json.SyntaxError
		switch {
		case !errors.As(err, &se):
			return Event{}, fmt.Errorf("not an event: %v", err)
		case incompleteJSON(line):
			return Event{}, errors.New("truncated line (incomplete JSON) followed by more lines")
		default:
			return Event{}, fmt.Errorf("bad JSON: %v", err)
		}
	}
	if err := lr.canonical(line, &e); err != nil {
		return Event{}, err
	}
	if e.Seq != lr.lastSeq+1 {
		return Event{}, fmt.Errorf("seq %d, want %d: a line was deleted, inserted or reordered", e.Seq, lr.lastSeq+1)
	}
	if e.Prev != string(lr.hash[:]) {
		return Event{}, fmt.Errorf("prev does not match the hash of line %d: line %d or %d was edited, or a line was inserted or moved", lr.line-1, lr.line-1, lr.line)
	}
	lr.accept(line)
	lr.lastSeq = e.Seq
	return e, nil
}

// incompleteJSON reports whether line is the start of a JSON value cut short.
func incompleteJSON(line []byte) bool {
	var v any
	err := json.NewDecoder(bytes.NewReader(line)).Decode(&v)
	return errors.Is(err, io.ErrUnexpectedEOF)
}

// Line returns the number of the last line read, the header being line 1.
func (lr *LogReader) Line() int { return lr.line }

// LastHash returns the hex SHA-256 of the last line read without error: the
// Prev of the next event, for [ResumeLogWriter].
func (lr *LogReader) LastHash() string { return string(lr.hash[:]) }

// LastSeq returns the Seq of the last event read without error, 0 if none.
func (lr *LogReader) LastSeq() int64 { return lr.lastSeq }

// Offset returns the number of bytes from the start of the log to the end
// of the last line read without error, its newline included. After an error
// wrapping [ErrTornLine], it is where to truncate the log before resuming.
func (lr *LogReader) Offset() int64 { return lr.off }

// ReadLog reads and checks a whole debrief log. On error it returns the
// header and the events read before the error along with it.
func ReadLog(r io.Reader) (Header, []Event, error) {
	lr, err := NewLogReader(r)
	if err != nil {
		return Header{}, nil, err
	}
	var evs []Event
	for {
		e, err := lr.Next()
		if err == io.EOF {
			return lr.header, evs, nil
		}
		if err != nil {
			return lr.header, evs, err
		}
		evs = append(evs, e)
	}
}

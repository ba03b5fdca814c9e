// Package wire is the protocol between a ttx server and its clients: the
// message types, the protocol version, and strict encoding and decoding.
// Each message is one JSON object in one websocket text frame, with a
// "type" field naming it. docs/protocol.md specifies it for other clients.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"ttx/engine"
)

// Version is the protocol version a client names in its [Hello].
const Version = 1

// Path is the websocket endpoint.
const Path = "/ws"

// MaxFrame is the largest frame a client may send, in bytes.
const MaxFrame = 64 << 10

// Message types sent by clients.
const (
	TypeHello   = "hello"
	TypeCommand = "command"
	TypeControl = "control"
	TypeView    = "view"
)

// Message types sent by the server.
const (
	TypeWelcome  = "welcome"
	TypeSnapshot = "snapshot"
	TypeEvent    = "event"
	TypeAck      = "ack"
	TypeError    = "error"
	TypeClock    = "clock"
	TypeSeats    = "seats"
	TypeSeat     = "seat"
	TypeScore    = "score"
	TypeCreated  = "created"
	TypeCaughtUp = "caught_up"
)

// Roles a connection may hold.
const (
	RolePlayer      = "player"
	RoleFacilitator = "facilitator"
	RoleObserver    = "observer"
	// RoleRoom is the room's shared screen: it gets the room's view
	// ([Snapshot.Room]) and the clock, and nothing private to an agency.
	RoleRoom = "room"
)

// Control operations, the facilitator's server-side controls.
const (
	OpStart   = "start"   // start the clock
	OpPace    = "pace"    // set exercise seconds per wall second
	OpAdvance = "advance" // jump the clock to the next scheduled event
	OpBot     = "bot"     // hand a seat to a bot ("doctrine", "naive") or back ("")
	OpCreate  = "create"  // start another exercise
)

// Controls lists every control operation.
var Controls = []string{OpStart, OpPace, OpAdvance, OpBot, OpCreate}

// Hello is the first message on every connection. It carries exactly one
// credential: a seat's join code, an observer code, or the facilitator
// token with the exercise id.
type Hello struct {
	Type    string `json:"type"`
	Version int    `json:"v"`
	// Code is a seat's join code or an exercise's observer code.
	Code string `json:"code,omitempty"`
	// Token is the facilitator token; Exercise names the exercise.
	Token    string `json:"token,omitempty"`
	Exercise string `json:"exercise,omitempty"`
	// LastSeq is the last event sequence number the client has seen, when
	// resuming; 0 for a first connection.
	LastSeq int64 `json:"last_seq"`
	// Name is shown to the facilitator (a player's or team's name).
	Name string `json:"name,omitempty"`
}

// Command asks the engine to act. ID is chosen by the client and unique
// among its commands: a retry with the same ID is answered again and never
// applied twice. The command's actor and time are set by the server: a
// player acts as its seat's agency; the facilitator acts as itself or, by
// naming Command.Actor, plays an agency's absent role.
type Command struct {
	Type    string         `json:"type"`
	ID      string         `json:"id"`
	Command engine.Command `json:"command"`
}

// Control is a facilitator's server-side control (see [Controls]).
type Control struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Op   string `json:"op"`
	// Pace is exercise seconds per wall second, for OpPace (0.1 to 120).
	Pace float64 `json:"pace,omitempty"`
	// Seat and Bot are for OpBot.
	Seat string `json:"seat,omitempty"`
	Bot  string `json:"bot,omitempty"`
	// Scenario is a bundled id for OpCreate.
	Scenario string `json:"scenario,omitempty"`
}

// ViewRequest asks for a fresh [Snapshot]. The facilitator may name any
// agency ("view as"); a player always gets its own.
type ViewRequest struct {
	Type   string `json:"type"`
	Agency string `json:"agency,omitempty"`
}

// Welcome answers a good Hello.
type Welcome struct {
	Type     string       `json:"type"`
	Version  int          `json:"v"`
	Exercise string       `json:"exercise"`
	Role     string       `json:"role"`
	Seat     string       `json:"seat,omitempty"`
	Scenario ScenarioInfo `json:"scenario"`
	// Briefing is the seat's agency briefing.
	Briefing string `json:"briefing,omitempty"`
	// Seq is the sequence number of the exercise's last event.
	Seq   int64      `json:"seq"`
	Seats []SeatInfo `json:"seats"`
	Clock Clock      `json:"clock"`
	// Injects is the scenario's events list and People everyone in it, by
	// id and alias: the facilitator's alone, for the upcoming injects and
	// the competent authority's decisions.
	Injects []InjectInfo `json:"injects,omitempty"`
	People  []PersonInfo `json:"people,omitempty"`
}

// InjectInfo is one entry of the scenario's events list, for the
// facilitator.
type InjectInfo struct {
	ID string `json:"id"`
	// At is the exercise time, in milliseconds, at which a timed inject
	// fires; Timed is false for one released by a condition, a decision,
	// a missed deadline or the facilitator.
	At      int64    `json:"at"`
	Timed   bool     `json:"timed"`
	From    string   `json:"from,omitempty"`
	To      []string `json:"to"`
	Channel string   `json:"channel"`
	Text    string   `json:"text"`
}

// PersonInfo names a person of the scenario, for the facilitator.
type PersonInfo struct {
	ID    string `json:"id"`
	Alias string `json:"alias"`
}

// ScenarioInfo describes the scenario being played.
type ScenarioInfo struct {
	ID             string `json:"id"`
	Title          string `json:"title"`
	Summary        string `json:"summary,omitempty"`
	ContentWarning string `json:"content_warning,omitempty"`
	RulesAsOf      string `json:"rules_as_of"`
}

// SeatInfo is one seat as the facilitator sees it.
type SeatInfo struct {
	Seat      string   `json:"seat"`
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Bot       string   `json:"bot,omitempty"`
	Connected int      `json:"connected"`
	Players   []string `json:"players,omitempty"`
	// LastAction is the type and exercise time of the seat's last command.
	LastAction string `json:"last_action,omitempty"`
	LastT      int64  `json:"last_t,omitempty"`
}

// Snapshot is an agency's whole view at event Seq. The facilitator's
// snapshot without an agency has no view, only the clock.
type Snapshot struct {
	Type  string       `json:"type"`
	Seq   int64        `json:"seq"`
	View  *engine.View `json:"view,omitempty"`
	Clock Clock        `json:"clock"`
	// Facilitator is the facilitator's own view, on every snapshot sent
	// to the facilitator: the NRM cases and what the competent authority
	// owes, open requests and decisions, and who plays each seat.
	Facilitator *engine.FacilitatorView `json:"facilitator,omitempty"`
	// Room is the room's view, on every snapshot sent to the room: the
	// only view the room gets.
	Room *engine.RoomView `json:"room,omitempty"`
}

// Event carries one engine event visible to the receiver, in order.
type Event struct {
	Type  string       `json:"type"`
	Event engine.Event `json:"event"`
}

// Ack answers a Command or Control: accepted, with the sequence number of
// the last event it caused, or rejected, with the rule and reason.
type Ack struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Status string `json:"status"`
	Seq    int64  `json:"seq,omitempty"`
	Rule   string `json:"rule,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Ack statuses.
const (
	Accepted = "accepted"
	Rejected = "rejected"
)

// Error reports a protocol error: a message the server could not take.
type Error struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// ID is the command or control id the error is about, if any.
	ID string `json:"id,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Error codes.
const (
	CodeBadJSON        = "bad_json"
	CodeUnknownType    = "unknown_type"
	CodeMissingField   = "missing_field"
	CodeBadField       = "bad_field"
	CodeBadVersion     = "bad_version"
	CodeNotJoined      = "not_joined"
	CodeAlreadyJoined  = "already_joined"
	CodeBadCredentials = "bad_credentials"
	CodeThrottled      = "throttled"
	CodeNotPermitted   = "not_permitted"
	CodeRateLimited    = "rate_limited"
	CodeNotStarted     = "not_started"
	CodeEnded          = "ended"
	CodeTooLarge       = "too_large"
	CodeUnavailable    = "unavailable"
	CodeTooMany        = "too_many_connections"
)

// ErrorCodes returns every error code, as docs/protocol.md lists them.
func ErrorCodes() []string {
	return []string{CodeBadJSON, CodeUnknownType, CodeMissingField, CodeBadField, CodeBadVersion, CodeNotJoined,
		CodeAlreadyJoined, CodeBadCredentials, CodeThrottled, CodeNotPermitted, CodeRateLimited, CodeNotStarted,
		CodeEnded, CodeTooLarge, CodeUnavailable, CodeTooMany}
}

// Clock is the exercise clock.
type Clock struct {
	Type string `json:"type,omitempty"`
	// T is exercise time in milliseconds; InWorld the in-world time.
	T       int64   `json:"t"`
	InWorld string  `json:"in_world"`
	Started bool    `json:"started"`
	Running bool    `json:"running"`
	Pace    float64 `json:"pace"`
	Phase   string  `json:"phase,omitempty"`
	NoPlay  string  `json:"no_play,omitempty"`
	Ended   bool    `json:"ended,omitempty"`
	// Next is the exercise time of the next scheduled event, if any.
	Next int64 `json:"next,omitempty"`
}

// Seats carries every seat's state to the facilitator.
type Seats struct {
	Type  string     `json:"type"`
	Seats []SeatInfo `json:"seats"`
}

// Seat carries one seat's new state to the facilitator, when it changes:
// a player joins or leaves, a bot takes it over, it acts. The welcome
// carries the whole list; seat messages carry the changes.
type Seat struct {
	Type string   `json:"type"`
	Seat SeatInfo `json:"seat"`
}

// Score carries the live score to the facilitator.
type Score struct {
	Type     string         `json:"type"`
	Total    int            `json:"total"`
	Agencies map[string]int `json:"agencies"`
}

// Created answers OpCreate with the new exercise's credentials.
type Created struct {
	Type string   `json:"type"`
	ID   string   `json:"id"`
	Join JoinInfo `json:"join"`
}

// CaughtUp follows the history a connection is sent after its [Snapshot]
// (every event after the hello's last_seq, sent in pages as the client
// reads them): from here on, events are live. Seq is the exercise's last
// event when the history ended; a client counts a snapshot's seq as
// received only once CaughtUp has arrived.
type CaughtUp struct {
	Type string `json:"type"`
	Seq  int64  `json:"seq"`
}

// JoinInfo is what people need to join an exercise; `ttx serve
// --join-file` writes it.
type JoinInfo struct {
	URL string `json:"url"`
	// OtherURLs reach the same server by other names or addresses, for
	// when URL does not (a server listening on every interface).
	OtherURLs   []string          `json:"other_urls,omitempty"`
	Exercise    string            `json:"exercise"`
	Scenario    string            `json:"scenario"`
	Facilitator string            `json:"facilitator"`
	Observer    string            `json:"observer"`
	Seats       map[string]string `json:"seats"`

	// Room is the code of the room's shared screen (ttx room).
	Room string `json:"room,omitempty"`
	// SSH is the address of the server's SSH front end (ttx serve --ssh),
	// where people type their code as the user name, and SSHFingerprint
	// its host key's SHA256 fingerprint, for them to check; both absent
	// without one (docs/ssh.md).
	SSH            string `json:"ssh,omitempty"`
	SSHFingerprint string `json:"ssh_fingerprint,omitempty"`
}

// Close codes beyond RFC 6455's, sent in the close frame.
const (
	// CloseSlow: the client fell too far behind; reconnect and resume.
	CloseSlow = 4000
	// CloseThrottled: too many bad credentials; wait before trying again.
	CloseThrottled = 4001
	// CloseHandshake: no good Hello in time.
	CloseHandshake = 4002
	// CloseTooMany: too many connections hold this credential, or come from
	// this address.
	CloseTooMany = 4003
)

// Close codes of RFC 6455 that the server sends.
const (
	CloseNormal        = 1000 // the client closed; the server closes its side
	CloseGoingAway     = 1001 // the server is stopping, or the client went silent
	CloseBadUTF8       = 1007 // a text frame that is not UTF-8
	ClosePolicy        = 1008 // bad credentials
	CloseFrameTooLarge = 1009 // a frame over [MaxFrame]
)

// CloseCodes returns every close code the server sends, as
// docs/protocol.md lists them.
func CloseCodes() []int {
	return []int{CloseNormal, CloseGoingAway, CloseBadUTF8, ClosePolicy, CloseFrameTooLarge, CloseSlow, CloseThrottled, CloseHandshake, CloseTooMany}
}

// Decode reads one client message. Unknown fields, missing fields and
// wrong types are errors, each an *[Error] with a code and reason.
func Decode(data []byte) (any, error) {
	if len(data) > MaxFrame {
		return nil, &Error{Type: TypeError, Code: CodeTooLarge, Message: fmt.Sprintf("frame of %d bytes; the limit is %d", len(data), MaxFrame)}
	}
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, &Error{Type: TypeError, Code: CodeBadJSON, Message: "not a JSON object: " + err.Error()}
	}
	var m any
	switch head.Type {
	case TypeHello:
		m = new(Hello)
	case TypeCommand:
		m = new(Command)
	case TypeControl:
		m = new(Control)
	case TypeView:
		m = new(ViewRequest)
	case "":
		return nil, &Error{Type: TypeError, Code: CodeMissingField, Message: `every message has a "type"`}
	default:
		return nil, &Error{Type: TypeError, Code: CodeUnknownType, Message: fmt.Sprintf("unknown message type %q (want hello, command, control or view)", head.Type)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, &Error{Type: TypeError, Code: CodeBadField, Message: head.Type + ": " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &Error{Type: TypeError, Code: CodeBadJSON, Message: "one JSON object per frame"}
	}
	if err := check(m); err != nil {
		return nil, err
	}
	return m, nil
}

func missing(typ, field string) error {
	return &Error{Type: TypeError, Code: CodeMissingField, Message: fmt.Sprintf("%s needs %q", typ, field)}
}

// check validates a decoded client message's fields.
func check(m any) error {
	switch m := m.(type) {
	case *Hello:
		creds := 0
		if m.Code != "" {
			creds++
		}
		if m.Token != "" {
			creds++
		}
		switch {
		case m.Version == 0:
			return missing("hello", "v")
		case m.Version != Version:
			return &Error{Type: TypeError, Code: CodeBadVersion, Message: fmt.Sprintf("protocol version %d; this server speaks %d", m.Version, Version)}
		case creds != 1:
			return &Error{Type: TypeError, Code: CodeMissingField, Message: `hello needs exactly one of "code" and "token"`}
		case m.Token != "" && m.Exercise == "":
			return missing("hello", "exercise")
		case m.LastSeq < 0:
			return &Error{Type: TypeError, Code: CodeBadField, Message: "last_seq must not be negative"}
		case utf8.RuneCountInString(m.Name) > MaxName:
			return &Error{Type: TypeError, Code: CodeBadField, Message: fmt.Sprintf("name longer than %d characters", MaxName)}
		}
	case *Command:
		switch {
		case m.ID == "":
			return missing("command", "id")
		case len(m.ID) > 64:
			return &Error{Type: TypeError, Code: CodeBadField, Message: "command id longer than 64 bytes"}
		case CleanLine(m.ID) != m.ID:
			return &Error{Type: TypeError, Code: CodeBadField, Message: "command id with control characters"}
		case m.Command.Type == "":
			return &Error{Type: TypeError, Code: CodeMissingField, ID: m.ID, Message: `command needs "command.type"`}
		}
		if msg := checkLengths(&m.Command); msg != "" {
			return &Error{Type: TypeError, Code: CodeBadField, ID: m.ID, Message: msg}
		}
	case *Control:
		switch {
		case m.ID == "":
			return missing("control", "id")
		case m.Op == "":
			return &Error{Type: TypeError, Code: CodeMissingField, ID: m.ID, Message: `control needs "op"`}
		}
	}
	return nil
}

// checkLengths reports the first field of c longer than the limits allow
// ([MaxText], [MaxWord], [MaxList]), or "".
func checkLengths(c *engine.Command) string {
	for _, f := range []struct {
		name, value string
	}{{"text", c.Text}, {"rationale", c.Rationale}, {"risk", c.Risk}} {
		if utf8.RuneCountInString(f.value) > MaxText {
			return fmt.Sprintf("command.%s longer than %d characters", f.name, MaxText)
		}
	}
	for _, f := range []struct {
		name, value string
	}{{"id", c.ID}, {"actor", c.Actor}, {"type", c.Type}, {"person", c.Person}, {"agency", c.Agency}, {"kind", c.Kind},
		{"language", c.Language}, {"request", c.Request}, {"place", c.Place}, {"inject", c.Inject}, {"decision", c.Decision},
		{"option", c.Option}, {"outcome", c.Outcome}, {"from", c.From}, {"channel", c.Channel}} {
		if utf8.RuneCountInString(f.value) > MaxWord {
			return fmt.Sprintf("command.%s longer than %d characters", f.name, MaxWord)
		}
	}
	for _, f := range []struct {
		name   string
		values []string
	}{{"to", c.To}, {"facts", c.Facts}} {
		if len(f.values) > MaxList {
			return fmt.Sprintf("command.%s has more than %d entries", f.name, MaxList)
		}
		for _, v := range f.values {
			if utf8.RuneCountInString(v) > MaxWord {
				return fmt.Sprintf("an entry of command.%s is longer than %d characters", f.name, MaxWord)
			}
		}
	}
	return checkMethane(c.Methane)
}

// Encode marshals a server message.
func Encode(m any) ([]byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", m, err)
	}
	return b, nil
}

// DecodeServer reads one server message, for clients: a *Welcome,
// *Snapshot, *Event, *Ack, *Error, *Clock, *Seats, *Score, *Created or
// *CaughtUp.
// Unknown fields are allowed, so that a newer server's additions do not
// break an older client.
func DecodeServer(data []byte) (any, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("server message: %w", err)
	}
	var m any
	switch head.Type {
	case TypeWelcome:
		m = new(Welcome)
	case TypeSnapshot:
		m = new(Snapshot)
	case TypeEvent:
		m = new(Event)
	case TypeAck:
		m = new(Ack)
	case TypeError:
		m = new(Error)
	case TypeClock:
		m = new(Clock)
	case TypeSeats:
		m = new(Seats)
	case TypeSeat:
		m = new(Seat)
	case TypeScore:
		m = new(Score)
	case TypeCreated:
		m = new(Created)
	case TypeCaughtUp:
		m = new(CaughtUp)
	default:
		return nil, fmt.Errorf("server message: unknown type %q", head.Type)
	}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("server message %s: %w", head.Type, err)
	}
	return m, nil
}

package wire_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"ttx/engine"
	"ttx/server/wire"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fill sets every field reachable from v to a value that is not zero: a
// string to its field's Go name, so that the golden files show which Go
// field each JSON name comes from.
func fill(v reflect.Value, name string, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(name)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), name, depth+1)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), name, depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fill(k, name+"Key", depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, name, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				fill(v.Field(i), f.Name, depth+1)
			}
		}
	}
}

// full returns a message of type T with every field set and its type
// field set to typ.
func full[T any](typ string) any {
	var m T
	v := reflect.ValueOf(&m).Elem()
	fill(v, "", 0)
	v.FieldByName("Type").SetString(typ)
	return &m
}

// TestGolden pins protocol version 1: every message type, with every field
// of its own and of the engine types it carries (commands, events and
// their payloads, views) filled in, and the lists of names, encode exactly
// as the files in testdata say. A renamed or retyped field fails here; it
// needs a new protocol version (docs/protocol.md, section 2), and then
// go test ./server/wire -update.
func TestGolden(t *testing.T) {
	messages := map[string]any{
		wire.TypeHello:    full[wire.Hello](wire.TypeHello),
		wire.TypeCommand:  full[wire.Command](wire.TypeCommand),
		wire.TypeControl:  full[wire.Control](wire.TypeControl),
		wire.TypeView:     full[wire.ViewRequest](wire.TypeView),
		wire.TypeWelcome:  full[wire.Welcome](wire.TypeWelcome),
		wire.TypeSnapshot: full[wire.Snapshot](wire.TypeSnapshot),
		wire.TypeEvent:    full[wire.Event](wire.TypeEvent),
		wire.TypeAck:      full[wire.Ack](wire.TypeAck),
		wire.TypeError:    full[wire.Error](wire.TypeError),
		wire.TypeClock:    full[wire.Clock](wire.TypeClock),
		wire.TypeSeats:    full[wire.Seats](wire.TypeSeats),
		wire.TypeScore:    full[wire.Score](wire.TypeScore),
		wire.TypeCreated:  full[wire.Created](wire.TypeCreated),
		wire.TypeCaughtUp: full[wire.CaughtUp](wire.TypeCaughtUp),
	}
	for typ, m := range messages {
		check(t, "message-"+typ+".json", m)
	}
	// Every command type and every event type, each in the message that
	// carries it.
	var commands []any
	for _, ct := range engine.CommandTypes {
		m := full[wire.Command](wire.TypeCommand).(*wire.Command)
		m.Command.Type = ct
		commands = append(commands, m)
	}
	check(t, "commands.jsonl", commands)
	var events []any
	for _, et := range append([]string{engine.EvCommand, engine.EvRejected, engine.EvFlagged, engine.EvStarted, engine.EvPhase, engine.EvInject, engine.EvLearned,
		engine.EvSupportRefused, engine.EvConsent, engine.EvDecisionOpen, engine.EvRG, engine.EvCG, engine.EvFlag, engine.EvResource, engine.EvMissed,
		engine.EvPaused, engine.EvResumed, engine.EvClockAdvanced, engine.EvNoPlay, engine.EvNoPlayLifted, engine.EvEnded}, engine.CommandTypes...) {
		m := full[wire.Event](wire.TypeEvent).(*wire.Event)
		m.Event.Type = et
		events = append(events, m)
	}
	check(t, "events.jsonl", events)
	check(t, "names.json", map[string]any{
		"version": wire.Version, "controls": wire.Controls, "error_codes": wire.ErrorCodes(), "close_codes": wire.CloseCodes(),
		"roles": []string{wire.RoleFacilitator, wire.RoleObserver, wire.RolePlayer}, "statuses": []string{wire.Accepted, wire.Rejected}, "path": wire.Path,
	})
}

func check(t *testing.T, name string, v any) {
	t.Helper()
	var got []byte
	if lines, ok := v.([]any); ok { // JSON Lines: one message a line
		for _, l := range lines {
			b, err := json.Marshal(l)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got = append(append(got, b...), '\n')
		}
	} else {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got = append(b, '\n')
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./server/wire -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: the protocol's encoding changed. A renamed or retyped field breaks version %d clients: raise wire.Version and say so in docs/protocol.md, then run go test ./server/wire -update.\ngot:\n%s", path, wire.Version, got)
	}
}

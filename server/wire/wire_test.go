package wire

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		in   string
		want any
		code string
	}{
		{in: `{"type":"hello","v":1,"code":"ABC-DEF"}`, want: &Hello{Type: "hello", Version: 1, Code: "ABC-DEF"}},
		{in: `{"type":"hello","v":1,"token":"t","exercise":"e","last_seq":7,"name":"Team A"}`, want: &Hello{Type: "hello", Version: 1, Token: "t", Exercise: "e", LastSeq: 7, Name: "Team A"}},
		{in: `{"type":"view","agency":"police"}`, want: &ViewRequest{Type: "view", Agency: "police"}},
		{in: `{"type":"control","id":"1","op":"pace","pace":2}`, want: &Control{Type: "control", ID: "1", Op: "pace", Pace: 2}},
		{in: `{"type":"hello","code":"X"}`, code: CodeMissingField},
		{in: `{"type":"hello","v":2,"code":"X"}`, code: CodeBadVersion},
		{in: `{"type":"hello","v":1}`, code: CodeMissingField},
		{in: `{"type":"hello","v":1,"code":"X","token":"Y"}`, code: CodeMissingField},
		{in: `{"type":"hello","v":1,"token":"Y"}`, code: CodeMissingField},
		{in: `{"type":"hello","v":1,"code":"X","last_seq":-1}`, code: CodeBadField},
		{in: `{"type":"command","id":"","command":{"type":"observe"}}`, code: CodeMissingField},
		{in: `{"type":"command","id":"1","command":{}}`, code: CodeMissingField},
		{in: `{"type":"command","id":"` + strings.Repeat("x", 65) + `","command":{"type":"observe"}}`, code: CodeBadField},
		{in: `{"type":"command","id":"1","command":{"type":"observe","colour":"red"}}`, code: CodeBadField},
		{in: `{"type":"control","id":"1"}`, code: CodeMissingField},
		{in: `{"type":"welcome"}`, code: CodeUnknownType},
		{in: `{}`, code: CodeMissingField},
		{in: `null`, code: CodeMissingField},
		{in: `"hello"`, code: CodeBadJSON},
		{in: `{"type":"view"}{"type":"view"}`, code: CodeBadJSON},
		{in: `{"type":"view"`, code: CodeBadJSON},
		{in: `{"type":"view","agency":"` + strings.Repeat("x", MaxFrame) + `"}`, code: CodeTooLarge},
	}
	for _, tc := range tests {
		got, err := Decode([]byte(tc.in))
		if tc.code != "" {
			var we *Error
			if !errors.As(err, &we) || we.Code != tc.code {
				t.Errorf("Decode(%.60s) = %v, %v; want code %s", tc.in, got, err, tc.code)
			} else if we.Message == "" || we.Type != TypeError {
				t.Errorf("Decode(%.60s): error without a message: %+v", tc.in, we)
			}
			continue
		}
		if err != nil {
			t.Errorf("Decode(%s): %v", tc.in, err)
			continue
		}
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(tc.want)
		if string(gb) != string(wb) {
			t.Errorf("Decode(%s) = %s, want %s", tc.in, gb, wb)
		}
	}
}

// FuzzDecode: the decoder never panics, and what it accepts is a client
// message that encodes and decodes to itself.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"type":"hello","v":1,"code":"ABC-DEF"}`,
		`{"type":"command","id":"1","command":{"type":"share","person":"p","to":["a"]}}`,
		`{"type":"control","id":"1","op":"bot","seat":"police","bot":"naive"}`,
		`{"type":"view","agency":"police"}`,
		`{"type":"hello","v":1,"code":"X","token":"Y"}`,
		`{"type":"command","id":"1","command":{"type":"observe","stage":1e400}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err != nil {
			var we *Error
			if !errors.As(err, &we) || we.Code == "" || we.Message == "" {
				t.Fatalf("error %T %v is not a protocol error", err, err)
			}
			return
		}
		b, err := Encode(m)
		if err != nil {
			t.Fatalf("encode %T: %v", m, err)
		}
		again, err := Decode(b)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		b2, _ := Encode(again)
		if string(b) != string(b2) {
			t.Fatalf("not stable: %s then %s", b, b2)
		}
	})
}

package engine

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Pos is a position in a scenario file, 1-based.
type Pos struct {
	Line, Col int
}

// Node records where a decoded value and each of its keys stood in the
// YAML source. Scenario types embed it.
type Node struct {
	// At is the position of the value itself.
	At Pos
	// keys maps each key present in the source to the position of its value.
	keys map[string]Pos
}

// Has reports whether key was present in the source.
func (n *Node) Has(key string) bool {
	_, ok := n.keys[key]
	return ok
}

// PosOf returns the position of key's value, or of the node itself when the
// key was absent.
func (n *Node) PosOf(key string) Pos {
	if p, ok := n.keys[key]; ok {
		return p
	}
	return n.At
}

func (n *Node) setKey(key string, p Pos) {
	if n.keys == nil {
		n.keys = make(map[string]Pos)
	}
	n.keys[key] = p
}

// Problem is one thing wrong with a scenario, at a position in its file.
type Problem struct {
	File string
	Pos
	Msg string
}

// String formats the problem as file:line:col: message.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Problems is every problem found in a scenario, in file order. It is the
// error returned by [Load].
type Problems []Problem

// Error lists the problems one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
	return ps
}

// Duration is an exercise-time span written as Go durations ("90s", "1h30m")
// or in days ("45d").
type Duration struct{ D time.Duration }

// ParseDuration parses a duration as written in scenarios.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("invalid duration %q: want a whole number of days such as 45d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: want a value such as 90s, 30m, 1h30m or 45d", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	return d, nil
}

func (d *Duration) decodeScalar(s string) error {
	v, err := ParseDuration(s)
	d.D = v
	return err
}

// Date is a calendar date written as 2006-01-02.
type Date struct{ time.Time }

func (d *Date) decodeScalar(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	d.Time = t
	return nil
}

// Time is an in-world date and time written as 2006-01-02T15:04 (seconds
// and a zone are allowed; the zone is ignored, play is in local time).
type Time struct{ time.Time }

var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"}

func (t *Time) decodeScalar(s string) error {
	for _, l := range timeLayouts {
		if v, err := time.Parse(l, s); err == nil {
			t.Time = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), 0, time.UTC)
			return nil
		}
	}
	return fmt.Errorf("invalid time %q: want YYYY-MM-DDTHH:MM", s)
}

type scalarDecoder interface{ decodeScalar(string) error }

var (
	nodeType          = reflect.TypeOf(Node{})
	scalarDecoderType = reflect.TypeOf((*scalarDecoder)(nil)).Elem()
)

// decoder turns a yaml.Node tree into scenario values, strictly, collecting
// every problem rather than stopping at the first.
type decoder struct {
	file     string
	problems Problems

	// aliased counts the values decoded through aliases; past
	// [MaxAliasValues], or at an alias inside the value it stands for,
	// stopped is set and decoding stops.
	aliased int
	stopped bool
	// expanding holds the anchored values being decoded through an alias;
	// outer is the alias, written in the scenario outside any anchored
	// value, that the expansion started from.
	expanding map[*yaml.Node]bool
	outer     *yaml.Node
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.problems = append(d.problems, Problem{File: d.file, Pos: posOf(n), Msg: fmt.Sprintf(format, args...)})
}

func posOf(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// decode stores n into v, which must be settable.
func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if d.stopped {
		return
	}
	if len(d.expanding) > 0 {
		if d.aliased++; d.aliased > MaxAliasValues {
			d.stopped = true
			d.errorf(d.outer, "aliases stand for more than %d values in all, counting each use of an alias: the limit for a scenario", MaxAliasValues)
			return
		}
	}
	if n.Kind == yaml.AliasNode {
		d.decodeAlias(n, v)
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(scalarDecoderType) {
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "want a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(scalarDecoder).decodeScalar(n.Value); err != nil {
			d.errorf(n, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem())
		v.Set(p)
	case reflect.Struct:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return // an empty section: its required keys are reported as missing
		}
		d.decodeStruct(n, v)
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, "want text, got %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.errorf(n, "want a whole number, got %s", kindName(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(n, "want a number, got %s", kindName(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "want true or false, got %s", kindName(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		d.errorf(n, "internal: cannot decode into %s", v.Type())
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "want a mapping of keys to values, got %s", kindName(n))
		return
	}
	t := v.Type()
	var meta *Node
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == nodeType {
			meta = v.Field(i).Addr().Interface().(*Node)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name != "" && name != "-" {
			fields[name] = i
		}
	}
	if meta != nil {
		meta.At = posOf(n)
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "want a key, got %s", kindName(k))
			continue
		}
		if k.Value == "<<" {
			d.errorf(k, "merge keys (<<) are not supported; write the keys out")
			continue
		}
		idx, ok := fields[k.Value]
		if !ok {
			d.errorf(k, "unknown key %q (known keys: %s)", k.Value, knownKeys(fields))
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "key %q given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		if meta != nil {
			meta.setKey(k.Value, posOf(val))
		}
		d.decode(val, v.Field(idx))
	}
}

func knownKeys(fields map[string]int) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// decodeAlias decodes the value an alias stands for into v, as if it were
// written out where the alias stands.
func (d *decoder) decodeAlias(n *yaml.Node, v reflect.Value) {
	a := n.Alias
	if a == nil {
		d.errorf(n, "alias *%s: no anchor &%s before it", n.Value, n.Value)
		return
	}
	if d.expanding[a] {
		d.stopped = true
		d.errorf(n, "alias *%s stands for a value that contains it", n.Value)
		return
	}
	if d.expanding == nil {
		d.expanding = make(map[*yaml.Node]bool)
	}
	if len(d.expanding) == 0 {
		d.outer = n
	}
	d.expanding[a] = true
	d.decode(a, v)
	delete(d.expanding, a)
}

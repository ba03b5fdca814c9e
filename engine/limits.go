package engine

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// MaxScenarioSize is the largest scenario, in bytes, that [Load] accepts
// unless [WithMaxSize] sets another limit. The bundled scenarios are under
// 100 KiB.
const MaxScenarioSize = 2 << 20

// Limits on what one scenario may hold, far above what an exercise needs,
// so that a mistaken or hostile file fails fast with a clear message
// instead of taking the loader's time and memory. [Load] checks them
// before decoding.
const (
	MaxAgencies   = 200
	MaxSites      = 5000
	MaxPeople     = 10000
	MaxInjects    = 10000
	MaxDecisions  = 2000
	MaxRubric     = 2000
	MaxIndicators = 200 // per person

	// MaxAliasValues bounds the values (mappings, lists and scalars) that
	// aliases stand for, counted each time an alias is used, so that a
	// small file of nested aliases cannot expand into a huge one.
	MaxAliasValues = 100000
)

// LoadOption changes how [Load] reads a scenario.
type LoadOption func(*loadConfig)

type loadConfig struct {
	maxSize int64
}

// WithMaxSize sets the largest scenario, in bytes, that [Load] accepts, in
// place of [MaxScenarioSize]. A limit of zero or less means the default.
func WithMaxSize(n int64) LoadOption {
	return func(c *loadConfig) {
		if n > 0 {
			c.maxSize = n
		}
	}
}

func newLoadConfig(opts []LoadOption) loadConfig {
	c := loadConfig{maxSize: MaxScenarioSize}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// CheckSize reports, as [Problems], a scenario of size bytes that is
// larger than [Load] accepts with opts; otherwise it returns nil. A program
// that reads a scenario from a file can call it with the file's size
// before reading the file.
func CheckSize(name string, size int64, opts ...LoadOption) error {
	if ps := sizeProblem(name, size, newLoadConfig(opts)); ps != nil {
		return ps
	}
	return nil
}

// sizeProblem reports a scenario larger than the limit, before any of it
// is parsed.
func sizeProblem(name string, size int64, c loadConfig) Problems {
	if size <= c.maxSize {
		return nil
	}
	return Problems{{File: name, Pos: Pos{1, 1}, Msg: fmt.Sprintf(
		"the file is %d bytes, more than the limit of %d bytes for a scenario (raise it with --max-size)", size, c.maxSize)}}
}

// countLimits checks the length of each list the limits bound, in the
// parsed but not yet decoded document whose top-level mapping is top.
func countLimits(name string, top *yaml.Node) Problems {
	var ps Problems
	check := func(n *yaml.Node, what string, limit int) {
		if n = deref(n); n != nil && n.Kind == yaml.SequenceNode && len(n.Content) > limit {
			ps = append(ps, Problem{File: name, Pos: posOf(n), Msg: fmt.Sprintf("%d %s, more than the limit of %d", len(n.Content), what, limit)})
		}
	}
	check(mapValue(top, "agencies"), "agencies", MaxAgencies)
	check(mapValue(top, "sites"), "sites", MaxSites)
	check(mapValue(top, "injects"), "injects", MaxInjects)
	check(mapValue(top, "decisions"), "decisions", MaxDecisions)
	check(mapValue(top, "rubric"), "rubric items", MaxRubric)
	people := deref(mapValue(top, "people"))
	check(people, "people", MaxPeople)
	if people != nil && people.Kind == yaml.SequenceNode && len(people.Content) <= MaxPeople {
		for _, p := range people.Content {
			check(mapValue(deref(p), "indicators"), "indicators for one person", MaxIndicators)
		}
	}
	return ps
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// deref follows aliases to the value they stand for. An alias that stands
// for another alias is followed a bounded number of times.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

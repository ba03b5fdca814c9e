package engine_test

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ttx/engine"
	"ttx/scenarios"
)

// TestSchemaMatchesLoader keeps the JSON Schema that editors use in step
// with what the loader accepts.
func TestSchemaMatchesLoader(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(scenarios.Schema(), &schema); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	at := func(path ...string) []string {
		var o any = schema
		for _, p := range path {
			m, ok := o.(map[string]any)
			if !ok {
				t.Fatalf("schema has no %s", strings.Join(path, "/"))
			}
			o = m[p]
		}
		var out []string
		for _, v := range o.(map[string]any)["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	var actions []string
	for _, c := range engine.CommandTypes {
		if !slices.Contains(engine.FacilitatorCommands, c) {
			actions = append(actions, c)
		}
	}
	tests := []struct {
		name   string
		schema []string
		loader []string
	}{
		{"agency kinds", at("$defs", "agencyKind"), engine.AgencyKinds},
		{"resource kinds", at("$defs", "resourceKind"), engine.ResourceKinds},
		{"actions", at("$defs", "action"), actions},
		{"statuses", at("$defs", "status"), engine.Statuses},
		{"exploitation", at("$defs", "person", "properties", "exploitation", "items"), engine.ExploitationTypes},
		{"needs", at("$defs", "person", "properties", "needs", "items"), engine.Needs},
		{"indicator kinds", at("$defs", "indicator", "properties", "kind"), engine.IndicatorKinds},
		{"reveal actions", at("$defs", "reveal", "properties", "by"), engine.RevealActions},
		{"outcomes", at("$defs", "truth", "properties", "outcome"), engine.Outcomes},
		{"channels", at("$defs", "inject", "properties", "channel"), engine.Channels},
		{"rubric groups", at("$defs", "rubricItem", "properties", "for_each"), engine.RubricGroups},
		{"rubric events", at("$defs", "rubricItem", "properties", "event"), engine.EventTypes()},
		{"rubric from", at("$defs", "rubricItem", "properties", "from"), engine.RubricFrom},
	}
	for _, tc := range tests {
		a, b := slices.Sorted(slices.Values(tc.schema)), slices.Sorted(slices.Values(tc.loader))
		if !slices.Equal(a, b) {
			t.Errorf("%s: schema %v, loader %v", tc.name, a, b)
		}
	}
}

// TestFormatDocExampleLoads loads the worked example of the format
// reference, so that the document stays true.
func TestFormatDocExampleLoads(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(doc), "## 18. A complete worked example")
	if i < 0 {
		t.Fatal("the format reference has no worked example section")
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(string(doc[i:]))
	if m == nil {
		t.Fatal("no yaml block in the worked example")
	}
	sc, err := engine.Load("docs/scenario-format.md#example", []byte(m[1]))
	if err != nil {
		t.Fatalf("the worked example does not load:\n%v", err)
	}
	if len(sc.People) == 0 || len(sc.Injects) == 0 || len(sc.Rubric) == 0 {
		t.Error("the worked example is not a whole scenario")
	}
}

// TestBundledScenarios: every bundled scenario loads, starts with the
// schema line, and meets the size requirements.
func TestBundledScenarios(t *testing.T) {
	for _, id := range scenarios.IDs() {
		sc, data := bundled(t, id)
		if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=scenario.schema.json\n") {
			t.Errorf("%s does not start with the schema line", id)
		}
		if sc.ID != id {
			t.Errorf("%s.yaml has id %q", id, sc.ID)
		}
		if sc.ContentWarning == "" {
			t.Errorf("%s has no content warning", id)
		}
	}
	sc, _ := bundled(t, "wyatn-large-scale")
	kinds := map[string]bool{}
	for _, a := range sc.Agencies {
		kinds[a.Kind] = true
	}
	for _, k := range []string{"police", "border_force", "cps", "adult_safeguarding", "child_safeguarding", "housing", "health"} {
		if !kinds[k] {
			t.Errorf("wyatn-large-scale has no %s agency", k)
		}
	}
	var children, disputed, nonVictims, suspects int
	langs := map[string]bool{}
	for _, p := range sc.People {
		switch {
		case p.AgeDisputed:
			disputed++
		case p.Age < 18:
			children++
		}
		if p.Truth.Suspect {
			suspects++
		} else if !p.Truth.Victim {
			nonVictims++
		}
		for _, l := range p.Languages {
			langs[l] = true
		}
	}
	if len(sc.People) < 30 || children == 0 || disputed == 0 || nonVictims == 0 || suspects == 0 || len(langs) < 4 {
		t.Errorf("wyatn-large-scale: %d people, %d children, %d age-disputed, %d non-victims, %d suspects, %d languages", len(sc.People), children, disputed, nonVictims, suspects, len(langs))
	}
	if got := sc.RulesAsOf.Format("2006-01-02"); got != "2015-09-03" {
		t.Errorf("wyatn-large-scale rules_as_of %s", got)
	}
}

// TestSchemaKeysMatchTypes keeps every object of the JSON Schema in step
// with the keys the loader decodes: a key added to a type and not to the
// schema (or the other way round) fails here.
func TestSchemaKeysMatchTypes(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(scenarios.Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	types := map[string]any{
		"rubricItem": engine.RubricItem{}, "expectation": engine.Expectation{}, "ask": engine.Ask{},
		"inject": engine.Inject{}, "person": engine.Person{}, "agency": engine.Agency{}, "decision": engine.Decision{},
		"option": engine.Option{}, "effect": engine.Effect{}, "condition": engine.Condition{}, "indicator": engine.Indicator{},
		"reveal": engine.Reveal{}, "truth": engine.Truth{}, "resource": engine.Resource{}, "site": engine.Site{},
	}
	for def, v := range types {
		var keys []string
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			if tag := rt.Field(i).Tag.Get("yaml"); tag != "" && tag != "-" {
				keys = append(keys, tag)
			}
		}
		d, ok := schema.Defs[def]
		if !ok {
			t.Errorf("the schema has no $defs/%s", def)
			continue
		}
		got := slices.Sorted(maps.Keys(d.Properties))
		slices.Sort(keys)
		if !slices.Equal(got, keys) {
			t.Errorf("$defs/%s: schema keys %v, loader keys %v", def, got, keys)
		}
	}
}

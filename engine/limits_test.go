package engine

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestLoadAliases loads a scenario that writes values once and uses them
// again through aliases.
func TestLoadAliases(t *testing.T) {
	sc := loadFixture(t, "aliases.yaml")
	p2 := sc.People[1]
	if !slices.Equal(p2.Languages, []string{"ro", "en"}) || !slices.Equal(p2.Known, []string{"police", "council"}) || !p2.Truth.Victim || !p2.Truth.Consents {
		t.Errorf("p2 = %+v, want the values of p1's anchors", p2)
	}
	if in := sc.Injects[2]; in.When == nil || in.When.Released != "i1" || in.Text != sc.Injects[0].Text {
		t.Errorf("i3 = %+v, want the condition and text of the anchors", in)
	}
}

// TestAliasBombFailsFast checks that nested aliases that would expand into
// hundreds of millions of values are stopped at the limit on values
// (BenchmarkAliasBomb measures how fast).
func TestAliasBombFailsFast(t *testing.T) {
	data, err := os.ReadFile("testdata/bad/alias-bomb.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err = Load("bomb.yaml", data); err == nil || !strings.Contains(err.Error(), fmt.Sprint(MaxAliasValues)) {
		t.Fatalf("Load = %v, want the limit on values", err)
	}
}

// BenchmarkAliasBomb measures how long the loader takes to refuse a
// billion-laughs file: well under a second.
func BenchmarkAliasBomb(b *testing.B) {
	data, err := os.ReadFile("testdata/bad/alias-bomb.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load("bomb.yaml", data); err == nil {
			b.Fatal("the bomb loaded")
		}
	}
}

// TestLoadSizeLimit checks that the size limit applies before parsing, and
// that WithMaxSize raises it.
func TestLoadSizeLimit(t *testing.T) {
	data, err := os.ReadFile("testdata/aliases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	big := append(bytes.Repeat([]byte("# padding\n"), MaxScenarioSize/10), data...)
	_, err = Load("big.yaml", big)
	want := fmt.Sprintf("big.yaml:1:1: the file is %d bytes, more than the limit of %d bytes for a scenario", len(big), MaxScenarioSize)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Load = %v, want %s", err, want)
	}
	if _, err := Load("big.yaml", big, WithMaxSize(int64(len(big)))); err != nil {
		t.Errorf("Load with the limit raised: %v", err)
	}
	if _, err := Load("small.yaml", data, WithMaxSize(int64(len(data)-1))); err == nil {
		t.Errorf("Load with the limit one byte short: no error")
	}
}

// TestLoadCountLimits checks each limit on counts with a list one longer
// than it allows.
func TestLoadCountLimits(t *testing.T) {
	tests := []struct {
		key, item string
		limit     int
		want, at  string
	}{
		{"agencies", "{id: a}", MaxAgencies, "agencies", "4:3"},
		{"sites", "{id: s}", MaxSites, "sites", "4:3"},
		{"people", "{id: p}", MaxPeople, "people", "4:3"},
		{"injects", "{id: i}", MaxInjects, "injects", "4:3"},
		{"decisions", "{id: d}", MaxDecisions, "decisions", "4:3"},
		{"rubric", "{id: r}", MaxRubric, "rubric items", "4:3"},
		{"people", "{id: p, indicators: [" + strings.Repeat("{id: x}, ", MaxIndicators) + "{id: x}]}", 0, "indicators for one person", "4:25"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			var b strings.Builder
			fmt.Fprintf(&b, "id: x\ntitle: X\n%s:\n", tc.key)
			for range tc.limit + 1 {
				fmt.Fprintf(&b, "  - %s\n", tc.item)
			}
			_, err := Load("x.yaml", []byte(b.String()))
			limit := tc.limit
			if limit == 0 {
				limit = MaxIndicators
			}
			want := fmt.Sprintf("x.yaml:%s: %d %s, more than the limit of %d", tc.at, limit+1, tc.want, limit)
			if err == nil || err.Error() != want {
				t.Errorf("Load = %v, want %s", err, want)
			}
		})
	}
}

// nearLimit builds a valid scenario just under MaxScenarioSize with the
// people, injects and agencies at or near their limits; with tiny, each
// person's list of languages fills the rest with as many values as fit.
func nearLimit(tb testing.TB, tiny bool) []byte {
	var b strings.Builder
	b.WriteString("id: big\ntitle: Big\nrules_as_of: 2024-01-01\nclock: {start: 2024-01-01T08:00}\nagencies:\n")
	for i := range MaxAgencies {
		fmt.Fprintf(&b, "  - {id: a%d, name: A, kind: police}\n", i)
	}
	b.WriteString("sites:\n  - {id: s, name: S}\ninjects:\n")
	for i := range MaxInjects / 2 {
		fmt.Fprintf(&b, "  - {id: i%d, at: %dm, to: [a%d], channel: phone, text: t, reveals: [p%d]}\n", i, i, i%MaxAgencies, i)
	}
	b.WriteString("people:\n")
	per := (MaxScenarioSize-b.Len())/MaxPeople - 20
	for i := range MaxPeople {
		line := fmt.Sprintf("  - {id: p%d, alias: A, age: 30, site: s, truth: {victim: true}, indicators: [{id: x, kind: physical, text: t}], languages: [", i)
		if tiny {
			line += strings.Repeat("a,", (per-len(line)-3)/2) + "a]}\n"
		} else {
			line += "en], description: " + strings.Repeat("x", max(per-len(line)-19, 1)) + "}\n"
		}
		b.WriteString(line)
	}
	data := []byte(b.String())
	if len(data) > MaxScenarioSize || len(data) < MaxScenarioSize*9/10 {
		tb.Fatalf("built %d bytes, want just under %d", len(data), MaxScenarioSize)
	}
	if _, err := Load("big.yaml", data); err != nil {
		tb.Fatalf("the near-limit scenario does not load: %.2000v", err)
	}
	return data
}

// BenchmarkLoadNearLimit measures loading and linting valid scenarios just
// under the size limit (what ttx validate and ttx lint do): one of long
// texts, one of as many values as fit. Both must stay under a second on
// two cores.
func BenchmarkLoadNearLimit(b *testing.B) {
	for _, tc := range []struct {
		name string
		tiny bool
	}{{"text", false}, {"values", true}} {
		b.Run(tc.name, func(b *testing.B) {
			data := nearLimit(b, tc.tiny)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				sc, err := Load("big.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				Lint("big.yaml", sc) // ttx lint: validation, then the warnings
			}
		})
	}
}

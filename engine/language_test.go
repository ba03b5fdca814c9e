package engine_test

import (
	"testing"

	"ttx/engine"
	"ttx/scenarios"
)

func TestLanguageName(t *testing.T) {
	t.Parallel()
	tests := []struct{ code, want string }{
		{"sk", "Slovak"}, {"rom", "Romani"}, {"ro", "Romanian"}, {"pl", "Polish"},
		{"sq", "Albanian"}, {"vi", "Vietnamese"}, {"en", "English"}, {"xx", "xx"}, {"", ""},
	}
	for _, tc := range tests {
		if got := engine.LanguageName(tc.code); got != tc.want {
			t.Errorf("LanguageName(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

// TestBundledLanguagesHaveNames checks that every language a bundled
// scenario gives a person or an interpreter has a name.
func TestBundledLanguagesHaveNames(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"tutorial", "wyatn-large-scale", "leeds-2013"} {
		data, name, err := scenarios.Read(id)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := engine.Load(name, data)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range sc.People {
			codes = append(codes, p.Languages...)
		}
		for _, a := range sc.Agencies {
			for _, r := range a.Resources {
				codes = append(codes, r.Language)
			}
		}
		for _, c := range codes {
			if c != "" && engine.LanguageName(c) == c {
				t.Errorf("%s: language %q has no name", id, c)
			}
		}
	}
}

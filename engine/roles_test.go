package engine

import "testing"

// TestHasRole checks who has a role for whom: the truth ([HasRole]) and
// what a view shows of the same person ([View.HasRole]) agree.
func TestHasRole(t *testing.T) {
	t.Parallel()
	kinds := []string{"police", "ngo", "child_safeguarding", "adult_safeguarding", "housing", "health", "cps", "other"}
	var dir []DirectoryEntry
	for _, k := range kinds {
		dir = append(dir, DirectoryEntry{ID: k, Kind: k})
	}
	victimInd := Indicator{ID: "i1", Kind: "situational"}
	offendInd := Indicator{ID: "i2", Kind: "offending"}
	tests := []struct {
		name string
		p    Person
		want []string // kinds with a role
	}{
		{"adult victim", Person{Age: 30, Indicators: []Indicator{victimInd}, Truth: Truth{Victim: true}},
			[]string{"police", "ngo", "adult_safeguarding", "housing", "health"}},
		{"child victim", Person{Age: 15, Indicators: []Indicator{victimInd}, Truth: Truth{Victim: true}},
			[]string{"police", "ngo", "child_safeguarding", "housing", "health"}},
		{"suspect", Person{Age: 40, Indicators: []Indicator{offendInd}, Truth: Truth{Suspect: true}},
			[]string{"police", "cps"}},
		{"criminally exploited adult victim", Person{Age: 19, Exploitation: []string{"criminal"}, Indicators: []Indicator{victimInd, offendInd}, Truth: Truth{Victim: true}},
			[]string{"police", "ngo", "adult_safeguarding", "housing", "health", "cps"}},
		{"adult with care needs, no indicators", Person{Age: 50, Needs: []string{"care_and_support", "medical"}},
			[]string{"police", "adult_safeguarding", "health"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := &View{Agency: "police", Directory: dir}
			pv := PersonView{Age: tc.p.Age, Child: tc.p.MayBeChild(), Needs: tc.p.Needs, Status: "concern"}
			for _, i := range tc.p.Indicators {
				pv.Indicators = append(pv.Indicators, IndicatorView{ID: i.ID, Kind: i.Kind})
			}
			for _, k := range kinds {
				want := false
				for _, w := range tc.want {
					want = want || w == k
				}
				if got := HasRole(&Agency{Kind: k}, &tc.p); got != want {
					t.Errorf("HasRole(%s) = %v, want %v", k, got, want)
				}
				if got := v.HasRole(k, &pv); got != want {
					t.Errorf("View.HasRole(%s) = %v, want %v", k, got, want)
				}
				if !HasRole(&Agency{Kind: k}, nil) || !v.HasRole(k, nil) {
					t.Errorf("%s has no role for intelligence about no one", k)
				}
			}
		})
	}
}

package report

import (
	"testing"

	"ttx/engine"
)

// TestCoordinateCountsRefusals checks that refused and unanswered
// requests, and charging requests never advised on, count against
// co-ordination (J1).
func TestCoordinateCountsRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		reqs requestStats
		open int // requests never answered
		want string
	}{
		{"33 of 40 refused", requestStats{made: 40, allocated: 7, refusedN: 33}, 0, NotShown},
		{"all allocated", requestStats{made: 40, allocated: 40}, 0, Shown},
		{"half unanswered", requestStats{made: 10, allocated: 6}, 4, PartlyShown},
		{"charging requests never advised on", requestStats{made: 2, allocated: 2, charging: 6}, 0, NotShown},
		{"charging advice given", requestStats{made: 2, allocated: 2, charging: 6, advised: 6}, 0, Shown},
		{"nothing asked", requestStats{}, 0, NotMeasurable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := &Builder{sc: &engine.Scenario{}, reqs: tc.reqs, requests: map[string]int64{}}
			for i := range tc.open {
				b.requests[string(rune('a'+i))] = 0
			}
			if got := b.coordinate(&Report{}).Rating; got != tc.want {
				t.Errorf("rating %q, want %q", got, tc.want)
			}
		})
	}
}

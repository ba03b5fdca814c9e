package facilitator

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

func facCount[T any](s []T, ok func(T) bool) int {
	n := 0
	for _, x := range s {
		if ok(x) {
			n++
		}
	}
	return n
}

func facIf(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

func (f *Model) exercisesPane(w, h int) (string, []string) {
	lines := []string{}
	if f.exercise != "" {
		lines = append(lines, "This exercise: "+f.st.Bold.Render(f.exercise)+" · "+f.scenario.Title+" ("+f.scenario.ID+"), rules as of "+f.scenario.RulesAsOf)
	}
	lines = append(lines, "", f.st.Bold.Render("Start another exercise on this server")+f.st.Subtle.Render(" (↑/↓ choose, enter starts it; this one goes on)"))
	if len(f.scenarios) == 0 {
		lines = append(lines, f.st.Subtle.Render("No bundled scenarios were given to the console."))
	}
	for i, id := range f.scenarios {
		if i == f.sel[facPaneExercises] && f.pane == facPaneExercises {
			lines = append(lines, "› "+f.st.Selected.Render(id))
		} else {
			lines = append(lines, "  "+id)
		}
	}
	if c := f.created; c != nil {
		j := c.Join
		lines = append(lines, "", f.st.Good.Render("✓ Started "+j.Exercise+" ("+j.Scenario+")"),
			"Address            "+j.URL,
			"Facilitator token  "+j.Facilitator,
			"Observer code      "+j.Observer)
		seats := make([]string, 0, len(j.Seats))
		for s := range j.Seats {
			seats = append(seats, s)
		}
		slices.Sort(seats)
		var codes []string
		for _, s := range seats {
			codes = append(codes, s+" "+j.Seats[s])
		}
		lines = append(lines, "Join codes         "+strings.Join(codes, " · "))
		lines = append(lines, f.st.Subtle.Render("Run it: ttx facilitate "+j.URL+" --token "+j.Facilitator+" --exercise "+j.Exercise))
	}
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			out = append(out, facWrap(ansi.Strip(l), w)...)
		} else {
			out = append(out, l)
		}
	}
	return "Exercises", out
}

package report

import (
	"fmt"
	"regexp"
	"strings"

	"ttx/engine"
)

// clock formats exercise milliseconds as H:MM:SS.
func clock(ms int64) string {
	sign := ""
	if ms < 0 {
		sign, ms = "-", -ms
	}
	s := ms / 1000
	return fmt.Sprintf("%s%d:%02d:%02d", sign, s/3600, s/60%60, s%60)
}

// shortClock formats exercise milliseconds as H:MM, for the axis.
func shortClock(ms int64) string {
	m := ms / minuteMillis
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// duration formats a length of exercise time compactly: 45s, 4m, 4m30s,
// 1h05m, 2d3h.
func duration(ms int64) string {
	if ms < 0 {
		return "-" + duration(-ms)
	}
	s := ms / 1000
	d, h, m, sec := s/86400, s/3600%24, s/60%60, s%60
	switch {
	case d > 0:
		return fmt.Sprintf("%dd%dh", d, h)
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0 && sec > 0:
		return fmt.Sprintf("%dm%02ds", m, sec)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%ds", sec)
}

// delay formats a step's delay from the first indicator: +4m, or
// "2m before" for a step taken before any indicator was seen.
func delay(d *int64) string {
	if d == nil {
		return ""
	}
	if *d < 0 {
		return duration(-*d) + " before"
	}
	return "+" + duration(*d)
}

// countOf is n followed by noun, pluralised when n is not 1.
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %s", n, pluralNoun(noun))
}

func pluralNoun(noun string) string {
	head, last := "", noun
	if i := strings.LastIndex(noun, " "); i >= 0 {
		head, last = noun[:i+1], noun[i+1:]
	}
	switch {
	case last == "person":
		last = "people"
	case strings.HasSuffix(last, "y") && !strings.HasSuffix(last, "ey") && !strings.HasSuffix(last, "ay"):
		last = last[:len(last)-1] + "ies"
	case strings.HasSuffix(last, "s"):
		last += "es"
	default:
		last += "s"
	}
	return head + last
}

// short returns text with its runs of white space made single spaces. It
// keeps the whole text: the report's model and JSON hold every text in
// full, and only a renderer cuts one ([clip]), so n, the width a renderer
// might cut the text to, is not applied here.
func short(text string, n int) string {
	_ = n
	return strings.Join(strings.Fields(text), " ")
}

// clip cuts text to about n bytes for a narrow table cell, at the last
// word boundary before n (or, in a word that runs past n with no space in
// its first half, at the next one), and marks the cut with "…". It never
// cuts inside a word, and returns the text whole when it fits or has no
// boundary to cut at. Callers keep the full text alongside (HTML puts it
// in a title attribute).
func clip(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if n <= 0 || len(text) <= n {
		return text
	}
	cut := strings.LastIndex(text[:n+1], " ")
	if cut < n/2 {
		next := strings.Index(text[n:], " ")
		if next < 0 {
			return text
		}
		cut = n + next
	}
	out := strings.TrimRight(text[:cut], " ,;:.")
	if out == "" {
		return text
	}
	return out + "…"
}

// list joins up to max items, saying how many more there are.
func list(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:limit], ", ") + fmt.Sprintf(" and %d more", len(items)-limit)
}

// languageCodes matches the engine's wording of languages by code in its
// reasons: "an interpreter in sk", "speaks sk/rom".
var languageCodes = regexp.MustCompile(`\b(interpreter in|speaks) ([a-z]{2,3}(?:/[a-z]{2,3})*)\b`)

// nameLanguages rewrites the language codes in an engine's reason as
// names: "an interpreter in Slovak", "speaks Slovak and Romani".
func nameLanguages(text string) string {
	return languageCodes.ReplaceAllStringFunc(text, func(m string) string {
		sub := languageCodes.FindStringSubmatch(m)
		var names []string
		for _, code := range strings.Split(sub[2], "/") {
			names = append(names, engine.LanguageName(code))
		}
		and := " and "
		if sub[1] == "interpreter in" {
			and = " or "
		}
		if len(names) > 1 {
			return sub[1] + " " + strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
		}
		return sub[1] + " " + names[0]
	})
}

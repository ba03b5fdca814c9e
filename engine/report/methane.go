package report

import (
	"fmt"
	"strings"

	"ttx/engine"
)

// Methane is how the agencies' M/ETHANE reports (J3) compared at the end:
// with each other, and with what each agency knew ([engine.Divergence]).
type Methane struct {
	// Rating is J3's rating, as a principle's (see [Principle]).
	Rating  string   `json:"rating"`
	Signals []string `json:"signals"`
	Note    string   `json:"note"`
	// Score, Truth and Between are the engine's divergence measures, from
	// 0 (one accurate shared picture) to 1.
	Score   float64 `json:"score"`
	Truth   float64 `json:"truth"`
	Between float64 `json:"between"`
	// Rows has one entry per agency: its latest report beside what it
	// knew.
	Rows []MethaneRow `json:"rows"`
}

// MethaneRow is one agency's latest M/ETHANE report beside what it knew
// by the end.
type MethaneRow struct {
	Agency string `json:"agency"`
	// Filed counts its reports; the rest is about the latest, if any.
	Filed   int                     `json:"filed"`
	Report  *engine.MethaneReport   `json:"report,omitempty"`
	Measure engine.AgencyDivergence `json:"measure"`
	// Differs names the fields that differ from the other agencies'.
	Differs []string `json:"differs,omitempty"`
}

// Ratings of the M/ETHANE picture by its divergence score.
const (
	methaneShown  = 0.25 // at most: shown
	methanePartly = 0.6  // at most: partly shown
)

func (b *Builder) methane() Methane {
	d := b.board.Divergence()
	m := Methane{Score: d.Score, Truth: d.Truth, Between: d.Between}
	for _, ad := range d.Agencies {
		// Sites by the names people know them by, not their ids.
		ad.SitesMissed, ad.SitesUnknown = b.siteNames(ad.SitesMissed), b.siteNames(ad.SitesUnknown)
		m.Rows = append(m.Rows, MethaneRow{Agency: ad.Agency, Filed: ad.Filed, Report: b.board.Latest(ad.Agency), Measure: ad, Differs: d.Differs[ad.Agency]})
	}
	n := len(b.sc.Agencies)
	total := 0
	for _, ad := range d.Agencies {
		total += ad.Filed
	}
	m.Signals = append(m.Signals,
		fmt.Sprintf("%s filed by %d of %d agencies", countOf(total, "M/ETHANE report"), d.Filed, n),
		fmt.Sprintf("the latest reports diverge by %s from what each agency knew by the end (0%% is accurate; no report counts 100%%)", pct(d.Truth)),
		fmt.Sprintf("and by %s from each other (major incident, potential victims, sites and hazards named)", pct(d.Between)))
	switch {
	case d.Filed == 0:
		m.Rating = NotShown
		m.Note = "No agency filed an M/ETHANE report, so there was no shared situation report."
	case d.Filed == n && d.Score <= methaneShown:
		m.Rating = Shown
		m.Note = "Every agency filed an M/ETHANE report, and the latest reports agreed with each other and with what each agency knew."
	case d.Score <= methanePartly:
		m.Rating = PartlyShown
		m.Note = "M/ETHANE reports were filed, but not by every agency, or they left out what the agency knew (potential victims, sites, hazards) or disagreed with each other."
	default:
		m.Rating = NotShown
		m.Note = "The M/ETHANE reports were missing, stale or far from what the agencies knew, and did not give one picture."
	}
	m.Note = join(m.Note, "Each latest report is compared with what its agency knew by the end (potential victims against the victims it knew of, the sites named against the sites of the people it knew, the hazards named against those sites' hazards) and with the other agencies' reports.", b.objectivesExercising("J3"))
	return m
}

// siteNames names sites by their names, falling back to their ids.
func (b *Builder) siteNames(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		name := id
		for _, st := range b.sc.Sites {
			if st.ID == id && st.Name != "" {
				name = st.Name
			}
		}
		out = append(out, name)
	}
	return out
}

// objectivesExercising lists the objectives that exercise a rule id (J3).
func (b *Builder) objectivesExercising(id string) string {
	var ids []string
	for _, o := range b.sc.Objectives {
		for _, x := range o.Exercises {
			if x == id {
				ids = append(ids, o.ID)
			}
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return "Objectives exercising it: " + strings.Join(ids, ", ") + "."
}

// withMethane folds the M/ETHANE picture into shared situational
// awareness (J1): once two or more agencies reported, the principle is
// rated no higher than the reports' agreement allows.
func (b *Builder) withMethane(p Principle, m Methane) Principle {
	filed := 0
	for _, r := range m.Rows {
		if r.Filed > 0 {
			filed++
		}
	}
	if filed < 2 {
		p.Signals = append(p.Signals, fmt.Sprintf("%d of %d agencies filed an M/ETHANE report: no shared situation report to compare (J3)", filed, len(m.Rows)))
		return p
	}
	p.Signals = append(p.Signals, fmt.Sprintf("the latest M/ETHANE reports of %d agencies diverge by %s from each other and by %s from what each knew (J3)", filed, pct(m.Between), pct(m.Truth)))
	if p.Rating == NotMeasurable {
		return p
	}
	if rank(m.Rating) > rank(p.Rating) {
		p.Rating = m.Rating
		p.Note = join(p.Note, "Rated down: the agencies' M/ETHANE reports did not give one accurate picture (J3).")
	}
	return p
}

// rank orders ratings from best to worst.
func rank(r string) int {
	switch r {
	case Shown:
		return 0
	case PartlyShown:
		return 1
	case NotShown:
		return 2
	}
	return -1
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

// methaneBlocks is the M/ETHANE comparison: J3's rating, and each
// agency's latest report beside what it knew.
func (r *Report) methaneBlocks() []block {
	m := r.JESIP.Methane
	out := []block{head("M/ETHANE reports (J3): " + m.Rating), items(m.Signals), para("%s", m.Note)}
	if len(m.Rows) == 0 {
		return out
	}
	t := table("methane", "Agency", "Reports", "Latest", "Major incident", "Exact location", "Type", "Hazards", "Access", "Potential victims", "Services", "Differs from the others", "Gap from what it knew")
	for _, row := range m.Rows {
		if row.Report == nil {
			t.row(c(row.Agency), c("0"), c("-"), c("-"), c("-"), c("-"), c("-"), c("-"), c(fmt.Sprintf("- (knew of %d)", row.Measure.Known)), c("-"), c("-"), cell{Lines: []string{"no report"}, Shade: 3})
			continue
		}
		rp, ms := row.Report, row.Measure
		loc := []string{orDash(rp.Location)}
		if len(ms.SitesMissed) > 0 {
			loc = append(loc, "not named: "+strings.Join(ms.SitesMissed, "; "))
		}
		if len(ms.SitesUnknown) > 0 {
			loc = append(loc, "knew nobody at: "+strings.Join(ms.SitesUnknown, "; "))
		}
		haz := []string{orDash(rp.Hazards)}
		if ms.Risks > 0 {
			haz = append(haz, fmt.Sprintf("%d of %d known hazards named", ms.RisksNamed, ms.Risks))
		}
		svc := "present: " + orDash(rp.Present) + "; required: " + orDash(rp.Required)
		shade := 0
		switch {
		case ms.Gap > methanePartly:
			shade = 3
		case ms.Gap > methaneShown:
			shade = 1
		}
		t.row(c(row.Agency), c(fmt.Sprint(row.Filed)), c(clock(rp.T)), c(rp.Field("major")), clipped(160, c(loc...)), clipped(100, c(orDash(rp.Type))), clipped(200, c(haz...)), clipped(100, c(orDash(rp.Access))),
			c(fmt.Sprintf("%d (knew of %d)", rp.Victims, ms.Known)), clipped(120, c(svc)), c(orDash(strings.Join(row.Differs, ", "))), cell{Lines: []string{pct(ms.Gap)}, Shade: shade})
	}
	return append(out, t)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

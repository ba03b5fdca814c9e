package engine

import (
	"fmt"
	"slices"
	"strings"
)

// M/ETHANE situation reports (J3). Any agency may file one at any time
// with a methane command; its latest report is in its own [View] and, for
// everyone in the room, in the [RoomView]. A report is prompted by an
// inject that expects the methane action, by a facilitator's ad-hoc inject
// (one of kind methane, or one whose text names M/ETHANE), or by the
// scenario at phase changes ([Scenario.MethaneAtPhases], [Phase.Methane]).
// The [MethaneBoard] folds the events of an exercise into each agency's
// latest report and what the agency could know, and measures how far the
// reports diverge from each other and from that ([Divergence]).

// Methane is an M/ETHANE report: Major incident declared?, Exact location,
// Type of incident, Hazards, Access, Number of casualties (here: potential
// victims), Emergency services present and required.
type Methane struct {
	// Major says whether a major incident is declared.
	Major bool `json:"major"`
	// Location is the exact location: the sites, addresses or areas.
	Location string `json:"location,omitempty"`
	// Type is the type of incident (forced labour, sexual exploitation ...).
	Type string `json:"type,omitempty"`
	// Hazards are the hazards, present and potential.
	Hazards string `json:"hazards,omitempty"`
	// Access is how to reach the scene, and the routes to avoid.
	Access string `json:"access,omitempty"`
	// Victims is the number of potential victims: the casualties of an
	// M/ETHANE report.
	Victims int `json:"victims"`
	// Present and Required are the services (agencies) present, and
	// those required.
	Present  string `json:"present,omitempty"`
	Required string `json:"required,omitempty"`
}

// MaxMethaneVictims is the largest number of potential victims a report
// may give.
const MaxMethaneVictims = 100_000

// MethaneFields are the fields of a report, in M/ETHANE order, by the
// names [RoomReport.Differs] and [AgencyDivergence] use.
var MethaneFields = []string{"major", "location", "type", "hazards", "access", "victims", "present", "required"}

// MethaneReport is an agency's report as filed, at exercise time T.
type MethaneReport struct {
	Agency string `json:"agency"`
	T      int64  `json:"t"`
	// Inject is the prompt the report answers, if it named one.
	Inject string `json:"inject,omitempty"`
	Methane
}

// Field returns a field of the report as text, by its name in
// [MethaneFields].
func (m *Methane) Field(name string) string {
	switch name {
	case "major":
		if m.Major {
			return "yes"
		}
		return "no"
	case "location":
		return m.Location
	case "type":
		return m.Type
	case "hazards":
		return m.Hazards
	case "access":
		return m.Access
	case "victims":
		return fmt.Sprint(m.Victims)
	case "present":
		return m.Present
	case "required":
		return m.Required
	}
	return ""
}

// methane files an agency's M/ETHANE report. Everyone sees it: a
// situation report is for sharing (J1, J3).
func (x *Exercise) methane(c Command, as *agencyState) {
	m := c.Methane
	switch {
	case m == nil:
		x.reject(c, codeInvalid, "an M/ETHANE report needs its fields")
		return
	case m.Victims < 0 || m.Victims > MaxMethaneVictims:
		x.reject(c, codeInvalid, fmt.Sprintf("number of potential victims %d: give 0 to %d", m.Victims, MaxMethaneVictims))
		return
	}
	mm := Methane{Major: m.Major, Location: strings.TrimSpace(m.Location), Type: strings.TrimSpace(m.Type), Hazards: strings.TrimSpace(m.Hazards),
		Access: strings.TrimSpace(m.Access), Victims: m.Victims, Present: strings.TrimSpace(m.Present), Required: strings.TrimSpace(m.Required)}
	x.accept(c, x.allAgencies(), Payload{Agency: as.a.ID, Methane: &mm, Inject: c.Inject})
}

// methanePrompt asks every agency for a report as a phase begins, when
// the scenario says so.
func (x *Exercise) methanePrompt(ph Phase) {
	if !x.sc.MethaneAtPhases && !ph.Methane {
		return
	}
	id := "methane-" + ph.ID
	text := fmt.Sprintf("M/ETHANE: send your situation report as %q begins (J3).", ph.Title)
	x.emit(System, EvInject, x.allAgencies(), Payload{Inject: id, From: "Facilitator", Channel: "radio", Text: text, Cause: "methane:" + ph.ID})
	for _, as := range x.agencies {
		as.inbox = append(as.inbox, InjectView{ID: id, T: x.now, From: "Facilitator", Channel: "radio", Text: text, Methane: true})
	}
}

// asksMethane reports whether an inject asks agency for an M/ETHANE
// report: it expects the methane action of the agency.
func asksMethane(in *Inject, agency string) bool {
	for _, e := range in.Expect {
		if e.Action == CmdMethane && (len(e.By) == 0 || slices.Contains(e.By, agency)) {
			return true
		}
	}
	return false
}

// MentionsMethane reports whether a text asks for an M/ETHANE report by
// name: how a facilitator's ad-hoc inject prompts one.
func MentionsMethane(text string) bool {
	t := strings.ToUpper(text)
	return strings.Contains(t, "M/ETHANE") || strings.Contains(t, "METHANE")
}

// ---- the board: reports, what each agency could know, divergence ----

// MethaneBoard folds an exercise's events into each agency's latest
// M/ETHANE report and what each agency knows (the people it learned of,
// hence their sites and the sites' risks). It is how the engine's room
// view and the debrief measure the reports. Feed it every event in order.
type MethaneBoard struct {
	sc      *Scenario
	latest  map[string]*MethaneReport
	filed   map[string]int
	knows   map[string]map[string]bool // agency -> person -> known
	site    map[string]*Site
	siteIDs []string
}

// NewMethaneBoard returns an empty board for a scenario.
func NewMethaneBoard(sc *Scenario) *MethaneBoard {
	b := &MethaneBoard{sc: sc, latest: make(map[string]*MethaneReport), filed: make(map[string]int), knows: make(map[string]map[string]bool), site: make(map[string]*Site)}
	for i := range sc.Sites {
		b.site[sc.Sites[i].ID] = &sc.Sites[i]
		b.siteIDs = append(b.siteIDs, sc.Sites[i].ID)
	}
	return b
}

// Add folds one event into the board.
func (b *MethaneBoard) Add(e *Event) {
	switch e.Type {
	case CmdMethane:
		if e.Payload.Methane == nil {
			return
		}
		r := &MethaneReport{Agency: e.Actor, T: e.T, Inject: e.Payload.Inject, Methane: *e.Payload.Methane}
		b.latest[e.Actor] = r
		b.filed[e.Actor]++
	case EvLearned:
		a := e.Payload.Agency
		if b.knows[a] == nil {
			b.knows[a] = make(map[string]bool)
		}
		b.knows[a][e.Payload.Person] = true
	}
}

// Latest returns an agency's latest report, or nil.
func (b *MethaneBoard) Latest(agency string) *MethaneReport {
	if r := b.latest[agency]; r != nil {
		c := *r
		return &c
	}
	return nil
}

// Filed counts the reports an agency filed.
func (b *MethaneBoard) Filed(agency string) int { return b.filed[agency] }

// Divergence measures how an agency's report differs from what it could
// know, and how the agencies' reports differ from each other. Every
// measure runs from 0 (the same) to 1 (wholly different, or no report).
type Divergence struct {
	Agencies []AgencyDivergence `json:"agencies"`
	// Filed counts the agencies that filed a report.
	Filed int `json:"filed"`
	// Truth is the mean of the agencies' gaps from what each could know
	// (an agency that filed nothing counts 1).
	Truth float64 `json:"truth"`
	// Between is how far the filed reports differ from each other: the
	// mean over major incident, potential victims, sites named and
	// hazards named (two reports naming none share nothing); 1 when fewer
	// than two agencies filed.
	Between float64 `json:"between"`
	// Score is the mean of Truth and Between: 0 is one accurate shared
	// picture.
	Score float64 `json:"score"`
	// Differs names, by agency, the fields of its report that differ from
	// the other agencies' (see [RoomReport.Differs]).
	Differs map[string][]string `json:"differs,omitempty"`
}

// AgencyDivergence is how one agency's latest report compares with what
// the agency knew by then and knows now.
type AgencyDivergence struct {
	Agency string `json:"agency"`
	// Filed counts the reports it filed; T is the time of the latest.
	Filed int   `json:"filed"`
	T     int64 `json:"t"`
	// Reported is the number of potential victims reported; Known the
	// victims the agency knows of.
	Reported int `json:"reported"`
	Known    int `json:"known"`
	// Sites are the sites of the people it knows; SitesNamed those its
	// location names; SitesMissed those known and not named; SitesUnknown
	// those named that it knows nobody at.
	Sites        []string `json:"sites,omitempty"`
	SitesNamed   []string `json:"sites_named,omitempty"`
	SitesMissed  []string `json:"sites_missed,omitempty"`
	SitesUnknown []string `json:"sites_unknown,omitempty"`
	// Risks counts the hazards of the known sites; RisksNamed those its
	// hazards name.
	Risks      int `json:"risks"`
	RisksNamed int `json:"risks_named"`
	// Gap is the mean of the gaps in victims, location and hazards, from
	// 0 (accurate) to 1; 1 with no report.
	Gap float64 `json:"gap"`
}

// Divergence measures the latest reports now.
func (b *MethaneBoard) Divergence() Divergence {
	var d Divergence
	var filed []*MethaneReport
	for _, a := range b.sc.Agencies {
		ad := b.agencyDivergence(a.ID)
		d.Agencies = append(d.Agencies, ad)
		d.Truth += ad.Gap
		if r := b.latest[a.ID]; r != nil {
			filed = append(filed, r)
		}
	}
	if n := len(d.Agencies); n > 0 {
		d.Truth /= float64(n)
	}
	d.Filed = len(filed)
	d.Between = 1
	if len(filed) >= 2 || len(b.sc.Agencies) < 2 && len(filed) == 1 {
		d.Between = b.between(filed)
	}
	d.Score = (d.Truth + d.Between) / 2
	d.Differs = b.differs(filed)
	return d
}

func (b *MethaneBoard) agencyDivergence(agency string) AgencyDivergence {
	ad := AgencyDivergence{Agency: agency, Filed: b.filed[agency], Gap: 1}
	sites := map[string]bool{}
	for i := range b.sc.People {
		p := &b.sc.People[i]
		if !b.knows[agency][p.ID] {
			continue
		}
		if p.Truth.Victim {
			ad.Known++
		}
		if b.site[p.Site] != nil {
			sites[p.Site] = true
		}
	}
	var risks []string
	for _, id := range b.siteIDs {
		if sites[id] {
			ad.Sites = append(ad.Sites, id)
			risks = append(risks, b.site[id].Risks...)
		}
	}
	ad.Risks = len(risks)
	r := b.latest[agency]
	if r == nil {
		return ad
	}
	ad.T, ad.Reported = r.T, r.Victims
	ad.SitesNamed = b.sitesNamed(r.Location)
	for _, id := range ad.Sites {
		if !slices.Contains(ad.SitesNamed, id) {
			ad.SitesMissed = append(ad.SitesMissed, id)
		}
	}
	for _, id := range ad.SitesNamed {
		if !sites[id] {
			ad.SitesUnknown = append(ad.SitesUnknown, id)
		}
	}
	for _, rk := range risks {
		if riskNamed(r.Hazards, rk) {
			ad.RisksNamed++
		}
	}
	count := float64(abs(ad.Reported-ad.Known)) / float64(max(ad.Reported, ad.Known, 1))
	loc := 0.0
	if n := len(ad.Sites) + len(ad.SitesUnknown); n > 0 {
		loc = float64(len(ad.SitesMissed)+len(ad.SitesUnknown)) / float64(n)
	}
	haz := 0.0
	if ad.Risks > 0 {
		haz = float64(ad.Risks-ad.RisksNamed) / float64(ad.Risks)
	}
	ad.Gap = (count + loc + haz) / 3
	return ad
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// between is how far the filed reports differ from each other.
func (b *MethaneBoard) between(rs []*MethaneReport) float64 {
	if len(rs) < 2 {
		return 0
	}
	lo, hi, yes := rs[0].Victims, rs[0].Victims, 0
	for _, r := range rs {
		lo, hi = min(lo, r.Victims), max(hi, r.Victims)
		if r.Major {
			yes++
		}
	}
	major := 0.0
	if yes != 0 && yes != len(rs) {
		major = 1
	}
	count := float64(hi-lo) / float64(max(hi, 1))
	sum, parts := major+count, 2.0
	var loc, haz float64
	pairs := 0
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			pairs++
			loc += jaccardDistance(b.sitesNamed(rs[i].Location), b.sitesNamed(rs[j].Location))
			haz += jaccardDistance(b.risksNamed(rs[i].Hazards), b.risksNamed(rs[j].Hazards))
		}
	}
	// Sites and hazards count where the scenario has any to name.
	if len(b.siteIDs) > 0 {
		sum, parts = sum+loc/float64(pairs), parts+1
	}
	if slices.ContainsFunc(b.sc.Sites, func(s Site) bool { return len(s.Risks) > 0 }) {
		sum, parts = sum+haz/float64(pairs), parts+1
	}
	return sum / parts
}

// jaccardDistance is 1 less the share of a and b's union that both hold.
// Two reports that name nothing share no picture: their distance is 1.
func jaccardDistance(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	both := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			both++
		}
	}
	return 1 - float64(both)/float64(len(a)+len(b)-both)
}

// sitesNamed returns the ids of the scenario's sites a location names: by
// id, by name (or the part before a comma, "and" or a bracket), or by
// location.
func (b *MethaneBoard) sitesNamed(text string) []string {
	t := strings.ToLower(text)
	if strings.TrimSpace(t) == "" {
		return nil
	}
	var out []string
	for _, id := range b.siteIDs {
		s := b.site[id]
		for _, name := range []string{s.ID, s.Name, shortName(s.Name), s.Location, shortName(s.Location)} {
			if n := strings.ToLower(strings.TrimSpace(name)); len(n) >= 3 && containsWord(t, n) {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// risksNamed returns the scenario's site risks a hazards text names.
func (b *MethaneBoard) risksNamed(text string) []string {
	var out []string
	for _, id := range b.siteIDs {
		for _, r := range b.site[id].Risks {
			if riskNamed(text, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// shortName is a name up to its first comma, bracket or " and ".
func shortName(s string) string {
	for _, sep := range []string{",", "(", " and "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

// containsWord reports whether s contains w with no letter or digit
// either side.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isWordByte(s[j-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = j + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// riskNamed reports whether a hazards text names a risk: the risk's text
// itself, or at least two thirds of its words of four letters or more.
func riskNamed(hazards, risk string) bool {
	h := strings.ToLower(hazards)
	r := strings.ToLower(strings.TrimSpace(risk))
	if h == "" || r == "" {
		return false
	}
	if strings.Contains(h, strings.TrimRight(r, ".")) {
		return true
	}
	words, hit := 0, 0
	for _, w := range strings.FieldsFunc(r, func(c rune) bool { return c > 127 || !isWordByte(byte(c)) }) {
		if len(w) < 4 {
			continue
		}
		words++
		if containsWord(h, w) {
			hit++
		}
	}
	return words > 0 && 3*hit >= 2*words
}

// differs names, by agency, the fields of its report that differ from
// the others': those whose value is not the one most reports give (every
// report's, when no value is given by more reports than any other).
// Sites and hazards compare by what they name, where they name any of the
// scenario's; the rest by their words.
func (b *MethaneBoard) differs(rs []*MethaneReport) map[string][]string {
	if len(rs) < 2 {
		return nil
	}
	out := map[string][]string{}
	for _, f := range MethaneFields {
		vals := make([]string, len(rs))
		n := map[string]int{}
		for i, r := range rs {
			vals[i] = b.compareValue(r, f)
			n[vals[i]]++
		}
		if len(n) == 1 {
			continue
		}
		mode, best, tie := "", 0, false
		for _, v := range vals {
			switch {
			case n[v] > best:
				mode, best, tie = v, n[v], false
			case n[v] == best && v != mode:
				tie = true
			}
		}
		for i, r := range rs {
			if tie || vals[i] != mode {
				out[r.Agency] = append(out[r.Agency], f)
			}
		}
	}
	return out
}

func (b *MethaneBoard) compareValue(r *MethaneReport, field string) string {
	switch field {
	case "location":
		if s := b.sitesNamed(r.Location); len(s) > 0 {
			return "sites:" + strings.Join(s, ",")
		}
	case "hazards":
		if s := b.risksNamed(r.Hazards); len(s) > 0 {
			return "risks:" + strings.Join(s, "\n")
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(r.Field(field))), " ")
}

// ---- the room view ----

// RoomView is what the room's shared screen shows: the clock, the phase,
// NO PLAY, the injects released to every agency, and each agency's latest
// M/ETHANE report with the fields that differ from the others'. It holds
// nothing private to an agency: no person's details, no indicator, no
// inject sent to some agencies only.
type RoomView struct {
	Title string `json:"title"`
	Moment
	// Injects are the injects released to every agency, oldest first.
	Injects []InjectView `json:"injects"`
	// Reports has one entry per agency, in the scenario's order.
	Reports []RoomReport `json:"reports"`
}

// RoomReport is one agency's column of the room's board.
type RoomReport struct {
	Agency string `json:"agency"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	// Report is the agency's latest M/ETHANE report, if any.
	Report *MethaneReport `json:"report,omitempty"`
	// Differs names the fields of Report (see [MethaneFields]) that
	// differ from the other agencies' reports.
	Differs []string `json:"differs,omitempty"`
}

// RoomView returns the room's view now.
func (x *Exercise) RoomView() RoomView {
	rv := RoomView{Title: x.sc.Title, Moment: x.moment()}
	rv.Injects = append([]InjectView{}, x.public...)
	var filed []*MethaneReport
	for _, as := range x.agencies {
		if r := x.board.latest[as.a.ID]; r != nil {
			filed = append(filed, r)
		}
	}
	differs := x.board.differs(filed)
	for _, as := range x.agencies {
		rv.Reports = append(rv.Reports, RoomReport{Agency: as.a.ID, Name: as.a.Name, Kind: as.a.Kind, Report: x.board.Latest(as.a.ID), Differs: differs[as.a.ID]})
	}
	return rv
}

// notePublic keeps an inject for the room when it reached every agency.
func (x *Exercise) notePublic(to []string, item InjectView) {
	if len(to) == 0 || len(to) < len(x.agencies) {
		return
	}
	for _, as := range x.agencies {
		if !slices.Contains(to, as.a.ID) {
			return
		}
	}
	x.public = append(x.public, item)
}

// MethaneDivergence measures the agencies' latest M/ETHANE reports now
// (see [MethaneBoard.Divergence]).
func (x *Exercise) MethaneDivergence() Divergence { return x.board.Divergence() }

// SiteView is a site an agency knows of, because it knows someone there:
// where it is and its hazards, for the agency's M/ETHANE report.
type SiteView struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Location string   `json:"location,omitempty"`
	Risks    []string `json:"risks,omitempty"`
}

// knownSites lists the sites of the people an agency knows, in the
// scenario's order.
func (x *Exercise) knownSites(as *agencyState) []SiteView {
	var out []SiteView
	for _, s := range x.sc.Sites {
		for _, id := range as.order {
			if x.person[id].p.Site == s.ID {
				out = append(out, SiteView{ID: s.ID, Name: s.Name, Location: s.Location, Risks: s.Risks})
				break
			}
		}
	}
	return out
}

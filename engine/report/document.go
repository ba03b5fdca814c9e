package report

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"ttx/engine"
)

// doc is a report laid out as sections of blocks, independent of the
// output format, so that the Markdown and the HTML carry the same content.
type doc struct {
	Title    string
	Subtitle string
	Sections []section
}

type section struct {
	ID, Title string
	Blocks    []block
}

// Kinds of block.
const (
	bPara  = "p"
	bHead  = "h3"
	bTable = "table"
	bList  = "list"
	bChart = "chart"
	bNote  = "note"
)

type block struct {
	Kind  string
	Text  string
	Class string
	Head  []string
	Rows  [][]cell
	Items []string
	// SVG is a chart block's own drawing, already escaped.
	SVG template.HTML
}

// cell is a table cell: one or more lines of text, a shade from 0 (none)
// to 4 for a heat map, and the width, in bytes, to which a renderer for a
// narrow page may cut each line (0: never), keeping the full text at hand
// ([clip]).
type cell struct {
	Lines []string
	Shade int
	Clip  int
}

// clipped returns c with its lines to be cut to about n bytes when drawn
// on a narrow page.
func clipped(n int, c cell) cell {
	c.Clip = n
	return c
}

func c(s ...string) cell { return cell{Lines: s} }

func para(format string, args ...any) block {
	return block{Kind: bPara, Text: fmt.Sprintf(format, args...)}
}
func head(text string) block  { return block{Kind: bHead, Text: text} }
func note(text string) block  { return block{Kind: bNote, Text: text} }
func items(xs []string) block { return block{Kind: bList, Items: xs} }

func table(class string, head ...string) block {
	return block{Kind: bTable, Class: class, Head: head}
}

func (b *block) row(cells ...cell) { b.Rows = append(b.Rows, cells) }

// document lays the report out.
func (r *Report) document() doc {
	d := doc{Title: "After-action report: " + r.Summary.Title,
		Subtitle: fmt.Sprintf("Scenario %s, played %s; rules as of %s", r.Summary.Scenario, r.Summary.Created.UTC().Format("2 January 2006"), r.Summary.RulesAsOf)}
	d.Sections = []section{r.summarySection(), r.scoresSection(), r.timelineSection(), r.journeysSection(), r.missedSection(),
		r.sharingSection(), r.findingsSection(), r.decisionLogSection(), r.principlesSection(), r.planSection()}
	return d
}

func (r *Report) summarySection() section {
	s := r.Summary
	sec := section{ID: "summary", Title: "1. Summary"}
	if s.About != "" {
		sec.Blocks = append(sec.Blocks, para("%s", s.About))
	}
	t := table("facts", "", "")
	t.row(c("Scenario"), c(fmt.Sprintf("%s (%s), version %s", s.Title, s.Scenario, shortHash(s.ScenarioSHA256))))
	if s.Exercise != "" {
		t.row(c("Exercise"), c(s.Exercise))
	}
	if s.Fork != nil {
		t.row(c("Fork"), c(forkText(s.Fork)))
	}
	t.row(c("Date"), c(s.Created.UTC().Format("2006-01-02 15:04 UTC")+", when the log was created"))
	t.row(c("In-world start"), c(s.InWorldStart))
	t.row(c("Rules as of"), c(fmt.Sprintf("%s; competent authority: %s", s.RulesAsOf, s.Authority)))
	t.row(c("Seed"), c(fmt.Sprint(s.Seed)))
	t.row(c("Engine"), c(s.Engine))
	t.row(c("Length of play"), c(fmt.Sprintf("%s of exercise time; %d events, %d commands (%d from the facilitator, besides clock ticks)", clock(s.Length), s.Events, s.Commands, s.FacilitatorCommands)))
	ended := "yes, by the facilitator"
	if !s.Ended {
		ended = "no: " + engine.Unfinished(s.Ended, s.Length)
	}
	t.row(c("Ended"), c(ended))
	t.row(c("Pauses"), c(pausesText(s.Pauses)))
	t.row(c("Verification"), c(s.Verification))
	sec.Blocks = append(sec.Blocks, t, head("Agencies and their seats"))
	seats := table("seats", "Agency", "Name", "Kind", "First responder", "Seat", "Commands", "Accepted", "Refused", "Active")
	for _, st := range s.Seats {
		fr := "no"
		if st.FirstResponder {
			fr = "yes"
		}
		active := "never acted"
		if st.First >= 0 {
			active = clock(st.First) + " to " + clock(st.Last)
		}
		seats.row(c(st.Agency), c(st.Name), c(st.Kind), c(fr), c(playedBy(st.PlayedBy)...), c(fmt.Sprint(st.Commands)), c(fmt.Sprint(st.Accepted)), c(fmt.Sprint(st.Rejected)), c(active))
	}
	sec.Blocks = append(sec.Blocks, seats,
		note("Seat: who played it, from the log's seat lines (a hosted exercise records each player joining or leaving and each bot taking over); a simulation records none."))
	if len(s.Objectives) > 0 {
		var xs []string
		for _, o := range s.Objectives {
			xs = append(xs, o.ID+": "+o.Text)
		}
		sec.Blocks = append(sec.Blocks, head("Objectives"), items(xs))
	}
	return sec
}

func pausesText(ps []Interval) string {
	if len(ps) == 0 {
		return "none"
	}
	var xs []string
	var wall int64
	for _, p := range ps {
		wall += p.Wall
	}
	lead := ""
	if len(ps) > 6 {
		lead = fmt.Sprintf("%d stops, %s in all by the wall clock; the first five: ", len(ps), duration(wall))
		ps = ps[:5]
	}
	for _, p := range ps {
		what := "paused"
		if p.Kind == evNoPlay {
			what = "NO PLAY"
		}
		s := fmt.Sprintf("%s at %s", what, clock(p.From))
		if p.To > p.From {
			s = fmt.Sprintf("%s from %s to %s", what, clock(p.From), clock(p.To))
		}
		s += fmt.Sprintf(" for %s by the wall clock", duration(p.Wall))
		if p.Open {
			s += " (never lifted)"
		}
		if p.Text != "" {
			s += ": " + p.Text
		}
		xs = append(xs, s)
	}
	return lead + strings.Join(xs, "; ") + "; exercise time stands still while play is stopped"
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func (r *Report) scoresSection() section {
	s := r.Scores
	sec := section{ID: "scores", Title: "2. Scores"}
	sec.Blocks = append(sec.Blocks, para("Overall: %d/100 (%d points earned, %d lost to penalties, of %d possible).", s.Total, s.Earned, s.Penalty, s.Possible))
	sec.Blocks = append(sec.Blocks, para("Each item, and each person an item is scored for, is expected of one agency: the lead whose duty it is (the one that acted, or else the first lead that knew of the person). An agency's score is how much of what was expected of it was met, by it or by another agency on its behalf, less the penalties for its own wrong actions. A shortfall is charged to the agency that should have acted: the lead, the agency asked that never answered, or the agency that should have asked."))
	t := table("scores", "Agency", "Score", "Expected", "Met", "Met by others", "Penalty", "Lost, by cause")
	for _, a := range s.Agencies {
		score := cell{Lines: []string{"-"}}
		if a.Scored {
			score = cell{Lines: []string{fmt.Sprint(a.Score)}, Shade: scoreShade(a.Score)}
		}
		var lost []string
		for _, k := range sortedKeys(a.Lost) {
			lost = append(lost, fmt.Sprintf("%s %d", causeName(k), a.Lost[k]))
		}
		t.row(c(a.Agency), score, c(fmt.Sprint(a.Possible)), c(fmt.Sprint(a.Earned)), c(fmt.Sprint(a.OnBehalf)), c(fmt.Sprint(a.Penalty)), c(strings.Join(lost, ", ")))
	}
	sec.Blocks = append(sec.Blocks, t, head("Rubric items and expectations"))
	it := table("items", "Item", "Points", "Evidences", "What", "Not fully earned for, or charged for")
	for _, x := range s.Items {
		pts := fmt.Sprintf("%d/%d", x.Earned, x.Possible)
		shade := 0
		if x.Points < 0 {
			pts = fmt.Sprint(x.Earned)
			if x.Earned < 0 {
				shade = 4
			}
		} else if x.Earned < x.Possible {
			shade = 2
		}
		who := list(x.Unmet, 8)
		if x.Points < 0 {
			who = list(x.Charged, 8)
		}
		it.row(c(x.ID), cell{Lines: []string{pts}, Shade: shade}, c(strings.Join(x.Evidences, ", ")), c(x.Text), c(who))
	}
	sec.Blocks = append(sec.Blocks, it)
	if len(s.Shortfalls) > 0 {
		lt := table("shortfalls", "Charged to", "Points", "Item", "Person", "Cause", "What happened")
		for _, sh := range s.Shortfalls {
			cause := causeName(sh.Cause)
			if sh.Rule != "" {
				cause += " (" + sh.Rule + ")"
			}
			lt.row(c(cmp.Or(sh.Agency, "no agency")), c(fmt.Sprint(-sh.Points)), c(sh.Item), c(cmp.Or(sh.Alias, "-")), c(cause), c(sh.Reason))
		}
		sec.Blocks = append(sec.Blocks, head("Points lost, and who was responsible"), lt)
	}
	return sec
}

// causeName says a shortfall's cause in words.
func causeName(cause string) string {
	switch cause {
	case engine.CauseNotDone:
		return "not done"
	case engine.CauseUnknown:
		return "never came to light"
	case engine.CauseLate:
		return "too late"
	case engine.CauseRule:
		return "done breaking a rule"
	case engine.CauseNotAsked:
		return "never asked"
	case engine.CauseNotAnswered:
		return "asked, not answered"
	case engine.CauseRefused:
		return "refused, not asked elsewhere"
	case engine.CausePenalty:
		return "penalty"
	case engine.CauseOther:
		return "done by another agency instead"
	case engine.CauseNotPassedOn:
		return "not passed on"
	}
	return cause
}

func scoreShade(score int) int {
	switch {
	case score >= 90:
		return 0
	case score >= 70:
		return 1
	case score >= 40:
		return 2
	}
	return 4
}

func (r *Report) timelineSection() section {
	tl := r.Timeline
	sec := section{ID: "timeline", Title: "3. Timeline"}
	sec.Blocks = append(sec.Blocks, block{Kind: bChart, Text: fmt.Sprintf("One lane per agency: injects received above, actions and decisions in the middle, refusals, flags and missed deadlines below; marks are counted in bins of %s. Below the lanes, each victim's journey: grey from the first indicator to identification, amber until safe (or declined), blue until referred, brown from a recorded decline of support; ticks mark the referral and the competent authority's decisions (with their in-world dates). Pauses are hatched.", duration(tl.Bin))})
	if len(r.Summary.Phases) > 0 {
		t := table("phases", "Phase", "Starts", "Title")
		for _, p := range r.Summary.Phases {
			t.row(c(p.ID), c(clock(p.T)), c(p.Title))
		}
		sec.Blocks = append(sec.Blocks, head("Phases"), t)
	}
	t := table("lanes", "Lane", "Injects received", "Actions", "Decisions", "Refused", "Flagged", "Deadlines missed", "First", "Last")
	for _, ln := range tl.Lanes {
		row := []cell{c(ln.Agency)}
		for _, k := range markKinds() {
			row = append(row, c(fmt.Sprint(ln.Totals[k])))
		}
		first, last := "-", "-"
		if len(ln.Marks) > 0 {
			lo, hi := ln.Marks[0].T, ln.Marks[0].T
			for _, m := range ln.Marks {
				lo, hi = min(lo, m.T), max(hi, m.T)
			}
			first, last = clock(lo), clock(hi+tl.Bin)
		}
		t.Rows = append(t.Rows, append(row, c(first), c(last)))
	}
	sec.Blocks = append(sec.Blocks, head("Activity by lane"), t,
		note(fmt.Sprintf("First and last are to the nearest %s. Pauses: %s.", duration(tl.Bin), pausesText(r.Summary.Pauses))))
	return sec
}

func stepCell(st *Step, withDelay bool) string {
	if st == nil {
		return "-"
	}
	s := clock(st.T)
	if withDelay && st.Delay != nil {
		s += " (" + delay(st.Delay) + ")"
	}
	if st.Agency != "" {
		s += " " + st.Agency
	}
	return s
}

// safeCell is the "safe or declined" column of a journey: the removal to
// safety, and a recorded decline of support as a state of its own (R9).
func safeCell(j Journey) string {
	switch {
	case j.Safe != nil && j.Declined != nil:
		return stepCell(j.Safe, true) + "; declined, recorded " + stepCell(j.Declined, true)
	case j.Declined != nil:
		return "declined, recorded " + stepCell(j.Declined, true)
	}
	return stepCell(j.Safe, true)
}

// inWorldText is the in-world date of a competent authority's decision,
// as the journey table shows it.
func inWorldText(st *Step) string {
	if st.InWorld == "" {
		return ""
	}
	return ", in-world " + st.InWorld
}

func (r *Report) journeysSection() section {
	sec := section{ID: "journeys", Title: "4. Victim journeys"}
	if len(r.Journeys) == 0 {
		sec.Blocks = append(sec.Blocks, para("The scenario has no victims."))
		return sec
	}
	sec.Blocks = append(sec.Blocks, para("Each victim's way from the first indicator anyone saw to identification, safety and the NRM. Times are exercise time; in brackets, the delay from the first indicator; then the agency that took the step. The competent authority's decisions also give the in-world date they bear."))
	t := table("journeys", "Victim", "Child", "First indicator", "Identified", "Safe or declined", "Referred or notified", "RG", "CG", "Where it ended")
	var notes []string
	for _, j := range r.Journeys {
		child := "no"
		if j.Child {
			child = "yes"
		}
		out := safeCell(j)
		ref := stepCell(j.Referred, true)
		if j.Referred == nil && j.Notified != nil {
			ref = stepCell(j.Notified, true) + " DtN"
		}
		// The competent authority decides; the agency on its steps is the
		// referrer it told, so it is left out here.
		rg, cg := "-", "-"
		if j.RG != nil {
			rg = j.RG.Detail + " " + stepCell(&Step{T: j.RG.T, Delay: j.RG.Delay}, true) + inWorldText(j.RG)
		}
		if j.CG != nil {
			cg = stepCell(&Step{T: j.CG.T, Delay: j.CG.Delay}, true) + inWorldText(j.CG)
		}
		shade := 0
		switch {
		case j.Safe == nil && j.Declined == nil:
			shade = 3
		case j.Referred == nil && j.Notified == nil && j.Declined == nil:
			shade = 1
		}
		t.row(c(j.Alias), c(child), c(stepCell(j.FirstIndicator, false)), c(stepCell(j.Identified, true)), c(out), c(ref), c(rg), c(cg), cell{Lines: []string{j.Outcome}, Shade: shade})
		for _, n := range j.Notes {
			notes = append(notes, j.Alias+": "+n)
		}
	}
	sec.Blocks = append(sec.Blocks, t)
	if len(notes) > 0 {
		sec.Blocks = append(sec.Blocks, head("Notes"), items(notes))
	}
	if st := journeyStats(r.JourneyTotals); st != "" {
		sec.Blocks = append(sec.Blocks, para("%s", st))
	}
	return sec
}

// journeyStats sums up the journeys from the counts the table shows: how
// many reached each step, and the mean delay from the first indicator over
// the steps taken after one was seen.
func journeyStats(t JourneyTotals) string {
	if t.Victims == 0 {
		return ""
	}
	var parts []string
	for _, p := range []struct {
		what string
		st   StepTotal
	}{{"identified", t.Identified}, {"made safe", t.Safe}, {"not made safe but recorded as declining support", t.Declined},
		{"referred into the NRM", t.Referred}, {"notified to the Home Office under the Duty to Notify (R4)", t.Notified}} {
		s := fmt.Sprintf("%d %s", p.st.Count, p.what)
		var how []string
		if p.st.After > 0 {
			h := fmt.Sprintf("on average %s after the first indicator", duration(p.st.MeanDelay))
			if p.st.After < p.st.Count {
				h = fmt.Sprintf("%d of them %s", p.st.After, h)
			}
			how = append(how, h)
		}
		if p.st.Before > 0 {
			how = append(how, fmt.Sprintf("%d before any indicator of them was seen", p.st.Before))
		}
		if len(how) > 0 {
			s += " (" + strings.Join(how, "; ") + ")"
		}
		parts = append(parts, s)
	}
	return fmt.Sprintf("Of %s: %s.", countOf(t.Victims, "victim"), strings.Join(parts, "; "))
}

func ptr[T any](v T) *T { return &v }

// playedBy says who held a seat, one line per change.
func playedBy(hs []Holder) []string {
	if len(hs) == 0 {
		return []string{"not recorded"}
	}
	var out []string
	for _, h := range hs {
		who := "nobody"
		switch h.Kind {
		case engine.SeatPerson:
			who = cmp.Or(h.Name, "a player")
		case engine.SeatBot:
			who = "bot (" + h.Name + ")"
		}
		out = append(out, clock(h.T)+" "+who)
	}
	return out
}

func countNotGathered(ms []Missed) int {
	n := 0
	for _, m := range ms {
		if m.Kind == engine.MissedNotGathered {
			n++
		}
	}
	return n
}

func (r *Report) missedSection() section {
	sec := section{ID: "missed", Title: "5. Missed opportunities"}
	if len(r.Missed) == 0 {
		sec.Blocks = append(sec.Blocks, para("None: every agency that saw indicators of a victim acted on that person or shared what it saw."))
		return sec
	}
	sec.Blocks = append(sec.Blocks, para("An agency saw indicators of a victim and neither took any action about that person nor shared them, or knew of a victim whose indicators nobody ever gathered (nobody observed or asked). Needed by names the agency that would lead for the person, and when, if ever, it learned of indicators some other way."))
	if n := countNotGathered(r.Missed); n > 0 {
		sec.Blocks = append(sec.Blocks, para("Never gathered: for %s nobody observed or asked, so none of their indicators was ever seen. That is the largest miss of all: identification rests on indicators (R15).", countOf(n, "victim")))
	}
	t := table("missed", "Agency", "Victim", "Seen at", "Indicators", "Needed by")
	for _, m := range r.Missed {
		if m.Kind == engine.MissedNotGathered {
			var inds []string
			for _, i := range m.Indicators {
				inds = append(inds, fmt.Sprintf("%s: %s", i.Kind, cmp.Or(i.Text, i.ID)))
			}
			t.row(c(m.Agency), c(m.Alias), c("knew of them from "+clock(m.T)+"; never gathered"), c(inds...), c("-"))
			continue
		}
		var inds []string
		for _, i := range m.Indicators {
			inds = append(inds, fmt.Sprintf("%s: %s", i.Kind, cmp.Or(i.Text, i.ID)))
		}
		var needs []string
		for _, n := range m.NeededBy {
			s := n.Agency + ", " + n.Role + ": "
			switch {
			case n.Learned == nil:
				s += "never learned any indicator of them"
			case *n.Learned <= m.T:
				s += "already knew from " + clock(*n.Learned) + " (" + n.From + ")"
			default:
				s += fmt.Sprintf("learned at %s, %s later (%s)", clock(*n.Learned), duration(*n.Learned-m.T), n.From)
			}
			needs = append(needs, s)
		}
		t.row(c(m.Agency), c(m.Alias), c(clock(m.T)), clipped(90, c(inds...)), c(needs...))
	}
	sec.Blocks = append(sec.Blocks, t)
	if len(r.Expectations) > 0 {
		x := table("expectations", "Expected", "Action", "By", "Person", "Deadline passed", "Evidences", "Points")
		for _, e := range r.Expectations {
			x.row(c(e.Inject+"."+e.Expect), c(e.Action), c(cmp.Or(strings.Join(e.Agencies, ", "), "any agency")), c(cmp.Or(e.Person, "-")), c(clock(e.T)), c(strings.Join(e.Evidences, ", ")), c(fmt.Sprint(e.Points)))
		}
		sec.Blocks = append(sec.Blocks, head("Expected actions not taken in time"), x)
	}
	return sec
}

func (r *Report) sharingSection() section {
	sh := r.Sharing
	sec := section{ID: "sharing", Title: "6. Information sharing"}
	passOns, delivered := 0, 0
	for _, x := range sh.Cells {
		passOns += x.PassOns
		delivered += x.Delivered
	}
	sec.Blocks = append(sec.Blocks, para("%s (%d of them messages naming nobody) and %s to children's or adult social care or the CPS, which pass on what the referrer knows. %s reached an agency for the first time this way.",
		countOf(sh.Shares, "share"), sh.Messages, countOf(passOns, "referral"), countOf(delivered, "indicator")))
	if len(sh.Cells) == 0 {
		sec.Blocks = append(sec.Blocks, para("No agency passed anything to another."))
		sec.Blocks = append(sec.Blocks, r.waitsBlocks()...)
		return sec
	}
	m := table("matrix", append([]string{"From \\ to"}, sh.Agencies...)...)
	cells := map[[2]string]Cell{}
	most := 1
	for _, x := range sh.Cells {
		cells[[2]string{x.From, x.To}] = x
		most = max(most, x.Shares+x.PassOns)
	}
	for _, from := range sh.Agencies {
		row := []cell{c(from)}
		for _, to := range sh.Agencies {
			x, ok := cells[[2]string{from, to}]
			switch {
			case from == to:
				row = append(row, c("·"))
			case !ok:
				row = append(row, c("-"))
			default:
				n := x.Shares + x.PassOns
				s := fmt.Sprint(n)
				if x.Delivered > 0 {
					s += fmt.Sprintf(" (%d new)", x.Delivered)
				}
				row = append(row, cell{Lines: []string{s}, Shade: min(4, 1+3*n/most)})
			}
		}
		m.Rows = append(m.Rows, row)
	}
	sec.Blocks = append(sec.Blocks, m, note("Each cell counts the shares and referrals from the row's agency to the column's; in brackets, the indicators the recipient learned for the first time from it."))
	w := table("pairs", "From", "To", "Shares", "Referrals", "New indicators", "First", "Last", "About")
	for _, x := range sh.Cells {
		w.row(c(x.From), c(x.To), c(fmt.Sprint(x.Shares)), c(fmt.Sprint(x.PassOns)), c(fmt.Sprint(x.Delivered)), c(clock(x.First)), c(clock(x.Last)), c(list(x.People, 8)))
	}
	sec.Blocks = append(sec.Blocks, head("Who, with whom, when"), w)
	if len(sh.People) > 0 {
		p := table("first-shares", "From", "Person", "At", "After seeing an indicator", "With", "Indicators")
		for _, f := range sh.People {
			d := "-"
			if f.Delay != nil {
				d = delay(f.Delay)
			}
			p.row(c(f.From), c(f.Alias), c(clock(f.T)), c(d), c(strings.Join(f.To, ", ")), c(fmt.Sprint(f.Indicators)))
		}
		sec.Blocks = append(sec.Blocks, head("Each agency's first share about each person"), p)
	}
	sec.Blocks = append(sec.Blocks, r.waitsBlocks()...)
	return sec
}

func (r *Report) findingsSection() section {
	sec := section{ID: "findings", Title: "7. Rule findings"}
	if len(r.Findings) == 0 {
		sec.Blocks = append(sec.Blocks, para("No action was refused or flagged under a rule."))
	} else {
		sec.Blocks = append(sec.Blocks, para("Every action the engine refused under a rule, and every accepted action it flagged as short of one, folded where the same agency did the same thing for the same reason, whoever it was about. %s in all.", countOf(sumFindings(r.Findings), "finding")))
	}
	var rules []string
	for _, f := range r.Findings {
		if !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
	}
	for _, rule := range rules {
		var fs []Finding
		for _, f := range r.Findings {
			if f.Rule == rule {
				fs = append(fs, f)
			}
		}
		sec.Blocks = append(sec.Blocks, head(rule+" "+ruleName(rule)))
		src := ""
		if fs[0].Source != "" {
			src = " Source: " + fs[0].Source + "."
		}
		sec.Blocks = append(sec.Blocks, para("The rule: %s.%s", strings.TrimSuffix(fs[0].Explanation, "."), src))
		t := table("findings", "What", "Agency", "About", "Times", "First", "Last", "Why (the first time)")
		var good []string
		for _, f := range fs {
			t.row(c(actionName(f.Action)+" "+f.Type), c(f.Agency), c(cmp.Or(list(f.People, 10), "-")), c(fmt.Sprint(f.Count)), c(clock(f.First)), c(clock(f.Last)), c(f.Reason))
			if !slices.Contains(good, f.GoodPractice) {
				good = append(good, f.GoodPractice)
			}
		}
		sec.Blocks = append(sec.Blocks, t, para("Good practice: %s", strings.Join(good, " ")))
	}
	if len(r.Decisions) > 0 {
		t := table("decisions", "Decision", "Agency", "Opened", "Answered", "Chosen", "Good practice", "Followed")
		for _, d := range r.Decisions {
			opened, answered := "never", "-"
			if d.Opened != nil {
				opened = clock(*d.Opened)
			}
			if d.Chosen != "" {
				answered = clock(d.T)
				if d.Defaulted {
					answered += " (time ran out: default)"
				}
			}
			followed := "yes"
			switch {
			case d.Opened == nil:
				followed = "-"
			case d.Recommended == "":
				followed = "no option is marked"
			case d.Chosen == "":
				followed = "not answered"
			case d.Chosen != d.Recommended:
				followed = "no"
			}
			shade := 0
			if followed == "no" || followed == "not answered" {
				shade = 3
			}
			t.row(c(d.ID), c(d.Agency), c(opened), c(answered), clipped(130, c(cmp.Or(d.Chosen, "-")+": "+d.ChosenText)), clipped(130, c(cmp.Or(d.Recommended, "-")+": "+d.RecommendedText)), cell{Lines: []string{followed}, Shade: shade})
		}
		sec.Blocks = append(sec.Blocks, head("Decision points"), t)
	}
	if len(r.Refusals) > 0 {
		t := table("refusals", "Agency", "Action", "Why", "Times", "First", "For example")
		for _, f := range r.Refusals {
			t.row(c(f.Agency), c(f.Action), c(refusalCode(f.Code)), c(fmt.Sprint(f.Count)), c(clock(f.First)), c(f.Example))
		}
		sec.Blocks = append(sec.Blocks, head("Other refusals (not rule breaks)"), t)
	}
	return sec
}

func sumFindings(fs []Finding) int {
	n := 0
	for _, f := range fs {
		n += f.Count
	}
	return n
}

func refusalCode(code string) string {
	switch code {
	case "not_permitted":
		return "not this agency's to do"
	case "resources":
		return "nothing left to allocate"
	case "state":
		return "not possible now"
	case "invalid":
		return "malformed, or names something unknown"
	case "":
		return "dated before the exercise time"
	}
	return code
}

func (r *Report) decisionLogSection() section {
	sec := section{ID: "decision-log", Title: "8. JESIP: the decision log by Joint Decision Model stage (J2)"}
	total := 0
	for _, st := range r.JESIP.Stages {
		total += st.Count
	}
	if total == 0 {
		sec.Blocks = append(sec.Blocks, para("No agency logged a decision."))
		return sec
	}
	for _, st := range r.JESIP.Stages {
		var by []string
		for _, a := range sortedKeys(st.Agencies) {
			by = append(by, fmt.Sprintf("%s %d", a, st.Agencies[a]))
		}
		sec.Blocks = append(sec.Blocks, head(fmt.Sprintf("Stage %d: %s", st.Number, st.Name)))
		if st.Count == 0 {
			sec.Blocks = append(sec.Blocks, para("No entries."))
			continue
		}
		sec.Blocks = append(sec.Blocks, para("%s: %s.", countOf(st.Count, "entry"), strings.Join(by, ", ")))
		t := table("jdm", "Agency", "At", "Decision", "Rationale", "Times")
		for _, e := range st.Entries {
			t.row(c(e.Agency), c(clock(e.T)), c(e.Text), c(e.Rationale), c(fmt.Sprint(e.Count)))
		}
		sec.Blocks = append(sec.Blocks, t)
		if st.Omitted > 0 {
			sec.Blocks = append(sec.Blocks, note(fmt.Sprintf("%s not listed: the list stops at %d different entries.", countOf(st.Omitted, "more entry"), maxEntries)))
		}
	}
	return sec
}

func (r *Report) principlesSection() section {
	sec := section{ID: "principles", Title: "9. JESIP: the five principles in play (J1)"}
	t := table("principles", "Principle", "In play", "What the log shows", "Note")
	for _, p := range r.JESIP.Principles {
		shade := map[string]int{Shown: 0, PartlyShown: 1, NotShown: 3, NotMeasurable: 0}[p.Rating]
		t.row(c(p.Name), cell{Lines: []string{p.Rating}, Shade: shade}, c(p.Signals...), c(p.Note))
	}
	sec.Blocks = append(sec.Blocks, t, note("Ratings are rules of thumb over what the log measures: shown at 80% or more, partly shown from some, not shown at none; see docs/debrief.md."))
	sec.Blocks = append(sec.Blocks, r.methaneBlocks()...)
	return sec
}

func (r *Report) planSection() section {
	p := r.Plan
	sec := section{ID: "plan", Title: "10. Improvement plan"}
	sec.Blocks = append(sec.Blocks, para("In the shape of an HSEEP after-action report: each objective rated from the rubric items that evidence it, the strengths, and the areas for improvement with a recommendation and the agency that owns it."))
	if len(p.Objectives) > 0 {
		t := table("objectives", "Objective", "Rating", "Points", "Meaning")
		for _, o := range p.Objectives {
			pts := "-"
			if o.Possible > 0 {
				pts = fmt.Sprintf("%d of %d", o.Earned-o.Penalty, o.Possible)
			}
			shade := map[string]int{"P": 0, "S": 1, "M": 2, "U": 4, "-": 0}[o.Rating]
			t.row(clipped(170, c(o.ID+": "+o.Text)), cell{Lines: []string{o.Rating}, Shade: shade}, c(pts), c(o.Meaning))
		}
		sec.Blocks = append(sec.Blocks, head("Objectives"), t, note("P: at least 90% of the points; S: 70%; M: 40%; U: below 40%, after penalties."))
	}
	sec.Blocks = append(sec.Blocks, head("Strengths"))
	if len(p.Strengths) == 0 {
		sec.Blocks = append(sec.Blocks, para("None stood out."))
	} else {
		var xs []string
		for _, s := range p.Strengths {
			x := s.Text
			if len(s.Agencies) > 0 {
				x += " (" + strings.Join(s.Agencies, ", ") + ")"
			}
			xs = append(xs, x)
		}
		sec.Blocks = append(sec.Blocks, items(xs))
	}
	sec.Blocks = append(sec.Blocks, head("Areas for improvement"))
	if len(p.Improvements) == 0 {
		sec.Blocks = append(sec.Blocks, para("None: every item was earned and no rule was broken."))
		return sec
	}
	sec.Blocks = append(sec.Blocks, para("Grouped by capability, the capability that lost most first. The owner is the agency responsible for what was observed (the root cause), with the role that answers for it; priority and due date follow the share of all that was lost."))
	t := table("improvements", "#", "Capability", "Observations", "Analysis", "Recommendation", "Owner", "Point of contact", "Priority", "Due")
	for i, im := range p.Improvements {
		owner := im.Owner
		if len(im.Partners) > 0 {
			owner += " (with " + strings.Join(im.Partners, ", ") + ")"
		}
		t.row(c(fmt.Sprint(i+1)), clipped(100, c(im.Capability)), c(im.Observations...), c(im.Analysis), c(im.Recommendation), c(owner), c(im.Contact), c(im.Priority), c(im.Due))
	}
	sec.Blocks = append(sec.Blocks, t)
	return sec
}

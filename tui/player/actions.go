package player

import (
	"fmt"
	"slices"
	"strings"

	"ttx/engine"
	"ttx/tui/components"
	"ttx/tui/styles"
)

// spec is a form to open: its title, guidance and fields, and build, which
// turns the answers into the command and says what it was.
type spec struct {
	title  string
	note   string
	fields []components.Field
	build  func(*components.Form) (engine.Command, string)
	// anyTime marks the one action allowed while paused: the decision log.
	anyTime bool
	// focus is the key of the field to start on ("": the first).
	focus string
}

// formBuilder makes a form for an action on a person, and the function
// that turns the answers into the command.
type formBuilder func(v *engine.View, pv *engine.PersonView) spec

// actionItem is one entry of the action menu.
type actionItem struct {
	label string
	hint  string
	cmd   engine.Command // sent at once when form is nil
	form  formBuilder
	typ   string // the command's type, when the form makes it
	// goTo, when set, shows person goTo-1 of the board instead.
	goTo int
}

// actionMenu lists what an agency can do about the person in focus, or
// (with a title and no person) about an inbox item.
type actionMenu struct {
	title  string
	person *engine.PersonView
	items  []actionItem
	sel    int
}

var powerKinds = []string{"police", "border_force", "nca", "immigration"}

func newActionMenu(v *engine.View, pv *engine.PersonView) actionMenu {
	p := pv.ID
	simple := func(label, hint, typ string) actionItem {
		return actionItem{label: label, hint: hint, cmd: engine.Command{Type: typ, Person: p}}
	}
	items := []actionItem{
		{label: "Observe", hint: "record what you see or a concern; may bring indicators to light", form: noteForm(engine.CmdObserve, "Observe", "What did you see or hear? (optional)", false)},
		{label: "Identify as a potential victim", hint: "on the indicators you have", form: noteForm(engine.CmdIdentify, "Identify as a potential victim", "Why? (rationale)", true)},
		{label: "Share with other agencies", hint: "the only way what you know reaches them", form: shareForm},
		{label: "Request a resource", hint: "an interpreter, a bed, a reception-centre place, a medic", form: requestForm},
		simple("Offer safety and support", "they may accept or decline: the choice is theirs", engine.CmdOfferSupport),
		{label: "Remove to a place of safety", hint: "needs a place allocated; an interpreter if they need one", form: noteForm(engine.CmdRemove, "Remove to a place of safety", "Where to? (optional)", false)},
		{label: "Record a decline of support", hint: "the offer, their reasons and the risk (R9)", form: declineForm},
		simple("Explain the NRM and seek consent", "informed consent needs an interpreter if they do not speak English (R2)", engine.CmdSeekConsent),
		{label: "NRM referral", hint: "first responders only (R1); adults with consent (R2); children via child safeguarding (R3)", form: nrmForm},
		simple("Duty to Notify report", "anonymous; for an adult who does not consent (R4)", engine.CmdDutyToNotify),
		{typ: engine.CmdChildSafeguarding, label: "Refer to child safeguarding", hint: "for anyone who is or may be under 18 (R3)", form: noteForm(engine.CmdChildSafeguarding, "Refer to child safeguarding", "Concern (optional)", false)},
		{typ: engine.CmdAdultSafeguarding, label: "Adult safeguarding enquiry (s.42)", hint: "an adult with care and support needs (R12)", form: noteForm(engine.CmdAdultSafeguarding, "Adult safeguarding enquiry", "Concern (optional)", false)},
	}
	// A seat is not offered a referral to its own kind of service.
	items = slices.DeleteFunc(items, func(it actionItem) bool {
		return v.Kind == "child_safeguarding" && it.typ == engine.CmdChildSafeguarding ||
			v.Kind == "adult_safeguarding" && it.typ == engine.CmdAdultSafeguarding
	})
	if v.Kind == "child_safeguarding" {
		items = append(items, simple("Assess age", "resolves an age dispute (R3a)", engine.CmdAgeAssessment))
	}
	if slices.Contains(powerKinds, v.Kind) {
		items = append(items,
			actionItem{label: "Arrest", hint: "a suspect; a victim who offended: consider section 45 (R13)", form: noteForm(engine.CmdArrest, "Arrest", "Grounds", true)},
			actionItem{label: "Ask the CPS for charging advice", form: noteForm(engine.CmdChargingRequest, "Ask the CPS for charging advice", "What you want advice on (optional)", false)})
	}
	if v.Kind == "cps" {
		items = append(items, actionItem{label: "Give charging advice", hint: "consider the section 45 defence (R13)", form: adviceForm})
	}
	return actionMenu{person: pv, items: items}
}

func (m actionMenu) view(st styles.Styles, w int) string {
	var b strings.Builder
	if m.person != nil {
		b.WriteString(st.Title.Render("Act on "+m.person.Alias) + "  " + components.StatusLabel(m.person.Status) + "\n\n")
	} else {
		for _, l := range styles.Wrap(m.title, w-1) {
			b.WriteString(st.Title.Render(l) + "\n")
		}
		b.WriteString("\n")
	}
	for i, it := range m.items {
		line := "  " + it.label
		if i == m.sel {
			line = st.Selected.Render(styles.Pad("▸ "+it.label, min(w, 38)))
		}
		if it.hint != "" && w >= 60 {
			line = styles.Pad(line, 38) + " " + st.Subtle.Render(it.hint)
		}
		b.WriteString(styles.Truncate(line, w) + "\n")
	}
	if w < 60 && m.items[m.sel].hint != "" {
		for _, l := range styles.Wrap(m.items[m.sel].hint, w-2) {
			b.WriteString(st.Subtle.Render(l) + "\n")
		}
	}
	b.WriteString("\n" + st.Subtle.Render("↑/↓ choose · enter do it · esc back"))
	return b.String()
}

// noteForm is a form of one text field for a person action.
func noteForm(typ, title, label string, need bool) formBuilder {
	return func(v *engine.View, pv *engine.PersonView) spec {
		f := spec{title: title + ": " + pv.Alias, fields: []components.Field{components.TextField("text", label, need)}}
		f.build = func(f *components.Form) (engine.Command, string) {
			c := engine.Command{Type: typ, Person: pv.ID, Text: f.Value("text")}
			if typ == engine.CmdIdentify {
				c.Text, c.Rationale = "", f.Value("text")
			}
			return c, strings.ToLower(title) + " — " + pv.Alias
		}
		return f
	}
}

func otherAgencies(v *engine.View) (ids, names []string) {
	for _, d := range v.Directory {
		if d.ID != v.Agency {
			ids = append(ids, d.ID)
			names = append(names, d.Name)
		}
	}
	return ids, names
}

func shareForm(v *engine.View, pv *engine.PersonView) spec {
	ids, names := otherAgencies(v)
	f := spec{title: "Share what you know of " + pv.Alias, note: fmt.Sprintf("Shares the %d indicator(s) you have seen and where the case stands.", len(pv.Indicators)),
		fields: []components.Field{components.MultiField("to", "With", ids, names, true), components.TextField("text", "Message (optional)", false)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		to := f.Values("to")
		return engine.Command{Type: engine.CmdShare, Person: pv.ID, To: to, Text: f.Value("text")}, "share " + pv.Alias + " with " + strings.Join(to, ", ")
	}
	return f
}

func requestForm(v *engine.View, pv *engine.PersonView) spec {
	var opts, labels []string
	for _, d := range v.Directory {
		for _, r := range d.Resources {
			if r.Kind == "officers" {
				continue
			}
			what := r.Kind
			if r.Language != "" {
				what += " (" + r.Language + ")"
			}
			opts = append(opts, d.ID+"|"+r.Kind+"|"+r.Language)
			labels = append(labels, what+" from "+d.Name)
		}
	}
	if len(opts) == 0 {
		opts, labels = []string{"||"}, []string{"no agency holds resources in this scenario"}
	}
	f := spec{title: "Request a resource for " + pv.Alias, note: "The holding agency decides; you will see its answer under Resources & requests.",
		fields: []components.Field{components.ChoiceField("what", "What, from whom", opts, labels, 0)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		parts := strings.SplitN(f.Value("what"), "|", 3)
		return engine.Command{Type: engine.CmdRequest, Person: pv.ID, Agency: parts[0], Kind: parts[1], Language: parts[2]}, "request " + parts[1] + " for " + pv.Alias
	}
	return f
}

func declineForm(v *engine.View, pv *engine.PersonView) spec {
	f := spec{title: "Record " + pv.Alias + "'s decline of support", note: "Victims who decline support may stay where they are: the choice is theirs. Record the offer, their reasons and the risk (R9).",
		fields: []components.Field{components.TextField("text", "Their reasons", true), components.TextField("risk", "The risk that remains, and what was left with them", true)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		return engine.Command{Type: engine.CmdRecordDecline, Person: pv.ID, Text: f.Value("text"), Risk: f.Value("risk")}, "record decline — " + pv.Alias
	}
	return f
}

func nrmForm(v *engine.View, pv *engine.PersonView) spec {
	var note string
	switch {
	case !v.FirstResponder:
		note = "Your organisation is not a first responder (R1): the referral will be refused. Pass the case to the police or the council instead."
	case pv.Child:
		note = pv.Alias + " is or may be under 18: referred without consent, after a referral to child safeguarding (R3)."
	default:
		consent := map[string]string{"": "not yet sought", "given": "given", "declined": "declined"}[pv.Consent]
		note = fmt.Sprintf("An adult is referred only with informed consent (R2). Consent recorded by your agency: %s.", consent)
	}
	q := "Has " + pv.Alias + " given informed consent after the NRM was explained?"
	if pv.Child {
		q = "Refer " + pv.Alias + " without consent, as a child?"
	}
	// The answer starts from the state the view records: "yes" only when
	// consent has been given (or for a child, who needs none).
	choice := 1
	if pv.Consent == "given" || pv.Child {
		choice = 0
	}
	f := spec{title: "NRM referral: " + pv.Alias, note: note, fields: []components.Field{components.ChoiceField("consent", q, []string{"yes", "no"}, []string{"yes", "no"}, choice)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		return engine.Command{Type: engine.CmdNRMReferral, Person: pv.ID, Consent: f.Value("consent") == "yes"}, "NRM referral — " + pv.Alias
	}
	return f
}

func adviceForm(v *engine.View, pv *engine.PersonView) spec {
	f := spec{title: "Charging advice: " + pv.Alias, fields: []components.Field{
		components.ChoiceField("outcome", "Advice", []string{"charge", "no_further_action", "further_investigation"}, []string{"charge", "no further action", "investigate further"}, 0),
		components.ChoiceField("s45", "Section 45 defence considered?", []string{"yes", "no"}, nil, 0),
		components.TextField("text", "Reasons", false)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		return engine.Command{Type: engine.CmdChargingAdvice, Person: pv.ID, Outcome: f.Value("outcome"), Section45: f.Value("s45") == "yes", Text: f.Value("text")}, "charging advice — " + pv.Alias
	}
	return f
}

// logForm is the decision-log entry, tagged with its JDM stage (J2).
func logForm() spec {
	stages := []string{"1", "2", "3", "4", "5"}
	labels := []string{"1 gather information", "2 assess threat and risk", "3 powers and policies", "4 options", "5 act and review"}
	f := spec{anyTime: true, title: "Decision log", note: "Record a decision with its rationale and its Joint Decision Model stage (J2).",
		fields: []components.Field{components.ChoiceField("stage", "JDM stage", stages, labels, 0), components.TextField("text", "Decision", true), components.TextField("rationale", "Rationale", true)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		stage := int(f.Value("stage")[0] - '0')
		return engine.Command{Type: engine.CmdLogDecision, Stage: stage, Text: f.Value("text"), Rationale: f.Value("rationale")}, "decision log entry"
	}
	return f
}

// decideForm answers a scripted decision point.
func decideForm(d engine.DecisionView) spec {
	var labels []string
	for i, id := range d.OptionIDs {
		l := id
		if i < len(d.OptionTexts) && d.OptionTexts[i] != "" {
			l = d.OptionTexts[i]
		}
		labels = append(labels, l)
	}
	f := spec{title: "Decision", note: d.Prompt, fields: []components.Field{components.ChoiceField("option", "Your choice", d.OptionIDs, labels, 0)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		return engine.Command{Type: engine.CmdDecide, Decision: d.ID, Option: f.Value("option")}, "decision " + d.ID
	}
	return f
}

// answerForm grants or refuses a request addressed to the agency.
func answerForm(v *engine.View, r *engine.RequestView) spec {
	what := r.Kind
	if r.Language != "" {
		what += " (" + r.Language + ")"
	}
	left := 0
	for _, s := range v.Resources {
		if s.Kind == r.Kind && s.Language == r.Language {
			left = s.Count
		}
	}
	f := spec{title: fmt.Sprintf("Request %s from %s", r.ID, r.From), note: fmt.Sprintf("%s for %s. You have %d left.", what, r.Person, left),
		fields: []components.Field{components.ChoiceField("answer", "Answer", []string{engine.CmdAllocate, engine.CmdRefuse}, []string{"allocate", "refuse"}, 0), components.TextField("text", "Note (optional)", false)}}
	f.build = func(f *components.Form) (engine.Command, string) {
		return engine.Command{Type: f.Value("answer"), Request: r.ID, Text: f.Value("text")}, strings.ReplaceAll(f.Value("answer"), "_", " ") + " " + r.ID
	}
	return f
}

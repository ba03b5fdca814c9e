package server

import (
	"ttx/engine"
	"ttx/server/wire"
)

// cleanCommand returns c with terminal escape sequences and control
// characters removed from every string a client chose, so that nothing
// stored in the log or relayed to other screens can drive a terminal.
// Multi-line fields keep their line breaks.
func cleanCommand(c engine.Command) engine.Command {
	for _, p := range []*string{&c.Text, &c.Rationale, &c.Risk} {
		*p = wire.CleanText(*p)
	}
	for _, p := range []*string{&c.ID, &c.Actor, &c.Type, &c.Person, &c.Agency, &c.Kind, &c.Language, &c.Request,
		&c.Place, &c.Inject, &c.Decision, &c.Option, &c.Outcome, &c.From, &c.Channel} {
		*p = wire.CleanLine(*p)
	}
	c.To = cleanList(c.To)
	c.Facts = cleanList(c.Facts)
	return c
}

func cleanList(l []string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = wire.CleanLine(s)
	}
	return out
}

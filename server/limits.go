package server

import (
	"sync"

	"golang.org/x/time/rate"
)

// connLimits counts connections per remote address and per credential,
// and holds each credential's rate limiter, which all of its connections
// share: opening more connections does not buy more commands.
type connLimits struct {
	perAddr, perCred int // most connections; 0 means no limit

	mu    sync.Mutex
	addrs map[string]int
	creds map[string]*credUse
}

// credUse is one credential's share of the server.
type credUse struct {
	conns int
	lim   *rate.Limiter
}

func newConnLimits(perAddr, perCred int) *connLimits {
	return &connLimits{perAddr: perAddr, perCred: perCred, addrs: make(map[string]int), creds: make(map[string]*credUse)}
}

// addAddr counts a new connection from addr, or reports false if addr has
// as many as it may.
func (l *connLimits) addAddr(addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perAddr > 0 && l.addrs[addr] >= l.perAddr {
		return false
	}
	l.addrs[addr]++
	return true
}

// dropAddr uncounts a connection from addr.
func (l *connLimits) dropAddr(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.addrs[addr]--; l.addrs[addr] <= 0 {
		delete(l.addrs, addr)
	}
}

// addCred counts a connection holding the credential key and returns the
// credential's rate limiter, or nil if the credential has as many
// connections as it may. Limiters are kept for the server's life (there
// are a few per exercise), so reconnecting does not refill one.
func (l *connLimits) addCred(key string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.use(key)
	if l.perCred > 0 && u.conns >= l.perCred {
		return nil
	}
	u.conns++
	return u.lim
}

// limiter returns the credential key's rate limiter without counting a
// connection (one counted already, by Server.Admit).
func (l *connLimits) limiter(key string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.use(key).lim
}

// use returns the credential key's share, making it on first use; l.mu
// must be held.
func (l *connLimits) use(key string) *credUse {
	u := l.creds[key]
	if u == nil {
		u = &credUse{lim: rate.NewLimiter(commandRate, commandBurst)}
		l.creds[key] = u
	}
	return u
}

// dropCred uncounts a connection holding the credential key.
func (l *connLimits) dropCred(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if u := l.creds[key]; u != nil && u.conns > 0 {
		u.conns--
	}
}

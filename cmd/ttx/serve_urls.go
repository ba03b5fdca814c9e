package main

import (
	"net"
	"os"
	"strings"
)

// joinURLs returns the websocket URL to give players for a server
// listening on addr, and other URLs that reach it. A server listening on
// one address is reached at that address. One listening on every
// interface (0.0.0.0, ::, or no host) is not reached at [::], so its URL
// names the first of the machine's addresses other than loopback and
// link-local ones, IPv4 before IPv6; the others are the rest of those
// addresses and hostname, which other machines may or may not resolve.
// With no such address, the URL is loopback's and there are no others.
// ifaces are the addresses of the machine's interfaces that are up.
func joinURLs(scheme, path string, addr net.Addr, hostname string, ifaces []net.Addr) (url string, others []string) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return scheme + "://" + addr.String() + path, nil
	}
	mk := func(h string) string { return scheme + "://" + net.JoinHostPort(h, port) + path }
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
		return mk(host), nil
	}
	var v4, v6 []string
	seen := make(map[string]bool)
	for _, a := range ifaces {
		var ip net.IP
		switch a := a.(type) {
		case *net.IPNet:
			ip = a.IP
		case *net.IPAddr:
			ip = a.IP
		}
		if ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() || seen[ip.String()] {
			continue
		}
		seen[ip.String()] = true
		if ip.To4() != nil {
			v4 = append(v4, ip.To4().String())
		} else {
			v6 = append(v6, ip.String())
		}
	}
	hosts := append(v4, v6...)
	if len(hosts) == 0 {
		return mk("127.0.0.1"), nil
	}
	url = mk(hosts[0])
	if hostname != "" && !strings.EqualFold(hostname, "localhost") {
		others = append(others, mk(hostname))
	}
	for _, h := range hosts[1:] {
		others = append(others, mk(h))
	}
	return url, others
}

// upInterfaceAddrs are the addresses of the machine's interfaces that are
// up, for [joinURLs].
func upInterfaceAddrs() []net.Addr {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []net.Addr
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 {
			continue
		}
		if as, err := i.Addrs(); err == nil {
			out = append(out, as...)
		}
	}
	return out
}

// hostname is the machine's name, or "" when it is not known.
func hostname() string {
	h, _ := os.Hostname()
	return h
}

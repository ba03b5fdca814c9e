package main

import (
	"net"
	"slices"
	"testing"
)

func TestJoinURLs(t *testing.T) {
	t.Parallel()
	tcp := func(host string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(host), Port: 17433} }
	cidr := func(s string) net.Addr {
		ip, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatal(err)
		}
		n.IP = ip
		return n
	}
	loop := []net.Addr{cidr("127.0.0.1/8"), cidr("::1/128")}
	lan := append(slices.Clone(loop), cidr("fe80::1/64"), cidr("2001:db8::7/64"), cidr("192.168.1.20/24"), cidr("10.0.0.5/8"), cidr("169.254.3.3/16"))
	for _, c := range []struct {
		name     string
		addr     net.Addr
		hostname string
		ifaces   []net.Addr
		url      string
		others   []string
	}{
		{"one address", tcp("192.168.1.20"), "ops-laptop", lan, "ws://192.168.1.20:17433/ws", nil},
		{"loopback", tcp("127.0.0.1"), "ops-laptop", lan, "ws://127.0.0.1:17433/ws", nil},
		{"one IPv6 address", tcp("2001:db8::7"), "ops-laptop", lan, "ws://[2001:db8::7]:17433/ws", nil},
		{"every interface", tcp("::"), "ops-laptop", lan, "ws://192.168.1.20:17433/ws",
			[]string{"ws://ops-laptop:17433/ws", "ws://10.0.0.5:17433/ws", "ws://[2001:db8::7]:17433/ws"}},
		{"every IPv4 interface", tcp("0.0.0.0"), "ops-laptop", lan, "ws://192.168.1.20:17433/ws",
			[]string{"ws://ops-laptop:17433/ws", "ws://10.0.0.5:17433/ws", "ws://[2001:db8::7]:17433/ws"}},
		{"no host", &net.TCPAddr{Port: 17433}, "ops-laptop", lan, "ws://192.168.1.20:17433/ws",
			[]string{"ws://ops-laptop:17433/ws", "ws://10.0.0.5:17433/ws", "ws://[2001:db8::7]:17433/ws"}},
		{"IPv6 only", tcp("::"), "ops-laptop", append(slices.Clone(loop), cidr("2001:db8::7/64")), "ws://[2001:db8::7]:17433/ws",
			[]string{"ws://ops-laptop:17433/ws"}},
		{"no name", tcp("::"), "", lan, "ws://192.168.1.20:17433/ws",
			[]string{"ws://10.0.0.5:17433/ws", "ws://[2001:db8::7]:17433/ws"}},
		{"named localhost", tcp("::"), "localhost", []net.Addr{cidr("192.168.1.20/24")}, "ws://192.168.1.20:17433/ws", nil},
		{"the same address twice", tcp("::"), "", []net.Addr{cidr("192.168.1.20/24"), &net.IPAddr{IP: net.ParseIP("192.168.1.20")}}, "ws://192.168.1.20:17433/ws", nil},
		{"only loopback", tcp("::"), "ops-laptop", loop, "ws://127.0.0.1:17433/ws", nil},
		{"no interfaces", tcp("0.0.0.0"), "ops-laptop", nil, "ws://127.0.0.1:17433/ws", nil},
	} {
		url, others := joinURLs("ws", "/ws", c.addr, c.hostname, c.ifaces)
		if url != c.url || !slices.Equal(others, c.others) {
			t.Errorf("%s: got %s %q, want %s %q", c.name, url, others, c.url, c.others)
		}
	}
	if url, _ := joinURLs("wss", "/ws", tcp("::"), "", []net.Addr{cidr("10.0.0.5/8")}); url != "wss://10.0.0.5:17433/ws" {
		t.Errorf("with TLS: %s", url)
	}
}

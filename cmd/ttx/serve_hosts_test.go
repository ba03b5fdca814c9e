package main

import (
	"net"
	"slices"
	"testing"
)

func TestAllowedHostsFlag(t *testing.T) {
	loop := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 7420}
	if got := allowedHosts("", loop); !slices.Equal(got, []string{"localhost", "127.0.0.1", "::1", "127.0.0.1"}) {
		t.Errorf("default on loopback: %v", got)
	}
	lan := &net.TCPAddr{IP: net.IPv4(192, 168, 1, 20), Port: 7420}
	if got := allowedHosts("", lan); !slices.Contains(got, "192.168.1.20") || !slices.Contains(got, "localhost") {
		t.Errorf("default on a LAN address: %v", got)
	}
	all := &net.TCPAddr{IP: net.IPv4zero, Port: 7420}
	if got := allowedHosts("", all); !slices.Contains(got, "127.0.0.1") || len(got) < 4 {
		t.Errorf("default on every interface: %v", got)
	}
	if got := allowedHosts(" ttx.example , 10.0.0.1,", loop); !slices.Equal(got, []string{"ttx.example", "10.0.0.1"}) {
		t.Errorf("given: %v", got)
	}
}

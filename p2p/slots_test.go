package p2p

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
	"github.com/stretchr/testify/require"
)

// flood keeps opening raw TCP connections to h, from 127.0.0.9 (not the
// committee's address), that never start their security handshake,
// holding every slot the resource manager has for them, until the test
// ends.
func flood(t *testing.T, h *Host) {
	t.Helper()
	addr, err := manet.ToNetAddr(h.host.Network().ListenAddresses()[0])
	require.NoError(t, err)
	done := make(chan struct{})
	var wg sync.WaitGroup
	t.Cleanup(func() { close(done); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			for range 20 {
				d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 9)}}
				c, err := d.Dial("tcp", addr.String())
				if err != nil {
					continue
				}
				wg.Add(1)
				go func() { // held until the host closes it or the test ends
					defer wg.Done()
					go func() { <-done; c.Close() }()
					_, _ = io.Copy(io.Discard, c)
					c.Close()
				}()
			}
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
}

// With its inbound peer slots full of outsiders and its unauthenticated
// connection slots held by a flood, a validator still takes the connection
// of a committee member it has seen before, and dials one it has as a
// static peer: the committee's addresses are in the resource manager's
// allowlist.
func TestCommitteeConnectsThroughFullSlots(t *testing.T) {
	c := newCommittee(t, 4)
	cfgV := c.validatorConfig(0)
	cfgV.MaxInboundPeers = 2
	v := startHost(t, cfgV)
	cfgW := c.validatorConfig(1)
	cfgW.StaticPeers = v.Addrs()
	w := startHost(t, cfgW)
	waitConnected(t, v.Host, w.Host) // v learns w's address
	require.NoError(t, w.Close())

	for i := range 2 {
		o := startHost(t, testConfig(nodeKey(t, int64(10+i))))
		require.NoError(t, dial(t, o.Host, v.Host))
		waitConnected(t, v.Host, o.Host)
	}
	flood(t, v.Host)
	late := startHost(t, testConfig(nodeKey(t, 20)))
	_ = dial(t, late.Host, v.Host)
	require.Never(t, func() bool { return hasPeer(v.Host, late.ID()) }, time.Second, 10*time.Millisecond, "an outsider is refused")

	w2 := startHost(t, cfgW)
	require.Eventually(t, func() bool { return hasPeer(v.Host, w2.ID()) && hasPeer(w2.Host, v.ID()) },
		8*time.Second, 10*time.Millisecond, "the committee member reconnects through the flood")
	// and a validator whose static peer is a committee member dials it
	cfgX := c.validatorConfig(2)
	x := startHost(t, cfgX)
	cfgV2 := c.validatorConfig(3)
	cfgV2.StaticPeers = x.Addrs()
	cfgV2.MaxInboundPeers = 1
	v2 := startHost(t, cfgV2)
	flood(t, v2.Host)
	waitConnected(t, v2.Host, x.Host)
}

// listenOn is a config listening on one loopback address, with the per-IP
// limits applied to loopback.
func listenOn(cfg Config, ip string) Config {
	cfg.ListenAddrs = []string{"/ip4/" + ip + "/tcp/0"}
	cfg.limitLoopback = true
	return cfg
}

func remoteIP(t *testing.T, h *Host, id string) string {
	t.Helper()
	for _, p := range h.Peers() {
		if p.ID == id {
			a, err := ma.NewMultiaddr(p.Addr)
			require.NoError(t, err)
			return ipOf(a).String()
		}
	}
	return ""
}

// One IP holds at most MaxPeersPerIP peers outside the committee, and a
// ban holds the IP for its duration: a new peer id from it is refused, a
// committee member on it is not.
func TestPeersPerIPAndIPBans(t *testing.T) {
	c := newCommittee(t, 4)
	cfgV := listenOn(c.validatorConfig(0), "127.0.0.1")
	cfgV.MaxPeersPerIP = 1
	v := startHost(t, cfgV)

	a1 := startHost(t, listenOn(testConfig(nodeKey(t, 11)), "127.0.0.2"))
	require.NoError(t, dial(t, a1.Host, v.Host))
	waitConnected(t, v.Host, a1.Host)
	require.Equal(t, "127.0.0.2", remoteIP(t, v.Host, a1.ID()), "hosts dial from their listen address")

	a2 := startHost(t, listenOn(testConfig(nodeKey(t, 12)), "127.0.0.2"))
	_ = dial(t, a2.Host, v.Host)
	require.Eventually(t, func() bool { return v.Metrics().IPRefused == 1 }, waitFor, 10*time.Millisecond)
	waitDisconnected(t, v.Host, a2.Host)
	b := startHost(t, listenOn(testConfig(nodeKey(t, 13)), "127.0.0.3"))
	require.NoError(t, dial(t, b.Host, v.Host))
	waitConnected(t, v.Host, b.Host)

	v.ban(a1.self, "test", nil)
	waitDisconnected(t, v.Host, a1.Host)
	a3 := startHost(t, listenOn(testConfig(nodeKey(t, 14)), "127.0.0.2")) // a new peer id, same IP
	_ = dial(t, a3.Host, v.Host)
	require.Eventually(t, func() bool { return v.Metrics().IPRefused == 2 }, waitFor, 10*time.Millisecond)
	waitDisconnected(t, v.Host, a3.Host)
	require.True(t, strings.Contains(v.logs.String(), "Peer banned"))

	w := startHost(t, listenOn(c.validatorConfig(1), "127.0.0.2"))
	require.NoError(t, dial(t, w.Host, v.Host))
	waitConnected(t, v.Host, w.Host)
	require.Equal(t, uint64(2), v.Metrics().IPRefused)
}

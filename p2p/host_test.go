package p2p

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestHandshakeConnects(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	cfg := testConfig(nodeKey(t, 2))
	cfg.StaticPeers = a.Addrs()
	b := startHost(t, cfg)
	waitConnected(t, a.Host, b.Host)

	require.Len(t, a.Addrs(), 1)
	require.True(t, strings.HasSuffix(a.Addrs()[0], "/p2p/"+a.ID()))
	require.Equal(t, a.ID(), b.PeerIDOf(nodeKey(t, 1).Public()))
	pa := a.Peers()
	require.Len(t, pa, 1)
	require.Equal(t, b.ID(), pa[0].ID)
	require.True(t, pa[0].Inbound)
	require.Nil(t, pa[0].Validator)
	pb := b.Peers()
	require.Len(t, pb, 1)
	require.False(t, pb[0].Inbound)
	require.Equal(t, 1, a.Metrics().Peers)
}

func TestHandshakeRefusesOtherGenesis(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	cfg := testConfig(nodeKey(t, 2))
	cfg.GenesisHash = [32]byte{0xbb}
	cfg.StaticPeers = a.Addrs()
	b := startHost(t, cfg)

	line := "Peer refused: other genesis"
	require.Eventually(t, func() bool { return a.logs.count(line) == 1 && b.logs.count(line) == 1 }, waitFor, 10*time.Millisecond)
	ours, theirs := "0x"+hex.EncodeToString(testGenesisHash[:]), "0x"+hex.EncodeToString(cfg.GenesisHash[:])
	require.Contains(t, a.logs.String(), "their_genesis="+theirs+" our_genesis="+ours)
	require.Contains(t, b.logs.String(), "their_genesis="+ours+" our_genesis="+theirs)
	waitDisconnected(t, a.Host, b.Host)
	// b's static dialler keeps trying; its own gater refuses the banned peer,
	// and nothing is logged again.
	before := b.Metrics().GaterRefused
	require.Eventually(t, func() bool { return b.Metrics().GaterRefused > before+1 }, waitFor, 10*time.Millisecond)
	require.Equal(t, 1, a.logs.count(line))
	require.Equal(t, 1, b.logs.count(line))
	require.Empty(t, a.Peers())
	require.Empty(t, b.Peers())
	require.Equal(t, uint64(1), a.Metrics().HandshakesRefused)
	// and a refused peer cannot come back by dialling us either
	require.Error(t, dial(t, b.Host, a.Host))
}

func TestHandshakeRefusesOtherProtocolVersion(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	cfg := testConfig(nodeKey(t, 2))
	cfg.ProtocolVersion = 2
	b := startHost(t, cfg)
	_ = dial(t, b.Host, a.Host) // may or may not return before the refusal

	line := "Peer refused: other protocol version"
	require.Eventually(t, func() bool { return a.logs.count(line) == 1 && b.logs.count(line) == 1 }, waitFor, 10*time.Millisecond)
	require.Contains(t, a.logs.String(), "their_version=2 our_version=1")
	waitDisconnected(t, a.Host, b.Host)
	require.Empty(t, a.Peers())
}

// A peer that connects and never handshakes is dropped.
func TestHandshakeTimeout(t *testing.T) {
	cfg := testConfig(nodeKey(t, 1))
	cfg.HandshakeTimeout = 300 * time.Millisecond
	a := startHost(t, cfg)
	b := startHost(t, testConfig(nodeKey(t, 2)))
	// b answers handshakes but never starts one: remove its handler and dial
	// into a so that a waits for b.
	b.host.RemoveStreamHandler(protoHandshake)
	a.host.RemoveStreamHandler(protoHandshake)
	require.NoError(t, dial(t, b.Host, a.Host))
	waitDisconnected(t, a.Host, b.Host)
	require.Empty(t, a.Peers())
}

func TestStaticPeerReconnectsAfterRestart(t *testing.T) {
	keyA := nodeKey(t, 1)
	a, err := New(testConfig(keyA), nil)
	require.NoError(t, err)
	require.NoError(t, a.Start(t.Context()))
	addr := a.Addrs()[0]
	cfg := testConfig(nodeKey(t, 2))
	cfg.StaticPeers = []string{addr}
	b := startHost(t, cfg)
	waitConnected(t, a, b.Host)

	require.NoError(t, a.Close())
	require.Eventually(t, func() bool { return !hasPeer(b.Host, a.ID()) }, waitFor, 10*time.Millisecond)

	// Same key, same port: the listen address of the first start.
	cfgA := testConfig(keyA)
	cfgA.ListenAddrs = []string{strings.TrimSuffix(addr, "/p2p/"+a.ID())}
	a2 := startHost(t, cfgA)
	require.Equal(t, addr, a2.Addrs()[0])
	waitConnected(t, a2.Host, b.Host)
}

func TestSetBlockedCutsAndHeals(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	cfg := testConfig(nodeKey(t, 2))
	cfg.StaticPeers = a.Addrs()
	b := startHost(t, cfg)
	waitConnected(t, a.Host, b.Host)

	a.SetBlocked(func(id string) bool { return id == b.ID() })
	waitDisconnected(t, a.Host, b.Host)
	// b keeps re-dialling and a's gater keeps refusing.
	before := a.Metrics().GaterRefused
	require.Eventually(t, func() bool { return a.Metrics().GaterRefused >= before+2 }, waitFor, 10*time.Millisecond)
	require.False(t, hasPeer(a.Host, b.ID()))

	a.SetBlocked(nil)
	waitConnected(t, a.Host, b.Host)
}

func TestInboundPeerLimit(t *testing.T) {
	cfg := testConfig(nodeKey(t, 1))
	cfg.MaxInboundPeers = 1
	a := startHost(t, cfg)
	b := startHost(t, testConfig(nodeKey(t, 2)))
	c := startHost(t, testConfig(nodeKey(t, 3)))
	require.NoError(t, dial(t, b.Host, a.Host))
	waitConnected(t, a.Host, b.Host)
	_ = dial(t, c.Host, a.Host) // the dialler may see the secured connection before a refuses it
	require.Eventually(t, func() bool { return a.Metrics().InboundRefused == 1 }, waitFor, 10*time.Millisecond)
	waitDisconnected(t, a.Host, c.Host)
	require.Len(t, a.Peers(), 1)
	require.True(t, hasPeer(a.Host, b.ID()))
}

func TestConfigRefused(t *testing.T) {
	c := newCommittee(t, 4)
	for name, mod := range map[string]func(*Config){
		"no key":            func(cfg *Config) { cfg.Key = nil },
		"bad static peer":   func(cfg *Config) { cfg.StaticPeers = []string{"/ip4/127.0.0.1/tcp/1"} },
		"validator outside": func(cfg *Config) { cfg.Validators = c.vals[1:] },
		"wrong node key":    func(cfg *Config) { cfg.Key = nodeKey(t, 77) },
		"bad listen addr":   func(cfg *Config) { cfg.ListenAddrs = []string{"tcp/nothing"} },
		"bad backoff":       func(cfg *Config) { cfg.ReconnectMin, cfg.ReconnectMax = time.Second, time.Millisecond },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := c.validatorConfig(0)
			mod(&cfg)
			_, err := New(cfg, nil)
			require.Error(t, err)
		})
	}
}

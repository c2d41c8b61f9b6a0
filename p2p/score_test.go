package p2p

import (
	"fmt"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"
)

// A peer that publishes messages the topic handler rejects (transactions
// with forged signatures, in the node) falls under the graylist threshold
// after a handful, is banned by the hosts it sent them to, and what it
// publishes afterwards reaches nobody; an honest peer's messages still flow.
func TestGossipRejectsPenalizeTheSender(t *testing.T) {
	v := startHost(t, testConfig(nodeKey(t, 1)))
	cfgA := testConfig(nodeKey(t, 2))
	cfgA.StaticPeers = v.Addrs()
	attacker := startHost(t, cfgA)
	cfgC := testConfig(nodeKey(t, 3))
	cfgC.StaticPeers = v.Addrs()
	honest := startHost(t, cfgC)
	waitConnected(t, v.Host, attacker.Host)
	waitConnected(t, v.Host, honest.Host)

	lv, la, lc := &gossipLog{}, &gossipLog{}, &gossipLog{}
	tv, err := v.Join("tx", 1024, lv.handler("bad"))
	require.NoError(t, err)
	ta, err := attacker.Join("tx", 1024, la.handler(""))
	require.NoError(t, err)
	tc, err := honest.Join("tx", 1024, lc.handler("bad"))
	require.NoError(t, err)
	waitMesh(t, tv, ta, tc)

	require.NoError(t, tc.Publish(t.Context(), []byte("honest 1")))
	require.Eventually(t, func() bool { _, ok := lv.from("honest 1"); return ok }, waitFor, 10*time.Millisecond)
	for i := range 6 {
		require.NoError(t, ta.Publish(t.Context(), fmt.Appendf(nil, "bad %d", i)))
	}
	require.Eventually(t, func() bool { return v.Metrics().GossipRejected >= 5 }, waitFor, 10*time.Millisecond)
	require.Eventually(t, func() bool { return v.PeerScore(attacker.ID()) < scoreGraylistThreshold }, waitFor, 10*time.Millisecond,
		"attacker's score under the graylist threshold")
	require.Eventually(t, func() bool { return v.Metrics().Bans == 1 }, waitFor, 10*time.Millisecond, "attacker banned")
	waitDisconnected(t, v.Host, attacker.Host)
	require.Contains(t, v.logs.String(), "gossip score under the graylist threshold")
	require.GreaterOrEqual(t, v.PeerScore(honest.ID()), 0.0, "the honest peer keeps its score")

	_ = ta.Publish(t.Context(), []byte("late from attacker"))
	require.NoError(t, tc.Publish(t.Context(), []byte("honest 2")))
	require.Eventually(t, func() bool { _, ok := lv.from("honest 2"); return ok }, waitFor, 10*time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	_, late := lv.from("late from attacker")
	require.False(t, late, "a banned peer's message was delivered")
}

// Each peer's messages on a topic with a PeerRate cost tokens; over the
// bucket they are ignored (not handled, not penalized) and counted.
func TestGossipPeerRateBound(t *testing.T) {
	v := startHost(t, testConfig(nodeKey(t, 1)))
	cfgA := testConfig(nodeKey(t, 2))
	cfgA.StaticPeers = v.Addrs()
	a := startHost(t, cfgA)
	waitConnected(t, v.Host, a.Host)

	lv, la := &gossipLog{}, &gossipLog{}
	// A message costs its length in tokens: 10 tokens hold two of "xx i"
	// (4 each) and nothing more for a long while.
	rate := PeerRate{Rate: 0.001, Burst: 10, Cost: func(d []byte) int { return len(d) }}
	tv, err := v.Join("tx", 1024, lv.handler(""), WithPeerRate(rate))
	require.NoError(t, err)
	ta, err := a.Join("tx", 1024, la.handler(""))
	require.NoError(t, err)
	waitMesh(t, tv, ta)
	for i := range 5 {
		require.NoError(t, ta.Publish(t.Context(), fmt.Appendf(nil, "xx %d", i)))
	}
	require.Eventually(t, func() bool { return v.Metrics().GossipThrottled == 3 }, waitFor, 10*time.Millisecond)
	handled := 0
	for i := range 5 {
		if _, ok := lv.from(fmt.Sprintf("xx %d", i)); ok {
			handled++ // validation runs concurrently: any two
		}
	}
	require.Equal(t, 2, handled)
	require.Zero(t, v.Metrics().GossipRejected)
	require.Zero(t, v.Metrics().Bans, "throttled, not penalized")

	_, err = v.Join("y", 1024, lv.handler(""), WithPeerRate(PeerRate{Rate: 0, Burst: 1}))
	require.Error(t, err)
}

func TestPeerRateLimitBucket(t *testing.T) {
	l := newPeerRateLimit(PeerRate{Rate: 100, Burst: 1000, Cost: func(d []byte) int { return len(d) }})
	p, q := peer.ID("p"), peer.ID("q")
	now := time.Now()
	require.True(t, l.take(p, make([]byte, 600), now))
	require.False(t, l.take(p, make([]byte, 600), now), "400 tokens left")
	require.True(t, l.take(q, make([]byte, 600), now), "a bucket per peer")
	require.True(t, l.take(p, make([]byte, 600), now.Add(2*time.Second)), "refilled at 100 a second")
	require.True(t, l.take(p, make([]byte, 5000), now.Add(time.Hour)), "a cost over the burst costs the burst")
	l.forget(p)
	require.Len(t, l.peers, 1)
}

package p2p

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
)

// startValidators starts validators 0..n-1 of c, fully connected through
// static peers.
func startValidators(t *testing.T, c *committee, n int, mod func(i int, cfg *Config)) []*testHost {
	t.Helper()
	var hosts []*testHost
	for i := range n {
		cfg := c.validatorConfig(i)
		for _, h := range hosts {
			cfg.StaticPeers = append(cfg.StaticPeers, h.Addrs()...)
		}
		if mod != nil {
			mod(i, &cfg)
		}
		hosts = append(hosts, startHost(t, cfg))
	}
	for i := range hosts {
		for j := range i {
			waitConnected(t, hosts[i].Host, hosts[j].Host)
		}
	}
	return hosts
}

// receive reads from a transport until a message matching want arrives.
func receive(t *testing.T, tr consensus.Transport, want func(consensus.Signed) bool) consensus.Signed {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case m := <-tr.Inbound():
			if want(m) {
				return m
			}
		case <-deadline:
			t.Fatal("message not received")
		}
	}
}

func from(c *committee, i int, view uint64) func(consensus.Signed) bool {
	return func(m consensus.Signed) bool {
		return m.Signer.Equal(c.vals[i].Key) && m.Msg.MsgView().Number == view
	}
}

func TestConsensusBroadcastAndSend(t *testing.T) {
	c := newCommittee(t, 4)
	hosts := startValidators(t, c, 4, nil)
	for _, h := range hosts {
		require.Equal(t, 3, h.Metrics().ValidatorPeers)
		require.NotNil(t, h.Consensus())
	}
	for i, h := range hosts {
		h.Consensus().Broadcast(c.commitMsg(i, 10+uint64(i)))
	}
	for _, h := range hosts {
		got := map[int]bool{}
		for len(got) < len(hosts) { // self included, by local delivery
			m := receive(t, h.Consensus(), func(consensus.Signed) bool { return true })
			require.NoError(t, m.Verify())
			i, ok := c.genesis().Committee.Index(m.Signer)
			require.True(t, ok)
			require.Equal(t, 10+uint64(c.index(i)), m.Msg.MsgView().Number)
			got[c.index(i)] = true
		}
	}
	// Send reaches only its addressee.
	hosts[0].Consensus().Send(c.vals[2].Key, c.commitMsg(0, 50))
	receive(t, hosts[2].Consensus(), from(c, 0, 50))
	hosts[1].Consensus().Send(c.vals[1].Key, c.commitMsg(1, 51)) // to self
	receive(t, hosts[1].Consensus(), from(c, 1, 51))

	views := hosts[3].LastSeenViews()
	require.Equal(t, uint64(10), views[c.vals[0].Key.Array()])
	require.Equal(t, uint64(13), views[c.vals[3].Key.Array()])
	require.Equal(t, uint64(0), hosts[0].Metrics().ConsensusRefused)
}

// After a validator restarts, the others' senders open a new stream.
func TestConsensusStreamReopens(t *testing.T) {
	c := newCommittee(t, 4)
	hosts := startValidators(t, c, 2, nil)
	hosts[0].Consensus().Broadcast(c.commitMsg(0, 1))
	receive(t, hosts[1].Consensus(), from(c, 0, 1))
	// Cut the connection under the open stream; the static dialler brings it back.
	require.NoError(t, hosts[1].host.Network().ClosePeer(hosts[0].self))
	waitConnected(t, hosts[0].Host, hosts[1].Host)
	require.Eventually(t, func() bool {
		hosts[0].Consensus().Broadcast(c.commitMsg(0, 2))
		select {
		case m := <-hosts[1].Consensus().Inbound():
			return m.Msg.MsgView().Number == 2
		case <-time.After(100 * time.Millisecond):
			return false
		}
	}, waitFor, time.Millisecond)
}

func TestFullNodeHasNoConsensus(t *testing.T) {
	h := startHost(t, testConfig(nodeKey(t, 9)))
	require.Nil(t, h.Consensus())
	require.Empty(t, h.LastSeenViews())
}

// openConsensus opens a raw consensus stream from a to b.
func openConsensus(t *testing.T, a, b *Host) network.Stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := a.host.NewStream(ctx, b.self, protoConsensus)
	require.NoError(t, err)
	return s
}

// requireBanned waits until victim banned offender and dropped the connection.
func requireBanned(t *testing.T, victim, offender *Host, bansBefore uint64) {
	t.Helper()
	require.Eventually(t, func() bool { return victim.Metrics().Bans > bansBefore }, waitFor, 5*time.Millisecond)
	waitDisconnected(t, victim, offender)
	require.True(t, victim.refused(offender.self))
}

func TestConsensusRefusesNonCommitteePeer(t *testing.T) {
	c := newCommittee(t, 4)
	v := startHost(t, c.validatorConfig(0))
	cfg := testConfig(nodeKey(t, 9))
	cfg.Validators = c.vals
	cfg.StaticPeers = v.Addrs()
	full := startHost(t, cfg)
	waitConnected(t, v.Host, full.Host)

	s := openConsensus(t, full.Host, v.Host)
	_ = writeFrame(s, consensus.EncodeSigned(c.commitMsg(1, 7))) // a real message, relayed: still refused
	_, err := s.Read(make([]byte, 1))
	require.Error(t, err, "the stream is reset")
	requireBanned(t, v.Host, full.Host, 0)
	require.GreaterOrEqual(t, v.Metrics().ConsensusRefused, uint64(1))
	require.Equal(t, uint64(0), v.Metrics().ConsensusIn)
	require.Equal(t, 0, v.cons.inbox.Len())
}

func TestConsensusBadInput(t *testing.T) {
	c := newCommittee(t, 4)
	cases := map[string]func(t *testing.T, s network.Stream, max int){
		"oversize": func(t *testing.T, s network.Stream, max int) {
			// Only the length: the victim must refuse without waiting for a body.
			var h [4]byte
			binary.BigEndian.PutUint32(h[:], uint32(max+1))
			_, err := s.Write(h[:])
			require.NoError(t, err)
		},
		"malformed": func(t *testing.T, s network.Stream, _ int) {
			require.NoError(t, writeFrame(s, []byte{0xc3, 0x01, 0x02, 0x03}))
		},
		"empty lists": func(t *testing.T, s network.Stream, max int) {
			b := make([]byte, max)
			for i := range b {
				b[i] = 0xc0
			}
			require.NoError(t, writeFrame(s, b))
		},
		"signer is not the sender": func(t *testing.T, s network.Stream, _ int) {
			require.NoError(t, writeFrame(s, consensus.EncodeSigned(c.commitMsg(2, 7))))
		},
	}
	for name, send := range cases {
		t.Run(name, func(t *testing.T) {
			hosts := startValidators(t, c, 2, nil)
			victim, offender := hosts[0], hosts[1]
			s := openConsensus(t, offender.Host, victim.Host)
			send(t, s, victim.cfg.MaxMessageSize)
			requireBanned(t, victim.Host, offender.Host, 0)
			require.Equal(t, uint64(0), victim.Metrics().ConsensusIn)
			require.GreaterOrEqual(t, victim.Metrics().ConsensusRefused, uint64(1))
			require.Equal(t, 0, victim.cons.inbox.Len())
		})
	}
}

func TestConsensusFloodIsBoundedAndPunished(t *testing.T) {
	c := newCommittee(t, 4)
	hosts := startValidators(t, c, 2, func(_ int, cfg *Config) {
		cfg.ConsensusRate = 50
		cfg.ConsensusBurst = 20
	})
	victim, offender := hosts[0], hosts[1]
	// Nobody reads the victim's inbound channel: the inbox holds one message per
	// (signer, kind) however many arrive.
	s := openConsensus(t, offender.Host, victim.Host)
	msgs := make([][]byte, 400)
	for i := range msgs {
		msgs[i] = consensus.EncodeSigned(c.commitMsg(1, uint64(100+i)))
	}
	start := time.Now()
	go func() {
		for i := 0; ; i++ {
			if writeFrame(s, msgs[i%len(msgs)]) != nil {
				return
			}
		}
	}()
	require.Eventually(t, func() bool { return victim.Metrics().Bans > 0 }, waitFor, time.Millisecond)
	elapsed := time.Since(start).Seconds()
	requireBanned(t, victim.Host, offender.Host, 0)
	m := victim.Metrics()
	require.GreaterOrEqual(t, m.ConsensusDropped, uint64(floodStrikes*20))
	require.GreaterOrEqual(t, m.ConsensusIn, uint64(20))
	require.LessOrEqual(t, float64(m.ConsensusIn), 20+50*elapsed+1, "accepted within the rate (%.2f s)", elapsed)
	// One slot for (signer, kind), and at most one message handed to the
	// inbox's delivery goroutine.
	require.LessOrEqual(t, victim.cons.inbox.Len(), 1)
	got := receive(t, victim.Consensus(), func(consensus.Signed) bool { return true })
	require.True(t, got.Signer.Equal(c.vals[1].Key))
}

// With every other validator offline, Broadcast still returns at once and
// the per-validator queues stay bounded (oldest dropped).
func TestConsensusSendNeverBlocks(t *testing.T) {
	c := newCommittee(t, 4)
	cfg := c.validatorConfig(0)
	cfg.ConsensusQueue = 16
	h := startHost(t, cfg)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range uint64(1000) {
			h.Consensus().Broadcast(c.commitMsg(0, v))
		}
	}()
	select {
	case <-done:
	case <-time.After(waitFor):
		t.Fatal("Broadcast blocked")
	}
	require.GreaterOrEqual(t, h.Metrics().ConsensusOutDrop, uint64(3*(1000-16-1)))
	for _, s := range h.cons.senders {
		s.mu.Lock()
		require.LessOrEqual(t, len(s.queue), 16)
		s.mu.Unlock()
	}
	// The local copy arrives; the inbox kept only the newest.
	m := receive(t, h.Consensus(), func(consensus.Signed) bool { return true })
	require.True(t, m.Signer.Equal(c.vals[0].Key))
}

// The observer sees what peers sent, as read from their streams, before the
// inbox coalesces it: not the node's own broadcasts, not a message refused
// because its signer is not the sending peer.
func TestConsensusObserverSeesWhatPeersSent(t *testing.T) {
	c := newCommittee(t, 4)
	var mu sync.Mutex
	var seen []consensus.Signed
	observed := func() []consensus.Signed {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
	hosts := startValidators(t, c, 3, func(i int, cfg *Config) {
		if i == 0 {
			cfg.ConsensusObserver = func(m consensus.Signed) {
				mu.Lock()
				seen = append(seen, m)
				mu.Unlock()
			}
		}
	})
	hosts[0].Consensus().Broadcast(c.commitMsg(0, 5))
	receive(t, hosts[0].Consensus(), from(c, 0, 5))
	// Two votes of one signer and kind: the inbox may keep only the newer,
	// the observer sees both.
	hosts[1].Consensus().Broadcast(c.commitMsg(1, 6))
	hosts[1].Consensus().Broadcast(c.commitMsg(1, 7))
	hosts[2].Consensus().Send(c.vals[0].Key, c.commitMsg(2, 8))
	require.Eventually(t, func() bool { return len(observed()) == 3 }, waitFor, 5*time.Millisecond)
	got := observed()
	slices.SortFunc(got, func(a, b consensus.Signed) int { // the two senders race
		return cmp.Compare(a.Msg.MsgView().Number, b.Msg.MsgView().Number)
	})
	for i, want := range []struct {
		signer int
		view   uint64
	}{{1, 6}, {1, 7}, {2, 8}} {
		require.True(t, from(c, want.signer, want.view)(got[i]), "message %d: %s of view %d", i, got[i].Msg.Kind(), got[i].Msg.MsgView().Number)
		require.NoError(t, got[i].Verify())
	}

	s := openConsensus(t, hosts[1].Host, hosts[0].Host)
	require.NoError(t, writeFrame(s, consensus.EncodeSigned(c.commitMsg(2, 9)))) // relayed: refused
	requireBanned(t, hosts[0].Host, hosts[1].Host, 0)
	require.Len(t, observed(), 3)
}

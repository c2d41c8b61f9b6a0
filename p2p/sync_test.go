package p2p

import (
	"context"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
)

const syncBlocks = 200

var (
	syncFixtureOnce sync.Once
	syncFixture     []*consensus.FinalBlock
)

func blocks(t *testing.T, c *committee) []*consensus.FinalBlock {
	syncFixtureOnce.Do(func() { syncFixture = c.finalBlocks(t, syncBlocks) })
	return syncFixture
}

// syncHost is a full node with a chain, syncing.
func startSyncHost(t *testing.T, c *committee, seed int64, chain *memChain, mod func(*Config)) *testHost {
	t.Helper()
	cfg := testConfig(nodeKey(t, seed))
	cfg.Genesis = c.genesis()
	cfg.Validators = c.vals
	if mod != nil {
		mod(&cfg)
	}
	h := startHost(t, cfg)
	require.NoError(t, h.StartSync(t.Context(), chain, chain))
	return h
}

func requireInOrder(t *testing.T, chain *memChain, want []*consensus.FinalBlock) {
	t.Helper()
	chain.mu.Lock()
	defer chain.mu.Unlock()
	require.Len(t, chain.imported, len(want))
	for i, n := range chain.imported {
		require.Equal(t, uint64(i), n)
		require.Equal(t, want[i].Payload, chain.blocks[i].Payload)
	}
}

func TestSyncFetches200Blocks(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	srcChain := &memChain{blocks: all}
	a := startSyncHost(t, c, 1, srcChain, nil)
	b2Chain := &memChain{blocks: all[:150]}
	a2 := startSyncHost(t, c, 3, b2Chain, func(cfg *Config) { cfg.StaticPeers = a.Addrs() })
	dst := &memChain{}
	b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = append(a.Addrs(), a2.Addrs()...) })

	require.Eventually(t, func() bool { return dst.len() == syncBlocks }, waitFor, 10*time.Millisecond)
	requireInOrder(t, dst, all)
	require.Eventually(t, func() bool { return b2Chain.len() == syncBlocks }, waitFor, 10*time.Millisecond, "a2 catches up too")
	require.Eventually(t, func() bool {
		st := b.SyncStatus()
		return st.Local == syncBlocks-1 && st.BestPeer == syncBlocks-1 && st.Lag == 0 && st.Requests == 0
	}, waitFor, 10*time.Millisecond)
	m := b.Metrics()
	require.Equal(t, uint64(syncBlocks), m.SyncImported)
	require.Equal(t, uint64(0), m.Bans)
	require.Greater(t, a.Metrics().SyncServed, uint64(0))

	// A new final block on a is announced and fetched.
	more := c.finalBlocks(t, syncBlocks+1)[syncBlocks]
	srcChain.mu.Lock()
	srcChain.blocks = append(srcChain.blocks, more)
	srcChain.mu.Unlock()
	a.AnnounceFinal(syncBlocks)
	require.Eventually(t, func() bool { return dst.len() == syncBlocks+1 }, waitFor, 10*time.Millisecond)
}

func TestSyncStatusSaysSyncingWhileBehind(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	release := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	t.Cleanup(open)
	a := startSyncHost(t, c, 1, &memChain{blocks: all, serve: func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error) {
		if n >= 100 {
			<-release // the catch-up stalls at block 100
		}
		return b, nil
	}}, nil)
	dst := &memChain{blocks: all[:20:20]}
	b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = a.Addrs() })

	require.Eventually(t, func() bool { return dst.len() == 100 }, waitFor, 10*time.Millisecond)
	st := b.SyncStatus()
	require.True(t, st.Syncing, "%+v", st)
	require.Equal(t, uint64(19), st.Start, "the newest block it had when it fell behind")
	require.Equal(t, uint64(99), st.Local)
	require.Equal(t, uint64(syncBlocks-1), st.BestPeer)
	require.Equal(t, 1, b.PeerCount())

	open()
	require.Eventually(t, func() bool { return dst.len() == syncBlocks }, waitFor, 10*time.Millisecond)
	require.Eventually(t, func() bool { st = b.SyncStatus(); return !st.Syncing }, waitFor, 10*time.Millisecond)
	require.Zero(t, st.Start)
	require.LessOrEqual(t, st.Lag, uint64(SyncBehind))
}

// forge returns a copy of b whose QC's signature is another block's.
func forge(b, other *consensus.FinalBlock) *consensus.FinalBlock {
	qc := *b.QC
	qc.Sig = other.QC.Sig
	return &consensus.FinalBlock{Payload: b.Payload, QC: &qc}
}

func TestSyncBansPeerServingForgedQC(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	forger := startSyncHost(t, c, 1, &memChain{blocks: all, serve: func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error) {
		if n >= 50 {
			return forge(b, all[(n+1)%uint64(len(all))]), nil
		}
		return b, nil
	}}, nil)
	dst := &memChain{}
	b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = forger.Addrs() })

	// b gets the honest prefix from the forger, then bans it at block 50.
	requireBanned(t, b.Host, forger.Host, 0)
	require.Contains(t, b.logs.String(), "invalid block in sync response")
	// Blocks verified before the forgery may be imported (a request still
	// in flight when the ban closed the connection is not answered), in
	// order; nothing from block 50 on.
	dst.mu.Lock()
	imported, got := slices.Clone(dst.imported), slices.Clone(dst.blocks)
	dst.mu.Unlock()
	require.LessOrEqual(t, len(imported), 50)
	for i, n := range imported {
		require.Equal(t, uint64(i), n)
		require.Equal(t, all[i].Payload, got[i].Payload)
	}

	// The sync completes from an honest peer.
	honest := startSyncHost(t, c, 3, &memChain{blocks: all}, nil)
	require.NoError(t, dial(t, b.Host, honest.Host))
	require.Eventually(t, func() bool { return dst.len() == syncBlocks }, waitFor, 10*time.Millisecond)
	requireInOrder(t, dst, all)
	require.Equal(t, network.NotConnected, b.host.Network().Connectedness(forger.self))
	require.Error(t, dial(t, b.Host, forger.Host), "the forger stays refused")
}

func TestSyncBansPeerServingBadBytes(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	cases := map[string]func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error){
		"wrong payload": func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error) {
			return &consensus.FinalBlock{Payload: []byte("other"), QC: b.QC}, nil
		},
		"out of order": func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error) {
			return all[(n+1)%uint64(len(all))], nil
		},
	}
	for name, serve := range cases {
		t.Run(name, func(t *testing.T) {
			bad := startSyncHost(t, c, 1, &memChain{blocks: all, serve: serve}, nil)
			dst := &memChain{}
			b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = bad.Addrs() })
			requireBanned(t, b.Host, bad.Host, 0)
			require.Equal(t, 0, dst.len())
		})
	}
	t.Run("malformed", func(t *testing.T) {
		bad := startSyncHost(t, c, 1, &memChain{blocks: all}, nil)
		// Replace the sync server with one that answers garbage.
		bad.host.SetStreamHandler(protoSync, func(s network.Stream) {
			var req [getBlocksSize]byte
			_, _ = s.Read(req[:])
			_ = writeFrame(s, []byte{0xde, 0xad, 0xbe, 0xef})
			_ = s.Close()
		})
		dst := &memChain{}
		b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = bad.Addrs() })
		requireBanned(t, b.Host, bad.Host, 0)
		require.Contains(t, b.logs.String(), "malformed block in sync response")
	})
	t.Run("oversize", func(t *testing.T) {
		bad := startSyncHost(t, c, 1, &memChain{blocks: all}, nil)
		bad.host.SetStreamHandler(protoSync, func(s network.Stream) {
			var req [getBlocksSize]byte
			_, _ = s.Read(req[:])
			_, _ = s.Write([]byte{0x7f, 0xff, 0xff, 0xff}) // a 2 GiB frame, no body
			_ = s.Close()
		})
		dst := &memChain{}
		b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = bad.Addrs() })
		requireBanned(t, b.Host, bad.Host, 0)
		require.Contains(t, b.logs.String(), "oversize block in sync response")
	})
}

func TestSyncRequestTimeoutMovesToAnotherPeer(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	silent := startSyncHost(t, c, 1, &memChain{blocks: all, serve: func(uint64, *consensus.FinalBlock) (*consensus.FinalBlock, error) {
		<-release
		return nil, errors.New("stalled")
	}}, nil)
	dst := &memChain{}
	b := startSyncHost(t, c, 2, dst, func(cfg *Config) {
		cfg.StaticPeers = silent.Addrs()
		cfg.SyncTimeout = 300 * time.Millisecond
	})
	require.Eventually(t, func() bool { return b.Metrics().SyncTimeouts >= 1 }, waitFor, 10*time.Millisecond)
	require.Equal(t, 0, dst.len())
	require.Equal(t, uint64(0), b.Metrics().Bans, "a slow peer is not banned")

	honest := startSyncHost(t, c, 3, &memChain{blocks: all}, nil)
	require.NoError(t, dial(t, b.Host, honest.Host))
	require.Eventually(t, func() bool { return dst.len() == syncBlocks }, waitFor, 10*time.Millisecond)
	requireInOrder(t, dst, all)
}

func TestSyncServerRefusesBadRequests(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	a := startSyncHost(t, c, 1, &memChain{blocks: all}, nil)
	cli := startHost(t, testConfig(nodeKey(t, 2)))
	require.NoError(t, dial(t, cli.Host, a.Host))
	waitConnected(t, a.Host, cli.Host)

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	// A valid request is served...
	s, err := cli.host.NewStream(ctx, a.self, protoSync)
	require.NoError(t, err)
	_, err = s.Write(getBlocks{From: 198, Count: 5}.encode())
	require.NoError(t, err)
	var got []uint64
	for {
		f, err := readFrame(s, 1<<20)
		if err != nil {
			break
		}
		b, err := consensus.DecodeFinalBlock(f, 1<<20)
		require.NoError(t, err)
		got = append(got, b.Number())
	}
	require.Equal(t, []uint64{198, 199}, got, "served up to what the source has")

	// ...a request for too many blocks gets the peer banned.
	s, err = cli.host.NewStream(ctx, a.self, protoSync)
	require.NoError(t, err)
	_, err = s.Write(getBlocks{From: 0, Count: MaxSyncRequestBlocks + 1}.encode())
	require.NoError(t, err)
	requireBanned(t, a.Host, cli.Host, 0)
}

func TestStartSyncNeedsGenesis(t *testing.T) {
	h := startHost(t, testConfig(nodeKey(t, 1)))
	require.Error(t, h.StartSync(t.Context(), &memChain{}, &memChain{}))
}

// runChain takes blocks in runs (BlockRunSink) and sees them first
// (BlockPrefetcher); its first run fails halfway, after storing some.
type runChain struct {
	memChain
	runs       []int
	prefetched int
	failed     bool
	flushed    []int // blocks held at each FlushHead
}

func (r *runChain) FlushHead(context.Context) error {
	n := r.len()
	r.mu.Lock()
	r.flushed = append(r.flushed, n)
	r.mu.Unlock()
	return nil
}

func (r *runChain) Prefetch(bs []*consensus.FinalBlock) {
	r.mu.Lock()
	r.prefetched += len(bs)
	r.mu.Unlock()
}

func (r *runChain) ImportFinals(ctx context.Context, bs []*consensus.FinalBlock) error {
	r.mu.Lock()
	r.runs = append(r.runs, len(bs))
	fail := !r.failed && len(bs) > 2
	r.failed = r.failed || fail
	r.mu.Unlock()
	for i, b := range bs {
		if fail && i == len(bs)/2 {
			return errors.New("disk full")
		}
		if err := r.ImportFinal(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// A sink that imports runs gets consecutive runs no longer than the window,
// each block once and in order, also after a run failed halfway; and it
// sees every block before its import. Its head is flushed once it has
// imported every block there is, and not while it catches up from more
// than a window behind (the flush delay is an hour here).
func TestSyncHandsRunsToARunSink(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	a := startSyncHost(t, c, 1, &memChain{blocks: all}, nil)
	dst := &runChain{}
	cfg := testConfig(nodeKey(t, 2))
	cfg.Genesis, cfg.Validators, cfg.StaticPeers = c.genesis(), c.vals, a.Addrs()
	cfg.SyncFlushDelay = time.Hour
	b := startHost(t, cfg)
	require.NoError(t, b.StartSync(t.Context(), dst, dst))

	require.Eventually(t, func() bool { return dst.len() == syncBlocks }, waitFor, 10*time.Millisecond)
	requireInOrder(t, &dst.memChain, all)
	require.Equal(t, uint64(syncBlocks), b.Metrics().SyncImported)
	dst.mu.Lock()
	failed, prefetched, runs := dst.failed, dst.prefetched, dst.runs
	dst.mu.Unlock()
	require.True(t, failed)
	require.GreaterOrEqual(t, prefetched, syncBlocks)
	for _, n := range runs {
		require.LessOrEqual(t, n, syncWindow)
		require.Positive(t, n)
	}
	require.Less(t, len(runs), syncBlocks, "blocks came in runs, not one by one")
	require.Eventually(t, func() bool {
		dst.mu.Lock()
		defer dst.mu.Unlock()
		return len(dst.flushed) > 0 && dst.flushed[len(dst.flushed)-1] == syncBlocks
	}, waitFor, 10*time.Millisecond)
	dst.mu.Lock()
	defer dst.mu.Unlock()
	for _, n := range dst.flushed {
		if n != 0 { // before the peer's first announcement
			require.GreaterOrEqual(t, n, syncBlocks-syncWindow, "head flushed mid catch-up: %v", dst.flushed)
		}
	}
}

// A catch-up whose blocks stop coming (the peer announces blocks and then
// never answers for them) still flushes the sink's head, after
// SyncFlushDelay.
func TestSyncFlushesTheHeadWhenACatchUpStalls(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	stall := t.Context()
	src := &memChain{blocks: all, serve: func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error) {
		if n >= 50 {
			<-stall.Done() // until the test ends: each request times out
			return nil, stall.Err()
		}
		return b, nil
	}}
	a := startSyncHost(t, c, 1, src, nil)
	dst := &runChain{}
	cfg := testConfig(nodeKey(t, 2))
	cfg.Genesis, cfg.Validators, cfg.StaticPeers = c.genesis(), c.vals, a.Addrs()
	cfg.SyncFlushDelay = 100 * time.Millisecond
	b := startHost(t, cfg)
	require.NoError(t, b.StartSync(t.Context(), dst, dst))
	require.Eventually(t, func() bool {
		dst.mu.Lock()
		defer dst.mu.Unlock()
		return len(dst.flushed) > 0 && dst.flushed[len(dst.flushed)-1] == 50
	}, waitFor, 10*time.Millisecond)
}

// A node that joins learns its peers' block store state when it subscribes
// and handshakes, not at their next announcement: here none comes for an
// hour and no block is final meanwhile, yet it syncs.
func TestSyncNewcomerLearnsStateOnJoin(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)[:20]
	hour := func(cfg *Config) { cfg.AnnounceInterval = time.Hour }
	a := startSyncHost(t, c, 1, &memChain{blocks: all}, hour)
	dst := &memChain{}
	startSyncHost(t, c, 2, dst, func(cfg *Config) { hour(cfg); cfg.StaticPeers = a.Addrs() })
	require.Eventually(t, func() bool { return dst.len() == len(all) }, waitFor, 10*time.Millisecond)
	requireInOrder(t, dst, all)
}

// A block store state answer that does not decode, or is too long, bans
// the peer; a state request over the limit is refused.
func TestSyncBansPeerServingBadBlockState(t *testing.T) {
	c := newCommittee(t, 4)
	for name, answer := range map[string][]byte{
		"malformed": {0xde, 0xad},
		"too long":  make([]byte, blockStateMaxBytes+1),
	} {
		t.Run(name, func(t *testing.T) {
			bad := startSyncHost(t, c, 1, &memChain{}, nil)
			bad.host.SetStreamHandler(protoBlockState, func(s network.Stream) {
				_, _ = s.Write(answer)
				_ = s.Close()
			})
			b := startSyncHost(t, c, 2, &memChain{}, func(cfg *Config) { cfg.StaticPeers = bad.Addrs() })
			requireBanned(t, b.Host, bad.Host, 0)
			require.Contains(t, b.logs.String(), "malformed block store state")
		})
	}
	t.Run("rate limited", func(t *testing.T) {
		a := startSyncHost(t, c, 1, &memChain{blocks: blocks(t, c)[:3]}, nil)
		b := startSyncHost(t, c, 2, &memChain{}, func(cfg *Config) { cfg.StaticPeers = a.Addrs() })
		waitConnected(t, a.Host, b.Host)
		answered := 0
		for range stateServeBurst + 2 {
			st, err := b.host.NewStream(t.Context(), a.host.ID(), protoBlockState)
			require.NoError(t, err)
			buf, _ := io.ReadAll(st)
			if len(buf) == blockStateSize {
				answered++
			}
			_ = st.Close()
		}
		// The handshake's own request took one token; the bucket refills at 1/s.
		require.Less(t, answered, stateServeBurst+2)
		require.GreaterOrEqual(t, answered, 1)
	})
}

// The block store state of a publisher this node is not connected to is
// neither kept nor relayed: gossip names the publisher, anyone can make
// fresh ones, and only a connected peer can be asked for blocks. Its
// announcement does not set the sync lag either.
func TestSyncKeepsNoStateOfStrangers(t *testing.T) {
	c := newCommittee(t, 4)
	b := startSyncHost(t, c, 2, &memChain{}, nil)
	s := b.syncer.Load()
	lie := blockState{First: 0, Last: 1_000_000, Seq: 1}.encode()
	for i := range 300 {
		id, err := PeerIDFromKey(nodeKey(t, int64(10_000+i)).Public())
		require.NoError(t, err)
		require.ErrorIs(t, s.onAnnouncement(t.Context(), id.String(), lie), ErrIgnore)
	}
	s.mu.Lock()
	kept := len(s.sched.peers)
	s.mu.Unlock()
	require.Zero(t, kept)
	require.Equal(t, SyncStatus{}, b.SyncStatus())
}

// A peer's block store state goes with the peer.
func TestSyncForgetsPeerThatLeaves(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)[:20]
	a := startSyncHost(t, c, 1, &memChain{blocks: all}, nil)
	dst := &memChain{}
	b := startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = a.Addrs() })
	require.Eventually(t, func() bool { return dst.len() == len(all) }, waitFor, 10*time.Millisecond)
	s := b.syncer.Load()
	known := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.sched.peers)
	}
	require.Equal(t, 1, known())
	require.NoError(t, a.Close())
	require.Eventually(t, func() bool { return known() == 0 }, waitFor, 10*time.Millisecond)
}

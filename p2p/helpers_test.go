package p2p

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
)

const waitFor = 20 * time.Second

var testGenesisHash = [32]byte{0xaa, 1, 2, 3}

// logBuffer collects a host's log lines for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) count(s string) int { return strings.Count(l.String(), s) }

func nodeKey(t testing.TB, seed int64) *nodekey.SecretKey {
	t.Helper()
	k, err := nodekey.Generate(rand.New(rand.NewSource(seed)))
	require.NoError(t, err)
	return k
}

// committee is a consensus committee whose validators have node keys too.
type committee struct {
	setup *harness.Setup
	nodes []*nodekey.SecretKey
	vals  []Validator
}

var committees = map[int]*committee{}

func newCommittee(t testing.TB, n int) *committee {
	t.Helper()
	if c, ok := committees[n]; ok {
		return c
	}
	s, err := harness.NewSetup(n, int64(100+n))
	require.NoError(t, err)
	c := &committee{setup: s}
	for i, sk := range s.Keys {
		nk := nodeKey(t, int64(1000*n+i))
		c.nodes = append(c.nodes, nk)
		c.vals = append(c.vals, Validator{Key: sk.Public(), Node: nk.Public()})
	}
	committees[n] = c
	return c
}

// index maps a committee index to the setup's key index.
func (c *committee) index(committeeIndex int) int {
	k := c.genesis().Committee.Validator(committeeIndex).Key
	for i, v := range c.vals {
		if v.Key.Equal(k) {
			return i
		}
	}
	return -1
}

func (c *committee) genesis() *consensus.Genesis { return c.setup.Genesis }

// testConfig is a config with short timeouts for tests.
func testConfig(key *nodekey.SecretKey) Config {
	return Config{
		Key:              key,
		GenesisHash:      testGenesisHash,
		ProtocolVersion:  1,
		ReconnectMin:     50 * time.Millisecond,
		ReconnectMax:     400 * time.Millisecond,
		HandshakeTimeout: 3 * time.Second,
		BanDuration:      time.Minute,
		SyncTimeout:      time.Second,
		AnnounceInterval: 200 * time.Millisecond,
	}
}

// validatorConfig is the config of validator i of c.
func (c *committee) validatorConfig(i int) Config {
	cfg := testConfig(c.nodes[i])
	cfg.Genesis = c.genesis()
	cfg.Validators = c.vals
	cfg.ValidatorKey = c.setup.Keys[i]
	cfg.MaxMessageSize = 64 << 10
	return cfg
}

// testHost is a started host with its log.
type testHost struct {
	*Host
	logs *logBuffer
}

func startHost(t testing.TB, cfg Config) *testHost {
	t.Helper()
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := New(cfg, log)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, h.Start(ctx))
	t.Cleanup(func() {
		cancel()
		require.NoError(t, h.Close())
		if t.Failed() {
			t.Logf("log of %s:\n%s", h.ID(), logs.String())
		}
	})
	return &testHost{Host: h, logs: logs}
}

func hasPeer(h *Host, id string) bool {
	for _, p := range h.Peers() {
		if p.ID == id {
			return true
		}
	}
	return false
}

func waitConnected(t testing.TB, a, b *Host) {
	t.Helper()
	require.Eventually(t, func() bool { return hasPeer(a, b.ID()) && hasPeer(b, a.ID()) }, waitFor, 10*time.Millisecond,
		"%s and %s handshake", a.ID(), b.ID())
}

func waitDisconnected(t testing.TB, a, b *Host) {
	t.Helper()
	require.Eventually(t, func() bool {
		return a.host.Network().Connectedness(b.self) != network.Connected && b.host.Network().Connectedness(a.self) != network.Connected
	}, waitFor, 10*time.Millisecond, "%s and %s disconnect", a.ID(), b.ID())
}

// dial connects a to b directly (not as a static peer).
func dial(t testing.TB, a, b *Host) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return a.host.Connect(ctx, peer.AddrInfo{ID: b.self, Addrs: b.host.Network().ListenAddresses()})
}

// commitMsg is a commit vote of validator i of c for view v.
func (c *committee) commitMsg(i int, v uint64) consensus.Signed {
	g := c.genesis()
	return consensus.Sign(c.setup.Keys[i], &consensus.ReplicaCommit{View: g.View(v),
		Header: consensus.BlockHeader{Number: v, PayloadHash: consensus.PayloadHash([]byte(fmt.Sprint(v)))}})
}

// finalBlocks builds blocks 0..n-1 of c's genesis with real CommitQCs.
func (c *committee) finalBlocks(t testing.TB, n int) []*consensus.FinalBlock {
	t.Helper()
	g := c.genesis()
	out := make([]*consensus.FinalBlock, n)
	for i := range n {
		payload := []byte(fmt.Sprintf("block %d payload", i))
		msg := consensus.ReplicaCommit{View: g.View(uint64(i)), Header: consensus.BlockHeader{Number: uint64(i), PayloadHash: consensus.PayloadHash(payload)}}
		var votes []consensus.Signed
		for _, k := range c.setup.Keys {
			votes = append(votes, consensus.Sign(k, &msg))
		}
		qc, err := consensus.AggregateCommitQC(g.Committee, msg, votes)
		require.NoError(t, err)
		b := &consensus.FinalBlock{Payload: payload, QC: qc}
		require.NoError(t, b.Verify(g))
		out[i] = b
	}
	return out
}

// memChain is a BlockSource and BlockSink in memory.
type memChain struct {
	mu       sync.Mutex
	blocks   []*consensus.FinalBlock
	imported []uint64
	// serve, if set, replaces what FinalBlock returns (forgeries, stalls).
	serve func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error)
}

func (m *memChain) FinalBlock(n uint64) (*consensus.FinalBlock, error) {
	m.mu.Lock()
	var b *consensus.FinalBlock
	if n < uint64(len(m.blocks)) {
		b = m.blocks[n]
	}
	serve := m.serve
	m.mu.Unlock()
	if b == nil {
		return nil, fmt.Errorf("block %d: %w", n, ErrNotFound)
	}
	if serve != nil {
		return serve(n, b)
	}
	return b, nil
}

func (m *memChain) NextBlock() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return uint64(len(m.blocks))
}

func (m *memChain) ImportFinal(_ context.Context, b *consensus.FinalBlock) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b.Number() != uint64(len(m.blocks)) {
		return fmt.Errorf("import block %d, want %d", b.Number(), len(m.blocks))
	}
	m.blocks = append(m.blocks, b)
	m.imported = append(m.imported, b.Number())
	return nil
}

func (m *memChain) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.blocks)
}

var _ = bls.PublicKeySize

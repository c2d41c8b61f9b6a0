package node

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/node/statuspage"
	"github.com/cairn-rollup/cairn/rollup"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
)

// The status page (package statuspage), served at / on the metrics
// listener: what it shows is read here from the store, the roles'
// in-memory state and L1 only as Status reads it.

// recentBatches is how many of the last sealed batches the page shows;
// keptTxs how many batches' L1 transactions the node remembers.
const (
	recentBatches = 10
	keptTxs       = 64
)

// statusSource is the node as its status page reads it.
type statusSource struct{ n *Node }

// Snapshot implements statuspage.Source.
func (s statusSource) Snapshot(ctx context.Context) statuspage.Snapshot {
	n := s.n
	st, err := n.Status(ctx)
	snap := statuspage.Snapshot{Taken: time.Now(), Roles: n.roles(), Head: n.statusHead(), ProofRequests: n.MarketCounts(),
		Deposits: statuspage.Deposits{Seen: st.DepositsSeen, Minted: st.DepositsMinted, Pending: st.PendingDeposits}}
	cs := n.ConsensusStatus()
	snap.Consensus, snap.Peers = statusConsensus(cs), statusPeers(cs.Peers)
	snap.Sync = statuspage.Sync{Local: uint64(cs.Sync.Local), BestPeer: uint64(cs.Sync.BestPeer), Lag: uint64(cs.Sync.Lag)}
	snap.Batches = n.statusBatches(st)
	snap.Pipeline = statuspage.Pipeline{Sealed: st.Sealed, Committed: st.Committed, Verified: st.Verified, CommitterWaiting: n.CommitterStatus()}
	for _, b := range snap.Batches {
		if b.Certified {
			snap.Pipeline.Certified = max(snap.Pipeline.Certified, b.Number)
		}
	}
	if w := n.watcher; w != nil {
		if err := w.deposits.Err(); err != nil {
			snap.Deposits.Halted = err.Error()
		}
		snap.L1.Head, snap.L1.HeadTag = w.deposits.Followed()
	}
	snap.L1.Down = n.l1Outages.Down()
	if lastErr, at := n.l1Outages.LastError(); lastErr != nil {
		snap.L1.Error, snap.L1.ErrorAt = lastErr.Error(), at
	}
	if err != nil {
		snap.L1.StatusError = err.Error()
	}
	return snap
}

// statusHead is the node's last final block and its last finality time.
func (n *Node) statusHead() statuspage.Head {
	h := statuspage.Head{FinalitySeconds: n.stats.lastFinality()}
	if n.seq == nil {
		return h
	}
	b := n.seq.Head()
	h.Number, h.Hash, h.Time = b.NumberU64(), b.Hash().Hex(), time.Unix(int64(b.Time()), 0)
	return h
}

func statusConsensus(cs cairnrpc.ConsensusStatus) statuspage.Consensus {
	c := statuspage.Consensus{Validator: cs.Validator, Phase: cs.Phase, Leader: cs.Leader}
	if cs.View != nil {
		c.View = uint64(*cs.View)
	}
	if cs.Timeouts != nil {
		c.Timeouts = uint64(*cs.Timeouts)
	}
	for _, m := range cs.Committee {
		mm := statuspage.Member{Key: m.Key, Weight: uint64(m.Weight), Connected: m.Connected, Self: m.Key == cs.Validator}
		if m.LastSeenView != nil {
			v := uint64(*m.LastSeenView)
			mm.LastSeenView = &v
		}
		c.Committee = append(c.Committee, mm)
	}
	return c
}

func statusPeers(ps []cairnrpc.Peer) []statuspage.Peer {
	out := make([]statuspage.Peer, 0, len(ps))
	for _, p := range ps {
		out = append(out, statuspage.Peer{ID: p.ID, Addr: p.Addr, Inbound: p.Inbound, Validator: p.Validator})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// statusBatches are the last recentBatches sealed batches, newest first,
// each read from the store (its certificate, its proofs) and the vote
// pool, with st's L1 counters.
func (n *Node) statusBatches(st Status) []statuspage.Batch {
	var out []statuspage.Batch
	for num := st.Sealed; num > 0 && num+recentBatches > st.Sealed; num-- {
		sb, err := n.store.Batch(num)
		if err != nil {
			break
		}
		b := statuspage.Batch{Number: num, FirstBlock: sb.Batch.FirstBlock, LastBlock: sb.Batch.LastBlock,
			Committed: num <= st.Committed, Verified: num <= st.Verified}
		if cert, err := n.store.Certificate(num); err == nil && len(cert) > 0 {
			b.Certified = true
		}
		if n.votes != nil && n.votes.pool != nil {
			if w, q, ok := n.votes.pool.Tally(num); ok {
				b.Weight, b.Quorum = w, q
			}
		}
		proofs, err := n.store.ProofTypes(num)
		b.Proven = b.Verified || (err == nil && len(proofs) > 0)
		b.CommitTx, b.VerifyTx = n.l1Txs.of(num)
		out = append(out, b)
	}
	return out
}

// l1Txs are the commit and verify transactions this node sent, by batch,
// for the last keptTxs batches: the status page shows them.
type l1Txs struct {
	mu     sync.Mutex
	commit map[uint64]common.Hash
	verify map[uint64]common.Hash
}

func newL1Txs() *l1Txs {
	return &l1Txs{commit: map[uint64]common.Hash{}, verify: map[uint64]common.Hash{}}
}

func (t *l1Txs) record(m map[uint64]common.Hash, batch uint64, r *types.Receipt) {
	if r == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	m[batch] = r.TxHash
	for b := range m {
		if b+keptTxs <= batch {
			delete(m, b)
		}
	}
}

// of is batch n's commit and verify transaction hashes ("" when unknown).
func (t *l1Txs) of(n uint64) (commit, verify string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if h, ok := t.commit[n]; ok {
		commit = h.Hex()
	}
	if h, ok := t.verify[n]; ok {
		verify = h.Hex()
	}
	return commit, verify
}

// recordingProposer is the OnChainProposer that notes the transactions
// of the commits and verifies it sends.
type recordingProposer struct {
	*proposer.Proposer
	txs *l1Txs
}

func (p recordingProposer) Commit(ctx context.Context, b *rollup.Batch, attestations [][]byte, payload proposer.Payload) (*types.Receipt, error) {
	r, err := p.Proposer.Commit(ctx, b, attestations, payload)
	if err == nil {
		p.txs.record(p.txs.commit, b.Number, r)
	}
	return r, err
}

func (p recordingProposer) Verify(ctx context.Context, n uint64, proofTypes []uint8, proofs [][]byte) (*types.Receipt, error) {
	r, err := p.Proposer.Verify(ctx, n, proofTypes, proofs)
	if err == nil {
		p.txs.record(p.txs.verify, n, r)
	}
	return r, err
}

// lastFinality is the seconds from the last finalized block's timestamp
// to its finalization (0 before the first).
func (s *stats) lastFinality() float64 { return math.Float64frombits(s.last.Load()) }

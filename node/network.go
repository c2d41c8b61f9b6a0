package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/p2p"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/cairn-rollup/cairn/store"
)

// The network, on every node: the libp2p host, transactions gossiped both
// ways (a transaction sent to any node reaches every validator's txpool,
// so the current and the next leaders have it), and block sync: final
// blocks announced and fetched with their CommitQCs checked.

type network struct {
	host    *p2p.Host
	txTopic *p2p.Topic
	engine  *execution.Geth // gossiped transactions go to its txpool
	outbox  *txOutbox       // this node's own transactions, to publish
	log     *slog.Logger
	svc     *services
}

// startNetwork starts the host and the transaction topic.
func (n *Node) startNetwork() (_ *network, err error) {
	nc := n.cfg.Network
	var vals []p2p.Validator
	for _, v := range n.genesis.Consensus.Validators {
		vals = append(vals, p2p.Validator{Key: v.Key, Node: v.NodeKey})
	}
	h, err := p2p.New(p2p.Config{
		Key: n.keys.Secrets.Node, ListenAddrs: []string{nc.ListenAddr}, StaticPeers: nc.StaticPeers,
		GenesisHash: n.genesis.Hash(), ProtocolVersion: config.ProtocolVersion, Genesis: n.consensus,
		Validators: vals, ValidatorKey: n.keys.Secrets.Validator, MaxInboundPeers: int(nc.MaxInboundPeers), MaxPeersPerIP: int(nc.MaxPeersPerIP),
		MaxMessageSize:    int(n.genesis.Consensus.MaxPayloadSize) + 64<<10,
		ConsensusObserver: n.opts.observeConsensus,
	}, n.log.With("service", "p2p"))
	if err != nil {
		if strings.Contains(err.Error(), "listen") { // only a failed listen is the address's fault
			return nil, fmt.Errorf("p2p on %s: %w (set network.listen_addr)", nc.ListenAddr, err)
		}
		return nil, fmt.Errorf("p2p: %w", err)
	}
	nw := &network{host: h, engine: n.engine, outbox: n.outbox, log: n.log, svc: n.newServices()}
	defer func() {
		if err != nil {
			nw.stop()
		}
	}()
	if err := h.Start(nw.svc.ctx); err != nil {
		return nil, fmt.Errorf("p2p: %w", err)
	}
	if nw.txTopic, err = h.Join("tx", maxTxBatchBytes, nw.onGossipTx,
		p2p.WithPeerRate(p2p.PeerRate{Rate: txPeerRate, Burst: txPeerBurst, Cost: txBatchCost})); err != nil {
		return nil, fmt.Errorf("transaction topic: %w", err)
	}
	nw.svc.run("tx-publish", func(ctx context.Context) error { nw.publishTxs(ctx); return nil })
	nw.svc.run("tx-resend", func(ctx context.Context) error { nw.resendTxs(ctx); return nil })
	return nw, nil
}

// startBlockSync serves this node's final blocks to its peers and fetches
// theirs into seq, under the network's context. It starts once the
// network is the node's: the sequencer announces the blocks it finalizes
// over it. Blocks up to l1Derived were rebuilt from L1 (cairn
// reconstruct) and have no CommitQC: they are neither announced nor
// served.
func (nw *network) startBlockSync(seq *sequencer.Sequencer, l1Derived uint64) error {
	return nw.host.StartSync(nw.svc.ctx, blockSource{seq: seq, first: l1Derived + 1}, seq)
}

// stop ends the network's goroutines, then closes the host.
func (nw *network) stop() {
	if nw == nil {
		return
	}
	nw.svc.stop()
	_ = nw.host.Close()
}

// blockSource serves stored final blocks to block sync.
type blockSource struct {
	seq interface {
		FinalBlock(n uint64) (*consensus.FinalBlock, error)
	}
	first uint64 // the first block with a CommitQC
}

// FirstBlock implements p2p.FirstServed.
func (s blockSource) FirstBlock() uint64 { return s.first }

func (s blockSource) FinalBlock(num uint64) (*consensus.FinalBlock, error) {
	b, err := s.seq.FinalBlock(num)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("block %d: %w", num, p2p.ErrNotFound)
	}
	return b, err
}

// ConsensusStatus is cairn_consensusStatus.
func (n *Node) ConsensusStatus() cairnrpc.ConsensusStatus {
	u := func(v uint64) *hexutil.Uint64 { h := hexutil.Uint64(v); return &h }
	st := cairnrpc.ConsensusStatus{Committee: []cairnrpc.CommitteeMember{}, Peers: []cairnrpc.Peer{}}
	if n.seq != nil {
		st.LastFinalBlock = hexutil.Uint64(n.seq.Head().NumberU64())
	}
	if v := n.validator; v != nil {
		rs := v.replica.Status()
		st.Validator = n.keys.Secrets.Validator.Public().String()
		st.View, st.Phase, st.Timeouts = u(rs.View), rs.Phase.String(), u(rs.Timeouts)
		if !rs.Leader.IsZero() {
			st.Leader = rs.Leader.String()
		}
	}
	connected := map[string]bool{}
	h := n.host()
	if h != nil {
		for _, p := range h.Peers() {
			st.Peers = append(st.Peers, cairnrpc.Peer{ID: p.ID, Addr: p.Addr, Inbound: p.Inbound, Validator: p.Validator != nil})
			connected[p.ID] = true
		}
		ss := h.SyncStatus()
		st.Sync = cairnrpc.SyncStatus{Local: hexutil.Uint64(ss.Local), BestPeer: hexutil.Uint64(ss.BestPeer), Lag: hexutil.Uint64(ss.Lag)}
	}
	var seen map[[96]byte]uint64
	if h != nil {
		seen = h.LastSeenViews()
	}
	for _, v := range n.genesis.Consensus.Validators {
		m := cairnrpc.CommitteeMember{Key: v.Key.String(), NodeKey: v.NodeKey.String(), Weight: hexutil.Uint64(v.Weight)}
		if h != nil {
			m.Connected = connected[h.PeerIDOf(v.NodeKey)]
		}
		if view, ok := seen[v.Key.Array()]; ok {
			m.LastSeenView = u(view)
		}
		if n.keys.Secrets.Validator != nil && v.Key.Equal(n.keys.Secrets.Validator.Public()) {
			m.Connected = true
			if n.validator != nil {
				m.LastSeenView = u(n.validator.replica.Status().View)
			}
		}
		st.Committee = append(st.Committee, m)
	}
	return st
}

// FinalBlock is final block num with its CommitQC, as the node stored it.
func (n *Node) FinalBlock(num uint64) (*consensus.FinalBlock, error) { return n.seq.FinalBlock(num) }

// Head is the number of the node's last final block.
func (n *Node) Head() uint64 {
	if n.seq == nil {
		return 0
	}
	return n.seq.Head().NumberU64()
}

// P2PAddrs are the node's libp2p addresses with its peer id, for other
// nodes' network.static_peers.
func (n *Node) P2PAddrs() []string {
	h := n.host()
	if h == nil {
		return nil
	}
	return h.Addrs()
}

// SetBlocked cuts this node from the peers for which blocked is true (a
// test hook for partitions; nil heals).
func (n *Node) SetBlocked(blocked func(peerID string) bool) {
	if h := n.host(); h != nil {
		h.SetBlocked(blocked)
	}
}

// P2PMetrics are the libp2p host's counters (false before the network
// starts).
func (n *Node) P2PMetrics() (p2p.Metrics, bool) {
	h := n.host()
	if h == nil {
		return p2p.Metrics{}, false
	}
	return h.Metrics(), true
}

// PeerID is the node's libp2p peer id.
func (n *Node) PeerID() string {
	h := n.host()
	if h == nil {
		return ""
	}
	return h.ID()
}

// host is the network's libp2p host (nil before the network starts).
func (n *Node) host() *p2p.Host {
	if n.network == nil {
		return nil
	}
	return n.network.host
}

// roles names the roles this node runs, as Start started them: the
// validator, the attester when it signs attestations (an attester key and
// attestation running), and the operator.
func (n *Node) roles() string {
	r := []string{"full node"}
	if n.validator != nil {
		r = append(r, "validator")
	}
	if n.attestation.signs() {
		r = append(r, "attester")
	}
	if n.operator != nil {
		r = append(r, "operator")
	}
	return strings.Join(r, ",")
}

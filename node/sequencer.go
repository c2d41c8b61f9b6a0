package node

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup/batcher"
	"github.com/cairn-rollup/cairn/sequencer"
)

// The execution side of consensus, on every node: geth, and the sequencer
// over it, which builds the leader's blocks, checks the others' proposals
// and finalizes the blocks consensus or block sync decide into geth, the
// store and the batcher. Neither runs a goroutine of its own: the
// validator's replica and block sync drive the sequencer.

// startGeth starts geth, its JSON-RPC server with it, and returns its
// genesis block, checked against the genesis file.
func (n *Node) startGeth() (*types.Block, error) {
	if err := n.engine.Start(); err != nil {
		if errors.Is(err, execution.ErrWebSocket) {
			if le := listenError("WebSocket JSON-RPC", n.cfg.RPC.WSAddr, "rpc.ws_addr", err); le != nil {
				return nil, le
			}
		}
		if le := listenError("JSON-RPC", n.cfg.RPC.HTTPAddr, "rpc.http_addr", err); le != nil {
			return nil, le
		}
		return nil, err
	}
	genesis := n.engine.BlockByNumber(0)
	if genesis == nil || genesis.Hash() != n.genesis.L2.ToBlock().Hash() {
		return nil, errors.New("geth's genesis block differs from the genesis file: use another --data-dir")
	}
	return genesis, nil
}

// startSequencer builds the sequencer over geth, taking deposits from the
// L1 watcher and feeding the batcher, and recovers the chain from the
// store.
func (n *Node) startSequencer(ctx context.Context, genesis *types.Block, deposits sequencer.DepositSource, b *batcher.Batcher) (*sequencer.Sequencer, error) {
	var fee common.Address
	if n.cfg.Sequencer.FeeRecipient != "" {
		fee = common.HexToAddress(n.cfg.Sequencer.FeeRecipient)
	}
	rules := validityLimits(n.genesis)
	seq := sequencer.New(sequencer.Config{Genesis: n.consensus, BlockTime: n.cfg.Sequencer.BlockTime.Duration,
		MaxDepositsPerBlock: rules.MaxDepositsPerBlock, MaxPayloadSize: rules.MaxPayloadSize,
		MaxClockDrift: rules.MaxClockDrift, FeeRecipient: fee, OnFinal: n.onFinal, Clock: n.opts.clock, Witnesses: n.proves()},
		n.engine, n.store, b, deposits, genesis, n.log.With("service", "sequencer"))
	if err := seq.Recover(ctx); err != nil {
		return nil, fmt.Errorf("recover chain from the store: %w", err)
	}
	return seq, nil
}

// onFinal runs after each block is final and stored: peers learn of it,
// and the finality latency is recorded.
func (n *Node) onFinal(b *types.Block, qc *consensus.CommitQC) {
	if h := n.host(); h != nil {
		h.AnnounceFinal(b.NumberU64())
	}
	n.stats.finalized(b, time.Now())
}

// validityLimits are the bounds of the block validity rules. They come from
// the genesis alone, never from the node's config: validators configured
// differently must still accept each other's proposals.
func validityLimits(g *config.Genesis) sequencer.Limits {
	// A block's published data is never larger than its RLP
	// (batchdata.TestBlockDataIsBoundedByItsRLP): capped at max_da_bytes, any
	// block fits a batch alone, and no transaction can make a final block
	// the sealer cannot publish. Every validator refuses a larger proposal.
	maxPayload := min(g.Consensus.MaxPayloadSize, g.Batcher.MaxDABytes)
	return sequencer.Limits{MaxPayloadSize: int(maxPayload), MaxDepositsPerBlock: g.MaxDepositsPerBlock(),
		MaxClockDrift: g.Consensus.MaxClockDrift()}
}

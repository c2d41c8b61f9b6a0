// Package proposer is the node's view of the OnChainProposer contract: the
// committed and verified batch counters, and the commitBatch and
// verifyBatch transactions, sent through the L1 transaction manager.
package proposer

import (
	"context"
	"fmt"
	"math/big"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Caller makes eth_calls.
type Caller interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
}

// Sender sends a transaction and waits for it to be mined.
type Sender interface {
	Send(ctx context.Context, what string, to common.Address, data []byte) (*types.Receipt, error)
}

// Proposer reads and writes the OnChainProposer at one address.
type Proposer struct {
	addr   common.Address
	caller Caller
	sender Sender // nil on nodes without an operator key
	abi    *bindings.OnChainProposer
}

// New returns a Proposer; sender may be nil for a read-only view.
func New(addr common.Address, caller Caller, sender Sender) *Proposer {
	return &Proposer{addr: addr, caller: caller, sender: sender, abi: bindings.NewOnChainProposer()}
}

func call[T any](ctx context.Context, p *Proposer, what string, data []byte, unpack func([]byte) (T, error)) (T, error) {
	var zero T
	out, err := p.caller.CallContract(ctx, ethereum.CallMsg{To: &p.addr, Data: data}, nil)
	if err != nil {
		return zero, fmt.Errorf("OnChainProposer.%s: %w", what, err)
	}
	v, err := unpack(out)
	if err != nil {
		return zero, fmt.Errorf("OnChainProposer.%s: decode: %w", what, err)
	}
	return v, nil
}

// LastCommitted is lastCommittedBatch on L1.
func (p *Proposer) LastCommitted(ctx context.Context) (uint64, error) {
	return call(ctx, p, "lastCommittedBatch", p.abi.PackLastCommittedBatch(), p.abi.UnpackLastCommittedBatch)
}

// LastVerified is lastVerifiedBatch on L1.
func (p *Proposer) LastVerified(ctx context.Context) (uint64, error) {
	return call(ctx, p, "lastVerifiedBatch", p.abi.PackLastVerifiedBatch(), p.abi.UnpackLastVerifiedBatch)
}

// RequiredProofTypes lists the proof types verifyBatch needs.
func (p *Proposer) RequiredProofTypes(ctx context.Context) ([]uint8, error) {
	return call(ctx, p, "getRequiredProofTypes", p.abi.PackGetRequiredProofTypes(), p.abi.UnpackGetRequiredProofTypes)
}

// CommittedHash is the batch hash L1 stored for batch n (zero if none).
func (p *Proposer) CommittedHash(ctx context.Context, n uint64) (common.Hash, error) {
	b, err := call(ctx, p, "batches", p.abi.PackBatches(n), p.abi.UnpackBatches)
	if err != nil {
		return common.Hash{}, err
	}
	return b.BatchHash, nil
}

// Commit sends commitBatch(b, attestations).
func (p *Proposer) Commit(ctx context.Context, b *rollup.Batch, attestations [][]byte) (*types.Receipt, error) {
	if p.sender == nil {
		return nil, fmt.Errorf("commit batch %d: no operator key", b.Number)
	}
	if attestations == nil {
		attestations = [][]byte{}
	}
	data := p.abi.PackCommitBatch(Header(b), attestations)
	return p.sender.Send(ctx, fmt.Sprintf("commit batch %d", b.Number), p.addr, data)
}

// Verify sends verifyBatch(n, types, proofs).
func (p *Proposer) Verify(ctx context.Context, n uint64, proofTypes []uint8, proofs [][]byte) (*types.Receipt, error) {
	if p.sender == nil {
		return nil, fmt.Errorf("verify batch %d: no operator key", n)
	}
	data := p.abi.PackVerifyBatch(n, proofTypes, proofs)
	return p.sender.Send(ctx, fmt.Sprintf("verify batch %d", n), p.addr, data)
}

// Header converts a batch to the contract's struct.
func Header(b *rollup.Batch) bindings.OnChainProposerBatchHeader {
	return bindings.OnChainProposerBatchHeader{
		Number: b.Number, FirstBlock: b.FirstBlock, LastBlock: b.LastBlock,
		PrevStateRoot: b.PrevStateRoot, StateRoot: b.StateRoot, LastBlockHash: b.LastBlockHash,
		PrevLastDepositId: b.PrevLastDepositID, LastDepositId: b.LastDepositID, DepositsRollingHash: b.DepositsRollingHash,
		WithdrawalsRoot: b.WithdrawalsRoot, WithdrawalsCount: b.WithdrawalsCount,
	}
}

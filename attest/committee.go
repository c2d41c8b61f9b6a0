package attest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
)

// Committee is the attester committee that applies to a batch, as L1 has it.
type Committee struct {
	FromBatch uint64
	Attesters []common.Address
	Weights   []uint64
	weight    map[common.Address]uint64
	total     uint64
}

// NewCommittee builds a committee, refusing what L1 refuses: an empty
// list, mismatched lengths, the zero address, zero weights and duplicates.
func NewCommittee(from uint64, attesters []common.Address, weights []uint64) (*Committee, error) {
	if len(attesters) == 0 {
		return nil, errors.New("committee: no attesters")
	}
	if len(attesters) != len(weights) {
		return nil, fmt.Errorf("committee: %d attesters but %d weights", len(attesters), len(weights))
	}
	c := &Committee{FromBatch: from, Attesters: attesters, Weights: weights, weight: make(map[common.Address]uint64, len(attesters))}
	for i, a := range attesters {
		if a == (common.Address{}) {
			return nil, fmt.Errorf("committee: attester %d is the zero address", i)
		}
		if weights[i] == 0 {
			return nil, fmt.Errorf("committee: attester %s has weight 0", a)
		}
		if _, dup := c.weight[a]; dup {
			return nil, fmt.Errorf("committee: attester %s is listed twice", a)
		}
		if c.total+weights[i] < c.total {
			return nil, errors.New("committee: total weight overflows")
		}
		c.weight[a] = weights[i]
		c.total += weights[i]
	}
	return c, nil
}

// Weight is the weight of a member, 0 for anyone else.
func (c *Committee) Weight(a common.Address) uint64 { return c.weight[a] }

// TotalWeight is the sum of the weights.
func (c *Committee) TotalWeight() uint64 { return c.total }

// Quorum is W − floor((W − 1) / 5), the weight a certificate needs.
func (c *Committee) Quorum() uint64 { return Quorum(c.total) }

// Quorum is the quorum of total weight w (0 for 0).
func Quorum(w uint64) uint64 {
	if w == 0 {
		return 0
	}
	return w - (w-1)/5
}

// Equal reports whether two committees are the same list from the same batch.
func (c *Committee) Equal(o *Committee) bool {
	if c == nil || o == nil {
		return c == o
	}
	if c.FromBatch != o.FromBatch || len(c.Attesters) != len(o.Attesters) {
		return false
	}
	for i := range c.Attesters {
		if c.Attesters[i] != o.Attesters[i] || c.Weights[i] != o.Weights[i] {
			return false
		}
	}
	return true
}

// Committees tells which committee applies to a batch; nil when none does.
type Committees interface {
	AttesterCommittee(ctx context.Context, batch uint64) (*Committee, error)
}

// Caller makes eth_calls.
type Caller interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
}

// L1 reads committees and deposit hashes from the contracts.
type L1 struct {
	caller   Caller
	proposer common.Address
	bridge   common.Address
	ocp      *bindings.OnChainProposer
	br       *bindings.Bridge
}

// NewL1 returns the L1 view of the OnChainProposer and Bridge at these addresses.
func NewL1(caller Caller, onChainProposer, bridge common.Address) *L1 {
	return &L1{caller: caller, proposer: onChainProposer, bridge: bridge, ocp: bindings.NewOnChainProposer(), br: bindings.NewBridge()}
}

// AttesterCommittee reads OnChainProposer.attesterCommittee(batch).
func (l *L1) AttesterCommittee(ctx context.Context, batch uint64) (*Committee, error) {
	out, err := l.caller.CallContract(ctx, ethereum.CallMsg{To: &l.proposer, Data: l.ocp.PackAttesterCommittee(batch)}, nil)
	if err != nil {
		return nil, fmt.Errorf("OnChainProposer.attesterCommittee(%d): %w", batch, err)
	}
	c, err := l.ocp.UnpackAttesterCommittee(out)
	if err != nil {
		return nil, fmt.Errorf("OnChainProposer.attesterCommittee(%d): decode: %w", batch, err)
	}
	if len(c.Attesters) == 0 {
		return nil, nil
	}
	committee, err := NewCommittee(c.FromBatch, c.Attesters, c.Weights)
	if err != nil {
		return nil, fmt.Errorf("OnChainProposer.attesterCommittee(%d): %w", batch, err)
	}
	return committee, nil
}

// DepositHash reads Bridge.depositHash(id).
func (l *L1) DepositHash(ctx context.Context, id uint64) (common.Hash, error) {
	out, err := l.caller.CallContract(ctx, ethereum.CallMsg{To: &l.bridge, Data: l.br.PackDepositHash(new(big.Int).SetUint64(id))}, nil)
	if err != nil {
		return common.Hash{}, fmt.Errorf("Bridge.depositHash(%d): %w", id, err)
	}
	h, err := l.br.UnpackDepositHash(out)
	if err != nil {
		return common.Hash{}, fmt.Errorf("Bridge.depositHash(%d): decode: %w", id, err)
	}
	return h, nil
}

// sortBySigner orders votes by strictly increasing signer address, as L1 requires.
func sortBySigner(vs []Vote) {
	sort.Slice(vs, func(i, j int) bool { return bytes.Compare(vs[i].Signer[:], vs[j].Signer[:]) < 0 })
}

// LastCommitted reads OnChainProposer.lastCommittedBatch.
func (l *L1) LastCommitted(ctx context.Context) (uint64, error) {
	out, err := l.caller.CallContract(ctx, ethereum.CallMsg{To: &l.proposer, Data: l.ocp.PackLastCommittedBatch()}, nil)
	if err != nil {
		return 0, fmt.Errorf("OnChainProposer.lastCommittedBatch: %w", err)
	}
	n, err := l.ocp.UnpackLastCommittedBatch(out)
	if err != nil {
		return 0, fmt.Errorf("OnChainProposer.lastCommittedBatch: decode: %w", err)
	}
	return n, nil
}

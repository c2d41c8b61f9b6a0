package rollup

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// SealLimits decide where a batch ends. They are part of genesis so that
// every node seals the same batches.
type SealLimits struct {
	MaxBlocks   uint64 `toml:"max_blocks" json:"maxBlocks"`
	MaxGas      uint64 `toml:"max_gas" json:"maxGas"`
	MaxSeconds  uint64 `toml:"max_seconds" json:"maxSeconds"`
	MaxDeposits uint64 `toml:"max_deposits" json:"maxDeposits"`
}

// Validate refuses limits that would never seal or seal nothing.
func (l SealLimits) Validate() error {
	if l.MaxBlocks == 0 {
		return errors.New("max_blocks must be at least 1")
	}
	if l.MaxGas == 0 || l.MaxSeconds == 0 || l.MaxDeposits == 0 {
		return errors.New("max_gas, max_seconds and max_deposits must be positive")
	}
	return nil
}

// FinalBlock is what the sealer needs of a finalized L2 block.
type FinalBlock struct {
	Header      *types.Header
	Deposits    []*types.Withdrawal // the block's Engine API withdrawals list
	Withdrawals []Withdrawal        // L2Bridge withdrawals made in the block, in id order
}

// Sealer accumulates finalized blocks, in order, into batches. It is
// deterministic: the same blocks give the same batches on every node.
type Sealer struct {
	chainID uint64
	limits  SealLimits

	prev        Batch // the last sealed batch
	open        []FinalBlock
	gas         uint64
	deposits    uint64
	lastDeposit uint64
	rolling     common.Hash
	withdrawals []Withdrawal
}

// NewSealer starts sealing after prev, the last sealed batch (batch 0 for a
// new chain: Number 0, LastBlock 0, StateRoot the genesis root, LastBlockHash
// the genesis block hash).
func NewSealer(l2ChainID uint64, limits SealLimits, prev Batch) *Sealer {
	return &Sealer{chainID: l2ChainID, limits: limits, prev: prev,
		lastDeposit: prev.LastDepositID, rolling: prev.DepositsRollingHash}
}

// Last returns the last sealed batch.
func (s *Sealer) Last() Batch { return s.prev }

// Next is the number of the next block the sealer expects.
func (s *Sealer) Next() uint64 { return s.prev.LastBlock + uint64(len(s.open)) + 1 }

// Add takes the next finalized block. When the block closes a batch it
// returns the sealed batch and the batch's withdrawals.
func (s *Sealer) Add(b FinalBlock) (*Batch, []Withdrawal, error) {
	h := b.Header
	if h.Number.Uint64() != s.Next() {
		return nil, nil, fmt.Errorf("sealer expects block %d, got %d", s.Next(), h.Number.Uint64())
	}
	lastID, rolling, err := RollDeposits(s.lastDeposit, s.rolling, b.Deposits)
	if err != nil {
		return nil, nil, fmt.Errorf("block %d: %w", h.Number.Uint64(), err)
	}
	s.open = append(s.open, b)
	s.gas += h.GasUsed
	s.deposits += uint64(len(b.Deposits))
	s.lastDeposit, s.rolling = lastID, rolling
	s.withdrawals = append(s.withdrawals, b.Withdrawals...)

	first := s.open[0].Header
	if uint64(len(s.open)) < s.limits.MaxBlocks && s.gas < s.limits.MaxGas &&
		h.Time-first.Time < s.limits.MaxSeconds && s.deposits < s.limits.MaxDeposits {
		return nil, nil, nil
	}
	batch := &Batch{
		Number:              s.prev.Number + 1,
		FirstBlock:          first.Number.Uint64(),
		LastBlock:           h.Number.Uint64(),
		PrevStateRoot:       s.prev.StateRoot,
		StateRoot:           h.Root,
		PrevLastBlockHash:   s.prev.LastBlockHash,
		LastBlockHash:       h.Hash(),
		PrevLastDepositID:   s.prev.LastDepositID,
		LastDepositID:       s.lastDeposit,
		DepositsRollingHash: s.rolling,
		WithdrawalsRoot:     WithdrawalsRoot(s.chainID, s.withdrawals),
		WithdrawalsCount:    uint64(len(s.withdrawals)),
	}
	ws := s.withdrawals
	s.prev = *batch
	s.open, s.gas, s.deposits, s.withdrawals = nil, 0, 0, nil
	return batch, ws, nil
}

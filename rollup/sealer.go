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
	// MaxDABytes bounds a batch's published data (encoded and compressed),
	// so that one commit transaction always carries one batch.
	MaxDABytes uint64 `toml:"max_da_bytes" json:"maxDaBytes"`
}

// Validate refuses limits that would never seal or seal nothing.
func (l SealLimits) Validate() error {
	if l.MaxBlocks == 0 {
		return errors.New("max_blocks must be at least 1")
	}
	if l.MaxGas == 0 || l.MaxSeconds == 0 || l.MaxDeposits == 0 {
		return errors.New("max_gas, max_seconds and max_deposits must be positive")
	}
	if l.MaxDABytes == 0 {
		return errors.New("max_da_bytes must be positive")
	}
	return nil
}

// FinalBlock is what the sealer needs of a finalized L2 block.
type FinalBlock struct {
	Header      *types.Header
	Deposits    []*types.Withdrawal // the block's Engine API withdrawals list
	Withdrawals []Withdrawal        // L2Bridge withdrawals made in the block, in id order
	Txs         types.Transactions  // the block's transactions, published with the batch
}

// Publisher encodes a batch's blocks as they are published on L1 and
// commits to that encoding as OnChainProposer computes it (the batch's
// DataCommitment). Both are deterministic.
//
// Grow and Bound let the sealer skip most encodings: Grow is the
// uncompressed bytes b adds after prev (nil: b opens the batch), Bound an
// upper bound of len(Encode(blocks)) for blocks whose Grows sum to
// payload. A batch whose bound is within max_da_bytes fits for sure; only
// near the limit is the batch encoded to decide, so the decision is the
// exact encoding's either way.
type Publisher interface {
	Encode(blocks []FinalBlock) ([]byte, error)
	Commit(data []byte) (common.Hash, error)
	Grow(prev *FinalBlock, b FinalBlock) (int, error)
	Bound(payload int) (int, error)
}

// Sealed is a batch the sealer closed: its header, the withdrawals it
// carries and its published data.
type Sealed struct {
	Batch       *Batch
	Withdrawals []Withdrawal
	Data        []byte
}

// Sealer accumulates finalized blocks, in order, into batches. It is
// deterministic: the same blocks give the same batches on every node.
type Sealer struct {
	chainID uint64
	limits  SealLimits
	pub     Publisher

	prev        Batch // the last sealed batch
	open        []FinalBlock
	payload     int // the Grows of the open blocks
	gas         uint64
	deposits    uint64
	lastDeposit uint64
	rolling     common.Hash
	withdrawals []Withdrawal
}

// NewSealer starts sealing after prev, the last sealed batch (batch 0 for a
// new chain: Number 0, LastBlock 0, StateRoot the genesis root, LastBlockHash
// the genesis block hash).
func NewSealer(l2ChainID uint64, limits SealLimits, pub Publisher, prev Batch) *Sealer {
	return &Sealer{chainID: l2ChainID, limits: limits, pub: pub, prev: prev,
		lastDeposit: prev.LastDepositID, rolling: prev.DepositsRollingHash}
}

// Last returns the last sealed batch.
func (s *Sealer) Last() Batch { return s.prev }

// Next is the number of the next block the sealer expects.
func (s *Sealer) Next() uint64 { return s.prev.LastBlock + uint64(len(s.open)) + 1 }

// Add takes the next finalized block and returns the batches it closes, in
// order: none, one, or two when the block's data would not fit in the
// open batch (that batch closes before the block) and the block then
// closes its own.
func (s *Sealer) Add(b FinalBlock) ([]Sealed, error) {
	h := b.Header
	if h.Number.Uint64() != s.Next() {
		return nil, fmt.Errorf("sealer expects block %d, got %d", s.Next(), h.Number.Uint64())
	}
	var out []Sealed
	var prev *FinalBlock
	if len(s.open) > 0 {
		prev = &s.open[len(s.open)-1]
	}
	grow, over, err := s.overflows(s.open, prev, b)
	if err != nil {
		return nil, err
	}
	if over {
		// The block goes to the next batch, which it must fit alone.
		var alone bool
		if grow, alone, err = s.overflows(nil, nil, b); err != nil || alone || len(s.open) == 0 {
			if err == nil {
				err = fmt.Errorf("block %d alone has more batch data than max_da_bytes %d", h.Number.Uint64(), s.limits.MaxDABytes)
			}
			return nil, err
		}
		sealed, err := s.seal()
		if err != nil {
			return nil, err
		}
		out = append(out, sealed)
	}
	lastID, rolling, err := RollDeposits(s.lastDeposit, s.rolling, b.Deposits)
	if err != nil {
		return nil, fmt.Errorf("block %d: %w", h.Number.Uint64(), err)
	}
	s.open = append(s.open, b)
	s.payload += grow
	s.gas += h.GasUsed
	s.deposits += uint64(len(b.Deposits))
	s.lastDeposit, s.rolling = lastID, rolling
	s.withdrawals = append(s.withdrawals, b.Withdrawals...)

	first := s.open[0].Header
	if uint64(len(s.open)) < s.limits.MaxBlocks && s.gas < s.limits.MaxGas &&
		h.Time-first.Time < s.limits.MaxSeconds && s.deposits < s.limits.MaxDeposits {
		return out, nil
	}
	sealed, err := s.seal()
	if err != nil {
		return nil, err
	}
	return append(out, sealed), nil
}

// overflows says whether the data of open (the open blocks, or none) and
// b, which follows prev (open's last), is over max_da_bytes, and returns
// b's Grow. It encodes only when the bound does not settle it.
func (s *Sealer) overflows(open []FinalBlock, prev *FinalBlock, b FinalBlock) (int, bool, error) {
	num := b.Header.Number.Uint64()
	grow, err := s.pub.Grow(prev, b)
	if err != nil {
		return 0, false, fmt.Errorf("block %d: batch data: %w", num, err)
	}
	payload := grow
	if open != nil {
		payload += s.payload
	}
	bound, err := s.pub.Bound(payload)
	if err != nil {
		return 0, false, fmt.Errorf("block %d: batch data: %w", num, err)
	}
	if uint64(bound) <= s.limits.MaxDABytes {
		return grow, false, nil
	}
	data, err := s.pub.Encode(append(open[:len(open):len(open)], b))
	if err != nil {
		return 0, false, fmt.Errorf("block %d: encode batch data: %w", num, err)
	}
	return grow, uint64(len(data)) > s.limits.MaxDABytes, nil
}

// seal closes the open blocks into the next batch.
func (s *Sealer) seal() (Sealed, error) {
	first, h := s.open[0].Header, s.open[len(s.open)-1].Header
	data, err := s.pub.Encode(s.open)
	if err != nil {
		return Sealed{}, fmt.Errorf("batch %d: encode data: %w", s.prev.Number+1, err)
	}
	commitment, err := s.pub.Commit(data)
	if err != nil {
		return Sealed{}, fmt.Errorf("batch %d: data commitment: %w", s.prev.Number+1, err)
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
		DataCommitment:      commitment,
	}
	out := Sealed{Batch: batch, Withdrawals: s.withdrawals, Data: data}
	s.prev = *batch
	s.open, s.payload, s.gas, s.deposits, s.withdrawals = nil, 0, 0, 0, nil
	return out, nil
}

package rollup

import (
	"encoding/binary"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Batch is a contiguous range of finalized L2 blocks, as committed to L1.
// Batch 0 is the genesis; sealed batches are numbered 1, 2, 3, …
type Batch struct {
	Number              uint64
	FirstBlock          uint64
	LastBlock           uint64
	PrevStateRoot       common.Hash
	StateRoot           common.Hash
	LastBlockHash       common.Hash
	PrevLastDepositID   uint64 // the last deposit id of the previous batch
	LastDepositID       uint64
	DepositsRollingHash common.Hash
	WithdrawalsRoot     common.Hash
	WithdrawalsCount    uint64
}

// Hash is keccak256(abi.encode(l2ChainId, number, firstBlock, lastBlock,
// prevStateRoot, stateRoot, lastBlockHash, prevLastDepositId, lastDepositId,
// depositsRollingHash, withdrawalsRoot)), as OnChainProposer computes it.
func (b *Batch) Hash(l2ChainID uint64) common.Hash {
	return keccakWords(
		uintWord(l2ChainID), uintWord(b.Number), uintWord(b.FirstBlock), uintWord(b.LastBlock),
		b.PrevStateRoot, b.StateRoot, b.LastBlockHash, uintWord(b.PrevLastDepositID), uintWord(b.LastDepositID),
		b.DepositsRollingHash, b.WithdrawalsRoot,
	)
}

// PublicInputsHash is what every proof of the batch attests to:
// keccak256(abi.encode(l2ChainId, number, prevStateRoot, stateRoot,
// lastBlockHash, prevLastDepositId, lastDepositId, depositsRollingHash,
// withdrawalsRoot)). prevLastDepositId is not in ROLLUP.md's formula: without
// it a proof would not say where the batch's deposits start, and a deposit
// could be skipped between two batches (L1 checks it against the previous
// batch at commit).
func (b *Batch) PublicInputsHash(l2ChainID uint64) common.Hash {
	return keccakWords(
		uintWord(l2ChainID), uintWord(b.Number), b.PrevStateRoot, b.StateRoot,
		b.LastBlockHash, uintWord(b.PrevLastDepositID), uintWord(b.LastDepositID), b.DepositsRollingHash, b.WithdrawalsRoot,
	)
}

// uintWord is the 32-byte ABI word of an unsigned integer.
func uintWord(v uint64) common.Hash {
	var w common.Hash
	binary.BigEndian.PutUint64(w[24:], v)
	return w
}

// keccakWords hashes the concatenation of 32-byte words, which is what
// abi.encode produces for static types.
func keccakWords(words ...common.Hash) common.Hash {
	buf := make([]byte, 0, 32*len(words))
	for _, w := range words {
		buf = append(buf, w[:]...)
	}
	return crypto.Keccak256Hash(buf)
}

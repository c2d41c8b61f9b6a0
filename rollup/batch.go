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
	PrevLastBlockHash   common.Hash // the last block hash of the previous batch (batch 0: the L2 genesis block hash)
	LastBlockHash       common.Hash
	PrevLastDepositID   uint64 // the last deposit id of the previous batch
	LastDepositID       uint64
	DepositsRollingHash common.Hash
	WithdrawalsRoot     common.Hash
	WithdrawalsCount    uint64
	DataCommitment      common.Hash // the commitment to the batch's published data, as L1 computes it (rollup/batchdata)
}

// Hash is keccak256(abi.encode(l2ChainId, number, firstBlock, lastBlock,
// prevStateRoot, stateRoot, prevLastBlockHash, lastBlockHash,
// prevLastDepositId, lastDepositId, depositsRollingHash, withdrawalsRoot,
// withdrawalsCount, dataCommitment)), as OnChainProposer computes it
// (docs/protocols/batch-data.md).
func (b *Batch) Hash(l2ChainID uint64) common.Hash {
	return keccakWords(
		uintWord(l2ChainID), uintWord(b.Number), uintWord(b.FirstBlock), uintWord(b.LastBlock),
		b.PrevStateRoot, b.StateRoot, b.PrevLastBlockHash, b.LastBlockHash,
		uintWord(b.PrevLastDepositID), uintWord(b.LastDepositID),
		b.DepositsRollingHash, b.WithdrawalsRoot, uintWord(b.WithdrawalsCount),
		b.DataCommitment,
	)
}

// PublicInputsHash is what every proof of the batch attests to. It binds
// everything L1 relies on — the chain of blocks (prevLastBlockHash, the block
// range, lastBlockHash), of states, of deposits (prevLastDepositId onwards),
// the withdrawals (root and count) and the data L1 received (dataCommitment)
// — so it is the same 14 words as Hash, and
// equal to it: docs/protocols/batch-data.md states both with the same list,
// and OnChainProposer stores one hash per batch for both uses.
func (b *Batch) PublicInputsHash(l2ChainID uint64) common.Hash {
	return b.Hash(l2ChainID)
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

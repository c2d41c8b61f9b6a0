package batchdata

import (
	"errors"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// Version is the first byte of every encoding this package writes.
const Version byte = 0x01

// Limits on what Decode accepts (and Encode writes). They bound the memory
// and time an untrusted L1 payload can cost.
const (
	// MaxPayloadSize is the largest decompressed payload, in bytes.
	MaxPayloadSize = 8 << 20
	// MaxBlocks is the most blocks one batch's data holds.
	MaxBlocks = 1 << 16
	// MaxTxs is the most transactions one batch's data holds.
	MaxTxs = 1 << 18
	// MaxDeposits is the most deposits one block mints.
	MaxDeposits = 1 << 16
	// MaxExtraData is the longest header extra data, geth's limit.
	MaxExtraData = int(params.MaximumExtraDataSize)
)

// Block is what the batch data holds of one L2 block: the header fields
// execution cannot recompute, the number of deposits it mints and its
// transactions. Everything else in the header follows from the parent and
// execution (number, parent hash, roots, bloom, gas used, base fee, blob
// gas fields, requests hash), or from a validity rule: prevRandao is
// sequencer.PrevRandao(number) (RulePrevRandao), difficulty and nonce are
// zero, the uncles are empty. The deposits are the Engine API withdrawals
// {Index: id, Validator: 0, Address, Amount} of the next Deposits L1 Bridge
// deposits in id order (rollup.Deposit.Withdrawal).
type Block struct {
	Timestamp    uint64
	FeeRecipient common.Address
	ExtraData    []byte // at most MaxExtraData bytes; Cairn's builder leaves it empty
	GasLimit     uint64
	// BeaconRoot is the header's parent beacon block root: Cairn's builder
	// sets zero, but no rule fixes it, so it is carried. Cairn's L2 runs
	// Cancun from genesis: the header always has one (FromBlock reads a
	// missing one as zero).
	BeaconRoot common.Hash
	Deposits   uint64 // deposits the block mints (its withdrawals list's length)
	Txs        types.Transactions
}

// FromBlock is what the batch data holds of b.
func FromBlock(b *types.Block) Block {
	out := Block{
		Timestamp:    b.Time(),
		FeeRecipient: b.Coinbase(),
		ExtraData:    b.Extra(),
		GasLimit:     b.GasLimit(),
		Deposits:     uint64(len(b.Withdrawals())),
		Txs:          b.Transactions(),
	}
	if r := b.BeaconRoot(); r != nil {
		out.BeaconRoot = *r
	}
	return out
}

// Errors Decode wraps; errors.Is tells them apart.
var (
	ErrVersion   = errors.New("unknown batch data version")
	ErrMalformed = errors.New("malformed batch data")
	ErrTooLarge  = errors.New("batch data over a size limit")
	ErrBlobTx    = errors.New("blob transactions never occur on Cairn L2")
)

package batchdata

import (
	"github.com/ethereum/go-ethereum/common"

	"github.com/cairn-rollup/cairn/rollup"
)

// MaxCalldata is the most batch data a calldata commit carries: geth's
// transaction pool refuses transactions over 128 KiB, and the commit
// also carries the batch header and the attesters' certificate.
const MaxCalldata = 120_000

// MaxData is the most batch data one commit carries in mode.
func MaxData(mode Mode) int {
	if mode == Blobs {
		return MaxBlobData
	}
	return MaxCalldata
}

// Publisher is the rollup.Publisher of a network whose commits publish in
// Mode: the sealer encodes batches with it.
type Publisher struct{ Mode Mode }

// Encode is the batch data of blocks.
func (p Publisher) Encode(blocks []rollup.FinalBlock) ([]byte, error) {
	out := make([]Block, len(blocks))
	for i, b := range blocks {
		out[i] = fromFinal(b)
	}
	return Encode(out)
}

// Grow is BlockSize for a final block.
func (p Publisher) Grow(prev *rollup.FinalBlock, b rollup.FinalBlock) (int, error) {
	if prev == nil {
		return BlockSize(nil, fromFinal(b))
	}
	pb := fromFinal(*prev)
	return BlockSize(&pb, fromFinal(b))
}

// Bound is MaxEncodedSize.
func (p Publisher) Bound(payload int) (int, error) { return MaxEncodedSize(payload) }

func fromFinal(b rollup.FinalBlock) Block {
	h := b.Header
	out := Block{Timestamp: h.Time, FeeRecipient: h.Coinbase, ExtraData: h.Extra, GasLimit: h.GasLimit,
		Deposits: uint64(len(b.Deposits)), Txs: b.Txs}
	if h.ParentBeaconRoot != nil {
		out.BeaconRoot = *h.ParentBeaconRoot
	}
	return out
}

// Commit is the data commitment of data in the publisher's mode.
func (p Publisher) Commit(data []byte) (common.Hash, error) { return Commitment(p.Mode, data) }

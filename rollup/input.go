package rollup

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"
)

// proverInputVersion is bumped whenever the encoding of ProverInput changes.
const proverInputVersion = 3 // 2: Batch carries PrevLastBlockHash; 3: and DataCommitment

// MaxProverInputSize bounds a decoded prover input (512 MiB).
const MaxProverInputSize = 512 << 20

// ProverInput is everything a prover needs to prove one batch without
// access to the chain: the blocks, one execution witness per block, and the
// chain configuration. PrevDepositsRollingHash is the rolling deposit hash
// at the end of the previous batch (Batch.PrevLastDepositID), from which the
// batch's deposits are rolled.
type ProverInput struct {
	Version                 uint64
	L2ChainID               uint64
	Batch                   Batch
	PrevDepositsRollingHash common.Hash
	Blocks                  [][]byte // RLP of types.Block, FirstBlock..LastBlock
	Witnesses               [][]byte // RLP of stateless.Witness, one per block
	ChainConfig             []byte   // JSON of params.ChainConfig
}

// Encode returns the RLP encoding of the input, stamped with the current
// version.
func (p *ProverInput) Encode() ([]byte, error) {
	cp := *p
	cp.Version = proverInputVersion
	return rlp.EncodeToBytes(&cp)
}

// DecodeProverInput decodes an encoded prover input, refusing unknown
// versions, trailing bytes and inputs whose shape is inconsistent.
func DecodeProverInput(b []byte) (*ProverInput, error) {
	if len(b) > MaxProverInputSize {
		return nil, fmt.Errorf("prover input is %d bytes, above the %d limit", len(b), MaxProverInputSize)
	}
	var p ProverInput
	if err := rlp.DecodeBytes(b, &p); err != nil {
		return nil, fmt.Errorf("decode prover input: %w", err)
	}
	if p.Version != proverInputVersion {
		return nil, fmt.Errorf("prover input version %d, this build reads %d", p.Version, proverInputVersion)
	}
	n := p.Batch.LastBlock - p.Batch.FirstBlock + 1
	if p.Batch.LastBlock < p.Batch.FirstBlock || uint64(len(p.Blocks)) != n || len(p.Witnesses) != len(p.Blocks) {
		return nil, fmt.Errorf("prover input for batch %d: blocks %d..%d but %d blocks and %d witnesses",
			p.Batch.Number, p.Batch.FirstBlock, p.Batch.LastBlock, len(p.Blocks), len(p.Witnesses))
	}
	return &p, nil
}

package node

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
)

// jobs serves the coordinator from the store: sealed batches without a
// proof, their inputs, and first-write-wins proof storage.
type jobs struct {
	store *store.Store
	// released, when set, says whether a batch may go to the internal
	// prover (the proof market holds the others).
	released func(batch uint64) (bool, error)
	// inputs builds the prover input of a batch stored without one.
	inputs func(ctx context.Context, batch uint64) ([]byte, error)
	mu     sync.Mutex
	from   map[uint8]uint64 // lowest batch that may lack a proof, per type
}

func (j *jobs) Pending(_ context.Context, proofType uint8, limit int) ([]uint64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.from == nil {
		j.from = map[uint8]uint64{}
	}
	last, err := j.store.LastSealed()
	if err != nil {
		return nil, err
	}
	from := max(j.from[proofType], 1)
	var out []uint64
	for n := from; n <= last && len(out) < limit; n++ {
		_, err := j.store.Proof(n, proofType)
		switch {
		case err == nil:
			if n == from {
				from++
			}
		case errors.Is(err, store.ErrNotFound):
			if j.released != nil {
				ok, err := j.released(n)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			out = append(out, n)
		default:
			return nil, err
		}
	}
	j.from[proofType] = from
	return out, nil
}

func (j *jobs) HasProof(_ context.Context, batch uint64, proofType uint8) (bool, error) {
	_, err := j.store.Proof(batch, proofType)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (j *jobs) Input(ctx context.Context, batch uint64) ([]byte, error) {
	in, err := j.store.ProverInput(batch)
	if errors.Is(err, store.ErrNotFound) && j.inputs != nil {
		// Sealed before this node proved: build it now.
		return j.inputs(ctx, batch)
	}
	return in, err
}

func (j *jobs) SaveProof(_ context.Context, batch uint64, proofType uint8, proof []byte) (bool, error) {
	return j.store.SaveProof(batch, proofType, proof)
}

// execVerifier checks an exec proof the way L1 will: it recovers the signer
// over the batch's public inputs in the ExecVerifier's EIP-712 domain for a
// clear refusal, then asks the ExecVerifier contract itself, so the
// allow-list and the domain have one source of truth.
type execVerifier struct {
	store     *store.Store
	l1        ethereum.ContractCaller
	verifier  common.Address
	l1ChainID uint64
	chainID   uint64
}

func (v *execVerifier) VerifyProof(ctx context.Context, batch uint64, proofType uint8, proof []byte) error {
	if proofType != wire.ProofTypeExec {
		return fmt.Errorf("proof type %d is not served", proofType)
	}
	sb, err := v.store.Batch(batch)
	if err != nil {
		return err
	}
	pih := sb.Batch.PublicInputsHash(v.chainID)
	signer, err := exec.Recover(exec.Domain{L1ChainID: v.l1ChainID, Verifier: v.verifier}, pih, proof)
	if err != nil {
		return fmt.Errorf("batch %d: %w", batch, err)
	}
	abi := bindings.NewExecVerifier()
	out, err := v.l1.CallContract(ctx, ethereum.CallMsg{To: &v.verifier, Data: abi.PackVerify(pih, proof)}, nil)
	if err != nil {
		// L1 did not answer: the proof is not wrong, it cannot be checked now.
		return fmt.Errorf("%w: ask ExecVerifier on L1: %w", coordinator.ErrUnavailable, err)
	}
	ok, err := abi.UnpackVerify(out)
	if err != nil {
		return fmt.Errorf("ExecVerifier answer: %w", err)
	}
	if !ok {
		return fmt.Errorf("batch %d: signer %s is not an allow-listed prover, or the proof is over other public inputs or for another L1 or ExecVerifier", batch, signer)
	}
	return nil
}

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
	"github.com/ethereum/go-ethereum/crypto"
)

// Caller makes eth_calls.
type Caller interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
}

// Sender sends a transaction and waits for it to be mined: SendBlobs sends
// an EIP-4844 transaction that carries sidecar's blobs (l1/txmgr).
type Sender interface {
	Send(ctx context.Context, what string, to common.Address, data []byte) (*types.Receipt, error)
	SendBlobs(ctx context.Context, what string, to common.Address, data []byte, sidecar *types.BlobTxSidecar) (*types.Receipt, error)
}

// Proposer reads and writes the OnChainProposer at one address.
type Proposer struct {
	addr   common.Address
	caller Caller
	sender Sender // nil on nodes without an operator key
	// verifier sends verifyBatch; nil: sender does. A key of its own keeps
	// verify transactions apart from blob commits, which geth's pool will
	// not hold from one account at once.
	verifier Sender
	abi      *bindings.OnChainProposer
}

// New returns a Proposer; sender may be nil for a read-only view.
func New(addr common.Address, caller Caller, sender Sender) *Proposer {
	return &Proposer{addr: addr, caller: caller, sender: sender, abi: bindings.NewOnChainProposer()}
}

// WithVerifySender makes s send verifyBatch (any account may), instead of
// the operator's sender.
func (p *Proposer) WithVerifySender(s Sender) *Proposer {
	p.verifier = s
	return p
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

// Commit sends commitBatch(b, data, committee, certificate) for the batch,
// its data and its attestations: 65-byte r ‖ s ‖ v EIP-712 signatures sorted
// by signer address (docs/protocols/attestation.md). The payload carries the
// batch's data, in calldata (data) or in the transaction's blobs (then data
// is empty); its commitment must be b.DataCommitment, which is checked before
// anything is sent. With attestations, it reads from L1 the committee that
// applies to the batch and the digest its attesters signed, and packs the
// certificate as commitBatch takes it (PackCertificate). None: an empty
// certificate, for batches no committee applies to.
func (p *Proposer) Commit(ctx context.Context, b *rollup.Batch, attestations [][]byte, payload Payload) (*types.Receipt, error) {
	if p.sender == nil {
		return nil, fmt.Errorf("commit batch %d: no operator key", b.Number)
	}
	c, err := payload.Commitment()
	if err != nil {
		return nil, fmt.Errorf("commit batch %d: %w", b.Number, err)
	}
	if c != b.DataCommitment {
		return nil, fmt.Errorf("commit batch %d: its data commitment is %s but the payload's is %s", b.Number, b.DataCommitment, c)
	}
	committee, cert, err := p.certificate(ctx, b, attestations)
	if err != nil {
		return nil, fmt.Errorf("commit batch %d: %w", b.Number, err)
	}
	what := fmt.Sprintf("commit batch %d", b.Number)
	data := p.abi.PackCommitBatch(Header(b), payload.Calldata, committee, cert)
	if payload.Blobs != nil {
		return p.sender.SendBlobs(ctx, what, p.addr, data, payload.Blobs)
	}
	return p.sender.Send(ctx, what, p.addr, data)
}

// certificate is the committee and certificate to commit b with (both empty
// without attestations).
func (p *Proposer) certificate(ctx context.Context, b *rollup.Batch, attestations [][]byte) (committee, cert []byte, err error) {
	if len(attestations) == 0 {
		return nil, nil, nil
	}
	h := Header(b)
	members, err := call(ctx, p, "attesterCommitteeMembers", p.abi.PackAttesterCommitteeMembers(b.Number), p.abi.UnpackAttesterCommitteeMembers)
	if err != nil {
		return nil, nil, err
	}
	bh, err := call(ctx, p, "batchHash", p.abi.PackBatchHash(h), p.abi.UnpackBatchHash)
	if err != nil {
		return nil, nil, err
	}
	digest, err := call(ctx, p, "attestationDigest", p.abi.PackAttestationDigest(b.Number, bh), p.abi.UnpackAttestationDigest)
	if err != nil {
		return nil, nil, err
	}
	return PackCertificate(digest, members, attestations)
}

// MemberLength is the length of a committee member in commitBatch's
// calldata: 20-byte address ‖ 8-byte big-endian weight.
const MemberLength = 28

// AttestationLength is the length of an attestation in commitBatch's
// certificate: the signer's 1-byte index in the committee ‖ r ‖ s ‖ v.
const AttestationLength = 1 + crypto.SignatureLength

// PackCertificate packs signatures over digest (65-byte r ‖ s ‖ v, v 27/28,
// in the order L1 wants: strictly increasing signer address) for commitBatch,
// given the packed committee (attesterCommitteeMembers): each signature is
// prefixed with its signer's index in the committee. It refuses a signature
// that does not recover or whose signer is not a member; the order, low s and
// quorum are L1's to check.
func PackCertificate(digest [32]byte, members []byte, sigs [][]byte) (committee, cert []byte, err error) {
	if len(members)%MemberLength != 0 {
		return nil, nil, fmt.Errorf("committee is %d bytes, not a multiple of %d", len(members), MemberLength)
	}
	index := make(map[common.Address]int, len(members)/MemberLength)
	for i := 0; i*MemberLength < len(members); i++ {
		index[common.BytesToAddress(members[i*MemberLength:i*MemberLength+20])] = i
	}
	cert = make([]byte, 0, len(sigs)*AttestationLength)
	for i, sig := range sigs {
		if len(sig) != crypto.SignatureLength || (sig[64] != 27 && sig[64] != 28) {
			return nil, nil, fmt.Errorf("attestation %d: not a 65-byte signature with v 27 or 28", i)
		}
		rsv := append([]byte(nil), sig...)
		rsv[64] -= 27
		pub, err := crypto.SigToPub(digest[:], rsv)
		if err != nil {
			return nil, nil, fmt.Errorf("attestation %d: %w", i, err)
		}
		signer := crypto.PubkeyToAddress(*pub)
		at, ok := index[signer]
		if !ok {
			return nil, nil, fmt.Errorf("attestation %d: signer %s is not in the committee", i, signer)
		}
		if at > 255 {
			return nil, nil, fmt.Errorf("attestation %d: signer %s has committee index %d, above 255", i, signer, at)
		}
		cert = append(cert, byte(at))
		cert = append(cert, sig...)
	}
	return members, cert, nil
}

// Verify sends verifyBatch(n, types, proofs).
func (p *Proposer) Verify(ctx context.Context, n uint64, proofTypes []uint8, proofs [][]byte) (*types.Receipt, error) {
	s := p.verifier
	if s == nil {
		s = p.sender
	}
	if s == nil {
		return nil, fmt.Errorf("verify batch %d: no operator or proof sender key", n)
	}
	data := p.abi.PackVerifyBatch(n, proofTypes, proofs)
	return s.Send(ctx, fmt.Sprintf("verify batch %d", n), p.addr, data)
}

// Header converts a batch to the contract's struct.
func Header(b *rollup.Batch) bindings.OnChainProposerBatchHeader {
	return bindings.OnChainProposerBatchHeader{
		Number: b.Number, FirstBlock: b.FirstBlock, LastBlock: b.LastBlock,
		PrevStateRoot: b.PrevStateRoot, StateRoot: b.StateRoot, PrevLastBlockHash: b.PrevLastBlockHash, LastBlockHash: b.LastBlockHash,
		PrevLastDepositId: b.PrevLastDepositID, LastDepositId: b.LastDepositID, DepositsRollingHash: b.DepositsRollingHash,
		WithdrawalsRoot: b.WithdrawalsRoot, WithdrawalsCount: b.WithdrawalsCount, DataCommitment: b.DataCommitment,
	}
}

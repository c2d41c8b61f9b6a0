package rpc

import (
	"context"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Attestations is the vote pool as the API reads it (*attest.Pool).
type Attestations interface {
	Status(ctx context.Context) attest.Status
	Certificate(n uint64) (*attest.Certificate, error)
	VotesFor(n uint64) []attest.Vote
}

// AttestAPI is the attestation part of the cairn namespace:
// cairn_attestationStatus and cairn_getBatchCertificate. It is registered
// under "cairn" beside API (geth merges the methods of both).
type AttestAPI struct {
	pool Attestations
}

// NewAttestAPI returns the attestation API over a vote pool.
func NewAttestAPI(pool Attestations) *AttestAPI { return &AttestAPI{pool: pool} }

// AttestationStatus is the answer of cairn_attestationStatus.
type AttestationStatus struct {
	// NextBatch is the lowest uncommitted batch that needs a certificate and
	// has none; 0 when no batch is waiting.
	NextBatch     hexutil.Uint64   `json:"nextBatch"`
	Weight        hexutil.Uint64   `json:"weight"`
	Quorum        hexutil.Uint64   `json:"quorum"`
	TotalWeight   hexutil.Uint64   `json:"totalWeight"`
	Signers       []common.Address `json:"signers"`
	Sealed        hexutil.Uint64   `json:"sealed"`
	LastCommitted hexutil.Uint64   `json:"lastCommitted"`
	LastCertified hexutil.Uint64   `json:"lastCertified"`
	Error         string           `json:"error,omitempty"`
}

// AttestationStatus returns the next batch waiting for a certificate and
// the weight collected for it. An L1 failure is reported in the error field,
// not as an RPC error: attestation never breaks RPC.
func (a *AttestAPI) AttestationStatus(ctx context.Context) *AttestationStatus {
	s := a.pool.Status(ctx)
	signers := s.Signers
	if signers == nil {
		signers = []common.Address{}
	}
	return &AttestationStatus{NextBatch: hexutil.Uint64(s.NextBatch), Weight: hexutil.Uint64(s.Weight), Quorum: hexutil.Uint64(s.Quorum),
		TotalWeight: hexutil.Uint64(s.TotalWeight), Signers: signers, Sealed: hexutil.Uint64(s.Sealed),
		LastCommitted: hexutil.Uint64(s.LastCommitted), LastCertified: hexutil.Uint64(s.LastCertified), Error: s.Error}
}

// BatchCertificate is the answer of cairn_getBatchCertificate.
type BatchCertificate struct {
	L2ChainID   hexutil.Uint64   `json:"l2ChainId"`
	BatchNumber hexutil.Uint64   `json:"batchNumber"`
	BatchHash   common.Hash      `json:"batchHash"`
	Signers     []common.Address `json:"signers"`
	Signatures  []hexutil.Bytes  `json:"signatures"`
	// LateSigners voted for the same hash after the certificate was assembled.
	LateSigners []common.Address `json:"lateSigners"`
}

// GetBatchCertificate returns the stored certificate of batch n, or null.
func (a *AttestAPI) GetBatchCertificate(n hexutil.Uint64) (*BatchCertificate, error) {
	c, err := a.pool.Certificate(uint64(n))
	if err != nil || c == nil {
		return nil, err
	}
	out := &BatchCertificate{L2ChainID: hexutil.Uint64(c.L2ChainID), BatchNumber: hexutil.Uint64(c.BatchNumber), BatchHash: c.BatchHash,
		Signers: c.Signers, Signatures: make([]hexutil.Bytes, len(c.Signatures)), LateSigners: []common.Address{}}
	for i, s := range c.Signatures {
		out.Signatures[i] = s
	}
	in := make(map[common.Address]bool, len(c.Signers))
	for _, s := range c.Signers {
		in[s] = true
	}
	for _, v := range a.pool.VotesFor(uint64(n)) {
		if !in[v.Signer] && v.BatchHash == c.BatchHash {
			out.LateSigners = append(out.LateSigners, v.Signer)
		}
	}
	return out, nil
}

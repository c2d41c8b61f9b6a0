package attest

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"
)

// MaxCertificateSignatures bounds a decoded certificate.
const MaxCertificateSignatures = 4096

// ErrInvalidCertificate is returned when a certificate does not satisfy its committee.
var ErrInvalidCertificate = errors.New("invalid certificate")

// Certificate is a quorum of the committee's signatures over one batch,
// what commitBatch takes as its attestations, with the signers in the
// order of the signatures (strictly increasing addresses).
type Certificate struct {
	L2ChainID   uint64
	BatchNumber uint64
	BatchHash   common.Hash
	Signers     []common.Address
	Signatures  [][]byte
}

// Attestations are the signatures in the order commitBatch wants them.
func (c *Certificate) Attestations() [][]byte { return c.Signatures }

// Encode returns the stored form (RLP).
func (c *Certificate) Encode() ([]byte, error) {
	b, err := rlp.EncodeToBytes(c)
	if err != nil {
		return nil, fmt.Errorf("encode certificate of batch %d: %w", c.BatchNumber, err)
	}
	return b, nil
}

// DecodeCertificate parses the stored form, refusing more than
// MaxCertificateSignatures signatures or any of the wrong size.
func DecodeCertificate(b []byte) (*Certificate, error) {
	if len(b) > 64+MaxCertificateSignatures*(SignatureSize+common.AddressLength+4) {
		return nil, fmt.Errorf("certificate: %d bytes is too large", len(b))
	}
	var c Certificate
	if err := rlp.DecodeBytes(b, &c); err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	if len(c.Signers) != len(c.Signatures) || len(c.Signers) > MaxCertificateSignatures {
		return nil, fmt.Errorf("certificate of batch %d: %d signers and %d signatures", c.BatchNumber, len(c.Signers), len(c.Signatures))
	}
	for i, s := range c.Signatures {
		if len(s) != SignatureSize {
			return nil, fmt.Errorf("certificate of batch %d: signature %d has %d bytes", c.BatchNumber, i, len(s))
		}
	}
	return &c, nil
}

// Weight is the committee weight of the certificate's signers.
func (c *Certificate) Weight(com *Committee) uint64 {
	var w uint64
	for _, s := range c.Signers {
		w += com.Weight(s)
	}
	return w
}

// Verify checks the certificate as OnChainProposer will: every signature
// recovers to its listed signer in domain d, signers strictly increase,
// every signer is in the committee, and their weight reaches its quorum.
func (c *Certificate) Verify(d Domain, com *Committee) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("certificate of batch %d: %w: %s", c.BatchNumber, ErrInvalidCertificate, fmt.Sprintf(format, args...))
	}
	if com == nil {
		return fail("no committee applies")
	}
	if c.L2ChainID != d.L2ChainID {
		return fail("L2 chain id %d, want %d", c.L2ChainID, d.L2ChainID)
	}
	if len(c.Signers) != len(c.Signatures) {
		return fail("%d signers, %d signatures", len(c.Signers), len(c.Signatures))
	}
	var prev common.Address
	for i, sig := range c.Signatures {
		got, err := d.Recover(c.BatchNumber, c.BatchHash, sig)
		if err != nil {
			return fail("signature %d: %v", i, err)
		}
		if got != c.Signers[i] {
			return fail("signature %d recovers to %s, listed as %s", i, got, c.Signers[i])
		}
		if i > 0 && bytes.Compare(got[:], prev[:]) <= 0 {
			return fail("signer %d (%s) does not follow %s", i, got, prev)
		}
		if com.Weight(got) == 0 {
			return fail("signer %s is not in the committee from batch %d", got, com.FromBatch)
		}
		prev = got
	}
	if w, q := c.Weight(com), com.Quorum(); w < q {
		return fail("weight %d below quorum %d", w, q)
	}
	return nil
}

// newCertificate assembles the certificate of votes (all for the same
// batch and hash), sorted by signer.
func newCertificate(l2ChainID uint64, votes []Vote) *Certificate {
	vs := append([]Vote(nil), votes...)
	sortBySigner(vs)
	c := &Certificate{L2ChainID: l2ChainID, BatchNumber: vs[0].BatchNumber, BatchHash: vs[0].BatchHash,
		Signers: make([]common.Address, len(vs)), Signatures: make([][]byte, len(vs))}
	for i, v := range vs {
		c.Signers[i] = v.Signer
		c.Signatures[i] = append([]byte(nil), v.Signature[:]...)
	}
	return c
}

package bls

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	blst "github.com/supranational/blst/bindings/go"
)

const (
	// PublicKeySize is the size of a compressed G2 public key.
	PublicKeySize = 96
	// SignatureSize is the size of a compressed G1 signature.
	SignatureSize = 48
	// SecretKeySize is the size of a serialized secret scalar.
	SecretKeySize = 32
)

var (
	// sigDST separates Cairn signatures from those of any other BLS user.
	sigDST = []byte("CAIRN_BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_")
	// popDST differs from sigDST so that a proof of possession can never be
	// replayed as a signature over a message that happens to be a key.
	popDST = []byte("CAIRN_BLS_POP_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_")
)

// Errors returned when a signature does not verify.
var (
	ErrInvalidSignature = errors.New("bls: invalid signature")
	ErrInvalidPoP       = errors.New("bls: invalid proof of possession")
	ErrNoKeys           = errors.New("bls: no public keys to aggregate")
)

// SecretKey is a validator secret key.
type SecretKey struct {
	sk  *blst.SecretKey
	pub PublicKey
}

// PublicKey is a validated G2 point (not infinity, in the subgroup). The zero
// value is not a valid key.
type PublicKey struct {
	p *blst.P2Affine
	b [PublicKeySize]byte
}

// Signature is a G1 point. The zero value is not a valid signature.
type Signature struct {
	p *blst.P1Affine
	b [SignatureSize]byte
}

// ProofOfPossession proves that the holder of a public key knows its secret.
type ProofOfPossession struct {
	Signature
}

// GenerateKey creates a secret key from 32 bytes of r (crypto/rand if nil).
func GenerateKey(r io.Reader) (*SecretKey, error) {
	if r == nil {
		r = rand.Reader
	}
	ikm := make([]byte, 32)
	if _, err := io.ReadFull(r, ikm); err != nil {
		return nil, fmt.Errorf("bls: read key material: %w", err)
	}
	sk := blst.KeyGen(ikm)
	if sk == nil {
		return nil, errors.New("bls: key generation failed")
	}
	return newSecretKey(sk), nil
}

// SecretKeyFromBytes parses a 32-byte big-endian scalar.
func SecretKeyFromBytes(b []byte) (*SecretKey, error) {
	if len(b) != SecretKeySize {
		return nil, fmt.Errorf("bls: secret key is %d bytes, want %d", len(b), SecretKeySize)
	}
	sk := new(blst.SecretKey).Deserialize(b)
	if sk == nil || !sk.Valid() {
		return nil, errors.New("bls: secret key is not a valid non-zero scalar")
	}
	return newSecretKey(sk), nil
}

// Bytes returns the 32-byte serialization of the key.
func (k *SecretKey) Bytes() []byte { return k.sk.Serialize() }

// newSecretKey derives the public key once: it costs a G2 multiplication.
func newSecretKey(sk *blst.SecretKey) *SecretKey {
	p := new(blst.P2Affine).From(sk)
	k := &SecretKey{sk: sk, pub: PublicKey{p: p}}
	copy(k.pub.b[:], p.Compress())
	return k
}

// Public returns the public key of k.
func (k *SecretKey) Public() PublicKey { return k.pub }

// Sign signs msg under the Cairn signature DST.
func (k *SecretKey) Sign(msg []byte) Signature {
	return sigFromPoint(new(blst.P1Affine).Sign(k.sk, msg, sigDST))
}

// ProvePossession signs the key's own public key bytes under the PoP DST.
func (k *SecretKey) ProvePossession() ProofOfPossession {
	pk := k.Public()
	return ProofOfPossession{sigFromPoint(new(blst.P1Affine).Sign(k.sk, pk.b[:], popDST))}
}

func sigFromPoint(p *blst.P1Affine) Signature {
	s := Signature{p: p}
	copy(s.b[:], p.Compress())
	return s
}

// PublicKeyFromBytes parses and validates a compressed G2 public key.
func PublicKeyFromBytes(b []byte) (PublicKey, error) {
	if len(b) != PublicKeySize {
		return PublicKey{}, fmt.Errorf("bls: public key is %d bytes, want %d", len(b), PublicKeySize)
	}
	p := new(blst.P2Affine).Uncompress(b)
	if p == nil {
		return PublicKey{}, errors.New("bls: public key is not a valid G2 point")
	}
	if !p.KeyValidate() {
		return PublicKey{}, errors.New("bls: public key is infinity or not in the G2 subgroup")
	}
	pk := PublicKey{p: p}
	copy(pk.b[:], b)
	return pk, nil
}

// Bytes returns the 96-byte compressed form.
func (pk PublicKey) Bytes() []byte { return bytes.Clone(pk.b[:]) }

// Array returns the compressed form as an array, usable as a map key.
func (pk PublicKey) Array() [PublicKeySize]byte { return pk.b }

// IsZero reports whether pk is the zero value (not a key).
func (pk PublicKey) IsZero() bool { return pk.p == nil }

// Equal reports whether two keys are the same.
func (pk PublicKey) Equal(o PublicKey) bool { return pk.b == o.b }

// Compare orders keys by their compressed bytes.
func (pk PublicKey) Compare(o PublicKey) int { return bytes.Compare(pk.b[:], o.b[:]) }

// Verify checks sig over msg.
func (pk PublicKey) Verify(msg []byte, sig Signature) error {
	if pk.p == nil || sig.p == nil {
		return ErrInvalidSignature
	}
	if !sig.p.Verify(true, pk.p, false, msg, sigDST) {
		return ErrInvalidSignature
	}
	return nil
}

// VerifyPoP checks a proof of possession for pk.
func (pk PublicKey) VerifyPoP(pop ProofOfPossession) error {
	if pk.p == nil || pop.p == nil {
		return ErrInvalidPoP
	}
	if !pop.p.Verify(true, pk.p, false, pk.b[:], popDST) {
		return ErrInvalidPoP
	}
	return nil
}

// SignatureFromBytes parses and validates a compressed G1 signature.
func SignatureFromBytes(b []byte) (Signature, error) {
	if len(b) != SignatureSize {
		return Signature{}, fmt.Errorf("bls: signature is %d bytes, want %d", len(b), SignatureSize)
	}
	p := new(blst.P1Affine).Uncompress(b)
	if p == nil {
		return Signature{}, errors.New("bls: signature is not a valid G1 point")
	}
	if !p.SigValidate(false) {
		return Signature{}, errors.New("bls: signature is not in the G1 subgroup")
	}
	s := Signature{p: p}
	copy(s.b[:], b)
	return s, nil
}

// PoPFromBytes parses a proof of possession.
func PoPFromBytes(b []byte) (ProofOfPossession, error) {
	s, err := SignatureFromBytes(b)
	if err != nil {
		return ProofOfPossession{}, fmt.Errorf("proof of possession: %w", err)
	}
	return ProofOfPossession{s}, nil
}

// Bytes returns the 48-byte compressed form.
func (s Signature) Bytes() []byte { return bytes.Clone(s.b[:]) }

// IsZero reports whether s is the zero value (not a signature).
func (s Signature) IsZero() bool { return s.p == nil }

// Equal reports whether two signatures are the same.
func (s Signature) Equal(o Signature) bool { return s.b == o.b }

// Aggregate adds signatures together. It fails on an empty list or a zero
// value.
func Aggregate(sigs ...Signature) (Signature, error) {
	if len(sigs) == 0 {
		return Signature{}, errors.New("bls: no signatures to aggregate")
	}
	var agg blst.P1Aggregate
	for i, s := range sigs {
		if s.p == nil {
			return Signature{}, fmt.Errorf("bls: signature %d is empty", i)
		}
		agg.Add(s.p, false)
	}
	return sigFromPoint(agg.ToAffine()), nil
}

// AggregatePublicKeys adds public keys together. Only keys whose proof of
// possession has been checked may be aggregated.
func AggregatePublicKeys(pks ...PublicKey) (PublicKey, error) {
	if len(pks) == 0 {
		return PublicKey{}, ErrNoKeys
	}
	var agg blst.P2Aggregate
	for i, pk := range pks {
		if pk.p == nil {
			return PublicKey{}, fmt.Errorf("bls: public key %d is empty", i)
		}
		agg.Add(pk.p, false)
	}
	p := agg.ToAffine()
	out := PublicKey{p: p}
	copy(out.b[:], p.Compress())
	return out, nil
}

// FastAggregateVerify checks that sig is the aggregate of signatures over one
// msg by all pks (two pairings whatever the number of keys).
func FastAggregateVerify(pks []PublicKey, msg []byte, sig Signature) error {
	agg, err := AggregatePublicKeys(pks...)
	if err != nil {
		return err
	}
	return agg.Verify(msg, sig)
}

// AggregateVerify checks that sig aggregates one signature per (pks[i],
// msgs[i]). Messages may repeat: the proofs of possession of the committee
// make this safe.
func AggregateVerify(pks []PublicKey, msgs [][]byte, sig Signature) error {
	if len(pks) == 0 {
		return ErrNoKeys
	}
	if len(pks) != len(msgs) {
		return fmt.Errorf("bls: %d keys for %d messages", len(pks), len(msgs))
	}
	if sig.p == nil {
		return ErrInvalidSignature
	}
	ps := make([]*blst.P2Affine, len(pks))
	ms := make([]blst.Message, len(msgs))
	for i, pk := range pks {
		if pk.p == nil {
			return fmt.Errorf("bls: public key %d is empty", i)
		}
		ps[i] = pk.p
		ms[i] = msgs[i]
	}
	if !sig.p.AggregateVerify(true, ps, false, ms, sigDST) {
		return ErrInvalidSignature
	}
	return nil
}

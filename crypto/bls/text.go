package bls

import (
	"encoding/hex"
	"fmt"

	"github.com/cairn-rollup/cairn/crypto/keytext"
)

// Text prefixes of the key forms.
const (
	PublicKeyPrefix = "validator:public:bls12_381:"
	SecretKeyPrefix = "validator:secret:bls12_381:"
	PoPPrefix       = "validator:pop:bls12_381:"
)

// ParsePublicKey parses "validator:public:bls12_381:<hex>".
func ParsePublicKey(s string) (PublicKey, error) {
	b, err := keytext.Decode("validator public key", PublicKeyPrefix, s, PublicKeySize)
	if err != nil {
		return PublicKey{}, err
	}
	pk, err := PublicKeyFromBytes(b)
	if err != nil {
		return PublicKey{}, fmt.Errorf("parse validator public key: %w", err)
	}
	return pk, nil
}

// ParseSecretKey parses "validator:secret:bls12_381:<hex>".
func ParseSecretKey(s string) (*SecretKey, error) {
	b, err := keytext.Decode("validator secret key", SecretKeyPrefix, s, SecretKeySize)
	if err != nil {
		return nil, err
	}
	sk, err := SecretKeyFromBytes(b)
	if err != nil {
		return nil, fmt.Errorf("parse validator secret key: %w", err)
	}
	return sk, nil
}

// ParsePoP parses "validator:pop:bls12_381:<hex>".
func ParsePoP(s string) (ProofOfPossession, error) {
	b, err := keytext.Decode("validator proof of possession", PoPPrefix, s, SignatureSize)
	if err != nil {
		return ProofOfPossession{}, err
	}
	pop, err := PoPFromBytes(b)
	if err != nil {
		return ProofOfPossession{}, fmt.Errorf("parse validator proof of possession: %w", err)
	}
	return pop, nil
}

// String returns the text form of the public key.
func (pk PublicKey) String() string { return PublicKeyPrefix + hex.EncodeToString(pk.b[:]) }

// MarshalText implements encoding.TextMarshaler.
func (pk PublicKey) MarshalText() ([]byte, error) { return []byte(pk.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (pk *PublicKey) UnmarshalText(b []byte) error {
	k, err := ParsePublicKey(string(b))
	if err != nil {
		return err
	}
	*pk = k
	return nil
}

// String returns the text form of the secret key. Handle with care.
func (k *SecretKey) String() string { return SecretKeyPrefix + hex.EncodeToString(k.Bytes()) }

// MarshalText implements encoding.TextMarshaler.
func (k *SecretKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *SecretKey) UnmarshalText(b []byte) error {
	s, err := ParseSecretKey(string(b))
	if err != nil {
		return err
	}
	*k = *s
	return nil
}

// String returns the text form of the proof of possession.
func (p ProofOfPossession) String() string { return PoPPrefix + hex.EncodeToString(p.b[:]) }

// MarshalText implements encoding.TextMarshaler.
func (p ProofOfPossession) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *ProofOfPossession) UnmarshalText(b []byte) error {
	v, err := ParsePoP(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

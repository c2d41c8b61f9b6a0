// Package attesterkey holds the secp256k1 keys attesters sign batch
// attestations with, their Ethereum addresses and their text forms:
//
//	attester:public:secp256k1:<hex of the 33-byte compressed key>
//	attester:secret:secp256k1:<hex of 32 bytes>
package attesterkey

import (
	"crypto/ecdsa"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/cairn-rollup/cairn/crypto/keytext"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Text prefixes of the key forms.
const (
	PublicKeyPrefix = "attester:public:secp256k1:"
	SecretKeyPrefix = "attester:secret:secp256k1:"

	publicKeySize = 33
	secretKeySize = 32
)

// PublicKey is an attester's secp256k1 public key.
type PublicKey struct {
	k *ecdsa.PublicKey
}

// SecretKey is an attester's secp256k1 private key.
type SecretKey struct {
	k *ecdsa.PrivateKey
}

// Generate creates a key from r (crypto/rand if nil).
func Generate(r io.Reader) (*SecretKey, error) {
	if r == nil {
		k, err := crypto.GenerateKey()
		if err != nil {
			return nil, fmt.Errorf("attester key: generate: %w", err)
		}
		return &SecretKey{k: k}, nil
	}
	for {
		b := make([]byte, secretKeySize)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, fmt.Errorf("attester key: read: %w", err)
		}
		if k, err := crypto.ToECDSA(b); err == nil {
			return &SecretKey{k: k}, nil
		}
	}
}

// SecretKeyFromBytes parses a 32-byte secret.
func SecretKeyFromBytes(b []byte) (*SecretKey, error) {
	if len(b) != secretKeySize {
		return nil, fmt.Errorf("attester secret key: %d bytes, want %d", len(b), secretKeySize)
	}
	k, err := crypto.ToECDSA(b)
	if err != nil {
		return nil, fmt.Errorf("attester secret key: %w", err)
	}
	return &SecretKey{k: k}, nil
}

// PublicKeyFromBytes parses a 33-byte compressed key.
func PublicKeyFromBytes(b []byte) (PublicKey, error) {
	if len(b) != publicKeySize {
		return PublicKey{}, fmt.Errorf("attester public key: %d bytes, want %d", len(b), publicKeySize)
	}
	k, err := crypto.DecompressPubkey(b)
	if err != nil {
		return PublicKey{}, fmt.Errorf("attester public key: %w", err)
	}
	return PublicKey{k: k}, nil
}

// ECDSA returns the underlying key.
func (k *SecretKey) ECDSA() *ecdsa.PrivateKey { return k.k }

// Bytes returns the 32-byte secret.
func (k *SecretKey) Bytes() []byte { return crypto.FromECDSA(k.k) }

// Public returns the public key.
func (k *SecretKey) Public() PublicKey { return PublicKey{k: &k.k.PublicKey} }

// Address returns the Ethereum address of the key.
func (k *SecretKey) Address() common.Address { return crypto.PubkeyToAddress(k.k.PublicKey) }

// Sign signs a 32-byte digest, returning a 65-byte [R || S || V] signature.
func (k *SecretKey) Sign(digest []byte) ([]byte, error) {
	sig, err := crypto.Sign(digest, k.k)
	if err != nil {
		return nil, fmt.Errorf("attester sign: %w", err)
	}
	return sig, nil
}

// ECDSA returns the underlying key.
func (p PublicKey) ECDSA() *ecdsa.PublicKey { return p.k }

// Bytes returns the 33-byte compressed key.
func (p PublicKey) Bytes() []byte { return crypto.CompressPubkey(p.k) }

// Address returns the Ethereum address of the key.
func (p PublicKey) Address() common.Address { return crypto.PubkeyToAddress(*p.k) }

// Equal reports whether two keys are the same.
func (p PublicKey) Equal(o PublicKey) bool {
	return p.k != nil && o.k != nil && p.k.X.Cmp(o.k.X) == 0 && p.k.Y.Cmp(o.k.Y) == 0
}

// ParsePublicKey parses "attester:public:secp256k1:<hex>".
func ParsePublicKey(s string) (PublicKey, error) {
	b, err := keytext.Decode("attester public key", PublicKeyPrefix, s, publicKeySize)
	if err != nil {
		return PublicKey{}, err
	}
	pk, err := PublicKeyFromBytes(b)
	if err != nil {
		return PublicKey{}, fmt.Errorf("parse %w", err)
	}
	return pk, nil
}

// ParseSecretKey parses "attester:secret:secp256k1:<hex>".
func ParseSecretKey(s string) (*SecretKey, error) {
	b, err := keytext.Decode("attester secret key", SecretKeyPrefix, s, secretKeySize)
	if err != nil {
		return nil, err
	}
	sk, err := SecretKeyFromBytes(b)
	if err != nil {
		return nil, fmt.Errorf("parse %w", err)
	}
	return sk, nil
}

// String returns the text form.
func (p PublicKey) String() string { return PublicKeyPrefix + hex.EncodeToString(p.Bytes()) }

// String returns the text form. Handle with care.
func (k *SecretKey) String() string { return SecretKeyPrefix + hex.EncodeToString(k.Bytes()) }

// MarshalText implements encoding.TextMarshaler.
func (p PublicKey) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *PublicKey) UnmarshalText(b []byte) error {
	v, err := ParsePublicKey(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (k *SecretKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *SecretKey) UnmarshalText(b []byte) error {
	v, err := ParseSecretKey(string(b))
	if err != nil {
		return err
	}
	*k = *v
	return nil
}

// Package nodekey holds the ed25519 node keys that identify a Cairn node on
// the peer-to-peer network (the libp2p peer id is derived from them), with
// their text forms:
//
//	node:public:ed25519:<hex of 32 bytes>
//	node:secret:ed25519:<hex of the 32-byte seed>
package nodekey

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/cairn-rollup/cairn/crypto/keytext"
)

// Text prefixes of the key forms.
const (
	PublicKeyPrefix = "node:public:ed25519:"
	SecretKeyPrefix = "node:secret:ed25519:"
)

// PublicKey is a node's ed25519 public key.
type PublicKey struct {
	k ed25519.PublicKey
}

// SecretKey is a node's ed25519 private key.
type SecretKey struct {
	k ed25519.PrivateKey
}

// Generate creates a key from r (crypto/rand if nil).
func Generate(r io.Reader) (*SecretKey, error) {
	if r == nil {
		r = rand.Reader
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(r, seed); err != nil {
		return nil, fmt.Errorf("node key: read seed: %w", err)
	}
	return &SecretKey{k: ed25519.NewKeyFromSeed(seed)}, nil
}

// SecretKeyFromSeed builds a key from its 32-byte seed.
func SecretKeyFromSeed(seed []byte) (*SecretKey, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("node secret key: seed is %d bytes, want %d", len(seed), ed25519.SeedSize)
	}
	return &SecretKey{k: ed25519.NewKeyFromSeed(seed)}, nil
}

// PublicKeyFromBytes wraps a 32-byte ed25519 public key.
func PublicKeyFromBytes(b []byte) (PublicKey, error) {
	if len(b) != ed25519.PublicKeySize {
		return PublicKey{}, fmt.Errorf("node public key: %d bytes, want %d", len(b), ed25519.PublicKeySize)
	}
	return PublicKey{k: bytes.Clone(b)}, nil
}

// Seed returns the 32-byte seed of the key.
func (k *SecretKey) Seed() []byte { return k.k.Seed() }

// Ed25519 returns the standard library key (for libp2p).
func (k *SecretKey) Ed25519() ed25519.PrivateKey { return k.k }

// Public returns the public key.
func (k *SecretKey) Public() PublicKey {
	return PublicKey{k: bytes.Clone(k.k.Public().(ed25519.PublicKey))}
}

// Sign signs msg.
func (k *SecretKey) Sign(msg []byte) []byte { return ed25519.Sign(k.k, msg) }

// Bytes returns the 32-byte key.
func (p PublicKey) Bytes() []byte { return bytes.Clone(p.k) }

// Ed25519 returns the standard library key.
func (p PublicKey) Ed25519() ed25519.PublicKey { return p.k }

// Equal reports whether two keys are the same.
func (p PublicKey) Equal(o PublicKey) bool { return bytes.Equal(p.k, o.k) }

// Verify checks an ed25519 signature.
func (p PublicKey) Verify(msg, sig []byte) error {
	if len(p.k) != ed25519.PublicKeySize || !ed25519.Verify(p.k, msg, sig) {
		return fmt.Errorf("node key: invalid signature")
	}
	return nil
}

// ParsePublicKey parses "node:public:ed25519:<hex>".
func ParsePublicKey(s string) (PublicKey, error) {
	b, err := keytext.Decode("node public key", PublicKeyPrefix, s, ed25519.PublicKeySize)
	if err != nil {
		return PublicKey{}, err
	}
	return PublicKey{k: b}, nil
}

// ParseSecretKey parses "node:secret:ed25519:<hex>".
func ParseSecretKey(s string) (*SecretKey, error) {
	b, err := keytext.Decode("node secret key", SecretKeyPrefix, s, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return &SecretKey{k: ed25519.NewKeyFromSeed(b)}, nil
}

// String returns the text form.
func (p PublicKey) String() string { return PublicKeyPrefix + hex.EncodeToString(p.k) }

// String returns the text form. Handle with care.
func (k *SecretKey) String() string { return SecretKeyPrefix + hex.EncodeToString(k.k.Seed()) }

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

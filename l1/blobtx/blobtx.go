// Package blobtx builds EIP-4844 blob transaction sidecars in the version
// the connected L1 accepts: version 1 (EIP-7594 cell proofs, 128 per blob)
// once Osaka is active, version 0 (one blob proof per blob) before.
//
// The version is detected from the L1, never from a configured date:
//
//  1. eth_config (EIP-7910, served by geth since v1.16): the current fork's
//     precompiles include P256VERIFY (EIP-7951, at 0x…0100) from Osaka on;
//  2. when the L1 does not know eth_config (method not found), an eth_call
//     to 0x…0100 with a valid P-256 signature: from Osaka on the precompile
//     answers 1 (32 bytes), before it the address is an empty account and
//     the call returns nothing.
package blobtx

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/rpc"
)

// Client is the part of an L1 JSON-RPC client detection needs
// (*rpc.Client has it).
type Client interface {
	CallContext(ctx context.Context, result any, method string, args ...any) error
}

// p256Verify is the address of the EIP-7951 precompile, new in Osaka.
var p256Verify = common.BytesToAddress([]byte{0x01, 0x00})

// Sidecar builds the sidecar of blobs in the version the L1 behind c
// accepts now.
func Sidecar(ctx context.Context, c Client, blobs []kzg4844.Blob) (*types.BlobTxSidecar, error) {
	version, err := Version(ctx, c)
	if err != nil {
		return nil, err
	}
	return NewSidecar(version, blobs)
}

// NewSidecar builds the sidecar of blobs in the given version
// (types.BlobSidecarVersion0 or types.BlobSidecarVersion1).
func NewSidecar(version byte, blobs []kzg4844.Blob) (*types.BlobTxSidecar, error) {
	if version != types.BlobSidecarVersion0 && version != types.BlobSidecarVersion1 {
		return nil, fmt.Errorf("blob sidecar version %d: want 0 or 1", version)
	}
	commitments := make([]kzg4844.Commitment, len(blobs))
	var proofs []kzg4844.Proof
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d: commitment: %w", i, err)
		}
		commitments[i] = c
		if version == types.BlobSidecarVersion1 {
			p, err := kzg4844.ComputeCellProofs(&blobs[i])
			if err != nil {
				return nil, fmt.Errorf("blob %d: cell proofs: %w", i, err)
			}
			proofs = append(proofs, p...)
			continue
		}
		p, err := kzg4844.ComputeBlobProof(&blobs[i], c)
		if err != nil {
			return nil, fmt.Errorf("blob %d: proof: %w", i, err)
		}
		proofs = append(proofs, p)
	}
	return types.NewBlobTxSidecar(version, blobs, commitments, proofs), nil
}

// Version is the sidecar version the L1 behind c accepts now: 1 when
// Osaka is active, else 0 (see the package doc for how it is detected).
func Version(ctx context.Context, c Client) (byte, error) {
	osaka, err := osakaFromConfig(ctx, c)
	if errors.Is(err, errNoEthConfig) {
		osaka, err = osakaFromProbe(ctx, c)
	}
	if err != nil {
		return 0, err
	}
	if osaka {
		return types.BlobSidecarVersion1, nil
	}
	return types.BlobSidecarVersion0, nil
}

var errNoEthConfig = errors.New("the L1 does not serve eth_config")

// forkConfig is the part of an eth_config fork entry detection reads.
type forkConfig struct {
	Precompiles map[string]common.Address `json:"precompiles"`
}

// osakaFromConfig asks eth_config whether the current fork has P256VERIFY.
func osakaFromConfig(ctx context.Context, c Client) (bool, error) {
	var res struct {
		Current *forkConfig `json:"current"`
	}
	if err := c.CallContext(ctx, &res, "eth_config"); err != nil {
		if methodNotFound(err) {
			return false, errNoEthConfig
		}
		return false, fmt.Errorf("blobtx: eth_config: %w", err)
	}
	if res.Current == nil {
		return false, errors.New("blobtx: eth_config: no current fork in the answer")
	}
	for _, addr := range res.Current.Precompiles {
		if addr == p256Verify {
			return true, nil
		}
	}
	return false, nil
}

// methodNotFound reports whether err says the L1 has no such RPC method.
func methodNotFound(err error) bool {
	var rpcErr rpc.Error
	if errors.As(err, &rpcErr) && rpcErr.ErrorCode() == -32601 {
		return true
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "does not exist") || strings.Contains(msg, "method not found") ||
		strings.Contains(msg, "not supported")
}

// osakaFromProbe calls P256VERIFY with a valid signature at the latest
// block: 1 back means the precompile, hence Osaka, is there.
func osakaFromProbe(ctx context.Context, c Client) (bool, error) {
	input, err := p256Input()
	if err != nil {
		return false, err
	}
	call := map[string]any{"to": p256Verify, "data": hexutil.Bytes(input), "gas": hexutil.Uint64(100_000)}
	var out hexutil.Bytes
	if err := c.CallContext(ctx, &out, "eth_call", call, "latest"); err != nil {
		return false, fmt.Errorf("blobtx: probe P256VERIFY with eth_call: %w", err)
	}
	return len(out) == 32 && new(big.Int).SetBytes(out).Cmp(big.NewInt(1)) == 0, nil
}

// p256Input is an EIP-7951 input: hash ‖ r ‖ s ‖ x ‖ y of a fresh
// P-256 signature.
func p256Input() ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("blobtx: P-256 key: %w", err)
	}
	digest := sha256.Sum256([]byte("cairn blobtx osaka probe"))
	r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
	if err != nil {
		return nil, fmt.Errorf("blobtx: P-256 signature: %w", err)
	}
	pub, err := key.PublicKey.Bytes() // 0x04 ‖ x ‖ y
	if err != nil {
		return nil, fmt.Errorf("blobtx: P-256 public key: %w", err)
	}
	out := make([]byte, 0, 160)
	out = append(out, digest[:]...)
	out = append(out, common.LeftPadBytes(r.Bytes(), 32)...)
	out = append(out, common.LeftPadBytes(s.Bytes(), 32)...)
	return append(out, pub[1:]...), nil
}

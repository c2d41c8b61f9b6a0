package exec

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/cairn-rollup/cairn/rollup"
)

// ProofLength is the length of an exec proof: r ‖ s ‖ v.
const ProofLength = crypto.SignatureLength

// secp256k1HalfN is the largest s a proof may carry (EIP-2).
var secp256k1HalfN = new(big.Int).Rsh(crypto.S256().Params().N, 1)

// Digest is what an exec proof signs: the EIP-191 personal-message hash
// keccak256("\x19Ethereum Signed Message:\n32" ‖ publicInputsHash), which
// ExecVerifier recomputes on L1.
func Digest(publicInputsHash common.Hash) common.Hash {
	return common.BytesToHash(accounts.TextHash(publicInputsHash[:]))
}

// Sign returns the exec proof of a batch: the 65-byte signature r ‖ s ‖ v
// (v = 27 or 28, s in the lower half) of Digest(publicInputsHash). The key
// must be a valid secp256k1 key; anything else is a programming error and
// panics.
func Sign(key *ecdsa.PrivateKey, publicInputsHash common.Hash) []byte {
	d := Digest(publicInputsHash)
	sig, err := crypto.Sign(d[:], key)
	if err != nil {
		panic(fmt.Sprintf("exec: sign with an invalid prover key: %v", err))
	}
	sig[64] += 27
	return sig
}

// Recover returns the prover address that signed an exec proof of
// publicInputsHash. It refuses proofs that are not 65 bytes, whose v is not
// 27 or 28, or whose r, s are out of range or s is in the upper half.
func Recover(publicInputsHash common.Hash, proof []byte) (common.Address, error) {
	if len(proof) != ProofLength {
		return common.Address{}, fmt.Errorf("exec proof is %d bytes, want %d", len(proof), ProofLength)
	}
	v := proof[64]
	if v != 27 && v != 28 {
		return common.Address{}, fmt.Errorf("exec proof: v is %d, want 27 or 28", v)
	}
	r := new(big.Int).SetBytes(proof[:32])
	s := new(big.Int).SetBytes(proof[32:64])
	if s.Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, errors.New("exec proof: s is in the upper half of the curve order (malleable signature)")
	}
	if !crypto.ValidateSignatureValues(v-27, r, s, true) {
		return common.Address{}, errors.New("exec proof: r or s out of range")
	}
	sig := make([]byte, ProofLength)
	copy(sig, proof)
	sig[64] = v - 27
	d := Digest(publicInputsHash)
	pub, err := crypto.SigToPub(d[:], sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("exec proof: recover signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// Verify checks an exec proof of publicInputsHash against the allow-listed
// prover addresses, as ExecVerifier does on L1.
func Verify(publicInputsHash common.Hash, proof []byte, allowed []common.Address) error {
	signer, err := Recover(publicInputsHash, proof)
	if err != nil {
		return err
	}
	for _, a := range allowed {
		if a == signer {
			return nil
		}
	}
	return fmt.Errorf("exec proof signed by %s, which is not an allowed prover", signer)
}

// Prove executes the batch (see Execute) and, if it checks out, signs its
// public inputs hash.
func Prove(ctx context.Context, in *rollup.ProverInput, key *ecdsa.PrivateKey) ([]byte, error) {
	h, err := Execute(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("prove batch %d: %w", in.Batch.Number, err)
	}
	return Sign(key, h), nil
}

// Backend is the exec proving backend of a prover client.
type Backend struct {
	key    *ecdsa.PrivateKey
	config []byte // canonical JSON of the expected chain config; nil = any
}

// Option configures a Backend.
type Option func(*Backend) error

// WithChainConfig pins the L2 chain configuration: inputs carrying another
// one (another fork schedule, another chain) are refused instead of proved.
func WithChainConfig(cfg *params.ChainConfig) Option {
	return func(b *Backend) error {
		enc, err := json.Marshal(cfg)
		if err != nil {
			return fmt.Errorf("exec backend: encode chain config: %w", err)
		}
		b.config = enc
		return nil
	}
}

// NewBackend returns a backend that signs with the prover key.
func NewBackend(key *ecdsa.PrivateKey, opts ...Option) (*Backend, error) {
	if key == nil {
		return nil, errors.New("exec backend: prover key is required")
	}
	b := &Backend{key: key}
	for _, o := range opts {
		if err := o(b); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Address is the prover's address, the one ExecVerifier must allow.
func (b *Backend) Address() common.Address { return crypto.PubkeyToAddress(b.key.PublicKey) }

// Prove decodes an encoded rollup.ProverInput and proves it.
func (b *Backend) Prove(ctx context.Context, input []byte) ([]byte, error) {
	in, err := rollup.DecodeProverInput(input)
	if err != nil {
		return nil, err
	}
	if b.config != nil {
		var cfg params.ChainConfig
		if err := json.Unmarshal(in.ChainConfig, &cfg); err != nil {
			return nil, fmt.Errorf("prove batch %d: decode chain config: %w", in.Batch.Number, err)
		}
		got, err := json.Marshal(&cfg)
		if err != nil {
			return nil, fmt.Errorf("prove batch %d: encode chain config: %w", in.Batch.Number, err)
		}
		if !bytes.Equal(got, b.config) {
			return nil, fmt.Errorf("prove batch %d: chain config of the input is not this prover's: expected %s, got %s", in.Batch.Number, b.config, got)
		}
	}
	return Prove(ctx, in, b.key)
}

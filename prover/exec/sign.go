package exec

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/cairn-rollup/cairn/rollup"
)

// ProofLength is the length of an exec proof: r ‖ s ‖ v.
const ProofLength = crypto.SignatureLength

// The EIP-712 domain name and version of exec proofs, as ExecVerifier has them.
const (
	DomainName    = "Cairn ExecVerifier"
	DomainVersion = "1"
)

var (
	secp256k1HalfN = new(big.Int).Rsh(crypto.S256().Params().N, 1) // the largest s a proof may carry (EIP-2)

	domainTypeHash    = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	domainNameHash    = crypto.Keccak256Hash([]byte(DomainName))
	domainVersionHash = crypto.Keccak256Hash([]byte(DomainVersion))
	// ExecProofTypeHash is the EIP-712 type hash of ExecProof(bytes32 publicInputsHash).
	ExecProofTypeHash = crypto.Keccak256Hash([]byte("ExecProof(bytes32 publicInputsHash)"))
)

// Domain is where an exec proof is valid: the L1 chain and the ExecVerifier
// contract on it (the EIP-712 domain's chainId and verifyingContract). A proof
// for one domain is refused by every other: another L1, another verifier
// (another rollup's).
type Domain struct {
	L1ChainID uint64
	Verifier  common.Address
}

func (d Domain) String() string {
	return fmt.Sprintf("L1 chain %d, ExecVerifier %s", d.L1ChainID, d.Verifier)
}

func (d Domain) validate() error {
	if d.L1ChainID == 0 {
		return errors.New("exec proof domain: L1 chain id is zero")
	}
	if d.Verifier == (common.Address{}) {
		return errors.New("exec proof domain: ExecVerifier address is zero")
	}
	return nil
}

// Separator is the EIP-712 domain separator keccak256(abi.encode(typeHash,
// keccak256(name), keccak256(version), chainId, verifyingContract)).
func (d Domain) Separator() common.Hash {
	var chainID, verifier common.Hash
	new(big.Int).SetUint64(d.L1ChainID).FillBytes(chainID[:])
	copy(verifier[12:], d.Verifier[:])
	return crypto.Keccak256Hash(domainTypeHash[:], domainNameHash[:], domainVersionHash[:], chainID[:], verifier[:])
}

// Digest is what an exec proof signs: the EIP-712 hash
// keccak256("\x19\x01" ‖ domain separator ‖ keccak256(abi.encode(ExecProofTypeHash,
// publicInputsHash))), which ExecVerifier recomputes on L1 (proofDigest).
func Digest(d Domain, publicInputsHash common.Hash) common.Hash {
	sep := d.Separator()
	structHash := crypto.Keccak256Hash(ExecProofTypeHash[:], publicInputsHash[:])
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], structHash[:])
}

// Sign returns the exec proof of a batch in domain d: the 65-byte signature
// r ‖ s ‖ v (v = 27 or 28, s in the lower half) of Digest(d, publicInputsHash).
// The key must be a valid secp256k1 key; anything else is a programming error
// and panics.
func Sign(key *ecdsa.PrivateKey, d Domain, publicInputsHash common.Hash) []byte {
	digest := Digest(d, publicInputsHash)
	sig, err := crypto.Sign(digest[:], key)
	if err != nil {
		panic(fmt.Sprintf("exec: sign with an invalid prover key: %v", err))
	}
	sig[64] += 27
	return sig
}

// Recover returns the prover address that signed an exec proof of
// publicInputsHash in domain d. It refuses proofs that are not 65 bytes, whose
// v is not 27 or 28, or whose r, s are out of range or s is in the upper half.
// A proof made for another domain recovers another address (and is refused by
// Verify and by ExecVerifier).
func Recover(d Domain, publicInputsHash common.Hash, proof []byte) (common.Address, error) {
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
	digest := Digest(d, publicInputsHash)
	pub, err := crypto.SigToPub(digest[:], sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("exec proof: recover signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// Verify checks an exec proof of publicInputsHash in domain d against the
// allow-listed prover addresses, as ExecVerifier does on L1.
func Verify(d Domain, publicInputsHash common.Hash, proof []byte, allowed []common.Address) error {
	signer, err := Recover(d, publicInputsHash, proof)
	if err != nil {
		return err
	}
	for _, a := range allowed {
		if a == signer {
			return nil
		}
	}
	return fmt.Errorf("exec proof signed by %s, which is not an allowed prover (or the proof is for another domain than %s)", signer, d)
}

// Prove executes the batch (see Execute) and, if it checks out, signs its
// public inputs hash for domain d.
func Prove(ctx context.Context, in *rollup.ProverInput, key *ecdsa.PrivateKey, d Domain) ([]byte, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	h, err := Execute(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("prove batch %d: %w", in.Batch.Number, err)
	}
	return Sign(key, d, h), nil
}

// Backend is the exec proving backend of a prover client.
type Backend struct {
	key    *ecdsa.PrivateKey
	domain Domain
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

// NewBackend returns a backend that signs with the prover key, for the
// ExecVerifier of domain d (the network's genesis names both: l1ChainId and
// contracts.execVerifier).
func NewBackend(key *ecdsa.PrivateKey, d Domain, opts ...Option) (*Backend, error) {
	if key == nil {
		return nil, errors.New("exec backend: prover key is required")
	}
	if err := d.validate(); err != nil {
		return nil, fmt.Errorf("exec backend: %w", err)
	}
	b := &Backend{key: key, domain: d}
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
	return Prove(ctx, in, b.key, b.domain)
}

// Domain is the domain the backend's proofs are for.
func (b *Backend) Domain() Domain { return b.domain }

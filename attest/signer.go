package attest

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// SignatureSize is the size of an attestation: r ‖ s ‖ v with v 27 or 28.
const SignatureSize = 65

var (
	domainTypeHash = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	domainName     = crypto.Keccak256Hash([]byte("Cairn"))
	domainVersion  = crypto.Keccak256Hash([]byte("1"))
	// BatchAttestationTypeHash is the EIP-712 type hash of what attesters sign.
	BatchAttestationTypeHash = crypto.Keccak256Hash([]byte("BatchAttestation(uint256 l2ChainId,uint64 batchNumber,bytes32 batchHash)"))

	secp256k1N     = crypto.S256().Params().N
	secp256k1HalfN = new(big.Int).Rsh(secp256k1N, 1)
)

// ErrBadSignature is returned for a signature that is malformed, high-s, or
// does not recover to the signer it claims.
var ErrBadSignature = errors.New("bad attestation signature")

// Domain is the EIP-712 domain of one chain's attestations: the L1 chain id
// and OnChainProposer address keep a signature from replaying on another
// chain or contract, and the L2 chain id is part of the signed struct.
type Domain struct {
	L1ChainID       uint64
	OnChainProposer common.Address
	L2ChainID       uint64
}

// Separator is the EIP-712 domain separator, as OnChainProposer.domainSeparator computes it.
func (d Domain) Separator() common.Hash {
	return keccakWords(domainTypeHash, domainName, domainVersion, uintWord(d.L1ChainID), common.BytesToHash(d.OnChainProposer[:]))
}

// Digest is the EIP-712 digest an attester signs for batch n with hash h,
// as OnChainProposer.attestationDigest computes it.
func (d Domain) Digest(n uint64, h common.Hash) common.Hash {
	structHash := keccakWords(BatchAttestationTypeHash, uintWord(d.L2ChainID), uintWord(n), h)
	sep := d.Separator()
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], structHash[:])
}

// Recover returns the signer of an attestation of batch n with hash h. It
// refuses what OnChainProposer refuses: a length other than 65, v other
// than 27/28, s above n/2, and r or s out of range.
func (d Domain) Recover(n uint64, h common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != SignatureSize {
		return common.Address{}, fmt.Errorf("%w: %d bytes, want %d", ErrBadSignature, len(sig), SignatureSize)
	}
	v := sig[64]
	if v != 27 && v != 28 {
		return common.Address{}, fmt.Errorf("%w: v = %d, want 27 or 28", ErrBadSignature, v)
	}
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:64])
	if s.Cmp(secp256k1HalfN) > 0 {
		return common.Address{}, fmt.Errorf("%w: high s", ErrBadSignature)
	}
	if r.Sign() == 0 || s.Sign() == 0 || r.Cmp(secp256k1N) >= 0 {
		return common.Address{}, fmt.Errorf("%w: r or s out of range", ErrBadSignature)
	}
	rsv := make([]byte, SignatureSize)
	copy(rsv, sig[:64])
	rsv[64] = v - 27
	digest := d.Digest(n, h)
	pub, err := crypto.SigToPub(digest[:], rsv)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// Signer signs batch attestations with one attester key.
type Signer struct {
	key    *attesterkey.SecretKey
	domain Domain
}

// NewSigner returns a signer for the key (from consensus_secrets.yaml).
func NewSigner(key *attesterkey.SecretKey, d Domain) (*Signer, error) {
	if key == nil {
		return nil, errors.New("attest signer: no attester key (attester_key in consensus_secrets.yaml)")
	}
	return &Signer{key: key, domain: d}, nil
}

// Address is the signer's L1 identity.
func (s *Signer) Address() common.Address { return s.key.Address() }

// Sign returns the vote of this attester for batch n with hash h.
func (s *Signer) Sign(n uint64, h common.Hash) (Vote, error) {
	digest := s.domain.Digest(n, h)
	sig, err := s.key.Sign(digest[:])
	if err != nil {
		return Vote{}, fmt.Errorf("sign batch %d: %w", n, err)
	}
	// geth's signer produces low-s signatures with v 0/1.
	sig[64] += 27
	v := Vote{BatchNumber: n, BatchHash: h, Signer: s.key.Address()}
	copy(v.Signature[:], sig)
	return v, nil
}

func uintWord(v uint64) common.Hash { return common.BigToHash(new(big.Int).SetUint64(v)) }

func keccakWords(words ...common.Hash) common.Hash {
	buf := make([]byte, 0, 32*len(words))
	for _, w := range words {
		buf = append(buf, w[:]...)
	}
	return crypto.Keccak256Hash(buf)
}

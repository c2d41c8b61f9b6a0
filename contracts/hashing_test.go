package contracts_test

// Independent Go computations of what the contracts hash and sign, written
// from docs/protocols/batch-data.md and docs/protocols/attestation.md rather
// than from the Solidity, so that the tests cross-check the two.

import (
	"bytes"
	"crypto/ecdsa"
	"math/big"
	"sort"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// word encodes one static ABI value as its 32-byte word.
func word(v any) []byte {
	switch x := v.(type) {
	case common.Hash:
		return x.Bytes()
	case [32]byte:
		return x[:]
	case common.Address:
		return common.LeftPadBytes(x.Bytes(), 32)
	case uint64:
		return common.LeftPadBytes(new(big.Int).SetUint64(x).Bytes(), 32)
	case *big.Int:
		return common.LeftPadBytes(x.Bytes(), 32)
	default:
		panic("word: unsupported type")
	}
}

// abiEncode is abi.encode of static values.
func abiEncode(vs ...any) []byte {
	var b []byte
	for _, v := range vs {
		b = append(b, word(v)...)
	}
	return b
}

func keccak(b ...[]byte) common.Hash { return crypto.Keccak256Hash(b...) }

// depositHashes returns depositHash[0..len(deps)] for deposits 1..n.
type depositRecord struct {
	to     common.Address
	amount *big.Int
}

func rollingDepositHashes(deps []depositRecord) []common.Hash {
	h := []common.Hash{{}}
	for i, d := range deps {
		id := uint64(i + 1)
		h = append(h, keccak(abiEncode(h[i], id, d.to, d.amount)))
	}
	return h
}

// goBatchHash is the batch hash of docs/protocols/batch-data.md:
// keccak256(abi.encode(l2ChainId, number, firstBlock, lastBlock,
// prevStateRoot, stateRoot, prevLastBlockHash, lastBlockHash,
// prevLastDepositId, lastDepositId, depositsRollingHash, withdrawalsRoot,
// withdrawalsCount, dataCommitment)).
func goBatchHash(b bindings.OnChainProposerBatchHeader) common.Hash {
	return keccak(abiEncode(uint64(l2ChainID), b.Number, b.FirstBlock, b.LastBlock, common.Hash(b.PrevStateRoot),
		common.Hash(b.StateRoot), common.Hash(b.PrevLastBlockHash), common.Hash(b.LastBlockHash), b.PrevLastDepositId, b.LastDepositId,
		common.Hash(b.DepositsRollingHash), common.Hash(b.WithdrawalsRoot), b.WithdrawalsCount, common.Hash(b.DataCommitment)))
}

// goPublicInputsHash is what the verifiers get: the same fields as the batch
// hash (docs/protocols/batch-data.md, "The batch header"), so the same hash.
func goPublicInputsHash(b bindings.OnChainProposerBatchHeader) common.Hash {
	return goBatchHash(b)
}

// attestationDigest is the EIP-712 digest of BatchAttestation under the domain
// {name "Cairn", version "1", chainId, verifyingContract}.
func attestationDigest(l1ChainID uint64, verifyingContract common.Address, l2 uint64, batchNumber uint64, batchHash common.Hash) common.Hash {
	domainType := keccak([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	domain := keccak(abiEncode(domainType, keccak([]byte("Cairn")), keccak([]byte("1")), l1ChainID, verifyingContract))
	typeHash := keccak([]byte("BatchAttestation(uint256 l2ChainId,uint64 batchNumber,bytes32 batchHash)"))
	structHash := keccak(abiEncode(typeHash, l2, batchNumber, batchHash))
	return keccak([]byte{0x19, 0x01}, domain.Bytes(), structHash.Bytes())
}

// sign65 signs digest and returns r||s||v with v = 27/28 (geth signs low-s).
func sign65(t testing.TB, key *ecdsa.PrivateKey, digest common.Hash) []byte {
	sig, err := crypto.Sign(digest.Bytes(), key)
	require.NoError(t, err)
	sig[64] += 27
	return sig
}

var secp256k1N, _ = new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)

// highS turns a low-s signature into the equivalent high-s one (s' = n - s, v flipped).
func highS(sig []byte) []byte {
	out := bytes.Clone(sig)
	s := new(big.Int).SetBytes(sig[32:64])
	copy(out[32:64], common.LeftPadBytes(new(big.Int).Sub(secp256k1N, s).Bytes(), 32))
	if out[64] == 27 {
		out[64] = 28
	} else {
		out[64] = 27
	}
	return out
}

// recoverSigner returns the address that sig (v 27/28) recovers to for digest.
func recoverSigner(t testing.TB, digest common.Hash, sig []byte) common.Address {
	s := bytes.Clone(sig)
	s[64] -= 27
	pub, err := crypto.SigToPub(digest.Bytes(), s)
	require.NoError(t, err)
	return crypto.PubkeyToAddress(*pub)
}

// execProofDigest is the EIP-712 digest of ExecProof(publicInputsHash) under the
// domain {name "Cairn ExecVerifier", version "1", chainId, verifyingContract}.
func execProofDigest(l1ChainID uint64, verifier common.Address, publicInputsHash common.Hash) common.Hash {
	domainType := keccak([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	domain := keccak(abiEncode(domainType, keccak([]byte("Cairn ExecVerifier")), keccak([]byte("1")), l1ChainID, verifier))
	structHash := keccak(abiEncode(keccak([]byte("ExecProof(bytes32 publicInputsHash)")), publicInputsHash))
	return keccak([]byte{0x19, 0x01}, domain.Bytes(), structHash.Bytes())
}

// proverProof is an exec proof for the ExecVerifier at verifier on the simulated L1.
func proverProof(t testing.TB, key *ecdsa.PrivateKey, verifier common.Address, publicInputsHash common.Hash) []byte {
	return sign65(t, key, execProofDigest(simChainID, verifier, publicInputsHash))
}

// withdrawal is an L2Bridge withdrawal as it is hashed into a batch's withdrawals root.
type withdrawal struct {
	id       uint64
	from, to common.Address
	amount   *big.Int
}

func withdrawalLeaf(w withdrawal) common.Hash {
	inner := keccak(abiEncode(uint64(l2ChainID), w.id, w.from, w.to, w.amount))
	return keccak(inner.Bytes())
}

func hashPair(a, b common.Hash) common.Hash {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	return keccak(a[:], b[:])
}

// merkleTree builds the sorted-pair tree over leaves in order (an odd node is
// carried up unchanged) and returns the root and each leaf's proof.
func merkleTree(leaves []common.Hash) (common.Hash, [][][32]byte) {
	if len(leaves) == 0 {
		return common.Hash{}, nil
	}
	proofs := make([][][32]byte, len(leaves))
	pos := make([]int, len(leaves)) // index of each leaf's ancestor in the current level
	for i := range pos {
		pos[i] = i
	}
	level := leaves
	for len(level) > 1 {
		var next []common.Hash
		for i := 0; i < len(level); i += 2 {
			if i+1 < len(level) {
				next = append(next, hashPair(level[i], level[i+1]))
			} else {
				next = append(next, level[i])
			}
		}
		for l := range leaves {
			p := pos[l]
			if sib := p ^ 1; sib < len(level) {
				proofs[l] = append(proofs[l], level[sib])
			}
			pos[l] = p / 2
		}
		level = next
	}
	return level[0], proofs
}

var attesterSeed uint64

// attester is a committee member's key.
type attester struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

// newAttesters returns n fresh keys sorted by address. The keys are derived
// from a counter, so that gas figures (which depend on the zero bytes of the
// signatures) are the same on every run.
func newAttesters(t testing.TB, n int) []attester {
	as := make([]attester, n)
	for i := range as {
		attesterSeed++
		k, err := crypto.ToECDSA(keccak([]byte("attester"), word(attesterSeed)).Bytes())
		require.NoError(t, err)
		as[i] = attester{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
	}
	sort.Slice(as, func(i, j int) bool { return bytes.Compare(as[i].addr[:], as[j].addr[:]) < 0 })
	return as
}

func addressesOf(as []attester) []common.Address {
	out := make([]common.Address, len(as))
	for i, a := range as {
		out[i] = a.addr
	}
	return out
}

// certificate signs digest with each attester, in the order given.
func certificate(t testing.TB, as []attester, digest common.Hash) [][]byte {
	out := make([][]byte, len(as))
	for i, a := range as {
		out[i] = sign65(t, a.key, digest)
	}
	return out
}

func TestMerkleTreeProofsVerify(t *testing.T) {
	for n := 1; n <= 9; n++ {
		leaves := make([]common.Hash, n)
		for i := range leaves {
			leaves[i] = keccak([]byte{byte(n), byte(i)})
		}
		root, proofs := merkleTree(leaves)
		for i, leaf := range leaves {
			h := leaf
			for _, p := range proofs[i] {
				h = hashPair(h, p)
			}
			require.Equal(t, root, h, "n=%d leaf %d", n, i)
		}
	}
}

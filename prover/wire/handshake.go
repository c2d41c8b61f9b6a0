package wire

import (
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// handshakeDomain starts every signed handshake digest. It keeps a
// handshake signature from meaning anything else the prover's key signs:
// exec proofs are EIP-191/EIP-712 digests, which start with 0x19.
const handshakeDomain = "cairn prover handshake v2"

// ErrBadSignature means an Auth signature does not recover to a key.
var ErrBadSignature = errors.New("bad handshake signature")

// HandshakeDigest is what a prover signs to answer a Challenge: the
// coordinator's fresh nonce, bound to the chain the session is for and to
// the name the prover gave in Hello.
func HandshakeDigest(chainID uint64, genesis [32]byte, nonce [32]byte, name string) [32]byte {
	buf := make([]byte, 0, len(handshakeDomain)+8+32+32+2+len(name))
	buf = append(buf, handshakeDomain...)
	buf = binary.BigEndian.AppendUint64(buf, chainID)
	buf = append(buf, genesis[:]...)
	buf = append(buf, nonce[:]...)
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(name)))
	buf = append(buf, name...)
	return crypto.Keccak256Hash(buf)
}

// SignHandshake signs digest with key.
func SignHandshake(key *ecdsa.PrivateKey, digest [32]byte) ([SignatureLen]byte, error) {
	var out [SignatureLen]byte
	sig, err := crypto.Sign(digest[:], key)
	if err != nil {
		return out, fmt.Errorf("sign handshake: %w", err)
	}
	copy(out[:], sig)
	return out, nil
}

// RecoverProver returns the address whose key made sig over digest.
func RecoverProver(digest [32]byte, sig [SignatureLen]byte) (common.Address, error) {
	if sig[64] > 1 {
		return common.Address{}, fmt.Errorf("%w: recovery id %d, want 0 or 1", ErrBadSignature, sig[64])
	}
	pub, err := crypto.SigToPub(digest[:], sig[:])
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

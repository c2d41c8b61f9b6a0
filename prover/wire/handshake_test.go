package wire

import (
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

func TestHandshakeSignatureRecoversTheSigner(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	genesis := [32]byte{1, 2, 3}
	nonce := [32]byte{4, 5, 6}
	digest := HandshakeDigest(42, genesis, nonce, "a")
	sig, err := SignHandshake(key, digest)
	require.NoError(t, err)
	addr, err := RecoverProver(digest, sig)
	require.NoError(t, err)
	require.Equal(t, crypto.PubkeyToAddress(key.PublicKey), addr)

	// The digest binds every field: a signature for another nonce, chain,
	// genesis or name recovers another address (or none).
	other := []([32]byte){
		HandshakeDigest(43, genesis, nonce, "a"),
		HandshakeDigest(42, [32]byte{9}, nonce, "a"),
		HandshakeDigest(42, genesis, [32]byte{7}, "a"),
		HandshakeDigest(42, genesis, nonce, "b"),
	}
	for i, d := range other {
		require.NotEqual(t, digest, d, "case %d", i)
		got, err := RecoverProver(d, sig)
		if err == nil {
			require.NotEqual(t, addr, got, "case %d", i)
		}
	}
	// The name is length-prefixed: moving bytes between fields changes it.
	require.NotEqual(t, HandshakeDigest(42, genesis, nonce, ""), HandshakeDigest(42, genesis, nonce, "\x00"))
}

func TestRecoverProverRefusesBadSignatures(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	digest := HandshakeDigest(1, [32]byte{1}, [32]byte{2}, "")
	sig, err := SignHandshake(key, digest)
	require.NoError(t, err)

	badV := sig
	badV[64] = 27
	_, err = RecoverProver(digest, badV)
	require.ErrorIs(t, err, ErrBadSignature)

	var zero [SignatureLen]byte
	_, err = RecoverProver(digest, zero)
	require.ErrorIs(t, err, ErrBadSignature)
}

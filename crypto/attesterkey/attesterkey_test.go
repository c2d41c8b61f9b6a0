package attesterkey

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

func TestTextRoundTripAndAddress(t *testing.T) {
	sk, err := Generate(rand.New(rand.NewSource(7)))
	require.NoError(t, err)
	pk := sk.Public()
	require.True(t, strings.HasPrefix(pk.String(), "attester:public:secp256k1:"))
	require.Len(t, pk.String(), len(PublicKeyPrefix)+66)
	require.True(t, strings.HasPrefix(sk.String(), "attester:secret:secp256k1:"))

	pk2, err := ParsePublicKey(pk.String())
	require.NoError(t, err)
	require.True(t, pk.Equal(pk2))
	require.Equal(t, sk.Address(), pk2.Address())
	sk2, err := ParseSecretKey(sk.String())
	require.NoError(t, err)
	require.Equal(t, sk.Bytes(), sk2.Bytes())

	digest := crypto.Keccak256([]byte("batch"))
	sig, err := sk.Sign(digest)
	require.NoError(t, err)
	rec, err := crypto.SigToPub(digest, sig)
	require.NoError(t, err)
	require.Equal(t, sk.Address(), crypto.PubkeyToAddress(*rec))

	for _, tc := range []struct{ name, in, want string }{
		{"wrong prefix", "validator:public:bls12_381:" + strings.Repeat("00", 33), "want prefix"},
		{"uncompressed length", PublicKeyPrefix + strings.Repeat("04", 65), "65 bytes"},
		{"not on curve", PublicKeyPrefix + "05" + strings.Repeat("00", 32), "attester public key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePublicKey(tc.in)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err = ParseSecretKey(SecretKeyPrefix + strings.Repeat("00", 32))
	require.Error(t, err)
	_, err = ParseSecretKey(pk.String())
	require.ErrorContains(t, err, "want prefix")
}

func FuzzParsePublicKey(f *testing.F) {
	f.Add(PublicKeyPrefix + "02" + strings.Repeat("ab", 32))
	f.Fuzz(func(t *testing.T, s string) {
		pk, err := ParsePublicKey(s)
		if err != nil {
			return
		}
		require.Equal(t, strings.ToLower(s), pk.String())
	})
}

package nodekey

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTextRoundTrip(t *testing.T) {
	sk, err := Generate(rand.New(rand.NewSource(1)))
	require.NoError(t, err)
	pk := sk.Public()
	require.True(t, strings.HasPrefix(pk.String(), "node:public:ed25519:"))
	require.True(t, strings.HasPrefix(sk.String(), "node:secret:ed25519:"))
	pk2, err := ParsePublicKey(pk.String())
	require.NoError(t, err)
	require.True(t, pk.Equal(pk2))
	sk2, err := ParseSecretKey(sk.String())
	require.NoError(t, err)
	require.Equal(t, sk.Seed(), sk2.Seed())
	sig := sk2.Sign([]byte("m"))
	require.NoError(t, pk.Verify([]byte("m"), sig))
	require.Error(t, pk.Verify([]byte("n"), sig))

	for _, tc := range []struct{ name, in, want string }{
		{"wrong prefix", "validator:public:bls12_381:" + strings.Repeat("00", 32), "want prefix"},
		{"short", PublicKeyPrefix + "0011", "2 bytes"},
		{"bad hex", PublicKeyPrefix + "xy", "bad hex"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePublicKey(tc.in)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err = ParseSecretKey(pk.String())
	require.ErrorContains(t, err, "want prefix")
	_, err = ParseSecretKey(SecretKeyPrefix + "00")
	require.ErrorContains(t, err, "1 bytes")
}

func FuzzParsePublicKey(f *testing.F) {
	f.Add(PublicKeyPrefix + strings.Repeat("ab", 32))
	f.Add("node:public:ed25519:")
	f.Fuzz(func(t *testing.T, s string) {
		pk, err := ParsePublicKey(s)
		if err != nil {
			return
		}
		require.Equal(t, strings.ToLower(s), pk.String())
	})
}

func FuzzParseSecretKey(f *testing.F) {
	f.Add(SecretKeyPrefix + strings.Repeat("ab", 32))
	f.Fuzz(func(t *testing.T, s string) {
		sk, err := ParseSecretKey(s)
		if err != nil {
			return
		}
		require.Equal(t, strings.ToLower(s), sk.String())
	})
}

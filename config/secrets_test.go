package config

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSecretsRoundTripWithPublicKeysInComments(t *testing.T) {
	s, err := GenerateSecrets(rand.Reader)
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "consensus_secrets.yaml")
	require.NoError(t, SaveSecrets(p, s))
	info, err := os.Stat(p)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	raw, _ := os.ReadFile(p)
	text := string(raw)
	require.Contains(t, text, "# "+s.Validator.Public().String()+"\n")
	require.Contains(t, text, "# "+s.Node.Public().String()+"\n")
	require.Contains(t, text, "# "+s.Attester.Public().String()+"\n")
	require.Contains(t, text, s.Attester.Address().Hex())

	back, err := LoadSecrets(p)
	require.NoError(t, err)
	require.Equal(t, s.Validator.Public().String(), back.Validator.Public().String())
	require.Equal(t, s.Node.Public().String(), back.Node.Public().String())
	require.Equal(t, s.Attester.Address(), back.Attester.Address())

	require.ErrorContains(t, SaveSecrets(p, s), "already exists")
}

func TestBadSecretsNameTheKey(t *testing.T) {
	s, err := GenerateSecrets(rand.Reader)
	require.NoError(t, err)
	good := string(s.Encode())
	cases := map[string]struct{ text, want string }{
		"validator prefix": {strings.Replace(good, "validator:secret:bls12_381:", "validator:public:bls12_381:", 1), "validator_key"},
		"node length":      {strings.Replace(good, "node:secret:ed25519:", "node:secret:ed25519:00", 1), "node_key"},
		"attester hex":     {strings.Replace(good, "attester:secret:secp256k1:", "attester:secret:secp256k1:zz", 1), "attester_key"},
		"unknown field":    {good + "validator_keys: x\n", "validator_keys"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.yaml")
			require.NoError(t, os.WriteFile(p, []byte(tc.text), 0o600))
			_, err := LoadSecrets(p)
			require.ErrorContains(t, err, tc.want)
		})
	}
	// Keys are optional: a full node has none.
	p := filepath.Join(t.TempDir(), "empty.yaml")
	require.NoError(t, os.WriteFile(p, []byte("# nothing\n"), 0o600))
	empty, err := LoadSecrets(p)
	require.NoError(t, err)
	require.Nil(t, empty.Validator)
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/config"
)

// run runs the cairn command line and returns what it printed.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	a := app()
	var out, errOut bytes.Buffer
	a.Writer, a.ErrWriter = &out, &errOut
	err := a.Run(append([]string{"cairn"}, args...))
	return out.String(), errOut.String(), err
}

var addressLine = regexp.MustCompile(`(?m)^address (0x[0-9a-fA-F]{40})$`)

func TestKeysL1(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "operator.key")
	out, _, err := run(t, "keys", "l1", "--out", path)
	require.NoError(t, err)
	m := addressLine.FindStringSubmatch(out)
	require.NotNil(t, m, "the address is printed: %q", out)
	printed := common.HexToAddress(m[1])

	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	// The file is what every --key reads, and it is the printed address's key.
	key, err := readKeyFile(path)
	require.NoError(t, err)
	require.Equal(t, printed, crypto.PubkeyToAddress(key.PublicKey))

	out, errOut, err := run(t, "keys", "l1-show", path)
	require.NoError(t, err)
	require.Equal(t, "address "+printed.Hex()+"\n", out)
	require.Empty(t, errOut)

	// Never overwritten.
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	_, _, err = run(t, "keys", "l1", "--out", path)
	require.ErrorContains(t, err, "already exists")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after)

	// Two keys are two keys.
	out2, _, err := run(t, "keys", "l1", "--out", filepath.Join(dir, "other.key"))
	require.NoError(t, err)
	require.NotEqual(t, printed.Hex(), addressLine.FindStringSubmatch(out2)[1])

	// A key readable by others is shown with a warning.
	require.NoError(t, os.Chmod(path, 0o644))
	_, errOut, err = run(t, "keys", "l1-show", path)
	require.NoError(t, err)
	require.Contains(t, errOut, "readable by other users")
}

func TestKeysL1Refusals(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		args []string
		want string
	}{
		"no out":             {[]string{"keys", "l1"}, "out"},
		"stray argument":     {[]string{"keys", "l1", "--out", filepath.Join(dir, "a.key"), "extra"}, "unexpected argument"},
		"directory missing":  {[]string{"keys", "l1", "--out", filepath.Join(dir, "no", "a.key")}, "create the key file"},
		"show no file given": {[]string{"keys", "l1-show"}, "give the key file"},
		"show missing file":  {[]string{"keys", "l1-show", filepath.Join(dir, "none.key")}, "key file"},
		"show not a key":     {[]string{"keys", "l1-show", writeFile(t, dir, "bad.key", "hello")}, "not a hex secp256k1 private key"},
		"show empty file":    {[]string{"keys", "l1-show", writeFile(t, dir, "empty.key", "")}, "empty"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, tc.args...)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// --full-node writes secrets without a validator key: the file a full node
// (and attester) runs with, refused by nothing.
func TestKeysGenerateFullNode(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.yaml")
	_, _, err := run(t, "keys", "generate", "--full-node", "--out", full)
	require.NoError(t, err)
	s, err := config.LoadSecrets(full)
	require.NoError(t, err)
	require.Nil(t, s.Validator)
	require.NotNil(t, s.Node)
	require.NotNil(t, s.Attester)

	validator := filepath.Join(dir, "validator.yaml")
	_, _, err = run(t, "keys", "generate", "--out", validator)
	require.NoError(t, err)
	s, err = config.LoadSecrets(validator)
	require.NoError(t, err)
	require.NotNil(t, s.Validator)
}

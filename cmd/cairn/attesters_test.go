package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

func attestersApp(out *bytes.Buffer) *cli.App {
	return &cli.App{Name: "cairn", Writer: out, Commands: []*cli.Command{attestersCommand()}}
}

func TestAttestersSetAndShow(t *testing.T) {
	env := l1test.Start(t, 42, common.HexToHash("0x6e"))
	dir := t.TempDir()
	adminKey := writeFile(t, dir, "admin.key", fmt.Sprintf("%x", crypto.FromECDSA(env.Operator)))
	strangerKey := writeFile(t, dir, "stranger.key", fmt.Sprintf("%x", crypto.FromECDSA(devchain.DevKeys()[5])))
	ocp := env.Addrs.OnChainProposer.Hex()
	url := env.Chain.URL()

	keys := make([]string, 8)
	addrs := make([]common.Address, 8)
	for i := range keys {
		k, err := attesterkey.Generate(nil)
		require.NoError(t, err)
		keys[i], addrs[i] = k.Public().String(), k.Address()
	}
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := attestersApp(&out).Run(append([]string{"cairn", "attesters"}, args...))
		return out.String(), err
	}
	attesterArgs := func(ks ...string) []string {
		var out []string
		for _, k := range ks {
			out = append(out, "--attester", k)
		}
		return out
	}
	set := func(key string, from string, extra ...string) (string, error) {
		args := append([]string{"set", "--l1-rpc", url, "--proposer", ocp, "--key", key, "--from-batch", from}, extra...)
		return run(args...)
	}

	out, err := run("show", "--l1-rpc", url, "--proposer", ocp)
	require.NoError(t, err)
	require.Contains(t, out, "batch 1: no attester committee applies")

	badKey := strings.Replace(keys[0], "attester:public:", "attester:secret:", 1)
	cases := map[string]struct {
		key, from string
		args      []string
		want      string
	}{
		"bad key text":       {adminKey, "1", attesterArgs(keys[0], badKey), "--attester 2"},
		"not hex":            {adminKey, "1", attesterArgs("attester:public:secp256k1:zz"), "--attester 1"},
		"duplicate":          {adminKey, "1", attesterArgs(keys[0], keys[1], keys[0]), "--attester 3: the same key as --attester 1"},
		"zero weight":        {adminKey, "1", append(attesterArgs(keys[0], keys[1]), "--weight", "1", "--weight", "0"), "has weight 0"},
		"weights count":      {adminKey, "1", append(attesterArgs(keys[:3]...), "--weight", "1", "--weight", "2"), "2 weights for 3 attesters"},
		"from batch 0":       {adminKey, "0", attesterArgs(keys[0]), "--from-batch 0: L1 has committed batch 0 already"},
		"not the admin":      {strangerKey, "1", attesterArgs(keys[0]), "is not the OnChainProposer admin"},
		"no attester":        {adminKey, "1", nil, "attester"},
		"no contract there":  {adminKey, "1", append(attesterArgs(keys[0]), "--proposer", common.HexToAddress("0x1234").Hex()), "no contract at"},
		"genesis and target": {adminKey, "1", append(attesterArgs(keys[0]), "--genesis", "x.json"), "not both"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := set(tc.key, tc.from, tc.args...)
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n", "one line")
		})
	}
	out, err = run("show", "--l1-rpc", url, "--proposer", ocp)
	require.NoError(t, err)
	require.Contains(t, out, "no attester committee applies", "nothing was set by a refused command")

	out, err = set(adminKey, "1", append(attesterArgs(keys...), "--weight", "1250")...)
	require.NoError(t, err)
	require.Contains(t, out, "committee of 8 attesters set from batch 1 (total weight 10000, quorum 8001)")
	out, err = set(adminKey, "5", append(attesterArgs(keys[:2]...), "--weight", "3", "--weight", "4")...)
	require.NoError(t, err)
	require.Contains(t, out, "committee of 2 attesters set from batch 5 (total weight 7, quorum 6)")

	out, err = run("show", "--l1-rpc", url, "--proposer", ocp)
	require.NoError(t, err)
	require.Contains(t, out, "batch 1: committee from batch 1, 8 attesters, total weight 10000, quorum 8001")
	for _, a := range addrs {
		require.Contains(t, out, a.Hex()+"  weight 1250")
	}
	out, err = run("show", "--l1-rpc", url, "--proposer", ocp, "--batch", "7")
	require.NoError(t, err)
	require.Contains(t, out, "batch 7: committee from batch 5, 2 attesters, total weight 7, quorum 6")
	require.Contains(t, out, addrs[1].Hex()+"  weight 4")

	// The node's view agrees with what the command set.
	com, err := attest.NewL1(env.Client, env.Addrs.OnChainProposer, env.Addrs.Bridge).AttesterCommittee(context.Background(), 4)
	require.NoError(t, err)
	require.Equal(t, addrs, com.Attesters)
}

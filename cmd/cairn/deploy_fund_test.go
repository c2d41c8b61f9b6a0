package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/devchain"
)

// cairn deploy --fund: genesis ETH that the deploying key does not back in
// the Bridge is refused before anything is sent; backed, the Bridge holds
// exactly the genesis ETH after deploy.
func TestDeployFundBacksGenesisETH(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	cl := l1.Client()
	defer cl.Close()
	ctx := context.Background()
	dir := t.TempDir()
	deployer := devchain.DevKeys()[3] // holds 1,000,000 ETH on the dev L1
	from := crypto.PubkeyToAddress(deployer.PublicKey)
	key := writeFile(t, dir, "deployer.key", fmt.Sprintf("%x", crypto.FromECDSA(deployer)))
	genesis := filepath.Join(dir, "genesis.json")
	_, validator := validatorKeys(t, dir)
	a, b := common.HexToAddress("0xa11ce"), common.HexToAddress("0xb0b")
	deployArgs := func(extra ...string) []string {
		return append([]string{"deploy", "--l1-rpc", l1.URL(), "--key", key, "--validator", validator, "--no-attesters", "--genesis-out", genesis}, extra...)
	}
	nothingSent := func() {
		t.Helper()
		nonce, err := cl.PendingNonceAt(ctx, from)
		require.NoError(t, err)
		require.Zero(t, nonce, "a refused deploy sent a transaction")
		_, err = os.Stat(genesis)
		require.ErrorIs(t, err, os.ErrNotExist)
	}

	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"no backing":              {deployArgs("--fund", a.Hex(), "--back-genesis-eth=false"), "--fund without --back-genesis-eth: 1000000 ETH of L2 genesis ETH that no deposit backs"},
		"more than the key holds": {deployArgs("--fund", a.Hex(), "--fund", b.Hex()), "not the 2000000 ETH of L2 genesis ETH it must back in the Bridge"},
		"zero":                    {deployArgs("--fund", a.Hex(), "--fund-eth", "0"), "--fund-eth 0"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, c.args...)
			require.ErrorContains(t, err, c.want)
			require.NotContains(t, err.Error(), "\n", "one line")
			nothingSent()
		})
	}

	out, _, err := run(t, deployArgs("--fund", a.Hex(), "--fund", b.Hex(), "--fund", a.Hex(), "--fund-eth", "1500")...)
	require.NoError(t, err)
	require.Contains(t, out, "genesis ETH     3000 ETH on 2 L2 accounts, backed by as much in the Bridge")
	g, err := config.LoadGenesis(genesis)
	require.NoError(t, err)
	each := new(big.Int).Mul(big.NewInt(1500), big.NewInt(params.Ether))
	total := new(big.Int)
	for _, acct := range []common.Address{a, b} {
		require.Equal(t, each, g.L2.Alloc[acct].Balance, acct)
		total.Add(total, g.L2.Alloc[acct].Balance)
	}
	bal, err := cl.BalanceAt(ctx, g.Contracts.Bridge, nil)
	require.NoError(t, err)
	require.Equal(t, total, bal, "the Bridge holds the genesis ETH")
}

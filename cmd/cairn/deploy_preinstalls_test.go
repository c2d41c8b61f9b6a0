package main

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/devchain"
)

// cairn deploy writes the preinstalls into the L2 genesis (code, nonces and
// the EntryPoint's storage survive genesis.json); --preinstalls=false
// leaves them out.
func TestDeployPreinstalls(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	key := writeFile(t, dir, "deployer.key", fmt.Sprintf("%x", crypto.FromECDSA(devchain.DevKeys()[3])))
	_, validator := validatorKeys(t, dir)
	want, err := execution.PreinstallAlloc()
	require.NoError(t, err)
	for _, on := range []bool{true, false} {
		genesis := filepath.Join(dir, fmt.Sprintf("genesis-%v.json", on))
		_, _, err := run(t, "deploy", "--l1-rpc", l1.URL(), "--key", key, "--validator", validator, "--genesis-out", genesis, "--no-attesters",
			fmt.Sprintf("--preinstalls=%v", on))
		require.NoError(t, err)
		g, err := config.LoadGenesis(genesis)
		require.NoError(t, err)
		for _, p := range execution.Preinstalls {
			if p.Address == execution.DeterministicDeploymentProxy {
				continue // geth's system contracts hold it either way (EIP-7997)
			}
			acc, ok := g.L2.Alloc[p.Address]
			require.Equal(t, on, ok, p.Name)
			if on {
				require.Equal(t, want[p.Address].Code, acc.Code, p.Name)
				require.Equal(t, want[p.Address].Nonce, acc.Nonce, p.Name)
				require.Equal(t, want[p.Address].Storage, acc.Storage, p.Name)
			}
		}
	}
}

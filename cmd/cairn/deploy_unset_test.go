package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

// cairn deploy ends with what is still unset: the attester committee,
// with the command that sets it, and the proof market. The printed
// command, given an attester's key, sets the committee; then L1 holds one
// and it is no longer named.
func TestDeployPrintsWhatIsStillUnset(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	deployer := devchain.DevKeys()[0]
	opKey := writeFile(t, dir, "operator.key", fmt.Sprintf("%x", crypto.FromECDSA(deployer)))
	genesis := filepath.Join(dir, "genesis.json")
	_, validator := validatorKeys(t, dir)
	out, errOut, err := run(t, "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--validator", validator, "--no-attesters", "--admin-delay", "0", "--genesis-out", genesis)
	require.NoError(t, err)
	require.Equal(t, noAttestersWarning+"\n", errOut)
	require.Contains(t, out, "provers         "+crypto.PubkeyToAddress(deployer.PublicKey).Hex()+
		" (ExecVerifier's allow-list: cairn prover --key must hold one of these keys)\n")
	_, unset, ok := strings.Cut(out, "\nstill unset:\n")
	require.True(t, ok, out)
	lines := strings.Split(strings.TrimSuffix(unset, "\n"), "\n")
	require.Len(t, lines, 3, unset)
	require.Equal(t, "  - attester committee: none on L1, so batches are committed without attestations; the admin (--key) sets it:", lines[0])
	placeholder := regexp.MustCompile(`<[^>]+>`)
	require.Equal(t, fmt.Sprintf("      cairn attesters set --from-batch 1 --attester <attester:public:… of each attester, as cairn keys show prints it> --l1-rpc %s --key %s --genesis %s",
		l1.URL(), opKey, genesis), lines[1])
	require.True(t, strings.HasPrefix(lines[2], "  - Proof Manager: not deployed"), lines[2])

	// The command as printed, an attester's public key in the placeholder.
	k, err := attesterkey.Generate(nil)
	require.NoError(t, err)
	args := strings.Fields(placeholder.ReplaceAllString(lines[1], k.Public().String()))
	attesters := &cli.App{Name: "cairn", Writer: &strings.Builder{}, Commands: []*cli.Command{attestersCommand()}}
	require.NoError(t, attesters.Run(args))

	g, err := config.LoadGenesis(genesis)
	require.NoError(t, err)
	cl := l1.Client()
	defer cl.Close()
	left := stillUnset(context.Background(), cl, g, deployedWith{l1RPC: l1.URL(), key: opKey, genesis: genesis})
	require.Len(t, left, 1, "the committee is set: %q", left)
	require.True(t, strings.HasPrefix(left[0], "Proof Manager: not deployed"), left[0])
}

package main

import (
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/cairn-rollup/cairn/l1/devchain"
)

// cairn reconstruct on a network just deployed (no batch yet) writes a
// data dir; bad input is one line naming what is wrong.
func TestReconstructCommandAndItsBadInputs(t *testing.T) {
	run := func(args ...string) error {
		a := &cli.App{Name: "cairn", Commands: []*cli.Command{deployCommand(), reconstructCommand()}}
		return a.Run(append([]string{"cairn"}, args...))
	}
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	key := writeFile(t, dir, "deployer.key", fmt.Sprintf("0x%x\n", crypto.FromECDSA(devchain.DevKeys()[0])))
	gen := filepath.Join(dir, "genesis.json")
	_, validator := validatorKeys(t, dir)
	require.NoError(t, run("deploy", "--l1-rpc", l1.URL(), "--key", key, "--validator", validator, "--no-attesters", "--genesis-out", gen))

	data := filepath.Join(dir, "data")
	require.NoError(t, run("reconstruct", "--genesis", gen, "--l1-rpc", l1.URL(), "--beacon", l1.URL(), "--data-dir", data))
	require.DirExists(t, filepath.Join(data, "geth"))
	require.NoError(t, run("reconstruct", "--genesis", gen, "--l1-rpc", l1.URL(), "--beacon", l1.URL(), "--data-dir", data), "again: nothing to do")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := "http://" + ln.Addr().String()
	ln.Close()
	other := writeFile(t, dir, "other.json", "{}")
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"missing genesis": {[]string{"--genesis", filepath.Join(dir, "none.json"), "--l1-rpc", l1.URL(), "--data-dir", data}, "none.json"},
		"bad genesis":     {[]string{"--genesis", other, "--l1-rpc", l1.URL(), "--data-dir", data}, "genesis: protocolVersion"},
		"unreachable L1":  {[]string{"--genesis", gen, "--l1-rpc", down, "--beacon", l1.URL(), "--data-dir", data}, "is the L1 node running?"},
		"no beacon":       {[]string{"--genesis", gen, "--l1-rpc", l1.URL(), "--data-dir", data}, "--beacon: the network publishes its batches in blobs"},
		"no data dir":     {[]string{"--genesis", gen, "--l1-rpc", l1.URL()}, "data-dir"},
	} {
		err := run(append([]string{"reconstruct"}, c.args...)...)
		require.ErrorContains(t, err, c.want, name)
		require.NotContains(t, err.Error(), "\n", name)
	}
	// A data dir of another network.
	gen2 := filepath.Join(dir, "genesis2.json")
	require.NoError(t, run("deploy", "--l1-rpc", l1.URL(), "--key", key, "--validator", validator, "--no-attesters", "--genesis-out", gen2))
	err = run("reconstruct", "--genesis", gen2, "--l1-rpc", l1.URL(), "--beacon", l1.URL(), "--data-dir", data)
	require.ErrorContains(t, err, "data dir belongs to genesis")
}

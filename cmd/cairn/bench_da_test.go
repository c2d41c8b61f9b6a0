package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

func TestBenchDAPrintsATableAndTheTargets(t *testing.T) {
	var out bytes.Buffer
	a := &cli.App{Name: "cairn", Commands: []*cli.Command{benchCommand()}, Writer: &out}
	require.NoError(t, a.Run([]string{"cairn", "bench", "da", "--txs", "30", "--txs-per-block", "8"}))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 3+3+4, out.String())
	require.Equal(t, []string{"workload", "txs", "blocks", "rlp", "B/tx", "rlp+zstd", "batchdata", "ratio", "blobs",
		"blob", "gas", "/tx", "calldata", "gas", "/tx"}, strings.Fields(lines[2]))
	for i, w := range []string{"eth-fresh", "eth-128", "erc20"} {
		f := strings.Fields(lines[3+i])
		require.Len(t, f, 12, lines[3+i])
		require.Equal(t, w, f[0])
		require.Equal(t, "30", f[1])
		require.Equal(t, "4", f[2], "30 txs, 8 a block")
		require.Equal(t, "1", f[7], "one blob")
	}
	for _, l := range lines[6:] {
		require.True(t, strings.HasPrefix(l, "target "), l)
	}
}

func TestBenchDABadInputsAreOneClearLine(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"zero txs":       {[]string{"--txs", "0"}, "--txs 0: need at least one transaction"},
		"zero per block": {[]string{"--txs-per-block", "0"}, "--txs-per-block 0"},
	} {
		t.Run(name, func(t *testing.T) {
			a := &cli.App{Name: "cairn", Commands: []*cli.Command{benchCommand()}, Writer: &bytes.Buffer{}}
			err := a.Run(append([]string{"cairn", "bench", "da"}, tc.args...))
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

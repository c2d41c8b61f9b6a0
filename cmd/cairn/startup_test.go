package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// TestMain lets a test run this test binary as the cairn command: with
// CAIRNTEST_RUN_MAIN set, it is main() itself, exit code included.
func TestMain(m *testing.M) {
	if os.Getenv("CAIRNTEST_RUN_MAIN") != "" {
		os.Args = append([]string{"cairn"}, strings.Fields(os.Getenv("CAIRNTEST_RUN_MAIN"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runCairn runs the cairn command in a child process and returns its exit
// code and standard error.
func runCairn(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CAIRNTEST_RUN_MAIN="+strings.Join(args, " "))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, stderr.String()
}

// Startup errors of cairn node end in one line naming the cause, and exit
// code 1; never a panic.
func TestNodeStartupErrorsAreOneLine(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	opKey := writeFile(t, dir, "operator.key", fmt.Sprintf("%x", crypto.FromECDSA(devchain.DevKeys()[0])))
	secrets, validator := validatorKeys(t, dir)
	genesis := filepath.Join(dir, "genesis.json")
	require.NoError(t, app().Run([]string{"cairn", "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--genesis-out", genesis, "--validator", validator}))
	other := filepath.Join(dir, "other.json")
	require.NoError(t, app().Run([]string{"cairn", "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--genesis-out", other, "--validator", validator}))

	// A data dir in use: hold its store open here.
	busy := filepath.Join(dir, "busy")
	held, err := store.Open(filepath.Join(busy, "cairn"))
	require.NoError(t, err)
	defer held.Close()
	// A data dir of another genesis.
	used := filepath.Join(dir, "used")
	s, err := store.Open(filepath.Join(used, "cairn"))
	require.NoError(t, err)
	g, err := config.LoadGenesis(other)
	require.NoError(t, err)
	require.NoError(t, s.CheckGenesis(g.Hash()))
	require.NoError(t, s.Close())

	base := []string{"node", "--genesis", genesis, "--secrets", secrets, "--rpc-addr", "127.0.0.1:0"}
	cases := map[string]struct {
		args []string
		want string
	}{
		"data dir in use":       {[]string{"--data-dir", busy, "--l1-rpc", l1.URL()}, "is another cairn node running on this data dir"},
		"L1 unreachable":        {[]string{"--data-dir", filepath.Join(dir, "a"), "--l1-rpc", "http://127.0.0.1:1"}, "is the L1 node running?"},
		"data dir of a genesis": {[]string{"--data-dir", used, "--l1-rpc", l1.URL()}, "use another --data-dir"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			code, stderr := runCairn(t, append(append([]string{}, base...), tc.args...)...)
			require.Equal(t, 1, code, stderr)
			require.NotContains(t, stderr, "panic")
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			require.Len(t, lines, 1, "one line, got:\n%s", stderr)
			require.Contains(t, lines[0], tc.want)
		})
	}
}

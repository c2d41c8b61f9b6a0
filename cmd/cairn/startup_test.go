package main

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/node"
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
	return runCairnEnv(t, nil, args...)
}

// runCairnEnv is runCairn with more environment variables.
func runCairnEnv(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), env...), "CAIRNTEST_RUN_MAIN="+strings.Join(args, " "))
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
	require.NoError(t, app().Run([]string{"cairn", "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--genesis-out", genesis, "--validator", validator, "--no-attesters"}))
	other := filepath.Join(dir, "other.json")
	require.NoError(t, app().Run([]string{"cairn", "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--genesis-out", other, "--validator", validator, "--no-attesters"}))

	// A data dir in use: hold its store open here.
	busyDir := filepath.Join(dir, "busy")
	held, err := store.Open(filepath.Join(busyDir, "cairn"))
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

	// A port taken by another process.
	busy := takePort(t)
	_, busyPort, err := net.SplitHostPort(busy)
	require.NoError(t, err)

	base := []string{"node", "--genesis", genesis, "--secrets", secrets, "--ws-addr", "127.0.0.1:0"}
	// At warn, a stray warning before the error would be a second line.
	quiet := []string{"CAIRN_NODE_LOG_LEVEL=warn", "CAIRN_NETWORK_LISTEN_ADDR=/ip4/127.0.0.1/tcp/0"}
	cases := map[string]struct {
		args    []string
		env     []string
		want    []string
		notWant []string
	}{
		"data dir in use": {args: []string{"--data-dir", busyDir, "--l1-rpc", l1.URL(), "--rpc-addr", "127.0.0.1:0"},
			want: []string{"is another cairn node running on this data dir"}},
		"L1 unreachable": {args: []string{"--data-dir", filepath.Join(dir, "a"), "--l1-rpc", "http://127.0.0.1:1", "--rpc-addr", "127.0.0.1:0"},
			want: []string{"is the L1 node running?"}},
		"data dir of a genesis": {args: []string{"--data-dir", used, "--l1-rpc", l1.URL(), "--rpc-addr", "127.0.0.1:0"},
			want: []string{"use another --data-dir"}},
		"JSON-RPC port taken": {args: []string{"--data-dir", filepath.Join(dir, "b"), "--l1-rpc", l1.URL(), "--rpc-addr", busy},
			env:  append([]string{"CAIRN_METRICS_LISTEN_ADDR="}, quiet...),
			want: []string{"JSON-RPC on " + busy, "address already in use", "(--rpc-addr or rpc.http_addr moves it)"}},
		"WebSocket port taken": {args: []string{"--data-dir", filepath.Join(dir, "e"), "--l1-rpc", l1.URL(), "--rpc-addr", "127.0.0.1:0", "--ws-addr", busy},
			env:  append([]string{"CAIRN_METRICS_LISTEN_ADDR="}, quiet...),
			want: []string{"WebSocket JSON-RPC on " + busy, "address already in use", "(--ws-addr or rpc.ws_addr moves it)"}},
		"p2p port taken": {args: []string{"--data-dir", filepath.Join(dir, "d"), "--l1-rpc", l1.URL(), "--rpc-addr", "127.0.0.1:0"},
			env:  []string{"CAIRN_NODE_LOG_LEVEL=warn", "CAIRN_METRICS_LISTEN_ADDR=", "CAIRN_NETWORK_LISTEN_ADDR=/ip4/127.0.0.1/tcp/" + busyPort},
			want: []string{"p2p on /ip4/127.0.0.1/tcp/" + busyPort, "address already in use", "network.listen_addr"}},
		"metrics port taken": {args: []string{"--data-dir", filepath.Join(dir, "c"), "--l1-rpc", l1.URL(), "--rpc-addr", "127.0.0.1:0"},
			env:  append([]string{"CAIRN_METRICS_LISTEN_ADDR=" + busy}, quiet...),
			want: []string{"metrics server on " + busy, "address already in use", "(metrics.listen_addr moves it)"}},
	}
	for name, tc := range badNumberCases(t, dir, l1.URL()) {
		cases[name] = tc
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			code, stderr := runCairnEnv(t, tc.env, append(append([]string{}, base...), tc.args...)...)
			requireOneErrorLine(t, code, stderr, tc.want...)
			for _, w := range tc.notWant {
				require.NotContains(t, stderr, w)
			}
		})
	}
}

// badNumberCases are the negative numbers that once started a node (or,
// max_inbound_peers, failed once geth ran, naming network.listen_addr),
// in cairn.toml and in the environment, on a node that would otherwise
// start: each is refused before anything starts, naming its key, and the
// data directory is never made.
func badNumberCases(t *testing.T, dir, l1URL string) map[string]struct {
	args, env, want, notWant []string
} {
	cases := map[string]struct{ args, env, want, notWant []string }{}
	for i, tc := range []struct{ section, key, value, want string }{
		{"network", "max_inbound_peers", "-1", "network.max_inbound_peers is -1; must be from 1 to 1000"},
		{"l1", "max_fee_gwei", "-1", "l1.max_fee_gwei is -1; must be from 1 to 1000000"},
		{"l1", "fee_bump_percent", "-5", "l1.fee_bump_percent is -5; must be from 10 to 100"},
		{"execution", "cache_mb", "-1", "execution.cache_mb is -1; must be from 16 to 262144"},
		{"watcher", "confirmations", "-1", "watcher.confirmations is -1; must be from 0 to 10000"},
	} {
		file := writeFile(t, dir, fmt.Sprintf("bad%d.toml", i), fmt.Sprintf("[%s]\n%s = %s\n", tc.section, tc.key, tc.value))
		data := filepath.Join(dir, fmt.Sprintf("never%d", i))
		args := []string{"--data-dir", data, "--l1-rpc", l1URL, "--rpc-addr", "127.0.0.1:0"}
		env := []string{"CAIRN_NODE_LOG_LEVEL=warn", "CAIRN_METRICS_LISTEN_ADDR=", "CAIRN_NETWORK_LISTEN_ADDR=/ip4/127.0.0.1/tcp/0"}
		variable := "CAIRN_" + strings.ToUpper(tc.section+"_"+tc.key)
		cases[tc.key+" in cairn.toml"] = struct{ args, env, want, notWant []string }{
			args: append([]string{"--config", file}, args...), env: env,
			want: []string{"config " + file + ": " + tc.want}, notWant: []string{"listen_addr"}}
		cases[tc.key+" in "+variable] = struct{ args, env, want, notWant []string }{
			args: args, env: append([]string{variable + "=" + tc.value}, env...),
			want: []string{"env " + variable + ": " + tc.want}, notWant: []string{"listen_addr"}}
		t.Cleanup(func() {
			_, err := os.Stat(data)
			require.True(t, os.IsNotExist(err), "%s = %s: the node made its data directory before refusing it", tc.key, tc.value)
		})
	}
	return cases
}

// A port clash of cairn devnet names the flag that moves the port: the
// embedded L1's, which fails at once, and the node's JSON-RPC, which fails
// once the contracts are deployed.
func TestDevnetPortClashNamesTheFlag(t *testing.T) {
	busy := takePort(t)
	free := map[string]string{"--l1-http-addr": "127.0.0.1:0", "--rpc-addr": "127.0.0.1:0", "--prover-addr": "127.0.0.1:0",
		"--inputs-addr": "127.0.0.1:0", "--metrics-addr": "127.0.0.1:0"}
	for _, tc := range []struct {
		flag, listener string
	}{
		{"--l1-http-addr", "embedded L1 JSON-RPC"},
		{"--rpc-addr", "devnet node 0: JSON-RPC"},
		{"--prover-addr", "devnet node 0: prover coordinator"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			args := []string{"devnet", "--data-dir", t.TempDir(), "--validators", "1", "--full-nodes", "0", "--no-market"}
			for flag, addr := range free {
				if flag == tc.flag {
					addr = busy
				}
				args = append(args, flag, addr)
			}
			code, stderr := runCairn(t, args...)
			requireOneErrorLine(t, code, stderr, tc.listener+" on "+busy, "address already in use", "("+tc.flag+" moves it)")
		})
	}
}

// Every key a devnet listener fails with maps to a flag of cairn devnet,
// and the rewritten error keeps what wrapped it.
func TestDevnetListenFlagsAreFlags(t *testing.T) {
	flags := map[string]bool{}
	for _, f := range devnetCommand().Flags {
		flags["--"+f.Names()[0]] = true
	}
	for key, flag := range devnetListenFlags() {
		require.True(t, flags[flag], "%s maps to %s, not a flag of cairn devnet", key, flag)
	}
	op := &net.OpError{Op: "listen", Net: "tcp", Err: errors.New("bind: address already in use")}
	le := &node.ListenError{Listener: "metrics server", Addr: "127.0.0.1:9547", Key: "metrics.listen_addr", Err: op}
	err := nameListenFlags(fmt.Errorf("devnet node 0: %w", le), devnetListenFlags())
	require.EqualError(t, err, "devnet node 0: metrics server on 127.0.0.1:9547: listen tcp: bind: address already in use (--metrics-addr moves it)")
	var got *node.ListenError
	require.ErrorAs(t, err, &got)
	require.Equal(t, "metrics.listen_addr", got.Key)
	// A key without a flag keeps the configuration key.
	le.Key = "network.listen_addr"
	require.EqualError(t, nameListenFlags(le, devnetListenFlags()), "metrics server on 127.0.0.1:9547: listen tcp: bind: address already in use (network.listen_addr moves it)")
}

// takePort listens on a free loopback port for the test's duration and
// returns its address.
func takePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

// requireOneErrorLine checks a failed command: exit code 1, and standard
// error one line (no warning or log before it) holding every want.
func requireOneErrorLine(t *testing.T, code int, stderr string, want ...string) {
	t.Helper()
	require.Equal(t, 1, code, stderr)
	require.NotContains(t, stderr, "panic")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	require.Len(t, lines, 1, "one line, got:\n%s", stderr)
	require.True(t, strings.HasPrefix(lines[0], "cairn: "), lines[0])
	for _, w := range want {
		require.Contains(t, lines[0], w)
	}
}

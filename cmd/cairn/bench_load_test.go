package main

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

func TestBenchLoadBadInputsAreOneClearLine(t *testing.T) {
	key := "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no rpc":              {[]string{"load", "--key", key}, "--rpc"},
		"no key":              {[]string{"load", "--rpc", "http://127.0.0.1:1"}, "--key"},
		"bad key":             {[]string{"load", "--rpc", "http://127.0.0.1:1", "--key", "0xzz"}, "--key: not a hex private key"},
		"zero accounts":       {[]string{"load", "--rpc", "http://127.0.0.1:1", "--key", key, "--accounts", "0"}, "--accounts 0"},
		"bad workload":        {[]string{"load", "--rpc", "http://127.0.0.1:1", "--key", key, "--workload", "nft"}, `--workload "nft"`},
		"empty rpc item":      {[]string{"load", "--rpc", "http://127.0.0.1:1,,", "--key", key}, "empty URL"},
		"unreachable rpc":     {[]string{"load", "--rpc", "http://127.0.0.1:1", "--key", key}, "chain id"},
		"throughput runs":     {[]string{"throughput", "--runs", "0"}, "--runs"},
		"throughput workload": {[]string{"throughput", "--workload", "nft"}, "--workload"},
	} {
		t.Run(name, func(t *testing.T) {
			a := &cli.App{Name: "cairn", Commands: []*cli.Command{benchCommand()}}
			err := a.Run(append([]string{"cairn", "bench"}, tc.args...))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestSplitList(t *testing.T) {
	require.Nil(t, splitList(""))
	require.Nil(t, splitList("  "))
	require.Equal(t, []string{"http://a", "ws://b"}, splitList("http://a, ws://b"))
	require.Equal(t, []string{"a", ""}, splitList("a,"), "a blank item is kept for Validate to refuse")
}

// A list flag takes repeats and commas alike: a second --rpc is not
// silently dropped.
func TestListFlagTakesRepeatsAndCommas(t *testing.T) {
	var got []string
	a := &cli.App{Name: "t", Flags: []cli.Flag{&cli.StringSliceFlag{Name: "rpc"}},
		Action: func(c *cli.Context) error { got = listFlag(c, "rpc"); return nil }}
	require.NoError(t, a.Run([]string{"t", "--rpc", "http://a", "--rpc", "http://b,ws://c"}))
	require.Equal(t, []string{"http://a", "http://b", "ws://c"}, got)
	require.NoError(t, a.Run([]string{"t"}))
	require.Nil(t, got)
}

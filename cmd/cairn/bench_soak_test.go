package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

func TestBenchSoakBadInputsAreOneClearLine(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"zero rate":     {[]string{"--rate", "0"}, "--rate 0: transfers per second, positive"},
		"zero duration": {[]string{"--duration", "0s"}, "--duration 0s: must be positive"},
		"negative":      {[]string{"--accounts", "-1"}, "must not be negative"},
	} {
		t.Run(name, func(t *testing.T) {
			a := &cli.App{Name: "cairn", Commands: []*cli.Command{benchCommand()}, Writer: &bytes.Buffer{}}
			err := a.Run(append([]string{"cairn", "bench", "soak"}, tc.args...))
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n")
		})
	}
}

// A tiny soak: both nodes measured, every transfer included, the table
// and the closing line of bytes per transfer printed.
func TestBenchSoakSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a devnet of two nodes for about 15 s")
	}
	var out bytes.Buffer
	a := &cli.App{Name: "cairn", Commands: []*cli.Command{benchCommand()}, Writer: &out}
	require.NoError(t, a.Run([]string{"cairn", "bench", "soak", "--duration", "3s", "--rate", "40", "--sample", "1s",
		"--accounts", "4", "--inflight", "8"}))
	text := out.String()
	require.Contains(t, text, "geth state: validator archive (it holds the operator key, and proves), full node pruned")
	require.Contains(t, text, "Cairn's store (du, without its write-ahead log)")
	require.Contains(t, text, "write-ahead logs, geth's and Cairn's (bounded)")
	require.Contains(t, text, "state: trie nodes and code")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	last := lines[len(lines)-1]
	m := regexp.MustCompile(`^bytes/transfer \(du of the data directory over (\d+) transfers\): validator (-?\d+) full node (-?\d+); without the write-ahead logs: validator -?\d+ full node -?\d+$`).FindStringSubmatch(last)
	require.NotNil(t, m, last)
	require.NotEqual(t, "0", m[1], "transfers were included")
	require.Regexp(t, `sent / included / refused\s+(\d+) / (\d+) / 0`, text)
	sent := regexp.MustCompile(`sent / included / refused\s+(\d+) / (\d+)`).FindStringSubmatch(text)
	require.Equal(t, sent[1], sent[2], "every sent transfer is included:\n%s", text)
}

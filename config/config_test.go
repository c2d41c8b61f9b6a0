package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/stretchr/testify/require"
)

func TestExampleParsesToTheDefaults(t *testing.T) {
	var cfg Config
	md, err := toml.Decode(Example(), &cfg)
	require.NoError(t, err)
	require.Empty(t, md.Undecoded())
	require.Equal(t, Default(), cfg)
	// Every key has a comment.
	require.NotContains(t, Example(), "# \n")
}

func write(t *testing.T, s string) string {
	p := filepath.Join(t.TempDir(), "cairn.toml")
	require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
	return p
}

func TestFileThenEnvOverride(t *testing.T) {
	p := write(t, "[sequencer]\nblock_time = \"2s\"\n[watcher]\nconfirmations = 3\n")
	cfg, err := Load(p, []string{"CAIRN_WATCHER_CONFIRMATIONS=5", "CAIRN_L1_OPERATOR_KEY=abc", "HOME=/x"})
	require.NoError(t, err)
	require.Equal(t, 2*time.Second, cfg.Sequencer.BlockTime.Duration)
	require.Equal(t, uint64(5), cfg.Watcher.Confirmations)
	require.Equal(t, "abc", cfg.L1.OperatorKey)
	require.NoError(t, cfg.Validate())
}

func TestBadConfigNamesTheKey(t *testing.T) {
	cases := []struct {
		name, file string
		env        []string
		want       string
	}{
		{"unknown key", "[watcher]\nconfirmation = 3\n", nil, `unknown key "watcher.confirmation"`},
		{"bad duration", "[sequencer]\nblock_time = \"soon\"\n", nil, "not a duration"},
		{"sub-second block time", "[sequencer]\nblock_time = \"500ms\"\n", nil, "sequencer.block_time"},
		{"bad log level", "[node]\nlog_level = \"loud\"\n", nil, "node.log_level"},
		{"bad l1 url", "[l1]\nrpc_url = \"localhost:8545\"\n", nil, "l1.rpc_url"},
		{"small fee bump", "[l1]\nfee_bump_percent = 5\n", nil, "l1.fee_bump_percent"},
		{"bad listen addr", "[prover_server]\nlisten_addr = \"3900\"\n", nil, "prover_server.listen_addr"},
		{"bad fee recipient", "[sequencer]\nfee_recipient = \"0x12\"\n", nil, "sequencer.fee_recipient"},
		{"bad listen address", "[network]\nlisten_addr = \"0.0.0.0:3060\"\n", nil, "network.listen_addr"},
		{"static peer without id", "[network]\nstatic_peers = [\"/ip4/10.0.0.1/tcp/3060\"]\n", nil, "network.static_peers"},
		{"static peer without id from env", "", []string{"CAIRN_NETWORK_STATIC_PEERS=/ip4/10.0.0.1/tcp/3060"}, "network.static_peers"},
		{"unknown env", "", []string{"CAIRN_WATCHER_NOPE=1"}, "CAIRN_WATCHER_NOPE"},
		{"bad env number", "", []string{"CAIRN_WATCHER_CONFIRMATIONS=-1"}, "CAIRN_WATCHER_CONFIRMATIONS"},
		{"toml syntax", "[watcher\n", nil, "cairn.toml"},
		{"bad block tag", "[watcher]\nblock_tag = \"pending\"\n", nil, "watcher.block_tag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(write(t, tc.file), tc.env)
			if err == nil {
				err = cfg.Validate()
			}
			require.ErrorContains(t, err, tc.want)
		})
	}
}

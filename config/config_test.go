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

func TestRPCAPI(t *testing.T) {
	cfg, err := Load("", nil)
	require.NoError(t, err)
	require.Equal(t, []string{"eth", "net", "web3", "txpool", "cairn"}, cfg.RPC.API, "no debug, admin or miner by default")
	require.NoError(t, cfg.Validate())

	cfg, err = Load(write(t, "[rpc]\napi = [\"eth\", \"cairn\", \"debug\"]\n"), nil)
	require.NoError(t, err)
	require.Equal(t, []string{"eth", "cairn", "debug"}, cfg.RPC.API)
	require.NoError(t, cfg.Validate())

	cfg, err = Load("", []string{"CAIRN_RPC_API=eth, cairn"})
	require.NoError(t, err)
	require.Equal(t, []string{"eth", "cairn"}, cfg.RPC.API)
	require.NoError(t, cfg.Validate())

	// Browser origins and virtual hosts: geth's defaults (none; localhost),
	// lists in the file and comma-separated in the environment.
	cfg, err = Load("", nil)
	require.NoError(t, err)
	require.Empty(t, cfg.RPC.CorsDomains)
	require.Equal(t, []string{"localhost"}, cfg.RPC.VHosts)
	cfg, err = Load(write(t, "[rpc]\ncors_domains = [\"https://app.example\"]\nvhosts = [\"node.example\"]\n"), nil)
	require.NoError(t, err)
	require.Equal(t, []string{"https://app.example"}, cfg.RPC.CorsDomains)
	require.Equal(t, []string{"node.example"}, cfg.RPC.VHosts)
	cfg, err = Load("", []string{"CAIRN_RPC_CORS_DOMAINS=http://localhost:*, https://app.example", "CAIRN_RPC_VHOSTS=localhost,node.example"})
	require.NoError(t, err)
	require.Equal(t, []string{"http://localhost:*", "https://app.example"}, cfg.RPC.CorsDomains)
	require.Equal(t, []string{"localhost", "node.example"}, cfg.RPC.VHosts)
	require.NoError(t, cfg.Validate())

	// Prover keys: empty by default (the ExecVerifier's list), addresses.
	require.Empty(t, Default().ProverServer.AllowedProvers)
	cfg, err = Load(write(t, "[prover_server]\nallowed_provers = [\"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23\"]\n"), nil)
	require.NoError(t, err)
	require.NoError(t, cfg.Validate())

	// With both servers off the list is not looked at.
	cfg, err = Load(write(t, "[rpc]\nhttp_addr = \"\"\nws_addr = \"\"\napi = []\n"), nil)
	require.NoError(t, err)
	require.NoError(t, cfg.Validate())
}

// WebSocket is on by default next to HTTP; empty turns it off, from the
// file or the environment.
func TestRPCWSAddr(t *testing.T) {
	cfg, err := Load("", nil)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:8548", cfg.RPC.WSAddr)
	require.Equal(t, "127.0.0.1:8547", cfg.RPC.HTTPAddr)

	cfg, err = Load(write(t, "[rpc]\nws_addr = \"\"\n"), nil)
	require.NoError(t, err)
	require.Empty(t, cfg.RPC.WSAddr)
	require.NoError(t, cfg.Validate())

	cfg, err = Load("", []string{"CAIRN_RPC_WS_ADDR="})
	require.NoError(t, err)
	require.Empty(t, cfg.RPC.WSAddr)

	cfg, err = Load("", []string{"CAIRN_RPC_WS_ADDR=0.0.0.0:0"})
	require.NoError(t, err)
	require.Equal(t, "0.0.0.0:0", cfg.RPC.WSAddr)
	require.NoError(t, cfg.Validate())

	cfg.RPC.WSAddr = "localhost"
	err = cfg.Validate()
	require.EqualError(t, err, `config: rpc.ws_addr is "localhost", not host:port`)
	require.NotContains(t, err.Error(), "\n")
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
		{"bad allowed prover", "", []string{"CAIRN_PROVER_SERVER_ALLOWED_PROVERS=0x2c7536E3605D9C16a7a3D7b1898e529396a65c23,prover.key"}, `prover_server.allowed_provers has "prover.key"`},
		{"bad fee recipient", "[sequencer]\nfee_recipient = \"0x12\"\n", nil, "sequencer.fee_recipient"},
		{"bad listen address", "[network]\nlisten_addr = \"0.0.0.0:3060\"\n", nil, "network.listen_addr"},
		{"static peer without id", "[network]\nstatic_peers = [\"/ip4/10.0.0.1/tcp/3060\"]\n", nil, "network.static_peers"},
		{"static peer without id from env", "", []string{"CAIRN_NETWORK_STATIC_PEERS=/ip4/10.0.0.1/tcp/3060"}, "network.static_peers"},
		{"unknown env", "", []string{"CAIRN_WATCHER_NOPE=1"}, "CAIRN_WATCHER_NOPE"},
		{"key moved to genesis", "[sequencer]\nmax_deposits_per_block = 32\n", nil,
			"sequencer.max_deposits_per_block moved to the genesis (sequencer.maxDepositsPerBlock, written by cairn deploy --max-deposits-per-block); remove it from the config"},
		{"key moved to genesis from env", "", []string{"CAIRN_SEQUENCER_MAX_DEPOSITS_PER_BLOCK=32"},
			"env CAIRN_SEQUENCER_MAX_DEPOSITS_PER_BLOCK: sequencer.max_deposits_per_block moved to the genesis"},
		{"bad env number", "", []string{"CAIRN_WATCHER_CONFIRMATIONS=-1"}, "CAIRN_WATCHER_CONFIRMATIONS"},
		{"toml syntax", "[watcher\n", nil, "cairn.toml"},
		{"bad block tag", "[watcher]\nblock_tag = \"pending\"\n", nil, "watcher.block_tag"},
		{"unknown rpc namespace", "[rpc]\napi = [\"eth\", \"personal\"]\n", nil, `rpc.api has unknown namespace "personal"`},
		{"unknown rpc namespace from env", "", []string{"CAIRN_RPC_API=eth,dbg"}, `rpc.api has unknown namespace "dbg"`},
		{"empty rpc api", "[rpc]\napi = []\n", nil, "rpc.api is empty"},
		{"rpc namespace twice", "[rpc]\napi = [\"eth\", \"eth\"]\n", nil, `rpc.api lists "eth" twice`},
		{"bad ws addr", "[rpc]\nws_addr = \"8548\"\n", nil, `config: rpc.ws_addr is "8548", not host:port`},
		{"bad ws port from env", "", []string{"CAIRN_RPC_WS_ADDR=127.0.0.1:99999"}, `config: rpc.ws_addr is "127.0.0.1:99999", not host:port`},
		{"cors origin with two wildcards", "", []string{"CAIRN_RPC_CORS_DOMAINS=http://*.example:*"}, `rpc.cors_domains entry "http://*.example:*" has more than one *`},
		{"rpc api checked for ws alone", "[rpc]\nhttp_addr = \"\"\napi = []\n", nil, "rpc.api is empty"},
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

func TestRPCAllowUnprotectedTxs(t *testing.T) {
	cfg, err := Load("", nil)
	require.NoError(t, err)
	require.False(t, cfg.RPC.AllowUnprotectedTxs, "off by default, as in geth")
	cfg, err = Load(write(t, "[rpc]\nallow_unprotected_txs = true\n"), nil)
	require.NoError(t, err)
	require.True(t, cfg.RPC.AllowUnprotectedTxs)
	cfg, err = Load("", []string{"CAIRN_RPC_ALLOW_UNPROTECTED_TXS=true"})
	require.NoError(t, err)
	require.True(t, cfg.RPC.AllowUnprotectedTxs)
	_, err = Load("", []string{"CAIRN_RPC_ALLOW_UNPROTECTED_TXS=maybe"})
	require.Error(t, err)
}

func TestExecutionArchive(t *testing.T) {
	cfg, err := Load("", nil)
	require.NoError(t, err)
	require.False(t, cfg.Execution.Archive, "pruned by default")
	cfg, err = Load(write(t, "[execution]\narchive = true\n"), nil)
	require.NoError(t, err)
	require.True(t, cfg.Execution.Archive)
	cfg, err = Load("", []string{"CAIRN_EXECUTION_ARCHIVE=true"})
	require.NoError(t, err)
	require.True(t, cfg.Execution.Archive)
	_, err = Load("", []string{"CAIRN_EXECUTION_ARCHIVE=yes please"})
	require.ErrorContains(t, err, "CAIRN_EXECUTION_ARCHIVE")
}

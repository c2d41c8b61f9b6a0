package config

import (
	"errors"
	"fmt"
	"net"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/ethereum/go-ethereum/common"
)

// Duration is a time.Duration written as "1s", "500ms" in TOML and env.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration like 1s or 500ms", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Config is the whole node configuration. Every field has a default in
// Default and a comment tag that the example file prints.
type Config struct {
	Node         Node         `toml:"node"`
	L1           L1           `toml:"l1"`
	Execution    Execution    `toml:"execution"`
	Sequencer    Sequencer    `toml:"sequencer"`
	Watcher      Watcher      `toml:"watcher"`
	Committer    Committer    `toml:"committer"`
	ProverServer ProverServer `toml:"prover_server"`
	ProofSender  ProofSender  `toml:"proof_sender"`
	ProofManager ProofManager `toml:"proof_manager"`
	Network      Network      `toml:"network"`
	RPC          RPC          `toml:"rpc"`
	Metrics      Metrics      `toml:"metrics"`
}

// Node is where the node keeps its state and what it logs.
type Node struct {
	DataDir     string `toml:"data_dir" comment:"Directory for the node's Pebble store and geth's chain data."`
	GenesisFile string `toml:"genesis_file" comment:"The network's genesis file (written by cairn deploy or cairn devnet)."`
	LogLevel    string `toml:"log_level" comment:"debug, info, warn or error."`
	SecretsFile string `toml:"secrets_file" comment:"consensus_secrets.yaml from cairn keys generate: the node key (p2p identity), and the validator and attester keys when this node has those roles."`
}

// Network is the node's libp2p host.
type Network struct {
	ListenAddr      string   `toml:"listen_addr" comment:"libp2p listen multiaddr (TCP)."`
	StaticPeers     []string `toml:"static_peers" comment:"Peers to keep connected, as multiaddrs with /p2p/<peer id> (every validator lists the others). In the environment: comma-separated."`
	MaxInboundPeers uint64   `toml:"max_inbound_peers" range:"1..1000" comment:"Inbound connections accepted beyond the static peers and the validators."`
	MaxPeersPerIP   uint64   `toml:"max_peers_per_ip" range:"1..1000" comment:"Of those, at most this many from one IP address (peer ids are free to make, addresses are not); loopback is exempt. Raise it for peers behind one NAT."`
}

// L1 is how the node reaches L1 and sends its transactions.
type L1 struct {
	RPCURL             string   `toml:"rpc_url" comment:"L1 JSON-RPC endpoint."`
	OperatorKeyFile    string   `toml:"operator_key_file" comment:"File holding the hex secp256k1 key that commits and verifies batches on L1 (or set CAIRN_L1_OPERATOR_KEY)."`
	OperatorKey        string   `toml:"operator_key" comment:"The operator key itself, hex; prefer operator_key_file. Leave empty on nodes that do not send L1 transactions."`
	ProofSenderKeyFile string   `toml:"proof_sender_key_file" comment:"File holding the hex secp256k1 key that sends verify and Proof Manager transactions (or set CAIRN_L1_PROOF_SENDER_KEY); empty: the operator key sends them too. A key of its own keeps them apart from blob commits, which geth's pool will not hold from one account at once."`
	ProofSenderKey     string   `toml:"proof_sender_key" comment:"The proof sender key itself, hex; prefer proof_sender_key_file."`
	ResubmitAfter      Duration `toml:"resubmit_after" range:"1s..1h" comment:"Bump the fees of an L1 transaction not mined after this long."`
	FeeBumpPercent     uint64   `toml:"fee_bump_percent" range:"10..100" comment:"Percent added to the fees at each bump (L1 txpools refuse a replacement under 10)."`
	MaxFeeGwei         uint64   `toml:"max_fee_gwei" range:"1..1000000" comment:"Never bid more than this max fee per gas, in gwei."`
}

// Execution sizes the embedded geth and says which state it keeps.
type Execution struct {
	CacheMB uint64 `toml:"cache_mb" range:"16..262144" comment:"Memory for geth's database and trie caches, in MB; its memtables and write-ahead log files scale with it."`
	Archive bool   `toml:"archive" comment:"Keep the state of every block (geth's hash-scheme archive): historical eth_call and eth_getBalance, and witnesses of old blocks. false prunes: the state of the last 128 blocks, and the disk grows by the blocks alone. The node with the operator key (it proves) is always archive. A data directory opens only in the mode that wrote it."`
}

// Sequencer paces L2 blocks.
type Sequencer struct {
	BlockTime    Duration `toml:"block_time" range:"1s..10m" comment:"Time between L2 blocks; 1s is the shortest (timestamps are whole seconds)."`
	FeeRecipient string   `toml:"fee_recipient" comment:"L2 address that receives the block fees (coinbase)."`
}

// Watcher follows the L1 bridge for deposits.
type Watcher struct {
	CheckInterval Duration `toml:"check_interval" range:"10ms..10m" comment:"How often L1 is polled for new deposits."`
	MaxBlockStep  uint64   `toml:"max_block_step" range:"1..100000" comment:"At most this many L1 blocks are scanned in one eth_getLogs call."`
	BlockTag      string   `toml:"block_tag" comment:"L1 block deposits are read up to: safe, finalized, or latest (the head minus confirmations). An L1 without block tags is read up to the head minus confirmations."`
	Confirmations uint64   `toml:"confirmations" range:"0..10000" comment:"With block_tag = latest, or an L1 without block tags: deposits are taken only this many blocks below the L1 head (the devnet uses 0)."`
}

// Committer commits sealed batches to L1.
type Committer struct {
	Enabled       bool     `toml:"enabled" comment:"Commit sealed batches to L1 (needs the operator key)."`
	CheckInterval Duration `toml:"check_interval" range:"10ms..10m" comment:"How often the committer looks for batches to commit."`
}

// ProverServer is the TCP prover coordinator.
type ProverServer struct {
	Enabled      bool     `toml:"enabled" comment:"Serve prover inputs to prover clients."`
	ListenAddr   string   `toml:"listen_addr" comment:"TCP address of the prover coordinator."`
	LeaseTimeout Duration `toml:"lease_timeout" range:"1s..24h" comment:"A batch handed to a prover is handed out again after this long without a proof."`
	RetryAfter   Duration `toml:"retry_after" range:"10ms..10m" comment:"How long a prover that found no work is told to wait before asking again."`
	// The two timeouts keep idle sockets from holding connection slots.
	HandshakeTimeout Duration `toml:"handshake_timeout" range:"100ms..1m" comment:"A connection must complete its signed handshake within this."`
	IdleTimeout      Duration `toml:"idle_timeout" range:"1s..1h" comment:"A session with no request for this long is closed (a prover that proves for longer reconnects to submit)."`
	AllowedProvers   []string `toml:"allowed_provers" comment:"Addresses of the prover keys served (cairn prover --key); any other key is refused at the handshake. Empty: the keys on the ExecVerifier's allow-list on L1, the provers whose proofs L1 accepts. Each key holds one batch at a time. In the environment: comma-separated."`
}

// ProofSender sends verify transactions with accepted proofs.
type ProofSender struct {
	Enabled       bool     `toml:"enabled" comment:"Send verifyBatch transactions (needs the operator key)."`
	CheckInterval Duration `toml:"check_interval" range:"10ms..10m" comment:"How often the proof sender looks for proven batches."`
}

// ProofManager is the proof submitter: batches offered to proving
// networks through the ProofManager contract named in the genesis.
type ProofManager struct {
	Enabled          bool     `toml:"enabled" comment:"Offer committed batches to proving networks (needs the operator key). The proof sender key sends the requests (the operator key without one): it must be the contract's submitter, deploy's --proof-sender."`
	InputsListenAddr string   `toml:"inputs_listen_addr" comment:"host:port where prover inputs are served at /proof-inputs/<chainId>/<batch>."`
	InputsPublicURL  string   `toml:"inputs_public_url" comment:"Base URL proving networks download inputs from; empty means http://<inputs_listen_addr>."`
	TimeoutAfter     Duration `toml:"timeout_after" range:"1s..24h" comment:"Time a network has to prove a batch, from the request's submission (whole seconds)."`
	MaxRewardUSDC    uint64   `toml:"max_reward_usdc" range:"1..25000" comment:"Most USDC paid for one batch's proof (the contract pays at most 25000)."`
	CheckInterval    Duration `toml:"check_interval" range:"10ms..10m" comment:"How often the submitter reads the contract."`
}

// RPC is the node's JSON-RPC server (geth's namespaces plus cairn_*).
type RPC struct {
	HTTPAddr    string   `toml:"http_addr" comment:"host:port of the JSON-RPC server; empty disables it."`
	WSAddr      string   `toml:"ws_addr" comment:"host:port of the WebSocket JSON-RPC server (eth_subscribe), with the namespaces of api; empty disables it; equal to http_addr serves both on one port."`
	API         []string `toml:"api" comment:"JSON-RPC namespaces served, as geth's --http.api: eth, net, web3, txpool, cairn, debug, admin, miner. debug and admin can move the chain out from under the node (debug_setHead): serve them only where nobody else reaches. In the environment: comma-separated."`
	CorsDomains []string `toml:"cors_domains" comment:"browser origins allowed to call the JSON-RPC server (CORS), as geth's --http.corsdomain: empty allows none; one * wildcard an entry, e.g. http://localhost:*; * allows every web page the operator visits to drive the node. The WebSocket server accepts the same origins (empty: geth's default, http://localhost). In the environment: comma-separated."`
	VHosts      []string `toml:"vhosts" comment:"host names the JSON-RPC server answers (the Host header), as geth's --http.vhosts: requests to an IP address are always served; * serves any name, which lets web pages reach the node through DNS rebinding. In the environment: comma-separated."`
	// AllowUnprotectedTxs is geth's --rpc.allow-unprotected-txs.
	AllowUnprotectedTxs bool `toml:"allow_unprotected_txs" comment:"accept transactions without EIP-155 replay protection over JSON-RPC, as geth's --rpc.allow-unprotected-txs: the canonical keyless deployments of Multicall3, ERC-1820 and the like are such transactions. A signed one can be replayed on every chain."`
}

// DefaultRPCAPI are the namespaces served when rpc.api is not set: none
// that can change the node's chain or its peers.
var DefaultRPCAPI = []string{"eth", "net", "web3", "txpool", "cairn"}

// RPCNamespaces are the namespaces the node can serve: geth's, and cairn.
var RPCNamespaces = []string{"eth", "net", "web3", "txpool", "debug", "admin", "miner", "cairn"}

// Metrics is the Prometheus endpoint.
type Metrics struct {
	ListenAddr string `toml:"listen_addr" comment:"host:port serving /metrics for Prometheus; empty disables it."`
}

// Default returns the configuration every key falls back to.
func Default() Config {
	return Config{
		Node:      Node{DataDir: "./cairn-data", GenesisFile: "./genesis.json", LogLevel: "info", SecretsFile: "./consensus_secrets.yaml"},
		L1:        L1{RPCURL: "http://127.0.0.1:8545", ResubmitAfter: Duration{30 * time.Second}, FeeBumpPercent: 20, MaxFeeGwei: 500},
		Execution: Execution{CacheMB: 512},
		Sequencer: Sequencer{BlockTime: Duration{time.Second}},
		Watcher:   Watcher{CheckInterval: Duration{time.Second}, MaxBlockStep: 1000, BlockTag: "safe", Confirmations: 12},
		Committer: Committer{Enabled: true, CheckInterval: Duration{time.Second}},
		ProverServer: ProverServer{Enabled: true, ListenAddr: "127.0.0.1:3900", LeaseTimeout: Duration{2 * time.Minute}, RetryAfter: Duration{2 * time.Second},
			HandshakeTimeout: Duration{5 * time.Second}, IdleTimeout: Duration{30 * time.Second}, AllowedProvers: []string{}},
		ProofSender: ProofSender{Enabled: true, CheckInterval: Duration{time.Second}},
		ProofManager: ProofManager{InputsListenAddr: "127.0.0.1:3901", TimeoutAfter: Duration{10 * time.Minute},
			MaxRewardUSDC: 100, CheckInterval: Duration{time.Second}},
		Network: Network{ListenAddr: "/ip4/0.0.0.0/tcp/3060", StaticPeers: []string{}, MaxInboundPeers: 64, MaxPeersPerIP: 2},
		RPC: RPC{HTTPAddr: "127.0.0.1:8547", WSAddr: "127.0.0.1:8548", API: append([]string(nil), DefaultRPCAPI...),
			CorsDomains: []string{}, VHosts: []string{"localhost"}},
		Metrics: Metrics{ListenAddr: "127.0.0.1:9547"},
	}
}

// movedToGenesis names the keys that were validity rules in the node
// config and are now in the genesis, where every validator reads the same
// value, with where they are now.
var movedToGenesis = map[string]string{
	"sequencer.max_deposits_per_block": "sequencer.maxDepositsPerBlock, written by cairn deploy --max-deposits-per-block",
}

// Load reads defaults, then the TOML file at path (if path is not empty),
// then CAIRN_* variables from env. Unknown keys are errors.
func Load(path string, env []string) (Config, error) {
	cfg := Default()
	if path != "" {
		md, err := toml.DecodeFile(path, &cfg)
		if err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			if moved, ok := movedToGenesis[und[0].String()]; ok {
				return cfg, fmt.Errorf("config %s: %s moved to the genesis (%s); remove it from the config", path, und[0], moved)
			}
			return cfg, fmt.Errorf("config %s: unknown key %q", path, und[0].String())
		}
		if err := refuseNegatives(&cfg); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, env); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// Validate checks every key, naming the first bad one: every numeric key
// against its range first, then what each section needs.
func (c *Config) Validate() error {
	for _, check := range []func() error{
		c.checkRanges, c.checkNode, c.checkL1, c.checkBlocks, c.checkWatcher,
		c.checkProverServer, c.checkProofManager, c.checkListeners,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// bad is the error of a bad key.
func bad(key, why string) error { return fmt.Errorf("config: %s %s", key, why) }

func (c *Config) checkNode() error {
	switch c.Node.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return bad("node.log_level", fmt.Sprintf("is %q; use debug, info, warn or error", c.Node.LogLevel))
	}
	if c.Node.DataDir == "" {
		return bad("node.data_dir", "is empty")
	}
	return nil
}

func (c *Config) checkL1() error {
	if !strings.HasPrefix(c.L1.RPCURL, "http://") && !strings.HasPrefix(c.L1.RPCURL, "https://") &&
		!strings.HasPrefix(c.L1.RPCURL, "ws://") && !strings.HasPrefix(c.L1.RPCURL, "wss://") {
		return bad("l1.rpc_url", fmt.Sprintf("is %q; want an http(s):// or ws(s):// URL", c.L1.RPCURL))
	}
	return nil
}

// checkBlocks checks the sequencer's keys.
func (c *Config) checkBlocks() error {
	if c.Sequencer.BlockTime.Duration%time.Second != 0 {
		return bad("sequencer.block_time", fmt.Sprintf("is %s; must be a whole number of seconds", c.Sequencer.BlockTime))
	}
	if c.Sequencer.FeeRecipient != "" && !isAddress(c.Sequencer.FeeRecipient) {
		return bad("sequencer.fee_recipient", fmt.Sprintf("is %q, not a 0x-prefixed 20-byte address", c.Sequencer.FeeRecipient))
	}
	return nil
}

func (c *Config) checkWatcher() error {
	if t := c.Watcher.BlockTag; t != "safe" && t != "finalized" && t != "latest" {
		return bad("watcher.block_tag", fmt.Sprintf("is %q, not safe, finalized or latest", t))
	}
	return nil
}

func (c *Config) checkProverServer() error {
	if !c.ProverServer.Enabled {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.ProverServer.ListenAddr); err != nil {
		return bad("prover_server.listen_addr", fmt.Sprintf("is %q, not host:port", c.ProverServer.ListenAddr))
	}
	for _, a := range c.ProverServer.AllowedProvers {
		if !common.IsHexAddress(a) {
			return bad("prover_server.allowed_provers", fmt.Sprintf("has %q, not a 0x-prefixed 20-byte address (the prover key's, as cairn keys l1 prints it)", a))
		}
	}
	return nil
}

func (c *Config) checkProofManager() error {
	if !c.ProofManager.Enabled {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.ProofManager.InputsListenAddr); err != nil {
		return bad("proof_manager.inputs_listen_addr", fmt.Sprintf("is %q, not host:port", c.ProofManager.InputsListenAddr))
	}
	if u := c.ProofManager.InputsPublicURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return bad("proof_manager.inputs_public_url", fmt.Sprintf("is %q; want an http(s):// URL", u))
	}
	if t := c.ProofManager.TimeoutAfter; t.Duration%time.Second != 0 {
		return bad("proof_manager.timeout_after", fmt.Sprintf("is %s; must be a whole number of seconds", t))
	}
	if c.L1.OperatorKey == "" && c.L1.OperatorKeyFile == "" {
		return bad("l1.operator_key_file", "is empty but the proof manager submitter is enabled")
	}
	return nil
}

// checkListeners checks the addresses of the JSON-RPC and metrics servers
// and of the libp2p host, and the static peers.
func (c *Config) checkListeners() error {
	for _, k := range [][2]string{{"rpc.http_addr", c.RPC.HTTPAddr}, {"rpc.ws_addr", c.RPC.WSAddr}} {
		if err := checkHostPort(k[1]); k[1] != "" && err != nil {
			return bad(k[0], fmt.Sprintf("is %q, not host:port", k[1]))
		}
	}
	if c.RPC.HTTPAddr != "" || c.RPC.WSAddr != "" {
		if err := CheckRPCAPI(c.RPC.API); err != nil {
			return bad("rpc.api", err.Error())
		}
	}
	for _, o := range c.RPC.CorsDomains {
		if strings.Count(o, "*") > 1 {
			return bad("rpc.cors_domains", fmt.Sprintf("entry %q has more than one *", o))
		}
	}
	if a := c.Metrics.ListenAddr; a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			return bad("metrics.listen_addr", fmt.Sprintf("is %q, not host:port", a))
		}
	}
	if !strings.HasPrefix(c.Network.ListenAddr, "/ip4/") && !strings.HasPrefix(c.Network.ListenAddr, "/ip6/") && !strings.HasPrefix(c.Network.ListenAddr, "/dns") {
		return bad("network.listen_addr", fmt.Sprintf("is %q; want a multiaddr such as /ip4/0.0.0.0/tcp/3060", c.Network.ListenAddr))
	}
	for _, p := range c.Network.StaticPeers {
		if !strings.Contains(p, "/p2p/") {
			return bad("network.static_peers", fmt.Sprintf("entry %q has no /p2p/<peer id>", p))
		}
	}
	return nil
}

// CheckRPCAPI is rpc.api's check: it refuses an empty list (geth would serve every namespace),
// unknown namespaces and repeats.
func CheckRPCAPI(api []string) error {
	if len(api) == 0 {
		return fmt.Errorf("is empty; list the namespaces to serve, e.g. %q", DefaultRPCAPI)
	}
	seen := map[string]bool{}
	for _, ns := range api {
		if !slices.Contains(RPCNamespaces, ns) {
			return fmt.Errorf("has unknown namespace %q; use %s", ns, strings.Join(RPCNamespaces, ", "))
		}
		if seen[ns] {
			return fmt.Errorf("lists %q twice", ns)
		}
		seen[ns] = true
	}
	return nil
}

func isAddress(s string) bool {
	if len(s) != 42 || !strings.HasPrefix(s, "0x") {
		return false
	}
	for _, c := range s[2:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// checkHostPort refuses what is not host:port with a port number.
func checkHostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("bad port %q", port)
	}
	return nil
}

// applyEnv sets every key that has a CAIRN_<SECTION>_<KEY> variable.
func applyEnv(cfg *Config, env []string) error {
	vars := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "CAIRN_") {
			vars[k] = v
		}
	}
	seen := map[string]bool{"CAIRN_CONFIG": true}
	err := eachKey(cfg, func(k key) error {
		name := "CAIRN_" + strings.ToUpper(k.section) + "_" + strings.ToUpper(k.name)
		v, ok := vars[name]
		if !ok {
			return nil
		}
		seen[name] = true
		if err := setField(k.field, v); err != nil {
			if k.field.Kind() == reflect.Uint64 {
				err = envNumberError(k, v)
			}
			return fmt.Errorf("env %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for name := range vars {
		if seen[name] {
			continue
		}
		for k, moved := range movedToGenesis {
			if name == "CAIRN_"+strings.ToUpper(strings.ReplaceAll(k, ".", "_")) {
				return fmt.Errorf("env %s: %s moved to the genesis (%s); unset it", name, k, moved)
			}
		}
		return fmt.Errorf("env %s: no such config key", name)
	}
	return nil
}

func setField(f reflect.Value, v string) error {
	if u, ok := f.Addr().Interface().(interface{ UnmarshalText([]byte) error }); ok {
		return u.UnmarshalText([]byte(v))
	}
	switch f.Kind() {
	case reflect.String:
		f.SetString(v)
	case reflect.Bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		f.SetBool(b)
	case reflect.Slice:
		if f.Type().Elem().Kind() != reflect.String {
			return errors.New("unsupported type")
		}
		var items []string
		for _, it := range strings.Split(v, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		f.Set(reflect.ValueOf(items))
	case reflect.Uint64:
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a non-negative integer", v)
		}
		f.SetUint(n)
	default:
		return errors.New("unsupported type")
	}
	return nil
}

// eachKey walks every section and key of cfg in declaration order.
func eachKey(cfg *Config, fn func(k key) error) error {
	root := reflect.ValueOf(cfg).Elem()
	for i := 0; i < root.NumField(); i++ {
		section := root.Type().Field(i).Tag.Get("toml")
		sv := root.Field(i)
		for j := 0; j < sv.NumField(); j++ {
			ft := sv.Type().Field(j)
			if err := fn(key{section: section, name: ft.Tag.Get("toml"), field: sv.Field(j), tag: ft.Tag}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Example returns a cairn.toml with every key at its default value and its
// comment above it.
func Example() string {
	cfg := Default()
	var b strings.Builder
	b.WriteString("# cairn.toml — every key with its default. CAIRN_<SECTION>_<KEY> overrides a key; flags override both.\n")
	last := ""
	_ = eachKey(&cfg, func(k key) error {
		if k.section != last {
			fmt.Fprintf(&b, "\n[%s]\n", k.section)
			last = k.section
		}
		comment := k.tag.Get("comment")
		if s, err := k.span(); err == nil {
			comment += " Range: " + s.String() + "."
		}
		fmt.Fprintf(&b, "# %s\n%s = %s\n", comment, k.name, tomlValue(k.field))
		return nil
	})
	return b.String()
}

func tomlValue(f reflect.Value) string {
	if m, ok := f.Interface().(interface{ MarshalText() ([]byte, error) }); ok {
		t, _ := m.MarshalText()
		return strconv.Quote(string(t))
	}
	switch f.Kind() {
	case reflect.String:
		return strconv.Quote(f.String())
	case reflect.Slice:
		items := make([]string, f.Len())
		for i := range items {
			items[i] = strconv.Quote(f.Index(i).String())
		}
		return "[" + strings.Join(items, ", ") + "]"
	default:
		return fmt.Sprint(f.Interface())
	}
}

// LoadOperatorKeyHex returns the operator key text from the config or its
// file ("" if none is configured).
func (c *Config) LoadOperatorKeyHex() (string, error) {
	return loadKeyHex(c.L1.OperatorKey, c.L1.OperatorKeyFile, "l1.operator_key_file")
}

// LoadProofSenderKeyHex returns the proof sender key text from the config
// or its file ("" if none is configured).
func (c *Config) LoadProofSenderKeyHex() (string, error) {
	return loadKeyHex(c.L1.ProofSenderKey, c.L1.ProofSenderKeyFile, "l1.proof_sender_key_file")
}

func loadKeyHex(inline, file, key string) (string, error) {
	if inline != "" {
		return strings.TrimSpace(inline), nil
	}
	if file == "" {
		return "", nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("config: %s: %w", key, err)
	}
	return strings.TrimSpace(string(b)), nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/node"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"
)

func devnetCommand() *cli.Command {
	return &cli.Command{
		Name:  "devnet",
		Usage: "run a whole chain in one process: dev L1, contracts, sequencer, prover",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data-dir", Usage: "keep the chain here across restarts (default: a fresh temporary directory, deleted on exit)"},
			&cli.StringFlag{Name: "l1-rpc", Usage: "use this L1 instead of the embedded one (dev key 0 must be funded there)"},
			&cli.StringFlag{Name: "l1-http-addr", Value: "127.0.0.1:8545", Usage: "JSON-RPC address of the embedded L1"},
			&cli.Uint64Flag{Name: "l1-block-time", Value: 1, Usage: "embedded L1 block time in seconds"},
			&cli.StringFlag{Name: "rpc-addr", Value: "127.0.0.1:8547", Usage: "JSON-RPC address of the L2 node"},
			&cli.StringFlag{Name: "prover-addr", Value: "127.0.0.1:3900", Usage: "TCP address of the prover coordinator"},
			&cli.StringFlag{Name: "inputs-addr", Value: "127.0.0.1:3901", Usage: "HTTP address where proving networks download prover inputs"},
			&cli.StringFlag{Name: "metrics-addr", Value: "127.0.0.1:9547", Usage: "status page (/) and Prometheus /metrics of node 0, the other nodes on the ports after it (empty disables them)"},
			&cli.Uint64Flag{Name: "l2-chain-id", Value: config.DefaultL2ChainID, Usage: "L2 chain id of a new chain (a chain resumed from --data-dir keeps its own)"},
			&cli.StringFlag{Name: "rpc-api", EnvVars: []string{"CAIRN_RPC_API"}, Value: strings.Join(config.DefaultRPCAPI, ","),
				Usage: "JSON-RPC namespaces every node serves, comma-separated, as rpc.api (add debug for debug_trace*)"},
			&cli.BoolFlag{Name: "no-market", Usage: "no Proof Manager: every batch goes to the internal prover"},
			&cli.DurationFlag{Name: "block-time", Value: time.Second, Usage: "L2 block time (whole seconds)"},
			&cli.Uint64Flag{Name: "batch-max-blocks", Value: 10, Usage: "a batch seals after this many blocks"},
			&cli.Uint64Flag{Name: "batch-max-seconds", Value: 10, Usage: "a batch seals when its blocks span this many seconds"},
			&cli.StringFlag{Name: "data-availability", EnvVars: []string{"CAIRN_DATA_AVAILABILITY"},
				Usage: `where a new chain's commits publish batch data: "blobs" or "calldata" (default: blobs if L1 takes them)`},
			&cli.IntFlag{Name: "validators", Value: 6, Usage: "validators in the committee (6 is the smallest that survives one failure)"},
			&cli.IntFlag{Name: "full-nodes", Value: 1, Usage: "full nodes following the chain"},
			&cli.IntFlag{Name: "attesters", Usage: "more attester-only full nodes (every node attests; these add to the committee)"},
			&cli.StringFlag{Name: "log-level", Value: "warn", Usage: "debug, info, warn or error (the status line is printed at any level)"},
		},
		Action: runDevnet,
	}
}

func runDevnet(c *cli.Context) error {
	log, err := newLogger(c.String("log-level"))
	if err != nil {
		return err
	}
	if c.Int("validators") < 1 || c.Int("full-nodes") < 0 || c.Int("attesters") < 0 {
		return fmt.Errorf("--validators must be at least 1, --full-nodes and --attesters at least 0")
	}
	dir := c.String("data-dir")
	if dir == "" {
		if dir, err = os.MkdirTemp("", "cairn-devnet-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	cfg, err := devnetConfig(c, dir)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	d, err := devnet.Start(ctx, cfg, log)
	if err != nil {
		return nameListenFlags(err, devnetListenFlags())
	}
	defer d.Close()
	printBanner(os.Stdout, d, dir)
	return statusLoop(ctx, os.Stdout, d, isTerminal(os.Stdout))
}

// devnetConfig is the devnet the flags ask for, with its data in dir.
func devnetConfig(c *cli.Context, dir string) (devnet.Config, error) {
	var api []string
	for _, ns := range strings.Split(c.String("rpc-api"), ",") {
		if ns = strings.TrimSpace(ns); ns != "" {
			api = append(api, ns)
		}
	}
	if err := config.CheckRPCAPI(api); err != nil {
		return devnet.Config{}, fmt.Errorf("--rpc-api %w", err)
	}
	var l2ChainID uint64 // unset: the default for a new chain, its own for a resumed one
	if c.IsSet("l2-chain-id") {
		if l2ChainID = c.Uint64("l2-chain-id"); l2ChainID == 0 {
			return devnet.Config{}, errors.New("--l2-chain-id must not be 0")
		}
	}
	return devnet.Config{
		DataDir: dir, L1RPC: c.String("l1-rpc"), L1HTTPAddr: c.String("l1-http-addr"), L1Period: c.Uint64("l1-block-time"),
		RPCAddr: c.String("rpc-addr"), RPCAPI: api, L2ChainID: l2ChainID, ProverAddr: c.String("prover-addr"), BlockTime: c.Duration("block-time"),
		InputsAddr: c.String("inputs-addr"), MetricsAddr: c.String("metrics-addr"), Market: devnet.Market{Disabled: c.Bool("no-market")},
		Validators: c.Int("validators"), FullNodes: c.Int("full-nodes") + c.Int("attesters"),
		Batcher: rollup.SealLimits{MaxBlocks: c.Uint64("batch-max-blocks"), MaxGas: 100_000_000,
			MaxSeconds: c.Uint64("batch-max-seconds"), MaxDeposits: 100},
		DataAvailability: c.String("data-availability"),
	}, nil
}

// devnetListenFlags are the flags that move the devnet's listeners, by the
// key their errors name: a devnet has no configuration file.
func devnetListenFlags() map[string]string {
	return map[string]string{devnet.L1ListenKey: "--l1-http-addr", "rpc.http_addr": "--rpc-addr",
		"prover_server.listen_addr": "--prover-addr", "proof_manager.inputs_listen_addr": "--inputs-addr",
		"metrics.listen_addr": "--metrics-addr"}
}

// isTerminal reports whether f is a terminal: only there does the status
// line rewrite itself.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// printPerNode lists, under label, each node's URL (url: "" for a node
// without one), node 0's with note0.
func printPerNode(w io.Writer, d *devnet.Devnet, label, note0 string, url func(*node.Node) string) {
	for i, n := range d.Nodes {
		if u := url(n); u != "" {
			note := fmt.Sprintf("node %d", i)
			if i == 0 {
				note = "node 0; " + note0
			}
			fmt.Fprintf(w, "  %-16s%s   (%s)\n", label, u, note)
			label = ""
		}
	}
}

func printBanner(w io.Writer, d *devnet.Devnet, dir string) {
	g := d.Genesis
	fmt.Fprintf(w, "Cairn devnet is running (data in %s)\n\n", dir)
	fmt.Fprintf(w, "  L2 JSON-RPC     %s   (chain id %d; %s; node 0, validator and operator)\n", d.Node.RPCEndpoint(), g.L2ChainID(),
		strings.Join(d.RPCAPI(), ", "))
	for i, n := range d.Nodes[1:] {
		role := "validator"
		if i+1 >= len(g.Consensus.Validators) {
			role = "full node"
		}
		fmt.Fprintf(w, "                  %s   (node %d, %s)\n", n.RPCEndpoint(), i+1, role)
	}
	printPerNode(w, d, "L2 WebSocket", "eth_subscribe: newHeads of final blocks, logs, newPendingTransactions", (*node.Node).WSEndpoint)
	if addrs := d.Node.P2PAddrs(); len(addrs) > 0 {
		fmt.Fprintf(w, "  L2 p2p          %s   (node 0: another node joins with network.static_peers and this genesis)\n", addrs[0])
	}
	fmt.Fprintf(w, "  L1 JSON-RPC     %s   (chain id %d)\n", d.L1URL, g.L1ChainID)
	if d.L1 != nil {
		fmt.Fprintf(w, "  L1 beacon API   %s/eth/v1/   (the blobs of the dev L1's blocks: cairn reconstruct --beacon %s)\n", d.L1URL, d.L1URL)
	}
	fmt.Fprintf(w, "  batch data      in %s, at most %d bytes a batch\n", g.DataAvailability, g.Batcher.MaxDABytes)
	if a := d.Node.ProverAddr(); a != nil {
		fmt.Fprintf(w, "  prover server   tcp://%s\n", a)
	}
	printPerNode(w, d, "status page", "the same as JSON at /status.json, Prometheus at /metrics", func(n *node.Node) string {
		if a := n.MetricsAddr(); a != "" {
			return "http://" + a + "/"
		}
		return ""
	})
	fmt.Fprintf(w, "  genesis         %s\n\n", filepath.Join(dir, "genesis.json"))
	fmt.Fprintf(w, "  Bridge          %s\n  OnChainProposer %s\n  ExecVerifier    %s\n",
		g.Contracts.Bridge, g.Contracts.OnChainProposer, g.Contracts.ExecVerifier)
	printPreinstalls(w, g.L2.Alloc)
	if g.Contracts.ProofManager != (common.Address{}) {
		fmt.Fprintf(w, "  ProofManager    %s   (proving networks fermah and lagrange run in-process; inputs at %s)\n",
			g.Contracts.ProofManager, d.Node.InputsURL())
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  operator (L1)   %s   (commits)\n  proof sender    %s   (verifies, Proof Manager requests)\n  prover key      %s\n",
		crypto.PubkeyToAddress(d.Operator.PublicKey), crypto.PubkeyToAddress(d.ProofSender.PublicKey), crypto.PubkeyToAddress(d.ProverKey.PublicKey))
	fmt.Fprintf(w, "  dev accounts, funded on L1 and L2 (never use these keys elsewhere):\n")
	for _, k := range devnet.UserKeys()[:4] {
		fmt.Fprintf(w, "    %s  %x\n", crypto.PubkeyToAddress(k.PublicKey), crypto.FromECDSA(k))
	}
	fmt.Fprintln(w, "\nCtrl-C stops the devnet.")
}

// printPreinstalls names the standard contracts the L2 genesis holds at
// their canonical addresses (execution.Preinstalls).
func printPreinstalls(w io.Writer, alloc types.GenesisAlloc) {
	label := "  L2 preinstalls  "
	for _, p := range execution.Preinstalls {
		if len(alloc[p.Address].Code) > 0 {
			fmt.Fprintf(w, "%s%s   (%s)\n", label, p.Address.Hex(), p.Name)
			label = "                  "
		}
	}
}

// statusEvery is how often the status is printed off a terminal, where
// each status is a line of its own.
const statusEvery = 10 * time.Second

// statusLoop prints the devnet's status every second until ctx is done or
// the node fails.
func statusLoop(ctx context.Context, w io.Writer, d *devnet.Devnet, terminal bool) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	return printStatus(ctx, w, terminal, t.C, d.Node.Err(), func() string { return statusLine(ctx, d) })
}

// printStatus prints line() on each tick: on a terminal it rewrites one
// line with a carriage return; elsewhere (a log file, systemd, CI) it
// prints a timestamped line every statusEvery.
func printStatus(ctx context.Context, w io.Writer, terminal bool, tick <-chan time.Time, errs <-chan error, line func() string) error {
	var printed time.Time
	for {
		select {
		case <-ctx.Done():
			if terminal {
				fmt.Fprint(w, "\n")
			}
			fmt.Fprintln(w, "stopping…")
			return nil
		case err := <-errs:
			return err
		case now := <-tick:
			if !terminal && !printed.IsZero() && now.Sub(printed) < statusEvery {
				continue
			}
			printed = now
			if terminal {
				fmt.Fprintf(w, "\r%s   ", line())
			} else {
				fmt.Fprintf(w, "%s %s\n", now.UTC().Format(time.TimeOnly), line())
			}
		}
	}
}

// statusLine is the devnet's one-line status: the chain as node 0 sees
// it, consensus, batches and the proof market.
func statusLine(ctx context.Context, d *devnet.Devnet) string {
	s, err := d.Node.Status(ctx)
	if err != nil {
		return fmt.Sprintf("status unavailable: %v", err)
	}
	cs := d.Node.ConsensusStatus()
	online := 0
	for _, m := range cs.Committee {
		if m.Connected {
			online++
		}
	}
	line := fmt.Sprintf("final block %d", s.Block)
	if cs.View != nil {
		line += fmt.Sprintf(" | view %d leader %s", uint64(*cs.View), validatorName(d, cs.Leader))
	}
	line += fmt.Sprintf(" | validators %d/%d", online, len(cs.Committee))
	if lag, ok := fullNodeLag(d, s.Block); ok {
		line += fmt.Sprintf(" | full node lag %d", lag)
	}
	line += fmt.Sprintf(" | batches sealed %d committed %d verified %d", s.Sealed, s.Committed, s.Verified)
	if as := d.Node.AttestationStatus(ctx); as.Error == "" {
		line += fmt.Sprintf(" | certified %d", as.LastCertified)
	}
	if w := d.Node.CommitterStatus(); w != "" {
		line += " (" + w + ")"
	}
	line += fmt.Sprintf(" | deposits pending %d", s.PendingDeposits)
	if ms, err := d.MarketStatus(ctx); err == nil && ms != nil {
		line += " | requests" + formatCounts(ms.ByStatus) + fmt.Sprintf(" | USDC paid %s", formatUSDC(ms.PaidUSDC))
	}
	return line
}

// validatorName is "v<i>" for the devnet's validator i.
func validatorName(d *devnet.Devnet, key string) string {
	for i, v := range d.Genesis.Consensus.Validators {
		if v.Key.String() == key {
			return fmt.Sprintf("v%d", i)
		}
	}
	return "?"
}

// fullNodeLag is the largest distance of a full node behind head.
func fullNodeLag(d *devnet.Devnet, head uint64) (uint64, bool) {
	var lag uint64
	found := false
	for i := len(d.Genesis.Consensus.Validators); i < len(d.Nodes); i++ {
		n := d.Nodes[i]
		if n == nil {
			continue
		}
		found = true
		if h := n.Head(); h < head {
			lag = max(lag, head-h)
		}
	}
	return lag, found
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return " none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s %d", k, m[k])
	}
	return b.String()
}

func formatUSDC(v *big.Int) string {
	whole, frac := new(big.Int).QuoRem(v, big.NewInt(1_000_000), new(big.Int))
	return fmt.Sprintf("%s.%02d", whole, frac.Int64()/10_000)
}

package main

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/proofmarket/agent"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"
)

func provingNetworkCommand() *cli.Command {
	return &cli.Command{
		Name:  "proving-network",
		Usage: "run a proving network's agent for the Proof Manager: acknowledge, prove, submit, withdraw",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "network", Required: true, Usage: "the proving network this agent is: fermah or lagrange"},
			&cli.StringFlag{Name: "key", Required: true, Usage: "file with the hex key that is the network's L1 address and signs exec proofs (allow-listed in ExecVerifier)"},
			&cli.StringFlag{Name: "l1-rpc", Value: "http://127.0.0.1:8545", Usage: "L1 JSON-RPC URL"},
			&cli.StringFlag{Name: "proof-manager", Usage: "address of the ProofManager (its proxy); default: the genesis file's"},
			&cli.StringFlag{Name: "genesis", Value: "genesis.json", Usage: "the L2 network's genesis file (the chain the agent proves)"},
			&cli.StringFlag{Name: "price", Value: "10", Usage: "USDC asked per proof, e.g. 10.5 (the contract pays at most the request's maxReward)"},
			&cli.IntFlag{Name: "capacity", Value: agent.DefaultCapacity, Usage: "requests proven at once; more are refused"},
			&cli.Uint64Flag{Name: "start-block", Usage: "first L1 block to read proof requests from; default: the ProofManager's deploy block from the genesis file"},
			&cli.DurationFlag{Name: "poll-interval", Value: agent.DefaultPollInterval, Usage: "how often L1 is read"},
			&cli.DurationFlag{Name: "max-backoff", Value: agent.DefaultMaxBackoff, Usage: "longest wait after failures in a row (L1 down, a withdrawal refused); the wait starts at --poll-interval and doubles"},
			&cli.DurationFlag{Name: "http-timeout", Value: agent.DefaultHTTPTimeout, Usage: "timeout of one prover input download"},
			&cli.Int64Flag{Name: "max-input-size", Value: agent.DefaultMaxInputSize, Usage: "largest prover input downloaded, in bytes"},
			&cli.StringFlag{Name: "log-level", Value: "info", Usage: "debug, info, warn or error"},
		},
		Action: runProvingNetwork,
	}
}

func runProvingNetwork(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: proving-network takes flags only", c.Args().First())
	}
	network, err := parseNetwork(c.String("network"))
	if err != nil {
		return err
	}
	price, err := parseUSDC(c.String("price"))
	if err != nil {
		return fmt.Errorf("--price: %w", err)
	}
	if c.Int("capacity") < 1 {
		return fmt.Errorf("--capacity %d: must be at least 1", c.Int("capacity"))
	}
	if c.Duration("poll-interval") <= 0 || c.Duration("http-timeout") <= 0 || c.Duration("max-backoff") <= 0 {
		return errors.New("--poll-interval, --http-timeout and --max-backoff must be positive")
	}
	if c.Int64("max-input-size") <= 0 {
		return fmt.Errorf("--max-input-size %d: must be positive", c.Int64("max-input-size"))
	}
	log, err := newLogger(c.String("log-level"))
	if err != nil {
		return err
	}
	gen, key, prover, err := execBackend(c)
	if err != nil {
		return err
	}
	pm, startBlock, err := proofManagerOf(c, gen)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	l1, err := ethclient.DialContext(ctx, c.String("l1-rpc"))
	if err != nil {
		return fmt.Errorf("--l1-rpc %q: %w", c.String("l1-rpc"), err)
	}
	defer l1.Close()
	a, err := agent.New(agent.Config{
		Network:      network,
		ProofManager: pm,
		L2ChainID:    gen.L2ChainID(),
		Price:        price,
		Capacity:     c.Int("capacity"),
		PollInterval: c.Duration("poll-interval"),
		MaxBackoff:   c.Duration("max-backoff"),
		StartBlock:   startBlock,
		HTTPTimeout:  c.Duration("http-timeout"),
		MaxInputSize: c.Int64("max-input-size"),
	}, l1, key, prover, log)
	if err != nil {
		return err
	}
	if err := a.Run(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// proofManagerOf is the ProofManager the agent serves and the L1 block
// it reads requests from: --proof-manager and --start-block, by default
// the genesis file's proofManager and proofManagerDeployBlock.
func proofManagerOf(c *cli.Context, gen *config.Genesis) (common.Address, uint64, error) {
	pm, start := gen.Contracts.ProofManager, gen.Contracts.ProofManagerDeployBlock
	if c.IsSet("proof-manager") {
		s := c.String("proof-manager")
		if !common.IsHexAddress(s) || common.HexToAddress(s) == (common.Address{}) {
			return common.Address{}, 0, fmt.Errorf("--proof-manager %q: not a non-zero hex address", s)
		}
		pm = common.HexToAddress(s)
	} else if pm == (common.Address{}) {
		return common.Address{}, 0, fmt.Errorf("--proof-manager: %s names no ProofManager (deployed without --fermah and --lagrange); give its address", c.String("genesis"))
	}
	if c.IsSet("start-block") || pm != gen.Contracts.ProofManager {
		start = c.Uint64("start-block")
	}
	return pm, start, nil
}

// parseNetwork maps a network's name to its ProofManager.ProvingNetwork value.
func parseNetwork(s string) (uint8, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fermah":
		return bindings.ProvingNetworkFermah, nil
	case "lagrange":
		return bindings.ProvingNetworkLagrange, nil
	}
	return 0, fmt.Errorf("--network %q: use fermah or lagrange", s)
}

// parseUSDC parses a non-negative decimal amount of USDC with at most 6
// decimals ("10", "10.5", "0.000001") into base units.
func parseUSDC(s string) (*big.Int, error) {
	s = strings.TrimSpace(s)
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 6 || dot && frac == "" || !digits(whole) || !digits(frac) {
		return nil, fmt.Errorf("%q: want a non-negative amount of USDC with at most 6 decimals, e.g. 10.5", s)
	}
	v, ok := new(big.Int).SetString(whole+frac+strings.Repeat("0", 6-len(frac)), 10)
	if !ok {
		return nil, fmt.Errorf("%q: not an amount of USDC", s)
	}
	return v, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

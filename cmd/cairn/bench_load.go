package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"
)

func benchLoadCommand() *cli.Command {
	return &cli.Command{
		Name:  "load",
		Usage: "the load generator against any endpoint: funds its accounts, pre-signs, sends JSON-RPC batches, reads inclusion from blocks",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "rpc", Usage: "JSON-RPC endpoints, repeated or comma-separated (http:// or ws://); blocks are read from the first"},
			&cli.StringFlag{Name: "key", Usage: "hex private key that funds the load accounts (and deploys the token)"},
			&cli.IntFlag{Name: "accounts", Value: 128, Usage: "sender accounts, derived from --key"},
			&cli.IntFlag{Name: "inflight", Value: 32, Usage: "transactions sent and not yet included, per account"},
			&cli.DurationFlag{Name: "duration", Value: 60 * time.Second, Usage: "how long transactions are sent"},
			&cli.StringFlag{Name: "workload", Value: bench.WorkloadETH, Usage: "eth (transfers of 1 wei) or erc20 (TestUSDC transfers)"},
			&cli.StringSliceFlag{Name: "metrics", Usage: "node /metrics URLs, repeated or comma-separated: CPU and stage time per transaction"},
			&cli.IntFlag{Name: "batch", Value: 100, Usage: "transactions per JSON-RPC batch"},
			&cli.Uint64Flag{Name: "max-fee-gwei", Value: 10_000, Usage: "fee cap of every transaction (the base fee must stay below it; full blocks raise it 12.5% each)"},
			&cli.IntFlag{Name: "per-account", Usage: "transactions pre-signed per account (0 sizes it from the gas limit and block time)"},
			rateFlag(),
			&cli.StringFlag{Name: "window-url", Usage: "URL fetched with ?window=open and ?window=close as the sending window opens and closes (bench throughput profiles itself over it)"},
			&cli.BoolFlag{Name: "json", Usage: "print the report as JSON"},
			&cli.StringFlag{Name: "log-level", Value: "info", Usage: "progress on stderr: debug, info, warn or error"},
		},
		Action: func(c *cli.Context) error {
			log, err := newLogger(c.String("log-level"))
			if err != nil {
				return err
			}
			o := bench.LoadOptions{RPC: listFlag(c, "rpc"), Metrics: listFlag(c, "metrics"),
				Accounts: c.Int("accounts"), Inflight: c.Int("inflight"), Duration: c.Duration("duration"),
				Workload: c.String("workload"), Batch: c.Int("batch"), MaxFeeGwei: c.Uint64("max-fee-gwei"),
				PerAccount: c.Int("per-account"), Rate: c.Float64("rate"), WindowURL: c.String("window-url")}
			if k := c.String("key"); k != "" {
				if o.Key, err = crypto.HexToECDSA(strings.TrimPrefix(k, "0x")); err != nil {
					return fmt.Errorf("--key: not a hex private key: %w", err)
				}
			}
			r, err := bench.RunLoad(c.Context, o, log)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return json.NewEncoder(os.Stdout).Encode(r)
			}
			r.Print(os.Stdout)
			return nil
		},
	}
}

// rateFlag is the generator's --rate, shared by the commands that run it.
func rateFlag() cli.Flag {
	return &cli.Float64Flag{Name: "rate", Usage: "offer this many transactions per second in total (paced JSON-RPC batches, still bounded by --inflight); 0 sends as fast as the in-flight bound allows"}
}

// splitProfileFlag names where the CPU split's raw profile goes.
func splitProfileFlag() cli.Flag {
	return &cli.PathFlag{Name: "split-profile", Usage: "also write the CPU profile behind the CPU split to this file (the last run's; read it with `go tool pprof`)"}
}

// splitList splits a comma-separated flag value, dropping blanks around items.
// listFlag is a list flag's values, whether the flag was repeated or its
// values comma-separated.
func listFlag(c *cli.Context, name string) []string {
	return splitList(strings.Join(c.StringSlice(name), ","))
}

func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func benchThroughputCommand() *cli.Command {
	return &cli.Command{
		Name:  "throughput",
		Usage: "a Cairn devnet and a bare geth with the same gas limit, in turn, under `cairn bench load` in its own process; both and the ratio",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "validators", Value: 1, Usage: "validators of the Cairn devnet"},
			&cli.IntFlag{Name: "runs", Value: 3, Usage: "runs; the median is printed last"},
			&cli.DurationFlag{Name: "duration", Value: 60 * time.Second, Usage: "how long transactions are sent, per chain"},
			&cli.StringFlag{Name: "workload", Value: bench.WorkloadETH, Usage: "eth or erc20"},
			&cli.IntFlag{Name: "accounts", Value: 128, Usage: "sender accounts"},
			&cli.IntFlag{Name: "inflight", Value: 32, Usage: "transactions in flight per account"},
			rateFlag(), splitProfileFlag(),
		},
		Action: func(c *cli.Context) error {
			if w := c.String("workload"); w != bench.WorkloadETH && w != bench.WorkloadERC20 {
				return fmt.Errorf("--workload %q: use eth or erc20", w)
			}
			if c.Int("runs") < 1 || c.Int("validators") < 1 {
				return fmt.Errorf("--runs and --validators must be at least 1")
			}
			if c.Float64("rate") < 0 {
				return fmt.Errorf("--rate %v: transactions per second, positive (or 0 for the closed loop)", c.Float64("rate"))
			}
			exe, err := os.Executable()
			if err != nil {
				return fmt.Errorf("find the cairn binary for the load process: %w", err)
			}
			log, err := newLogger("error")
			if err != nil {
				return err
			}
			cfg := bench.ThroughputConfig{Validators: c.Int("validators"), Duration: c.Duration("duration"),
				Workload: c.String("workload"), Accounts: c.Int("accounts"), Inflight: c.Int("inflight"),
				Rate: c.Float64("rate"), SplitProfile: c.Path("split-profile"), Load: []string{exe}, Stderr: os.Stderr}
			return benchRuns(c.Int("runs"), func() (*bench.ThroughputResult, error) { return bench.Throughput(c.Context, cfg, log) },
				bench.MedianThroughput)
		},
	}
}

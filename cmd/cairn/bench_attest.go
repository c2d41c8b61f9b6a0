package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/urfave/cli/v2"
)

func benchAttestCommand() *cli.Command {
	return &cli.Command{
		Name: "attest",
		Usage: "attester keys spread over p2p hosts on loopback (libp2p gossip, a vote pool and Pebble store each, committee fixed in-process): " +
			"batch sealed → certificate stored on each host, p50/p99",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "attesters", Value: "8,64", Usage: "committee sizes, comma-separated; one row each"},
			&cli.IntFlag{Name: "hosts", Value: bench.DefaultAttestHosts, Usage: "p2p hosts the keys are spread over (at most one per key)"},
			&cli.IntFlag{Name: "batches", Value: 100, Usage: "batches timed per committee size (after one warm-up batch)"},
			&cli.IntFlag{Name: "runs", Value: 1, Usage: "runs; with more than one, the per-size median of p50/p99/max is printed last"},
			&cli.BoolFlag{Name: "json", Usage: "print the runs and their median as JSON"},
		},
		Action: func(c *cli.Context) error {
			sizes, err := parseSizes("--attesters", c.String("attesters"))
			if err != nil {
				return err
			}
			cfg := bench.AttestConfig{Attesters: sizes, Hosts: c.Int("hosts"), Batches: c.Int("batches")}
			if err := cfg.Validate(); err != nil {
				return err
			}
			if c.Int("runs") < 1 {
				return fmt.Errorf("--runs %d: need at least one run", c.Int("runs"))
			}
			run := func() (*bench.AttestResult, error) { return bench.Attest(c.Context, cfg, nil) }
			if !c.Bool("json") {
				if c.Int("runs") == 1 {
					r, err := run()
					if err != nil {
						return err
					}
					r.Print(os.Stdout)
					return nil
				}
				return benchRuns(c.Int("runs"), run, bench.MedianAttest)
			}
			var runs []*bench.AttestResult
			for i := 0; i < c.Int("runs"); i++ {
				r, err := run()
				if err != nil {
					return fmt.Errorf("run %d: %w", i+1, err)
				}
				runs = append(runs, r)
			}
			return json.NewEncoder(os.Stdout).Encode(struct {
				Runs   []*bench.AttestResult `json:"runs"`
				Median *bench.AttestResult   `json:"median"`
			}{runs, bench.MedianAttest(runs)})
		},
	}
}

// parseSizes reads a comma-separated list of whole numbers (flag names it
// in the error).
func parseSizes(flag, s string) ([]int, error) {
	items := splitList(s)
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: give at least one size, e.g. 8,64", flag)
	}
	out := make([]int, 0, len(items))
	for _, it := range items {
		n, err := strconv.Atoi(it)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %q is not a whole number", flag, s, it)
		}
		out = append(out, n)
	}
	return out, nil
}

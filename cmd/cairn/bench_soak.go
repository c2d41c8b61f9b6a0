package main

import (
	"time"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/urfave/cli/v2"
)

func benchSoakCommand() *cli.Command {
	return &cli.Command{
		Name: "soak",
		Usage: "a validator and a full node under a steady transfer rate: disk growth per transfer by what grows " +
			"(blocks, receipts, state, Cairn's store), memory at start and end, the state sampled every minute",
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "rate", Value: bench.DefaultSoakRate, Usage: "transfers offered per second (paced)"},
			&cli.DurationFlag{Name: "duration", Value: bench.DefaultSoakDuration, Usage: "how long transfers are offered"},
			&cli.DurationFlag{Name: "sample", Value: bench.DefaultSoakSample, Usage: "interval of the cheap samples (du, flat state, memory)"},
			&cli.IntFlag{Name: "accounts", Value: 128, Usage: "senders, derived and funded in setup"},
			&cli.IntFlag{Name: "inflight", Value: 32, Usage: "transfers sent and not yet included, per sender"},
			&cli.BoolFlag{Name: "archive", Usage: "make the full node an archive node too (execution.archive; the validator holds the operator key and is one anyway)"},
			&cli.StringFlag{Name: "log-level", Value: "error", Usage: "the nodes' and the setup's log on stderr: debug, info, warn or error"},
		},
		Action: func(c *cli.Context) error {
			cfg := bench.SoakConfig{Rate: c.Float64("rate"), Duration: c.Duration("duration"), Sample: c.Duration("sample"),
				Accounts: c.Int("accounts"), Inflight: c.Int("inflight"), Archive: c.Bool("archive")}
			if err := cfg.Validate(); err != nil {
				return err
			}
			log, err := newLogger(c.String("log-level"))
			if err != nil {
				return err
			}
			start := time.Now()
			r, err := bench.Soak(c.Context, cfg, log)
			if err != nil {
				return err
			}
			r.Print(c.App.Writer)
			log.Info("Soak done", "elapsed", time.Since(start).Round(time.Second))
			return nil
		},
	}
}

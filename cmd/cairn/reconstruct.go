package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/blobsource"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/rollup/reconstruct"
)

func reconstructCommand() *cli.Command {
	return &cli.Command{
		Name:  "reconstruct",
		Usage: "rebuild the L2 chain from the batches published on L1 into a node data directory",
		Description: "Reads every batch committed on L1 (its data from calldata or from blobs served by beacon nodes), " +
			"re-executes its blocks, checks each batch against the header L1 holds, and writes a data directory " +
			"that `cairn node` runs from as a full node. Killed, it resumes from what it wrote.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "genesis", Value: "genesis.json", Usage: "the network's genesis file", EnvVars: []string{"CAIRN_GENESIS"}},
			&cli.StringFlag{Name: "l1-rpc", Required: true, Usage: "L1 JSON-RPC URL", EnvVars: []string{"CAIRN_L1_RPC"}},
			&cli.StringFlag{Name: "beacon", Usage: "beacon API URLs for blobs, comma-separated, the first the primary (needed when the network publishes in blobs)", EnvVars: []string{"CAIRN_BEACON"}},
			&cli.StringFlag{Name: "data-dir", Required: true, Usage: "the node data directory to write (geth/ and cairn/)", EnvVars: []string{"CAIRN_DATA_DIR"}},
			&cli.BoolFlag{Name: "archive", Usage: "write an archive node's state, as execution.archive (the node with the operator key is archive); without it, a pruned node's", EnvVars: []string{"CAIRN_EXECUTION_ARCHIVE"}},
			&cli.Uint64Flag{Name: "log-step", Value: reconstruct.DefaultLogStep, Usage: "L1 blocks one eth_getLogs query spans"},
			&cli.StringFlag{Name: "log-level", Value: "info", Usage: "debug, info, warn or error"},
		},
		Action: runReconstruct,
	}
}

func runReconstruct(c *cli.Context) error {
	log, err := newLogger(c.String("log-level"))
	if err != nil {
		return err
	}
	gen, err := config.LoadGenesis(c.String("genesis"))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	l1, err := dialReconstructL1(ctx, c.String("l1-rpc"), gen.L1ChainID)
	if err != nil {
		return err
	}
	defer l1.Close()
	var beacons []string
	for _, u := range strings.Split(c.String("beacon"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			beacons = append(beacons, u)
		}
	}
	cfg := reconstruct.Config{Genesis: gen, DataDir: c.String("data-dir"), L1: l1, LogStep: c.Uint64("log-step"), Archive: c.Bool("archive"), Log: log.With("service", "reconstruct")}
	if len(beacons) > 0 {
		src, err := blobsource.New(beacons, l1, blobsource.Options{Log: log.With("service", "blobsource")})
		if err != nil {
			return fmt.Errorf("--beacon: %w", err)
		}
		cfg.Blobs = src
	} else if gen.DataAvailability == batchdata.Blobs {
		return errors.New("--beacon: the network publishes its batches in blobs: give a beacon API URL (the dev L1's is its RPC URL)")
	}
	res, err := reconstruct.Run(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted: run it again to resume")
		}
		return err
	}
	fmt.Printf("Reconstructed %d batches: last block %d (%s), state root %s; %d blocks rebuilt in %s\n",
		res.Batches, res.LastBatch.LastBlock, res.Head, res.LastBatch.StateRoot, res.Blocks, res.Elapsed.Round(time.Millisecond))
	return nil
}

// dialReconstructL1 connects to L1 and checks its chain id against the genesis file.
func dialReconstructL1(ctx context.Context, url string, chainID uint64) (*ethclient.Client, error) {
	cl, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("L1 %s: %w", url, err)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	id, err := cl.ChainID(cctx)
	if err != nil {
		cl.Close()
		return nil, fmt.Errorf("L1 %s: chain id: %w (is the L1 node running?)", url, err)
	}
	if id.Uint64() != chainID {
		cl.Close()
		return nil, fmt.Errorf("L1 %s has chain id %d but the genesis says %d", url, id, chainID)
	}
	return cl, nil
}

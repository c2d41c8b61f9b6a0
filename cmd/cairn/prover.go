package main

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/prover/client"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/urfave/cli/v2"
)

func proverCommand() *cli.Command {
	return &cli.Command{
		Name:  "prover",
		Usage: "prove batches for a prover coordinator",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "coordinator", Value: "tcp://127.0.0.1:3900", Usage: "the node's prover server"},
			&cli.StringFlag{Name: "backend", Value: "exec", Usage: "proving backend (exec: stateless re-execution, signed)"},
			&cli.StringFlag{Name: "key", Required: true, Usage: "file with the hex key that signs exec proofs and the handshake (on the coordinator's allow-list: ExecVerifier's, or prover_server.allowed_provers)"},
			&cli.StringFlag{Name: "genesis", Value: "genesis.json", Usage: "the network's genesis file"},
			&cli.StringFlag{Name: "name", Aliases: []string{"id"}, Value: "", Usage: "name telling apart provers that share --key in logs (a key is leased one batch at a time: give each prover its own key)"},
			&cli.StringFlag{Name: "log-level", Value: "info", Usage: "debug, info, warn or error"},
		},
		Action: runProver,
	}
}

// execBackend loads --genesis and --key and returns the key and the exec
// prover that signs with it.
func execBackend(c *cli.Context) (*config.Genesis, *ecdsa.PrivateKey, *exec.Backend, error) {
	gen, err := config.LoadGenesis(c.String("genesis"))
	if err != nil {
		return nil, nil, nil, err
	}
	key, err := readKeyFile(c.String("key"))
	if err != nil {
		return nil, nil, nil, err
	}
	if key == nil {
		return nil, nil, nil, errors.New("--key: the file is empty")
	}
	backend, err := exec.NewBackend(key, exec.Domain{L1ChainID: gen.L1ChainID, Verifier: gen.Contracts.ExecVerifier},
		exec.WithChainConfig(gen.L2.Config))
	return gen, key, backend, err
}

func runProver(c *cli.Context) error {
	if c.String("backend") != "exec" {
		return fmt.Errorf("--backend %q: the only backend is exec", c.String("backend"))
	}
	log, err := newLogger(c.String("log-level"))
	if err != nil {
		return err
	}
	gen, key, backend, err := execBackend(c)
	if err != nil {
		return err
	}
	// The key that signs proofs also signs the coordinator handshake.
	pc, err := client.New(client.Config{Coordinator: c.String("coordinator"), Key: key, Name: c.String("name"), ProofType: wire.ProofTypeExec,
		ChainID: gen.L2ChainID(), Genesis: gen.Hash()}, backend, log.With("service", "prover"))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Info("Prover started", "coordinator", c.String("coordinator"), "signer", backend.Address())
	if err := pc.Run(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

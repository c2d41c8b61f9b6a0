package main

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/node"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"
)

func nodeCommand() *cli.Command {
	return &cli.Command{
		Name:  "node",
		Usage: "run a sequencer node from cairn.toml and a genesis file",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", EnvVars: []string{"CAIRN_CONFIG"}, Usage: "cairn.toml (see `cairn config example`)"},
			&cli.StringFlag{Name: "data-dir", Usage: "overrides node.data_dir"},
			&cli.StringFlag{Name: "genesis", Usage: "overrides node.genesis_file"},
			&cli.StringFlag{Name: "l1-rpc", Usage: "overrides l1.rpc_url"},
			&cli.StringFlag{Name: "rpc-addr", Usage: "overrides rpc.http_addr"},
			&cli.StringFlag{Name: "ws-addr", Usage: "overrides rpc.ws_addr"},
			&cli.StringFlag{Name: "secrets", Usage: "overrides node.secrets_file"},
		},
		Action: runNode,
	}
}

func runNode(c *cli.Context) error {
	cfg, err := config.Load(c.String("config"), os.Environ())
	if err != nil {
		return err
	}
	for flag, field := range map[string]*string{"data-dir": &cfg.Node.DataDir, "genesis": &cfg.Node.GenesisFile,
		"l1-rpc": &cfg.L1.RPCURL, "rpc-addr": &cfg.RPC.HTTPAddr, "ws-addr": &cfg.RPC.WSAddr, "secrets": &cfg.Node.SecretsFile} {
		if c.IsSet(flag) {
			*field = c.String(flag)
		}
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	gen, err := config.LoadGenesis(cfg.Node.GenesisFile)
	if err != nil {
		return err
	}
	keyHex, err := cfg.LoadOperatorKeyHex()
	if err != nil {
		return err
	}
	log, err := newLogger(cfg.Node.LogLevel)
	if err != nil {
		return err
	}
	operator, err := parseKeyHex(keyHex, "l1.operator_key")
	if err != nil {
		return err
	}
	proofHex, err := cfg.LoadProofSenderKeyHex()
	if err != nil {
		return err
	}
	proofSender, err := parseKeyHex(proofHex, "l1.proof_sender_key")
	if err != nil {
		return err
	}
	secrets, err := config.LoadSecrets(cfg.Node.SecretsFile)
	if err != nil {
		return fmt.Errorf("node.secrets_file: %w (cairn keys generate --out %s writes one)", err, cfg.Node.SecretsFile)
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := node.New(ctx, cfg, gen, node.Keys{Operator: operator, ProofSender: proofSender, Secrets: secrets}, log)
	if err != nil {
		return err
	}
	defer n.Close()
	if err := n.Start(ctx); err != nil {
		return nameListenFlags(err, map[string]string{"rpc.http_addr": "--rpc-addr or rpc.http_addr", "rpc.ws_addr": "--ws-addr or rpc.ws_addr"})
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-n.Err():
		return err
	}
}

// nameListenFlags makes the error of a listener that could not take its
// address name what moves it in this command (flags maps configuration
// keys to what to name: a flag).
func nameListenFlags(err error, flags map[string]string) error {
	var le *node.ListenError
	if !errors.As(err, &le) {
		return err
	}
	f, ok := flags[le.Key]
	msg := err.Error()
	if !ok || !strings.HasSuffix(msg, le.Error()) {
		return err
	}
	// The wrapping above the listener's error fixed its text: keep the
	// prefix it added and name the flag.
	named := *le
	named.MovedBy = f
	return fmt.Errorf("%s%w", strings.TrimSuffix(msg, le.Error()), &named)
}

// parseKeyHex parses a hex secp256k1 key ("" gives nil).
func parseKeyHex(s, name string) (*ecdsa.PrivateKey, error) {
	if s == "" {
		return nil, nil
	}
	k, err := crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil {
		return nil, fmt.Errorf("%s: not a hex secp256k1 private key: %w", name, err)
	}
	return k, nil
}

// readKeyFile reads a hex secp256k1 key from a file.
func readKeyFile(path string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	return parseKeyHex(string(b), path)
}

package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"
)

func keysCommand() *cli.Command {
	return &cli.Command{
		Name:  "keys",
		Usage: "generate and show node keys (consensus_secrets.yaml) and L1 account keys (--key files)",
		Subcommands: []*cli.Command{
			{
				Name:  "generate",
				Usage: "write a new consensus_secrets.yaml with a validator, node and attester key",
				Flags: []cli.Flag{&cli.StringFlag{Name: "out", Value: "consensus_secrets.yaml", Usage: "file to create (never overwritten)"},
					&cli.BoolFlag{Name: "full-node", Usage: "no validator key: the node follows the chain (and attests) without voting"}},
				Action: runKeysGenerate,
			},
			{
				Name:      "show",
				Usage:     "print the public keys and the attester address of a secrets file",
				ArgsUsage: "FILE",
				Action:    runKeysShow,
			},
			{
				Name:   "l1",
				Usage:  "write a new L1 account key (hex secp256k1, the --key file of deploy, prover and proving-network) and print its address",
				Flags:  []cli.Flag{&cli.StringFlag{Name: "out", Required: true, Usage: "file to create, mode 0600 (never overwritten)"}},
				Action: runKeysL1,
			},
			{
				Name:      "l1-show",
				Usage:     "print the L1 address of a key file",
				ArgsUsage: "FILE",
				Action:    runKeysL1Show,
			},
		},
	}
}

func runKeysGenerate(c *cli.Context) error {
	s, err := config.GenerateSecrets(rand.Reader)
	if err != nil {
		return err
	}
	if c.Bool("full-node") {
		s.Validator = nil
	}
	if err := config.SaveSecrets(c.String("out"), s); err != nil {
		return err
	}
	fmt.Printf("wrote %s\n", c.String("out"))
	return showSecrets(s)
}

func runKeysShow(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("keys show: give the secrets file, e.g. cairn keys show consensus_secrets.yaml")
	}
	s, err := config.LoadSecrets(c.Args().First())
	if err != nil {
		return err
	}
	return showSecrets(s)
}

func runKeysL1(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("keys l1: unexpected argument %q; give the file with --out", c.Args().First())
	}
	addr, err := writeL1Key(c.String("out"))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s\naddress %s\n", c.String("out"), addr)
	return nil
}

func runKeysL1Show(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("keys l1-show: give the key file, e.g. cairn keys l1-show operator.key")
	}
	path := c.Args().First()
	key, err := readKeyFile(path)
	if err != nil {
		return err
	}
	if key == nil {
		return fmt.Errorf("%s: the file is empty", path)
	}
	fmt.Fprintf(c.App.Writer, "address %s\n", crypto.PubkeyToAddress(key.PublicKey))
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(c.App.ErrWriter, "warning: %s is readable by other users (mode %04o); chmod 600 it\n", path, fi.Mode().Perm())
	}
	return nil
}

// writeL1Key creates path (mode 0600, refusing an existing file) with a new
// secp256k1 key in hex, and returns the key's address.
func writeL1Key(path string) (common.Address, error) {
	key, err := crypto.GenerateKey()
	if err != nil {
		return common.Address{}, fmt.Errorf("generate an L1 key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return common.Address{}, fmt.Errorf("%s already exists: not overwriting a key; choose another --out", path)
	}
	if err != nil {
		return common.Address{}, fmt.Errorf("create the key file: %w", err)
	}
	_, err = fmt.Fprintf(f, "0x%x\n", crypto.FromECDSA(key))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return common.Address{}, fmt.Errorf("write the key file %s: %w", path, err)
	}
	return crypto.PubkeyToAddress(key.PublicKey), nil
}

func showSecrets(s *config.Secrets) error {
	if s.Validator != nil {
		fmt.Printf("validator public key  %s\nproof of possession   %s\n", s.Validator.Public(), s.Validator.ProvePossession())
	}
	if s.Node != nil {
		fmt.Printf("node public key       %s\n", s.Node.Public())
	}
	if s.Attester != nil {
		fmt.Printf("attester public key   %s\nattester address      %s\n", s.Attester.Public(), s.Attester.Address())
	}
	if s.Node != nil {
		id, err := p2p.PeerIDFromKey(s.Node.Public())
		if err != nil {
			return err
		}
		fmt.Printf("p2p peer id           %s (other nodes' network.static_peers: /ip4/<host>/tcp/<port>/p2p/%s)\n", id, id)
	}
	if s.Validator != nil && s.Node != nil {
		fmt.Printf("\nfor cairn deploy:\n  --validator %s,%s,%s\n", s.Validator.Public(), s.Validator.ProvePossession(), s.Node.Public())
	}
	return nil
}

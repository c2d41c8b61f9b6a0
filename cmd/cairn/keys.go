package main

import (
	"crypto/rand"
	"fmt"

	"github.com/cairn-rollup/cairn/config"
	"github.com/urfave/cli/v2"
)

func keysCommand() *cli.Command {
	return &cli.Command{
		Name:  "keys",
		Usage: "generate and show node keys (consensus_secrets.yaml)",
		Subcommands: []*cli.Command{
			{
				Name:  "generate",
				Usage: "write a new consensus_secrets.yaml with a validator, node and attester key",
				Flags: []cli.Flag{&cli.StringFlag{Name: "out", Value: "consensus_secrets.yaml", Usage: "file to create (never overwritten)"}},
				Action: func(c *cli.Context) error {
					s, err := config.GenerateSecrets(rand.Reader)
					if err != nil {
						return err
					}
					if err := config.SaveSecrets(c.String("out"), s); err != nil {
						return err
					}
					fmt.Printf("wrote %s\n", c.String("out"))
					return showSecrets(s)
				},
			},
			{
				Name:      "show",
				Usage:     "print the public keys and the attester address of a secrets file",
				ArgsUsage: "FILE",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return fmt.Errorf("keys show: give the secrets file, e.g. cairn keys show consensus_secrets.yaml")
					}
					s, err := config.LoadSecrets(c.Args().First())
					if err != nil {
						return err
					}
					return showSecrets(s)
				},
			},
		},
	}
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
	if s.Validator != nil && s.Node != nil {
		fmt.Printf("\nfor cairn deploy:\n  --validator %s,%s,%s\n", s.Validator.Public(), s.Validator.ProvePossession(), s.Node.Public())
	}
	return nil
}

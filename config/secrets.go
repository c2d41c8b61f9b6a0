package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"gopkg.in/yaml.v3"
)

// Secrets are a node's private keys, kept in consensus_secrets.yaml. A key
// that is absent is nil: a full node has no validator key, a node outside
// the attester committee no attester key.
type Secrets struct {
	Validator *bls.SecretKey
	Node      *nodekey.SecretKey
	Attester  *attesterkey.SecretKey
}

type secretsFile struct {
	ValidatorKey string `yaml:"validator_key"`
	NodeKey      string `yaml:"node_key"`
	AttesterKey  string `yaml:"attester_key"`
}

// GenerateSecrets makes a fresh validator, node and attester key.
func GenerateSecrets(r io.Reader) (*Secrets, error) {
	v, err := bls.GenerateKey(r)
	if err != nil {
		return nil, fmt.Errorf("generate validator key: %w", err)
	}
	n, err := nodekey.Generate(r)
	if err != nil {
		return nil, fmt.Errorf("generate node key: %w", err)
	}
	a, err := attesterkey.Generate(r)
	if err != nil {
		return nil, fmt.Errorf("generate attester key: %w", err)
	}
	return &Secrets{Validator: v, Node: n, Attester: a}, nil
}

// Encode writes the secrets file: every secret with its public key (and
// for the attester, its L1 address) in a comment above it.
func (s *Secrets) Encode() []byte {
	var b bytes.Buffer
	b.WriteString("# Cairn node secrets. Keep this file private; share only the public keys in the comments.\n")
	if s.Validator != nil {
		fmt.Fprintf(&b, "# %s\n# %s\nvalidator_key: %s\n", s.Validator.Public(), s.Validator.ProvePossession(), s.Validator)
	}
	if s.Node != nil {
		fmt.Fprintf(&b, "# %s\nnode_key: %s\n", s.Node.Public(), s.Node)
	}
	if s.Attester != nil {
		fmt.Fprintf(&b, "# %s\n# attester address %s\nattester_key: %s\n", s.Attester.Public(), s.Attester.Address(), s.Attester)
	}
	return b.Bytes()
}

// SaveSecrets writes a new secrets file, readable by its owner only. It
// refuses to overwrite an existing file: losing a validator key is not
// something to do by accident.
func SaveSecrets(path string, s *Secrets) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists: move it away first, it may hold keys in use", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(s.Encode()); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadSecrets reads a secrets file; a malformed key is an error naming it.
func LoadSecrets(path string) (*Secrets, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	var f secretsFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("secrets %s: %w", path, err)
	}
	var s Secrets
	if f.ValidatorKey != "" {
		if s.Validator, err = bls.ParseSecretKey(f.ValidatorKey); err != nil {
			return nil, fmt.Errorf("secrets %s: validator_key: %w", path, err)
		}
	}
	if f.NodeKey != "" {
		if s.Node, err = nodekey.ParseSecretKey(f.NodeKey); err != nil {
			return nil, fmt.Errorf("secrets %s: node_key: %w", path, err)
		}
	}
	if f.AttesterKey != "" {
		if s.Attester, err = attesterkey.ParseSecretKey(f.AttesterKey); err != nil {
			return nil, fmt.Errorf("secrets %s: attester_key: %w", path, err)
		}
	}
	return &s, nil
}

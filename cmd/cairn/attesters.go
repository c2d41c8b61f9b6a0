package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"
)

func attestersCommand() *cli.Command {
	target := []cli.Flag{
		&cli.StringFlag{Name: "l1-rpc", Required: true, Usage: "L1 JSON-RPC URL"},
		&cli.StringFlag{Name: "genesis", Usage: "the network's genesis file (for the OnChainProposer address)"},
		&cli.StringFlag{Name: "proposer", Usage: "the OnChainProposer address (instead of --genesis)"},
	}
	return &cli.Command{
		Name:  "attesters",
		Usage: "show and set the attester committee on L1",
		Subcommands: []*cli.Command{
			{
				Name:  "set",
				Usage: "set the attester committee from a batch on (the OnChainProposer admin only; scheduled through the timelock when the admin is one)",
				Flags: append([]cli.Flag{
					&cli.Uint64Flag{Name: "from-batch", Required: true, Usage: "first batch the committee applies to (after the last committed one)"},
					&cli.StringSliceFlag{Name: "attester", Required: true, Usage: "attester public key attester:public:secp256k1:… (repeatable)"},
					&cli.Uint64SliceFlag{Name: "weight", Usage: "weight of each --attester in order, or one weight for all (default 1)"},
					&cli.StringFlag{Name: "key", Required: true, Usage: "file with the hex key of the OnChainProposer admin (or of the timelock's proposer, cairn deploy --admin)"},
				}, target...),
				Action: runAttestersSet,
			},
			{
				Name:   "show",
				Usage:  "print the committee that applies to a batch, its total weight and quorum",
				Flags:  append([]cli.Flag{&cli.Uint64Flag{Name: "batch", Usage: "the batch (default: the next one L1 commits)"}}, target...),
				Action: runAttestersShow,
			},
		},
	}
}

// committeeFlags parses --attester and --weight into a committee; every
// refusal is one line naming the flag.
func committeeFlags(c *cli.Context) ([]common.Address, []uint64, error) {
	return parseCommittee(c.StringSlice("attester"), c.Uint64Slice("weight"), "weight", c.Uint64("from-batch"))
}

// parseCommittee parses attester public keys (attester:public:secp256k1:…,
// as cairn keys show prints them) and their weights (none: 1 each; one: the
// same for all; else one each, given with --weightFlag).
func parseCommittee(keys []string, ws []uint64, weightFlag string, fromBatch uint64) ([]common.Address, []uint64, error) {
	if len(keys) == 0 {
		return nil, nil, errors.New("--attester: give at least one attester public key")
	}
	addrs := make([]common.Address, len(keys))
	seen := map[common.Address]int{}
	for i, s := range keys {
		pk, err := attesterkey.ParsePublicKey(strings.TrimSpace(s))
		if err != nil {
			return nil, nil, fmt.Errorf("--attester %d (%q): %w", i+1, s, err)
		}
		a := pk.Address()
		if j, dup := seen[a]; dup {
			return nil, nil, fmt.Errorf("--attester %d: the same key as --attester %d (address %s)", i+1, j+1, a)
		}
		seen[a] = i
		addrs[i] = a
	}
	switch len(ws) {
	case 0:
		ws = []uint64{1}
		fallthrough
	case 1:
		one := ws[0]
		ws = make([]uint64, len(addrs))
		for i := range ws {
			ws[i] = one
		}
	case len(addrs):
	default:
		return nil, nil, fmt.Errorf("--%s: %d weights for %d attesters; give one per attester or one for all", weightFlag, len(ws), len(addrs))
	}
	for i, w := range ws {
		if w == 0 {
			return nil, nil, fmt.Errorf("--%s: attester %d (%s) has weight 0; weights must be at least 1", weightFlag, i+1, addrs[i])
		}
	}
	if _, err := attest.NewCommittee(fromBatch, addrs, ws); err != nil {
		return nil, nil, err
	}
	return addrs, ws, nil
}

// proposerAddress is --proposer, or the OnChainProposer of --genesis.
func proposerAddress(c *cli.Context) (common.Address, error) {
	switch {
	case c.IsSet("proposer") && c.IsSet("genesis"):
		return common.Address{}, errors.New("give --genesis or --proposer, not both")
	case c.IsSet("proposer"):
		return address("proposer", c.String("proposer"))
	case c.IsSet("genesis"):
		g, err := config.LoadGenesis(c.String("genesis"))
		if err != nil {
			return common.Address{}, err
		}
		return g.Contracts.OnChainProposer, nil
	}
	return common.Address{}, errors.New("give --genesis genesis.json or --proposer ADDRESS")
}

func dialL1(ctx context.Context, c *cli.Context, ocp common.Address) (*ethclient.Client, error) {
	l1, err := ethclient.DialContext(ctx, c.String("l1-rpc"))
	if err != nil {
		return nil, fmt.Errorf("--l1-rpc: %w", err)
	}
	code, err := l1.CodeAt(ctx, ocp, nil)
	if err != nil {
		l1.Close()
		return nil, fmt.Errorf("--l1-rpc %s: %w", c.String("l1-rpc"), err)
	}
	if len(code) == 0 {
		l1.Close()
		return nil, fmt.Errorf("no contract at %s on --l1-rpc %s: check --genesis/--proposer", ocp, c.String("l1-rpc"))
	}
	return l1, nil
}

func runAttestersSet(c *cli.Context) error {
	addrs, weights, err := committeeFlags(c)
	if err != nil {
		return err
	}
	key, err := readKeyFile(c.String("key"))
	if err != nil {
		return err
	}
	if key == nil {
		return errors.New("--key: the file is empty")
	}
	ocpAddr, err := proposerAddress(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, 2*time.Minute)
	defer cancel()
	l1, err := dialL1(ctx, c, ocpAddr)
	if err != nil {
		return err
	}
	defer l1.Close()
	ocp := bindings.NewOnChainProposer()
	from := crypto.PubkeyToAddress(key.PublicKey)
	readU64 := func(what string, data []byte, unpack func([]byte) (uint64, error)) (uint64, error) {
		out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &ocpAddr, Data: data}, nil)
		if err != nil {
			return 0, fmt.Errorf("OnChainProposer.%s: %w", what, err)
		}
		return unpack(out)
	}
	viaTimelock, err := committeeAdmin(ctx, c, l1, ocpAddr, key)
	if err != nil {
		return err
	}
	fromBatch := c.Uint64("from-batch")
	last, err := readU64("lastCommittedBatch", ocp.PackLastCommittedBatch(), ocp.UnpackLastCommittedBatch)
	if err != nil {
		return err
	}
	if fromBatch <= last {
		return fmt.Errorf("--from-batch %d: L1 has committed batch %d already; history is not rewritten, use %d or later", fromBatch, last, last+1)
	}
	data := ocp.PackSetAttesterCommittee(fromBatch, addrs, weights)
	var total uint64
	for _, w := range weights {
		total += w
	}
	if viaTimelock != nil {
		if viaTimelock.delay > 0 {
			fmt.Fprintf(c.App.Writer, "note: it runs only while batch %d is not committed yet (L1 has committed %d): pick a --from-batch that L1 does not reach within the delay\n",
				fromBatch, last)
		}
		return viaTimelock.scheduleCall(fmt.Sprintf("committee of %d attesters from batch %d (total weight %d, quorum %d)",
			len(addrs), fromBatch, total, attest.Quorum(total)), ocpAddr, data)
	}
	if _, err := l1.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &ocpAddr, Data: data}); err != nil {
		return fmt.Errorf("setAttesterCommittee would be refused: %s", revertReason(err))
	}
	tm, err := txmgr.New(ctx, txmgr.Config{}, l1, key, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	r, err := tm.Send(ctx, "set the attester committee", ocpAddr, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "committee of %d attesters set from batch %d (total weight %d, quorum %d) in tx %s\n",
		len(addrs), fromBatch, total, attest.Quorum(total), r.TxHash)
	return nil
}

// committeeAdmin checks that key may set the committee: nil when it is the
// OnChainProposer's admin, the timelock to schedule through when the admin
// is a timelock (which checks the key's role).
func committeeAdmin(ctx context.Context, c *cli.Context, l1 *ethclient.Client, ocpAddr common.Address, key *ecdsa.PrivateKey) (*adminEnv, error) {
	from := crypto.PubkeyToAddress(key.PublicKey)
	admin, err := contractAdmin(ctx, l1, ocpAddr)
	if err != nil {
		return nil, fmt.Errorf("OnChainProposer.admin: %w", err)
	}
	if admin == from {
		return nil, nil
	}
	delay, isTL := timelockDelay(ctx, l1, admin)
	if !isTL {
		return nil, fmt.Errorf("--key: %s is not the OnChainProposer admin (%s)", from, admin)
	}
	return &adminEnv{ctx: ctx, w: c.App.Writer, l1: l1, net: &networkContracts{ocp: ocpAddr}, timelock: admin, delay: delay, key: key, from: from}, nil
}

func runAttestersShow(c *cli.Context) error {
	ocpAddr, err := proposerAddress(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, time.Minute)
	defer cancel()
	l1, err := dialL1(ctx, c, ocpAddr)
	if err != nil {
		return err
	}
	defer l1.Close()
	view := attest.NewL1(l1, ocpAddr, common.Address{})
	last, err := view.LastCommitted(ctx)
	if err != nil {
		return err
	}
	n := last + 1
	if c.IsSet("batch") {
		n = c.Uint64("batch")
	}
	com, err := view.AttesterCommittee(ctx, n)
	if err != nil {
		return err
	}
	w := c.App.Writer
	if com == nil {
		fmt.Fprintf(w, "batch %d: no attester committee applies (batches are committed without attestations); last committed batch %d\n", n, last)
		return nil
	}
	fmt.Fprintf(w, "batch %d: committee from batch %d, %d attesters, total weight %d, quorum %d; last committed batch %d\n",
		n, com.FromBatch, len(com.Attesters), com.TotalWeight(), com.Quorum(), last)
	for i, a := range com.Attesters {
		fmt.Fprintf(w, "  %s  weight %d\n", a, com.Weights[i])
	}
	return nil
}

// revertReason decodes the OnChainProposer custom error of a refused call
// into one line.
func revertReason(err error) string {
	data, ok := ethclient.RevertErrorData(err)
	if !ok {
		return err.Error()
	}
	e, uerr := bindings.NewOnChainProposer().UnpackError(data)
	if uerr != nil {
		return fmt.Sprintf("%v (revert data %x)", err, data)
	}
	switch e := e.(type) {
	case *bindings.OnChainProposerNotAdmin:
		return fmt.Sprintf("%s is not the OnChainProposer admin", e.Caller)
	case *bindings.OnChainProposerCommitteeStartTooLow:
		return fmt.Sprintf("--from-batch %d is not after the last committed batch %d", e.FromBatch, e.LastCommittedBatch)
	case *bindings.OnChainProposerDuplicateAttester:
		return fmt.Sprintf("attester %s is listed twice", e.Attester)
	case *bindings.OnChainProposerZeroWeight:
		return fmt.Sprintf("attester %s has weight 0", e.Attester)
	case *bindings.OnChainProposerEmptyCommittee:
		return "the committee is empty"
	default:
		return strings.TrimPrefix(fmt.Sprintf("%T%+v", e, e), "*bindings.OnChainProposer")
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/config"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// deployedWith is what a command that follows `cairn deploy` needs of its
// flags: the L1, the admin's key file and the genesis written.
type deployedWith struct{ l1RPC, key, genesis string }

// stillUnset names what the network deployed with gen still lacks, each
// with the command or setting that sets it: the attester committee (read
// from L1: without one, batches are committed without attestations), and
// the proof market (not deployed, or not enabled in the operator node's
// cairn.toml, where it is off by default).
func stillUnset(ctx context.Context, l1 *ethclient.Client, gen *config.Genesis, w deployedWith) []string {
	var out []string
	if s := attesterCommitteeUnset(ctx, l1, gen, w); s != "" {
		out = append(out, s)
	}
	if gen.Contracts.ProofManager == (common.Address{}) {
		out = append(out, "Proof Manager: not deployed, so the operator node's prover coordinator hands every batch to cairn prover "+
			"(a deploy with --fermah and --lagrange makes a network with a proof market)")
	} else {
		out = append(out, "proof_manager.enabled: off by default; the node offers batches to the networks with "+
			"[proof_manager] enabled = true in cairn.toml (on the node with the operator key)")
	}
	return out
}

// attesterCommitteeUnset is the line of an attester committee L1 does not
// hold for its next batch ("" if it holds one).
func attesterCommitteeUnset(ctx context.Context, l1 *ethclient.Client, gen *config.Genesis, w deployedWith) string {
	view := attest.NewL1(l1, gen.Contracts.OnChainProposer, gen.Contracts.Bridge)
	last, err := view.LastCommitted(ctx)
	var com *attest.Committee
	if err == nil {
		com, err = view.AttesterCommittee(ctx, last+1)
	}
	switch {
	case err != nil:
		return fmt.Sprintf("attester committee: cannot read it from L1 (%v); cairn attesters show --l1-rpc %s --genesis %s shows it",
			err, w.l1RPC, w.genesis)
	case com != nil:
		return ""
	}
	return fmt.Sprintf("attester committee: none on L1, so batches are committed without attestations; the admin (--key) sets it:\n"+
		"      cairn attesters set --from-batch %d --attester <attester:public:… of each attester, as cairn keys show prints it> "+
		"--l1-rpc %s --key %s --genesis %s", last+1, w.l1RPC, w.key, w.genesis)
}

// printStillUnset prints the lines of stillUnset under a heading.
func printStillUnset(out io.Writer, unset []string) {
	if len(unset) == 0 {
		return
	}
	fmt.Fprintln(out, "still unset:")
	for _, s := range unset {
		fmt.Fprintln(out, "  - "+s)
	}
}

// proversLine names the allow-listed exec provers: the keys cairn prover
// and the proving networks may sign proofs with.
func proversLine(provers []common.Address) string {
	names := make([]string, len(provers))
	for i, a := range provers {
		names[i] = a.Hex()
	}
	return "provers         " + strings.Join(names, ", ") + " (ExecVerifier's allow-list: cairn prover --key must hold one of these keys)"
}

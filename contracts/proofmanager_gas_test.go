package contracts_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// TestProofManagerGas logs the gas used by every ProofManager (and TestUSDC)
// entry point on typical inputs: go test ./contracts -run TestProofManagerGas -v.
// It fails when one uses more than its budget in gas_budget.json (+2 %).
func TestProofManagerGas(t *testing.T) {
	osaka := pmGasRows(t, osakaOnly)
	dev := pmGasRows(t)
	defer checkGasBudget(t, "ProofManager", osaka)
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "entry point\tOsaka (mainnet)\twith Bogota (geth dev config)\t")
	for i, r := range osaka {
		require.Equal(t, r.what, dev[i].what)
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", r.what, r.gas, dev[i].gas)
	}
	require.NoError(t, tw.Flush())
	t.Log("L1 gas used by ProofManager entry points (typical inputs: a 41-byte proof inputs URL, a 65-byte proof):\n" + sb.String())
}

func pmGasRows(t *testing.T, options ...func(*node.Config, *ethconfig.Config)) []gasRow {
	e := newPMEnv(t, options...)
	pm := e.pm
	fermah, lagrange := bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange
	var rows []gasRow
	add := func(what string, r *types.Receipt) { rows = append(rows, gasRow{what, r.GasUsed}) }
	must := func(r *types.Receipt, err error) *types.Receipt {
		t.Helper()
		require.NoError(t, err)
		return r
	}

	_, g, err := bindDeployFrom(e, bindings.ProofManagerMetaData.Bin, nil, nil)
	require.NoError(t, err)
	rows = append(rows, gasRow{"deploy ProofManager (implementation)", g})
	_, g, err = bindDeployFrom(e, bindings.ProofManagerProxyMetaData.Bin, bindings.NewProofManagerProxy().PackConstructor(
		e.addrs.Implementation, pm.PackInitialize(e.admin.addr, e.submitter.addr, e.fermah.addr, e.lagrange.addr, e.addrs.USDC)), nil)
	require.NoError(t, err)
	rows = append(rows, gasRow{"deploy ProofManagerProxy + initialize", g})
	_, g, err = bindDeployFrom(e, bindings.TestUSDCMetaData.Bin, e.usdc.PackConstructor(e.admin.addr), nil)
	require.NoError(t, err)
	rows = append(rows, gasRow{"deploy TestUSDC", g})
	add("TestUSDC.mint (new holder)", must(e.sendTo(e.usdcC, e.admin, nil, e.usdc.PackMint(e.stranger.addr, usdc(1)))))

	add("updatePreferredProvingNetwork", e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(fermah)))
	add("updateProvingNetworkStatus", e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(lagrange, bindings.ProvingNetworkStatusInactive)))
	e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(lagrange, bindings.ProvingNetworkStatusActive))
	add("updateProvingNetworkAddress", e.mustSend(e.admin, pm.PackUpdateProvingNetworkAddress(lagrange, common.HexToAddress("0x1a9"))))
	e.mustSend(e.admin, pm.PackUpdateProvingNetworkAddress(lagrange, e.lagrange.addr))
	add("setSubmitter", e.mustSend(e.admin, pm.PackSetSubmitter(e.stranger.addr)))
	e.mustSend(e.admin, pm.PackSetSubmitter(e.submitter.addr))

	// Preferred Fermah: requests 0, 2, 3 are Fermah's, 1 Lagrange's.
	add("submitProofRequest (assigned, first)", e.mustSubmit(1, pmParams(1)))
	add("submitProofRequest (assigned)", e.mustSubmit(2, pmParams(2)))
	e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(bindings.ProvingNetworkNone))
	add("submitProofRequest (refused at once)", e.mustSubmit(3, pmParams(3)))
	e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(fermah))
	e.submitAssigned(fermah, 4, pmParams(4))
	add("acknowledgeProofRequest (commit)", must(e.ack(e.fermah, 1, true)))
	add("acknowledgeProofRequest (refuse)", must(e.ack(e.lagrange, 2, false)))
	add("submitProof (65-byte proof)", must(e.prove(e.fermah, 1, usdc(50))))
	must(e.ack(e.fermah, 4, true))
	add("submitProof (1 KiB proof)", must(e.send(e.fermah, pm.PackSubmitProof(pmID(4), bytes.Repeat([]byte{0xab}, 1024), usdc(50)))))
	add("updateProofRequestStatus → Validated (first)", must(e.update(e.submitter, 1, bindings.ProofRequestStatusValidated)))
	add("updateProofRequestStatus → ValidationFailed", must(e.update(e.submitter, 4, bindings.ProofRequestStatusValidationFailed)))
	add("withdraw (1 request)", must(e.withdraw(e.fermah)))

	var batches []int64
	for b := int64(10); b < 14; b++ {
		e.submitAssigned(fermah, b, pmParams(b))
		must(e.ack(e.fermah, b, true))
		must(e.prove(e.fermah, b, usdc(50)))
		batches = append(batches, b)
	}
	for i, b := range batches {
		r := must(e.update(e.submitter, b, bindings.ProofRequestStatusValidated))
		if i == 1 {
			add("updateProofRequestStatus → Validated", r)
		}
	}
	add("withdraw (4 requests)", must(e.withdraw(e.fermah)))

	r := e.submitAssigned(fermah, 20, pmParams(20))
	e.submitAssigned(fermah, 21, pmParams(21))
	must(e.ack(e.fermah, 21, true))
	e.setNextBlockTime(e.blockTime(r) + 3601)
	add("updateProofRequestStatus → Unacknowledged", must(e.update(e.submitter, 20, bindings.ProofRequestStatusUnacknowledged)))
	add("updateProofRequestStatus → TimedOut", must(e.update(e.submitter, 21, bindings.ProofRequestStatusTimedOut)))

	newImpl, _, err := bindDeployFrom(e, bindings.ProofManagerMetaData.Bin, nil, nil)
	require.NoError(t, err)
	add("upgradeToAndCall (no call)", e.mustSend(e.admin, pm.PackUpgradeToAndCall(newImpl, nil)))
	add("transferAdmin", e.mustSend(e.admin, pm.PackTransferAdmin(e.stranger.addr)))
	return rows
}

package contracts_test

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
)

// TestGasTable logs the gas used by every entry point on typical inputs (the
// l1gas figures): go test ./contracts -run TestGasTable -v. It fails when an
// entry point uses more than its budget in gas_budget.json (+2 %), and when
// an attester signature costs commitBatch more than 6,000 gas.
func TestGasTable(t *testing.T) {
	osaka := gasRows(t, osakaOnly)
	dev := gasRows(t)
	defer checkGasBudget(t, "OnChainProposer, Bridge, ExecVerifier, L2Bridge", osaka)
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "entry point\tOsaka (mainnet)\twith Bogota (geth dev config)\t")
	for i, r := range osaka {
		require.Equal(t, r.what, dev[i].what)
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", r.what, r.gas, dev[i].gas)
	}
	require.NoError(t, tw.Flush())
	t.Log("L1 gas used by entry point (Osaka = mainnet rules, as the embedded dev L1 runs; also under geth's experimental Bogota state-gas repricing):\n" + sb.String())
}

type gasRow struct {
	what string
	gas  uint64
}

// gasRows runs every entry point once on typical inputs and returns the gas each used.
func gasRows(t *testing.T, options ...func(*node.Config, *ethconfig.Config)) []gasRow {
	attesterSeed = 1 << 32 // the same attester keys whatever ran before: the figures depend on their bytes
	e := newEnvWithAlloc(t, nil, options...)
	o, b := e.ocp, e.bridge
	type row = gasRow
	var rows []row
	add := func(what string, r *types.Receipt) { rows = append(rows, row{what, r.GasUsed}) }

	_, r, err := bindDeploy(e, bindings.BridgeMetaData.Bin, b.PackConstructor(big.NewInt(l2ChainID)))
	require.NoError(t, err)
	add("deploy Bridge", r)
	_, r, err = bindDeploy(e, bindings.ExecVerifierMetaData.Bin, e.exec.PackConstructor([]common.Address{e.prover.addr}))
	require.NoError(t, err)
	add("deploy ExecVerifier (1 prover)", r)
	_, r, err = bindDeploy(e, bindings.OnChainProposerMetaData.Bin, o.PackConstructor(big.NewInt(l2ChainID), genesisStateRoot, genesisBlockHash, e.addrs.Bridge, e.operator.addr))
	require.NoError(t, err)
	add("deploy OnChainProposer", r)

	add("Bridge.deposit (first)", e.deposit(e.user, e.user.addr, ether(1)))
	add("Bridge.deposit", e.deposit(e.user, e.stranger.addr, ether(2)))

	// Batch 1: no committee, 100 withdrawals.
	var ws []withdrawal
	for i := 1; i <= 100; i++ {
		ws = append(ws, withdrawal{id: uint64(i), from: e.user.addr, to: common.BigToAddress(big.NewInt(int64(0x1000 + i))), amount: gwei(int64(i))})
	}
	leaves := make([]common.Hash, len(ws))
	for i, w := range ws {
		leaves[i] = withdrawalLeaf(w)
	}
	root, proofs := merkleTree(leaves)
	h := e.next()
	h.WithdrawalsRoot, h.WithdrawalsCount = root, uint64(len(ws))
	add("OnChainProposer.commitBatch (no committee)", e.mustCommit(h, nil))
	add("OnChainProposer.verifyBatch (exec proof)", e.mustVerify(h))
	rc, err := e.claim(e.stranger, 1, ws[0], proofs[0])
	require.NoError(t, err)
	add(fmt.Sprintf("Bridge.claimWithdrawal (proof of %d)", len(proofs[0])), rc)

	as := newAttesters(t, 8)
	weights := []uint64{1250, 1250, 1250, 1250, 1250, 1250, 1250, 1250}
	add("OnChainProposer.setAttesterCommittee (8)", e.mustSend(e.ocpC, e.admin, nil, o.PackSetAttesterCommittee(2, addressesOf(as), weights)))
	h = e.next()
	add("OnChainProposer.commitBatch (7 of 8 attesters)", e.mustCommit(h, certificate(t, as[:7], e.digest(h))))
	h = e.next()
	add("OnChainProposer.commitBatch (8 of 8 attesters)", e.mustCommit(h, certificate(t, as, e.digest(h))))
	add("OnChainProposer.revertBatch (1 batch)", e.mustSend(e.ocpC, e.admin, nil, o.PackRevertBatch(3)))
	// Certificates of 8 (batch 3 again), 16 and 64 attesters of weight 1, all
	// signing: the cost of one more signature is (gas(64) - gas(8)) / 56,
	// committee calldata included (28 bytes a member).
	perCert := map[int]uint64{}
	for i, n := range []int{8, 16, 64} {
		as := newAttesters(t, n)
		ws := make([]uint64, n)
		for j := range ws {
			ws[j] = 1
		}
		r := e.mustSend(e.ocpC, e.admin, nil, o.PackSetAttesterCommittee(uint64(3+i), addressesOf(as), ws))
		if n == 64 {
			add("OnChainProposer.setAttesterCommittee (64)", r)
		}
		h = e.next()
		r = e.mustCommit(h, certificate(t, as, e.digest(h)))
		add(fmt.Sprintf("OnChainProposer.commitBatch (%d signatures, committee of %d)", n, n), r)
		perCert[n] = r.GasUsed
	}
	perSig := (perCert[64] - perCert[8]) / 56
	rows = append(rows, row{"OnChainProposer.commitBatch: one more attester signature ((64 - 8) / 56)", perSig})
	require.LessOrEqual(t, perSig, uint64(6000), "an attester signature must cost commitBatch at most 6,000 gas (issue 8)")

	add("OnChainProposer.setOperator", e.mustSend(e.ocpC, e.admin, nil, o.PackSetOperator(e.operator.addr)))
	add("OnChainProposer.setVerifier", e.mustSend(e.ocpC, e.admin, nil, o.PackSetVerifier(2, e.addrs.ExecVerifier)))
	add("OnChainProposer.setRequiredProofTypes (1)", e.mustSend(e.ocpC, e.admin, nil, o.PackSetRequiredProofTypes([]uint8{deploy.ProofTypeExec})))
	add("ExecVerifier.addProver", e.mustSend(e.execC, e.admin, nil, e.exec.PackAddProver(e.stranger.addr)))
	add("ExecVerifier.removeProver", e.mustSend(e.execC, e.admin, nil, e.exec.PackRemoveProver(e.stranger.addr)))

	_, l2, user := newL2BridgeEnv(t, options...)
	le := &env{t: t, backend: l2}
	l2c := bindings.NewL2Bridge().Instance(l2, rollup.L2BridgeAddress)
	add("L2Bridge.withdraw (first, on L2)", le.mustSend(l2c, user, ether(1), bindings.NewL2Bridge().PackWithdraw(user.addr)))
	add("L2Bridge.withdraw (on L2)", le.mustSend(l2c, user, ether(1), bindings.NewL2Bridge().PackWithdraw(user.addr)))

	// ExecVerifier.verify as a call (what verifyBatch pays for it, plus the call's 21000).
	g, err := e.backend.EstimateGas(context.Background(), callMsg(e.addrs.ExecVerifier,
		e.exec.PackVerify(goPublicInputsHash(h), proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h)))))
	require.NoError(t, err)
	rows = append(rows, row{"ExecVerifier.verify (eth_estimateGas of a call)", g})

	rows = append(rows, timelockGasRows(t, e)...)
	return append(rows, blobGasRows(t, options...)...)
}

// blobGasRows commits, on a fresh chain, batch 1 as the "no committee" row
// does (100 withdrawals) but with its data in 1 blob, then batch 2 in 6
// blobs and batch 3 in 4 KiB of calldata. Gas used excludes blob gas.
func blobGasRows(t *testing.T, options ...func(*node.Config, *ethconfig.Config)) []gasRow {
	e := newEnvWithAlloc(t, nil, options...)
	var rows []gasRow
	h := e.next()
	h.WithdrawalsRoot, h.WithdrawalsCount = keccak([]byte("withdrawals")), 100
	for i, n := range []int{1, batchdata.MaxBlobs} {
		sc := testSidecar(t, n, uint64(i))
		h.DataCommitment = batchdata.BlobCommitment(sc.BlobHashes())
		r, err := e.commitBlobs(h, nil, sc)
		require.NoError(t, err)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
		what := "OnChainProposer.commitBatch (no committee, 1 blob)"
		if n > 1 {
			what = fmt.Sprintf("OnChainProposer.commitBatch (no committee, %d blobs, batch 2)", n)
		}
		rows = append(rows, gasRow{what, r.GasUsed})
		h = e.next()
	}
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i*7 + 1)
	}
	h.DataCommitment = batchdata.CalldataCommitment(data)
	r, err := e.commitData(h, data)
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	return append(rows, gasRow{"OnChainProposer.commitBatch (no committee, 4 KiB calldata, batch 3)", r.GasUsed})
}

// timelockGasRows deploys a CairnTimelock (delay 0), makes it the
// OnChainProposer's admin and runs setOperator through it: what the
// timelock adds to every admin call.
func timelockGasRows(t *testing.T, e *env) []gasRow {
	tl := bindings.NewCairnTimelock()
	addr, r, err := bindDeploy(e, bindings.CairnTimelockMetaData.Bin, tl.PackConstructor(new(big.Int), e.admin.addr))
	require.NoError(t, err)
	rows := []gasRow{{"deploy CairnTimelock", r.GasUsed}}
	rows = append(rows, gasRow{"OnChainProposer.transferAdmin", e.mustSend(e.ocpC, e.admin, nil, e.ocp.PackTransferAdmin(addr)).GasUsed})
	tlC := tl.Instance(e.backend, addr)
	data := e.ocp.PackSetOperator(e.stranger.addr)
	var salt [32]byte
	rows = append(rows, gasRow{"CairnTimelock.schedule (setOperator)",
		e.mustSend(tlC, e.admin, nil, tl.PackSchedule(e.addrs.OnChainProposer, new(big.Int), data, [32]byte{}, salt, new(big.Int))).GasUsed})
	rows = append(rows, gasRow{"CairnTimelock.execute (setOperator)",
		e.mustSend(tlC, e.admin, nil, tl.PackExecute(e.addrs.OnChainProposer, new(big.Int), data, [32]byte{}, salt)).GasUsed})
	return rows
}

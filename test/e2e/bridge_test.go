package e2e

import (
	"context"
	"io"
	"math/big"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/prover/client"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

func TestDepositIsCreditedExactlyOnL2(t *testing.T) {
	c := startChain(t, 0)
	user := devnetUser(0)
	to := freshAddress()

	r := send(t, c.l1, user, c.Genesis.Contracts.Bridge, ether(1), bridgeABI.PackDeposit(to))
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	eventually(t, time.Minute, "the deposit on L2", func() bool { return balance(t, c.l2, to).Sign() > 0 })
	require.Equal(t, ether(1), balance(t, c.l2, to), "exactly 1 ETH")

	var d struct {
		ID     hexutil.Uint64 `json:"id"`
		To     common.Address `json:"to"`
		Amount *hexutil.Big   `json:"amount"`
		Status string         `json:"status"`
	}
	require.NoError(t, c.rpc.Call(&d, "cairn_getDeposit", hexutil.Uint64(1)))
	require.Equal(t, to, d.To)
	require.Equal(t, "minted", d.Status)
	require.Equal(t, ether(1), d.Amount.ToInt())

	// Not a whole number of gwei: refused by L1, nothing minted.
	_, err := trySend(c.l1, user, c.Genesis.Contracts.Bridge, new(big.Int).Add(ether(1), big.NewInt(1)), bridgeABI.PackDeposit(to))
	require.Equal(t, selector(bindings.BridgeInvalidDepositAmountErrorID()), revertID(t, err))
}

func TestTransfersThroughTheNodesJSONRPC(t *testing.T) {
	c := startChain(t, 0)
	from := devnetUser(1)
	to := freshAddress()
	ctx := context.Background()
	id, err := c.l2.ChainID(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(config.DefaultL2ChainID), id.Uint64())

	for i := 0; i < 3; i++ {
		r := send(t, c.l2, from, to, big.NewInt(params.GWei), nil)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	}
	require.Equal(t, big.NewInt(3*params.GWei), balance(t, c.l2, to))
	// safe and finalized follow L1 (the last block of the last batch
	// committed, and verified): never ahead of latest, nor of each other.
	var fin, safe *types.Header
	require.NoError(t, c.rpc.Call(&fin, "eth_getBlockByNumber", "finalized", false))
	require.NoError(t, c.rpc.Call(&safe, "eth_getBlockByNumber", "safe", false))
	latest, err := c.l2.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	require.LessOrEqual(t, fin.Number.Uint64(), safe.Number.Uint64())
	require.LessOrEqual(t, safe.Number.Uint64(), latest.Number.Uint64())
}

func startProver(t *testing.T, c *chain) {
	t.Helper()
	backend, err := exec.NewBackend(c.ProverKey, exec.Domain{L1ChainID: c.Genesis.L1ChainID, Verifier: c.Genesis.Contracts.ExecVerifier},
		exec.WithChainConfig(c.Genesis.L2.Config))
	require.NoError(t, err)
	pc, err := client.New(client.Config{Coordinator: c.Node.ProverAddr().String(), Key: c.ProverKey, Name: "e2e", ProofType: wire.ProofTypeExec,
		ChainID: c.Genesis.L2ChainID(), Genesis: c.Genesis.Hash(), MinBackoff: 50 * time.Millisecond}, backend, logger())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = pc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

type withdrawalProof struct {
	BatchNumber  hexutil.Uint64 `json:"batchNumber"`
	WithdrawalID hexutil.Uint64 `json:"withdrawalId"`
	From         common.Address `json:"from"`
	L1Recipient  common.Address `json:"l1Recipient"`
	Amount       *hexutil.Big   `json:"amount"`
	Proof        []common.Hash  `json:"proof"`
	// ClaimCalldata is the whole claimWithdrawal call, ready to send.
	ClaimCalldata hexutil.Bytes `json:"claimCalldata"`
}

type withdrawalStatus struct {
	Index        hexutil.Uint64  `json:"index"`
	WithdrawalID hexutil.Uint64  `json:"withdrawalId"`
	L1Recipient  common.Address  `json:"l1Recipient"`
	Status       string          `json:"status"`
	BatchNumber  *hexutil.Uint64 `json:"batchNumber"`
	CommitTx     *common.Hash    `json:"commitTx"`
	VerifyTx     *common.Hash    `json:"verifyTx"`
	ClaimTx      *common.Hash    `json:"claimTx"`
}

// withdrawalStatusOf is the status of the one withdrawal of tx.
func withdrawalStatusOf(t *testing.T, c *chain, tx common.Hash) withdrawalStatus {
	t.Helper()
	var st []withdrawalStatus
	require.NoError(t, c.rpc.Call(&st, "cairn_getWithdrawalStatus", tx))
	require.Len(t, st, 1)
	return st[0]
}

// awaitWithdrawalStatus polls, as a wallet does, until the withdrawal of tx
// goes from status from to status to, and fails if it shows any other.
func awaitWithdrawalStatus(t *testing.T, c *chain, tx common.Hash, from, to string) withdrawalStatus {
	t.Helper()
	var st withdrawalStatus
	eventually(t, time.Minute, "the withdrawal to be "+to, func() bool {
		st = withdrawalStatusOf(t, c, tx)
		require.Contains(t, []string{from, to}, st.Status)
		return st.Status == to
	})
	return st
}

func claimData(p withdrawalProof, proof []common.Hash) []byte {
	hs := make([][32]byte, len(proof))
	for i, h := range proof {
		hs[i] = h
	}
	return bridgeABI.PackClaimWithdrawal(uint64(p.BatchNumber), new(big.Int).SetUint64(uint64(p.WithdrawalID)), p.From, p.L1Recipient, p.Amount.ToInt(), hs)
}

func TestWithdrawalIsClaimableOnceItsBatchIsVerified(t *testing.T) {
	c := startChain(t, -1) // no internal prover: the test decides when batches get proven
	user := devnetUser(2)
	recipient := freshAddress()
	// The L1 bridge pays withdrawals out of deposits: fund it the way users do.
	send(t, c.l1, user, c.Genesis.Contracts.Bridge, ether(2), bridgeABI.PackDeposit(crypto.PubkeyToAddress(user.PublicKey)))

	r := send(t, c.l2, user, rollup.L2BridgeAddress, ether(0.5), l2ABI.PackWithdraw(recipient))
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	require.Len(t, r.Logs, 1)

	// Its batch cannot be committed on L1 before the receipt is back: pending.
	st := withdrawalStatusOf(t, c, r.TxHash)
	require.Equal(t, "pending", st.Status)
	require.Equal(t, recipient, st.L1Recipient)
	var unknown []withdrawalStatus
	require.ErrorContains(t, c.rpc.Call(&unknown, "cairn_getWithdrawalStatus", common.HexToHash("0x99")), "transaction not found")

	var proofs []withdrawalProof
	eventually(t, time.Minute, "the withdrawal's batch to be sealed", func() bool {
		require.NoError(t, c.rpc.Call(&proofs, "cairn_getWithdrawalProof", r.TxHash))
		return len(proofs) == 1
	})
	p := proofs[0]
	require.Equal(t, recipient, p.L1Recipient)
	require.Equal(t, ether(0.5), p.Amount.ToInt())
	st = awaitWithdrawalStatus(t, c, r.TxHash, "pending", "committed")
	require.Equal(t, p.BatchNumber, *st.BatchNumber)
	require.Equal(t, p.WithdrawalID, st.WithdrawalID)
	require.NotNil(t, st.CommitTx)
	require.GreaterOrEqual(t, c.lastCommitted(t), uint64(p.BatchNumber))

	// Committed but not verified: the claim is refused.
	claimer := devnetUser(3)
	_, err := trySend(c.l1, claimer, c.Genesis.Contracts.Bridge, nil, claimData(p, p.Proof))
	require.Equal(t, selector(bindings.BridgeBatchNotVerifiedErrorID()), revertID(t, err))

	startProver(t, c)
	st = awaitWithdrawalStatus(t, c, r.TxHash, "committed", "claimable")
	require.NotNil(t, st.VerifyTx)
	require.Nil(t, st.ClaimTx)
	require.GreaterOrEqual(t, c.lastVerified(t), uint64(p.BatchNumber))

	// A wrong proof is refused.
	bad := append([]common.Hash{{0x01}}, p.Proof...)
	_, err = trySend(c.l1, claimer, c.Genesis.Contracts.Bridge, nil, claimData(p, bad))
	require.Equal(t, selector(bindings.BridgeInvalidWithdrawalProofErrorID()), revertID(t, err))
	wrongAmount := p
	wrongAmount.Amount = (*hexutil.Big)(ether(5))
	_, err = trySend(c.l1, claimer, c.Genesis.Contracts.Bridge, nil, claimData(wrongAmount, p.Proof))
	require.Equal(t, selector(bindings.BridgeInvalidWithdrawalProofErrorID()), revertID(t, err))

	// The right one pays the recipient exactly, once: the node's
	// claimCalldata is that call, sent as it is.
	require.Equal(t, claimData(p, p.Proof), []byte(p.ClaimCalldata))
	require.Zero(t, balance(t, c.l1, recipient).Sign())
	require.Equal(t, "claimable", withdrawalStatusOf(t, c, r.TxHash).Status, "a refused claim changes nothing")
	claim := send(t, c.l1, claimer, c.Genesis.Contracts.Bridge, nil, p.ClaimCalldata)
	require.Equal(t, ether(0.5), balance(t, c.l1, recipient))
	st = withdrawalStatusOf(t, c, r.TxHash)
	require.Equal(t, "claimed", st.Status)
	require.Equal(t, claim.TxHash, *st.ClaimTx)
	_, err = trySend(c.l1, claimer, c.Genesis.Contracts.Bridge, nil, claimData(p, p.Proof))
	require.Equal(t, selector(bindings.BridgeWithdrawalAlreadyClaimedErrorID()), revertID(t, err))
	require.Equal(t, ether(0.5), balance(t, c.l1, recipient))
}

func TestBatchesAreContiguousAndVerifiedInOrder(t *testing.T) {
	c := startChainWith(t, devnet.Config{Market: devnet.Market{Disabled: true}, MetricsAddr: "127.0.0.1:0"})
	eventually(t, 2*time.Minute, "five verified batches", func() bool { return c.lastVerified(t) >= 5 })

	// Prometheus sees the same progress.
	resp, err := http.Get("http://" + c.Node.MetricsAddr() + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^cairn_batches_verified (\d+)$`).FindSubmatch(body)
	require.NotNil(t, m, "cairn_batches_verified in %s", body)
	v, _ := strconv.Atoi(string(m[1]))
	require.GreaterOrEqual(t, v, 5)
	require.Contains(t, string(body), "cairn_l1_up 1")
	require.Contains(t, string(body), `cairn_l2_tag_block{tag="finalized"}`)

	// The whole single-node devnet (embedded L1, node, prover) is sized for
	// what it holds: a few tens of MB on disk as du counts it, write-ahead
	// logs included (it was 2.8 GB when geth's were sized for a big cache).
	used := diskUsage(t, c.dir)
	t.Logf("devnet data directory: %d MB on disk after %d verified batches", used>>20, v)
	require.Less(t, used, int64(96<<20), "the devnet uses %d MB of disk", used>>20)

	// The finalized tag reaches the last block of a verified batch.
	var b5 struct {
		LastBlock hexutil.Uint64 `json:"lastBlock"`
	}
	require.NoError(t, c.rpc.Call(&b5, "cairn_getBatch", hexutil.Uint64(5)))
	eventually(t, 30*time.Second, "the finalized tag at batch 5", func() bool {
		var fin *types.Header
		return c.rpc.Call(&fin, "eth_getBlockByNumber", "finalized", false) == nil && fin.Number.Uint64() >= uint64(b5.LastBlock)
	})

	ctx := context.Background()
	logs, err := c.l1.FilterLogs(ctx, filterOCP(c))
	require.NoError(t, err)
	var committed, verified []uint64
	commitHash := map[uint64]common.Hash{}
	for i := range logs {
		if ev, err := ocpABI.UnpackBatchCommittedEvent(&logs[i]); err == nil {
			committed = append(committed, ev.Number)
			commitHash[ev.Number] = ev.BatchHash
		} else if ev, err := ocpABI.UnpackBatchVerifiedEvent(&logs[i]); err == nil {
			verified = append(verified, ev.Number)
			require.Contains(t, committed, ev.Number, "verified before committed")
		}
	}
	for i := range committed {
		require.Equal(t, uint64(i+1), committed[i], "commits in order, no gap, no repeat")
	}
	for i := range verified {
		require.Equal(t, uint64(i+1), verified[i], "verifications in order, no gap, no repeat")
	}

	type batch struct {
		Number        hexutil.Uint64 `json:"number"`
		FirstBlock    hexutil.Uint64 `json:"firstBlock"`
		LastBlock     hexutil.Uint64 `json:"lastBlock"`
		PrevStateRoot common.Hash    `json:"prevStateRoot"`
		StateRoot     common.Hash    `json:"stateRoot"`
		BatchHash     common.Hash    `json:"batchHash"`
	}
	var prev batch
	for n := uint64(1); n <= uint64(len(committed)); n++ {
		var b batch
		require.NoError(t, c.rpc.Call(&b, "cairn_getBatch", hexutil.Uint64(n)))
		require.Equal(t, commitHash[n], b.BatchHash, "L1 holds the node's batch %d", n)
		if n > 1 {
			require.Equal(t, prev.LastBlock+1, b.FirstBlock)
			require.Equal(t, prev.StateRoot, b.PrevStateRoot)
		}
		// The batch's state root is the state root of its last block.
		h, err := c.l2.HeaderByNumber(ctx, new(big.Int).SetUint64(uint64(b.LastBlock)))
		require.NoError(t, err)
		require.Equal(t, h.Root, b.StateRoot)
		var byBlock batch
		require.NoError(t, c.rpc.Call(&byBlock, "cairn_getBatchByBlock", b.FirstBlock))
		require.Equal(t, b.Number, byBlock.Number)
		prev = b
	}
}

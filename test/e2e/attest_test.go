package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/node"
	"github.com/cairn-rollup/cairn/rollup"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"
)

// committedCertificates reads every BatchCommitted event on L1 and the
// certificate its commitBatch transaction carried: batch → signatures.
func committedCertificates(t *testing.T, c *chain) map[uint64]int {
	t.Helper()
	ctx := context.Background()
	parsed, err := bindings.OnChainProposerMetaData.ParseABI()
	require.NoError(t, err)
	method := parsed.Methods["commitBatch"]
	logs, err := c.l1.FilterLogs(ctx, filterOCP(c))
	require.NoError(t, err)
	out := map[uint64]int{}
	for i := range logs {
		ev, err := ocpABI.UnpackBatchCommittedEvent(&logs[i])
		if err != nil {
			continue
		}
		tx, _, err := c.l1.TransactionByHash(ctx, logs[i].TxHash)
		require.NoError(t, err)
		args, err := method.Inputs.Unpack(tx.Data()[4:])
		require.NoError(t, err)
		// Every commit carries its batch's data: in the devnet's blobs.
		require.Empty(t, args[1].([]byte), "batch %d: calldata data in blob mode", ev.Number)
		require.NotEmpty(t, tx.BlobHashes(), "batch %d committed without blobs", ev.Number)
		cert := args[3].([]byte)
		require.Zero(t, len(cert)%proposer.AttestationLength, "batch %d certificate of %d bytes", ev.Number, len(cert))
		out[ev.Number] = len(cert) / proposer.AttestationLength
	}
	return out
}

// On a devnet every node is an attester and the committee applies from
// batch 1: no batch reaches L1 without a quorum certificate.
func TestEveryCommittedBatchCarriesACertificate(t *testing.T) {
	n := startNetwork(t, 6, 1, devnet.Config{})
	eventually(t, 3*time.Minute, "batches committed", func() bool { return n.lastCommitted(t) >= 3 })
	certs := committedCertificates(t, n.chain)
	require.GreaterOrEqual(t, len(certs), 3)
	for b, sigs := range certs {
		require.GreaterOrEqual(t, sigs, 6, "batch %d committed with %d signatures; the quorum of 7 is 6", b, sigs)
		var got map[string]any
		require.NoError(t, n.nodes[6].Client().Call(&got, "cairn_getBatchCertificate", hexQ(b)), "full node")
		require.NotNil(t, got, "the full node has no certificate for batch %d", b)
	}
	var st map[string]any
	require.NoError(t, n.nodes[0].Client().Call(&st, "cairn_attestationStatus"))
	require.NotNil(t, st["quorum"])
}

// With fewer than a quorum of attesters online, nothing is committed, but
// blocks are still made, followed and served; once enough are back, commits
// resume, and an attester that only runs a full node, started late from an
// empty data directory, signs the batches sealed before it started.
func TestCommitsWaitForAQuorumOfAttesters(t *testing.T) {
	n := startNetwork(t, 6, 1, devnet.Config{})
	eventually(t, 3*time.Minute, "a first batch committed", func() bool { return n.lastCommitted(t) >= 1 })
	// Committee of 7, quorum 6: two attesters down. The full node and one
	// validator, so that consensus (5 of 6) goes on.
	require.NoError(t, n.StopNode(6))
	require.NoError(t, n.StopNode(5))
	eventually(t, time.Minute, "the committer waits for attestations", func() bool {
		return n.Node.CommitterStatus() != ""
	})
	committed := n.lastCommitted(t)
	sealed := func() uint64 { s, _ := n.Node.Status(context.Background()); return s.Sealed }
	target := sealed() + 2
	eventually(t, 2*time.Minute, fmt.Sprintf("batch %d sealed while commits wait", target), func() bool { return sealed() >= target })
	require.LessOrEqual(t, n.lastCommitted(t), committed+1, "committed without a quorum")
	require.Contains(t, n.Node.CommitterStatus(), "waiting for attestations")
	// Meanwhile another validator follows the chain and answers JSON-RPC,
	// and the operator says what it waits for.
	var before, after hexutil.Uint64
	require.NoError(t, n.nodes[4].Client().Call(&before, "eth_blockNumber"))
	eventually(t, time.Minute, "validator 4 follows new blocks", func() bool {
		return n.nodes[4].Client().Call(&after, "eth_blockNumber") == nil && after > before
	})
	var st cairnrpc.AttestationStatus
	require.NoError(t, n.nodes[0].Client().Call(&st, "cairn_attestationStatus"))
	require.Greater(t, uint64(st.NextBatch), committed, "the batch waiting for a certificate")
	require.Less(t, uint64(st.Weight), uint64(st.Quorum), "weight below quorum while it waits")

	// The full node's data is gone: it starts as a newcomer with its keys.
	require.NoError(t, n.WipeNode(6))

	// The full node, an attester only, starts late: with validator 5 still
	// down its vote is the sixth, so the certificates of the batches sealed
	// before it started must carry it.
	require.NoError(t, n.StartNode(context.Background(), 6))
	eventually(t, 2*time.Minute, "commits resume", func() bool { return n.lastCommitted(t) >= target })
	late := n.Secrets(6).Attester.Address()
	for b := committed + 2; b <= target; b++ {
		cert, err := n.Node.BatchCertificate(b)
		require.NoError(t, err)
		require.Contains(t, cert.Signers, late, "batch %d, sealed before the full node came back", b)
	}
	for b, sigs := range committedCertificates(t, n.chain) {
		require.GreaterOrEqual(t, sigs, 6, "batch %d", b)
	}
}

// disagreeing is an attester's view of the batches whose execution got
// another state root.
type disagreeing struct{ attest.Batches }

func (d disagreeing) Batch(n uint64) (*store.SealedBatch, error) {
	sb, err := d.Batches.Batch(n)
	if err != nil {
		return nil, err
	}
	cp := *sb
	cp.Batch.StateRoot = common.HexToHash("0xd15a9ee")
	return &cp, nil
}

// An attester whose execution disagrees signs other hashes: its votes are
// kept as evidence and counted in the metric, and the others still certify
// every batch.
func TestDisagreeingAttesterIsEvidence(t *testing.T) {
	n := startNetwork(t, 6, 1, devnet.Config{MetricsAddr: "127.0.0.1:0", Options: func(i int) []node.Option {
		if i != 3 {
			return nil
		}
		return []node.Option{node.WithAttesterBatches(func(b attest.Batches) attest.Batches { return disagreeing{b} })}
	}})
	eventually(t, 3*time.Minute, "batches committed", func() bool { return n.lastCommitted(t) >= 3 })
	for b, sigs := range committedCertificates(t, n.chain) {
		require.GreaterOrEqual(t, sigs, 6, "batch %d", b)
	}
	eventually(t, time.Minute, "conflicting votes counted on node 0", func() bool {
		return metric(t, n.Node.MetricsAddr(), "cairn_attester_conflicting_votes_total") > 0
	})
	// Node 3 never signed a certificate L1 accepted.
	a3 := n.Secrets(3).Attester.Address()
	for b := uint64(1); b <= 3; b++ {
		cert, err := n.Node.BatchCertificate(b)
		require.NoError(t, err)
		for _, s := range cert.Signers {
			require.NotEqual(t, a3, s, "the disagreeing attester is in batch %d's certificate", b)
		}
	}
}

// metric reads one value from a Prometheus /metrics page.
func metric(t *testing.T, addr, name string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			require.NoError(t, err)
			return f
		}
	}
	return 0
}

// The operator is cut off while the other attesters certify batches among
// themselves; nobody sends the votes of a certified batch again. Once it
// is back it asks its peers for the votes it lacks, builds the
// certificates, and commits resume.
func TestOperatorCutOffGetsTheVotesItMissed(t *testing.T) {
	n := startNetwork(t, 6, 1, devnet.Config{})
	eventually(t, 3*time.Minute, "a first batch committed", func() bool { return n.lastCommitted(t) >= 1 })
	op := n.Node.PeerID()
	n.Node.SetBlocked(func(string) bool { return true })
	for _, nd := range n.Nodes[1:] {
		nd.SetBlocked(func(p string) bool { return p == op })
	}
	// Consensus goes on with 5 of 6 validators, and 6 of the 7 attesters are a quorum.
	committed := n.lastCommitted(t)
	target := committed + 3
	eventually(t, 2*time.Minute, fmt.Sprintf("batch %d certified without the operator", target), func() bool {
		c, err := n.Nodes[1].BatchCertificate(target)
		return err == nil && c != nil
	})
	require.LessOrEqual(t, n.lastCommitted(t), committed+1, "the operator committed while cut off")
	c, err := n.Node.BatchCertificate(target)
	require.NoError(t, err)
	require.Nil(t, c, "the operator saw none of the votes")

	for _, nd := range n.Nodes {
		nd.SetBlocked(nil)
	}
	eventually(t, 2*time.Minute, "commits resume past the batches certified while the operator was away", func() bool {
		return n.lastCommitted(t) >= target
	})
	for b, sigs := range committedCertificates(t, n.chain) {
		require.GreaterOrEqual(t, sigs, 6, "batch %d", b)
	}
}

// otherData publishes a byte more than the batch's data: a commitment the
// other nodes' sealers do not compute.
type otherData struct{ rollup.Publisher }

func (o otherData) Encode(blocks []rollup.FinalBlock) ([]byte, error) {
	data, err := o.Publisher.Encode(blocks)
	return append(data, 0), err
}

// The operator's node publishes data that is not its batch's: the
// attesters sign the batch their own blocks give, the operator never
// gathers a quorum for its own, nothing reaches L1, and its committer's
// status says why.
func TestOperatorPublishingOtherDataIsNotCommitted(t *testing.T) {
	n := startNetwork(t, 6, 1, devnet.Config{Options: func(i int) []node.Option {
		if i != 0 {
			return nil
		}
		return []node.Option{node.WithPublisher(func(p rollup.Publisher) rollup.Publisher { return otherData{p} })}
	}})
	eventually(t, 3*time.Minute, "the others certify batch 1", func() bool {
		cert, err := n.Nodes[1].BatchCertificate(1)
		return err == nil && cert != nil
	})
	eventually(t, time.Minute, "the committer says the attesters signed another hash", func() bool {
		return strings.Contains(n.Node.CommitterStatus(), "attesters of weight 6 signed another hash")
	})
	require.Contains(t, n.Node.CommitterStatus(), "waiting for attestations: batch 1, weight 1 of quorum 6")
	require.Zero(t, n.lastCommitted(t), "a batch whose data is not the attesters' reached L1")
	cert, err := n.Nodes[1].BatchCertificate(1)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cert.Signers), 6)
	require.NotContains(t, cert.Signers, n.Secrets(0).Attester.Address(), "the operator signed its own data, not the others'")
}

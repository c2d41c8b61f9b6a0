package exec

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

func TestExecuteRealBatch(t *testing.T) {
	c := standardChain(t)
	ctx := context.Background()

	// Published in blobs, the batch's commitment is over its blobs'
	// versioned hashes, which the prover recomputes.
	in := c.input(t, 1, 1, 5)
	var err error
	in.Batch.DataCommitment, err = batchdata.Commitment(batchdata.Blobs, encodeData(t, c.blocks[1:6]))
	require.NoError(t, err)
	h, err := Execute(ctx, in)
	require.NoError(t, err, "blob commitment")
	require.Equal(t, in.Batch.PublicInputsHash(testChainID), h)

	// One batch over the whole chain, and two batches splitting it (the
	// second one starts from the first one's deposits state).
	for _, r := range []struct{ number, first, last uint64 }{{1, 1, 5}, {1, 1, 2}, {2, 3, 5}} {
		in := c.input(t, r.number, r.first, r.last)
		h, err := Execute(ctx, in)
		require.NoError(t, err, "batch %d..%d", r.first, r.last)
		require.Equal(t, in.Batch.PublicInputsHash(testChainID), h)
	}

	// The whole-chain batch commits to what happened: 4 deposits, 3 L2Bridge withdrawals.
	in = c.input(t, 1, 1, 5)
	require.Equal(t, uint64(4), in.Batch.LastDepositID)
	require.Equal(t, uint64(3), in.Batch.WithdrawalsCount)
	require.NotEqual(t, common.Hash{}, in.Batch.WithdrawalsRoot)
	res, err := execute(ctx, in)
	require.NoError(t, err)
	require.Len(t, res.withdrawals, 3)
	for i, w := range res.withdrawals {
		require.Equal(t, uint64(i+1), w.ID)
	}
	require.Equal(t, addrA, res.withdrawals[0].From)
	require.Equal(t, l1Dest, res.withdrawals[0].L1Recipient)
	require.Equal(t, new(big.Int).Div(ether, big.NewInt(2)), res.withdrawals[0].Amount)

	// The encoded input goes through the backend and yields a proof by its key.
	enc, err := in.Encode()
	require.NoError(t, err)
	be, err := NewBackend(keyB, testDomain)
	require.NoError(t, err)
	require.Equal(t, testDomain, be.Domain())
	proof, err := be.Prove(ctx, enc)
	require.NoError(t, err)
	signer, err := Recover(testDomain, in.Batch.PublicInputsHash(testChainID), proof)
	require.NoError(t, err)
	require.Equal(t, be.Address(), signer)
	require.NoError(t, Verify(testDomain, in.Batch.PublicInputsHash(testChainID), proof, []common.Address{addrA, addrB}))
	require.ErrorContains(t, Verify(testDomain, in.Batch.PublicInputsHash(testChainID), proof, []common.Address{addrA}), "not an allowed prover")

	// A backend pinned to the chain's config proves it; one pinned to
	// another fork schedule refuses.
	pinned, err := NewBackend(keyB, testDomain, WithChainConfig(c.eng.ChainConfig()))
	require.NoError(t, err)
	pinnedProof, err := pinned.Prove(ctx, enc)
	require.NoError(t, err)
	require.Equal(t, proof, pinnedProof)
	other := *c.eng.ChainConfig()
	osaka := uint64(0)
	other.OsakaTime = &osaka
	wrong, err := NewBackend(keyB, testDomain, WithChainConfig(&other))
	require.NoError(t, err)
	_, err = wrong.Prove(ctx, enc)
	require.ErrorContains(t, err, "chain config of the input is not this prover's")
}

func TestExecuteEmptyWithdrawals(t *testing.T) {
	c := newChain(t)
	c.transfer(t, keyA, addrB, 5)
	c.block(t, 0)
	c.block(t, 1)
	in := c.input(t, 1, 1, 2)
	require.Equal(t, common.Hash{}, in.Batch.WithdrawalsRoot)
	h, err := Execute(context.Background(), in)
	require.NoError(t, err)
	require.Equal(t, in.Batch.PublicInputsHash(testChainID), h)
}

func reencode(t *testing.T, b *types.Block, mutate func(h *types.Header)) []byte {
	t.Helper()
	h := types.CopyHeader(b.Header())
	mutate(h)
	enc, err := rlp.EncodeToBytes(b.WithSeal(h))
	require.NoError(t, err)
	return enc
}

func TestExecuteRefusesTampering(t *testing.T) {
	c := standardChain(t)
	ctx := context.Background()
	bad := common.HexToHash("0xbad")

	cases := []struct {
		name   string
		tamper func(in *rollup.ProverInput)
		field  string // MismatchError field, if the error is one
		msg    string // substring of the error otherwise / as well
	}{
		{"block state root", func(in *rollup.ProverInput) {
			in.Blocks[1] = reencode(t, c.blocks[2], func(h *types.Header) { h.Root = bad })
		}, "state root", "block 2"},
		{"block receipt root", func(in *rollup.ProverInput) {
			in.Blocks[1] = reencode(t, c.blocks[2], func(h *types.Header) { h.ReceiptHash = bad })
		}, "receipt root", "block 2"},
		{"block transactions", func(in *rollup.ProverInput) {
			b := c.blocks[2]
			tampered := types.NewBlockWithHeader(b.Header()).WithBody(types.Body{Transactions: b.Transactions()[:1], Withdrawals: b.Withdrawals()})
			enc, err := rlp.EncodeToBytes(tampered)
			require.NoError(t, err)
			in.Blocks[1] = enc
		}, "transactions root", "block 2"},
		{"block deposits list", func(in *rollup.ProverInput) {
			b := c.blocks[2]
			ws := append(types.Withdrawals{}, b.Withdrawals()...)
			w := *ws[0]
			w.Amount++
			ws[0] = &w
			tampered := types.NewBlockWithHeader(b.Header()).WithBody(types.Body{Transactions: b.Transactions(), Withdrawals: ws})
			enc, err := rlp.EncodeToBytes(tampered)
			require.NoError(t, err)
			in.Blocks[1] = enc
		}, "withdrawals list root", "block 2"},
		{"witnesses swapped", func(in *rollup.ProverInput) {
			in.Witnesses[1], in.Witnesses[2] = in.Witnesses[2], in.Witnesses[1]
		}, "witness parent header hash", "block 2"},
		{"witness of another block", func(in *rollup.ProverInput) {
			in.Witnesses[0] = in.Witnesses[4]
		}, "witness parent header hash", "block 1"},
		{"witness missing state", func(in *rollup.ProverInput) {
			var w stateless.Witness
			require.NoError(t, rlp.DecodeBytes(in.Witnesses[1], &w))
			for node := range w.State {
				delete(w.State, node)
				break
			}
			enc, err := rlp.EncodeToBytes(&w)
			require.NoError(t, err)
			in.Witnesses[1] = enc
		}, "", "block 2"},
		{"missing block", func(in *rollup.ProverInput) {
			in.Blocks = append(in.Blocks[:2:2], in.Blocks[3:]...)
			in.Witnesses = append(in.Witnesses[:2:2], in.Witnesses[3:]...)
		}, "block count", ""},
		{"missing block, range shortened", func(in *rollup.ProverInput) {
			in.Blocks = append(in.Blocks[:2:2], in.Blocks[3:]...)
			in.Witnesses = append(in.Witnesses[:2:2], in.Witnesses[3:]...)
			in.Batch.LastBlock--
		}, "block number", "block 3"},
		{"blocks out of order", func(in *rollup.ProverInput) {
			in.Blocks[1], in.Blocks[2] = in.Blocks[2], in.Blocks[1]
			in.Witnesses[1], in.Witnesses[2] = in.Witnesses[2], in.Witnesses[1]
		}, "block number", "block 2"},
		{"prev state root", func(in *rollup.ProverInput) { in.Batch.PrevStateRoot = bad }, "prev state root (witness pre-state)", "block 1"},
		// A parent header with the right state root but another timestamp
		// (so another hash, base fee schedule and BLOCKHASH history), put in
		// the witness and named as the first block's parent: its hash is not
		// the previous batch's last block hash that L1 holds.
		{"forged parent with the right state root", func(in *rollup.ProverInput) {
			var w stateless.Witness
			require.NoError(t, rlp.DecodeBytes(in.Witnesses[0], &w))
			forged := types.CopyHeader(w.Headers[0])
			forged.Time++
			require.Equal(t, in.Batch.PrevStateRoot, forged.Root)
			w.Headers[0] = forged
			enc, err := rlp.EncodeToBytes(&w)
			require.NoError(t, err)
			in.Witnesses[0] = enc
			in.Blocks[0] = reencode(t, c.blocks[1], func(h *types.Header) { h.ParentHash = forged.Hash() })
		}, "parent hash (previous batch's last block hash)", "block 1"},
		{"prev last block hash", func(in *rollup.ProverInput) { in.Batch.PrevLastBlockHash = bad }, "parent hash (previous batch's last block hash)", "block 1"},
		{"block range shifted", func(in *rollup.ProverInput) { in.Batch.FirstBlock++; in.Batch.LastBlock++ }, "block number", "block 2"},
		{"block range starts at 0", func(in *rollup.ProverInput) { in.Batch.FirstBlock = 0; in.Batch.LastBlock = 4 }, "", "bad block range 0..4"},
		{"block range reversed", func(in *rollup.ProverInput) { in.Batch.FirstBlock, in.Batch.LastBlock = 5, 1 }, "", "bad block range 5..1"},
		{"batch state root", func(in *rollup.ProverInput) { in.Batch.StateRoot = bad }, "state root", "batch"},
		{"last block hash", func(in *rollup.ProverInput) { in.Batch.LastBlockHash = bad }, "last block hash", ""},
		{"deposits rolling hash", func(in *rollup.ProverInput) { in.Batch.DepositsRollingHash = bad }, "deposits rolling hash", ""},
		{"prev deposits rolling hash", func(in *rollup.ProverInput) { in.PrevDepositsRollingHash = bad }, "deposits rolling hash", ""},
		{"last deposit id", func(in *rollup.ProverInput) { in.Batch.LastDepositID++ }, "last deposit id", ""},
		{"prev last deposit id", func(in *rollup.ProverInput) { in.Batch.PrevLastDepositID = 7 }, "", "deposits must be contiguous"},
		{"withdrawals root", func(in *rollup.ProverInput) { in.Batch.WithdrawalsRoot = bad }, "withdrawals root", ""},
		{"withdrawals count", func(in *rollup.ProverInput) { in.Batch.WithdrawalsCount-- }, "withdrawals count", ""},
		{"withdrawals count too high", func(in *rollup.ProverInput) { in.Batch.WithdrawalsCount++ }, "withdrawals count", ""},
		{"chain id", func(in *rollup.ProverInput) { in.L2ChainID++ }, "chain config chain id", ""},
		// The commitment L1 computed is over other data (another block
		// range's), in calldata or in blobs: the blocks are not what L1 holds.
		{"data commitment over other data", func(in *rollup.ProverInput) {
			in.Batch.DataCommitment = batchdata.CalldataCommitment(encodeData(t, c.blocks[1:5]))
		}, "data commitment (the blocks are not the batch's published data)", ""},
		{"blob data commitment over other data", func(in *rollup.ProverInput) {
			var err error
			in.Batch.DataCommitment, err = batchdata.Commitment(batchdata.Blobs, encodeData(t, c.blocks[2:6]))
			require.NoError(t, err)
		}, "data commitment (the blocks are not the batch's published data)", ""},
		// The calldata commitment's preimage is tagged: the keccak of the
		// data itself is not a commitment to it.
		{"untagged data hash", func(in *rollup.ProverInput) {
			in.Batch.DataCommitment = crypto.Keccak256Hash(encodeData(t, c.blocks[1:6]))
		}, "data commitment (the blocks are not the batch's published data)", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := c.input(t, 1, 1, 5)
			tc.tamper(in)
			_, err := Execute(ctx, in)
			require.Error(t, err)
			if tc.field != "" {
				var m *MismatchError
				require.True(t, errors.As(err, &m), "want a MismatchError, got %v", err)
				require.Equal(t, tc.field, m.Field, err.Error())
			}
			require.ErrorContains(t, err, tc.msg)
			t.Log(err)
		})
	}
}

var testDomain = Domain{L1ChainID: 31337, Verifier: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}

func TestSignRecover(t *testing.T) {
	h := crypto.Keccak256Hash([]byte("public inputs"))
	proof := Sign(keyA, testDomain, h)
	require.Len(t, proof, 65)
	require.Contains(t, []byte{27, 28}, proof[64])

	// The digest is the EIP-712 hash of ExecProof(publicInputsHash) in the
	// domain, as geth's typed-data signer computes it.
	typed := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
				{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"}},
			"ExecProof": {{Name: "publicInputsHash", Type: "bytes32"}},
		},
		PrimaryType: "ExecProof",
		Domain: apitypes.TypedDataDomain{Name: "Cairn ExecVerifier", Version: "1",
			ChainId: math.NewHexOrDecimal256(31337), VerifyingContract: testDomain.Verifier.Hex()},
		Message: apitypes.TypedDataMessage{"publicInputsHash": h.Hex()},
	}
	digest, _, err := apitypes.TypedDataAndHash(typed)
	require.NoError(t, err)
	require.Equal(t, common.BytesToHash(digest), Digest(testDomain, h))
	sig := append([]byte{}, proof...)
	sig[64] -= 27
	pub, err := crypto.SigToPub(digest, sig)
	require.NoError(t, err)
	require.Equal(t, addrA, crypto.PubkeyToAddress(*pub))

	got, err := Recover(testDomain, h, proof)
	require.NoError(t, err)
	require.Equal(t, addrA, got)

	// Another hash recovers another address.
	other, err := Recover(testDomain, crypto.Keccak256Hash([]byte("other")), proof)
	require.NoError(t, err)
	require.NotEqual(t, addrA, other)

	// A proof for another L1 or another verifier is not a proof here: it
	// recovers another address, which no allow-list holds.
	for name, d := range map[string]Domain{
		"another L1 chain":  {L1ChainID: testDomain.L1ChainID + 1, Verifier: testDomain.Verifier},
		"another verifier":  {L1ChainID: testDomain.L1ChainID, Verifier: common.HexToAddress("0x1234")},
		"both are other":    {L1ChainID: 1, Verifier: common.HexToAddress("0x1234")},
		"chain id wrapping": {L1ChainID: testDomain.L1ChainID + 1<<32, Verifier: testDomain.Verifier},
	} {
		t.Run(name, func(t *testing.T) {
			require.NotEqual(t, testDomain.Separator(), d.Separator())
			foreign := Sign(keyA, d, h)
			require.ErrorContains(t, Verify(testDomain, h, foreign, []common.Address{addrA}), "not an allowed prover")
			require.NoError(t, Verify(d, h, foreign, []common.Address{addrA}))
		})
	}

	// The malleable twin (n - s, flipped v) recovers the same key and is refused.
	n := crypto.S256().Params().N
	s := new(big.Int).SetBytes(proof[32:64])
	highS := append([]byte{}, proof...)
	copy(highS[32:64], common.LeftPadBytes(new(big.Int).Sub(n, s).Bytes(), 32))
	highS[64] ^= 27 ^ 28
	_, err = Recover(testDomain, h, highS)
	require.ErrorContains(t, err, "upper half")

	for _, tc := range []struct {
		name  string
		proof []byte
		msg   string
	}{
		{"empty", nil, "0 bytes"},
		{"short", proof[:64], "64 bytes"},
		{"long", append(append([]byte{}, proof...), 0), "66 bytes"},
		{"v 0", append(append([]byte{}, proof[:64]...), 0), "v is 0"},
		{"v 29", append(append([]byte{}, proof[:64]...), 29), "v is 29"},
		{"zero r", append(make([]byte, 32), proof[32:]...), "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Recover(testDomain, h, tc.proof)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestBackendRefusesBadInput(t *testing.T) {
	be, err := NewBackend(keyA, testDomain)
	require.NoError(t, err)
	_, err = be.Prove(context.Background(), []byte{0x01, 0x02})
	require.Error(t, err)
	_, err = NewBackend(nil, testDomain)
	require.Error(t, err)
	_, err = NewBackend(keyA, Domain{Verifier: testDomain.Verifier})
	require.ErrorContains(t, err, "L1 chain id is zero")
	_, err = NewBackend(keyA, Domain{L1ChainID: 1})
	require.ErrorContains(t, err, "ExecVerifier address is zero")
	_, err = Prove(context.Background(), &rollup.ProverInput{}, keyA, Domain{})
	require.ErrorContains(t, err, "L1 chain id is zero")
}

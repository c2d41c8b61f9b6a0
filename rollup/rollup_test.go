package rollup

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"
)

func TestMerkleProofsVerifyForEveryLeaf(t *testing.T) {
	require.Equal(t, common.Hash{}, MerkleRoot(nil))
	for n := 1; n <= 17; n++ {
		leaves := make([]common.Hash, n)
		for i := range leaves {
			leaves[i] = crypto.Keccak256Hash([]byte{byte(n), byte(i)})
		}
		root := MerkleRoot(leaves)
		for i := range leaves {
			proof := MerkleProof(leaves, i)
			require.True(t, VerifyMerkleProof(root, leaves[i], proof), "n=%d i=%d", n, i)
			// A proof for one leaf never proves another.
			other := crypto.Keccak256Hash([]byte("other"))
			require.False(t, VerifyMerkleProof(root, other, proof), "n=%d i=%d", n, i)
		}
		require.Nil(t, MerkleProof(leaves, n))
		require.Nil(t, MerkleProof(leaves, -1))
	}
}

func TestMerkleRootOfOneLeafIsTheLeaf(t *testing.T) {
	leaf := crypto.Keccak256Hash([]byte("x"))
	require.Equal(t, leaf, MerkleRoot([]common.Hash{leaf}))
	require.Empty(t, MerkleProof([]common.Hash{leaf}, 0))
}

func TestMerklePairIsSorted(t *testing.T) {
	a, b := common.HexToHash("0x01"), common.HexToHash("0x02")
	require.Equal(t, crypto.Keccak256Hash(a[:], b[:]), MerkleRoot([]common.Hash{b, a}))
}

func TestBatchHashesCoverEveryCommittedField(t *testing.T) {
	base := Batch{Number: 3, FirstBlock: 10, LastBlock: 12, PrevStateRoot: common.HexToHash("0xa1"),
		StateRoot: common.HexToHash("0xa2"), PrevLastBlockHash: common.HexToHash("0xa0"), LastBlockHash: common.HexToHash("0xa3"),
		PrevLastDepositID: 5, LastDepositID: 7,
		DepositsRollingHash: common.HexToHash("0xa4"), WithdrawalsRoot: common.HexToHash("0xa5"), WithdrawalsCount: 2,
		DataCommitment: common.HexToHash("0xa6")}
	h, p := base.Hash(42), base.PublicInputsHash(42)
	require.Equal(t, h, p, "the proofs bind the same 14 words as the batch hash")
	require.NotEqual(t, h, base.Hash(43), "chain id is committed")
	mutations := map[string]func(*Batch){
		"number":          func(b *Batch) { b.Number++ },
		"firstBlock":      func(b *Batch) { b.FirstBlock++ },
		"lastBlock":       func(b *Batch) { b.LastBlock++ },
		"prevRoot":        func(b *Batch) { b.PrevStateRoot[0] ^= 1 },
		"stateRoot":       func(b *Batch) { b.StateRoot[0] ^= 1 },
		"prevLastHash":    func(b *Batch) { b.PrevLastBlockHash[0] ^= 1 },
		"lastHash":        func(b *Batch) { b.LastBlockHash[0] ^= 1 },
		"lastDeposit":     func(b *Batch) { b.LastDepositID++ },
		"prevDeposit":     func(b *Batch) { b.PrevLastDepositID++ },
		"rolling":         func(b *Batch) { b.DepositsRollingHash[0] ^= 1 },
		"wroot":           func(b *Batch) { b.WithdrawalsRoot[0] ^= 1 },
		"withdrawalCount": func(b *Batch) { b.WithdrawalsCount++ },
		"dataCommitment":  func(b *Batch) { b.DataCommitment[0] ^= 1 },
	}
	for name, mutate := range mutations {
		b := base
		mutate(&b)
		require.NotEqual(t, h, b.Hash(42), name)
		require.NotEqual(t, p, b.PublicInputsHash(42), name)
	}
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.GWei)) }

func TestDepositWithdrawalConversion(t *testing.T) {
	to := common.HexToAddress("0xbeef")
	d := Deposit{ID: 5, To: to, Amount: gwei(1_000_000_000)}
	w, err := d.Withdrawal()
	require.NoError(t, err)
	require.Equal(t, types.Withdrawal{Index: 5, Address: to, Amount: 1_000_000_000}, *w)
	back := DepositFromWithdrawal(w)
	require.Equal(t, 0, back.Amount.Cmp(d.Amount))

	for name, amount := range map[string]*big.Int{
		"not gwei": new(big.Int).Add(gwei(1), big.NewInt(1)),
		"zero":     big.NewInt(0),
		"too big":  new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(params.GWei)),
		"negative": big.NewInt(-params.GWei),
		"nil":      nil,
	} {
		_, err := (&Deposit{ID: 1, To: to, Amount: amount}).Withdrawal()
		require.Error(t, err, name)
	}
	// The largest amount the Bridge takes: 2^64 − 1 gwei.
	g, err := DepositGwei(new(big.Int).Mul(new(big.Int).SetUint64(^uint64(0)), big.NewInt(params.GWei)))
	require.NoError(t, err)
	require.Equal(t, ^uint64(0), g)
}

func TestRollDepositsRefusesGapsAndValidatorIndexes(t *testing.T) {
	to := common.HexToAddress("0xbeef")
	last, rolling, err := RollDeposits(0, common.Hash{}, []*types.Withdrawal{
		{Index: 1, Address: to, Amount: 5}, {Index: 2, Address: to, Amount: 6}})
	require.NoError(t, err)
	require.Equal(t, uint64(2), last)
	want := NextDepositHash(NextDepositHash(common.Hash{}, 1, to, gwei(5)), 2, to, gwei(6))
	require.Equal(t, want, rolling)

	_, _, err = RollDeposits(2, rolling, []*types.Withdrawal{{Index: 4, Address: to, Amount: 1}})
	require.ErrorContains(t, err, "contiguous")
	_, _, err = RollDeposits(2, rolling, []*types.Withdrawal{{Index: 3, Validator: 9, Address: to, Amount: 1}})
	require.ErrorContains(t, err, "validator index")
}

func TestParseWithdrawals(t *testing.T) {
	from, to := common.HexToAddress("0x1111"), common.HexToAddress("0x2222")
	amount := common.BigToHash(big.NewInt(500))
	good := &types.Log{Address: L2BridgeAddress, Topics: []common.Hash{WithdrawalInitiatedTopic,
		common.BigToHash(big.NewInt(3)), common.BytesToHash(from[:]), common.BytesToHash(to[:])}, Data: amount[:]}
	other := &types.Log{Address: common.HexToAddress("0x9"), Topics: good.Topics, Data: good.Data}
	ws, err := ParseWithdrawals([]*types.Log{other, good})
	require.NoError(t, err)
	require.Len(t, ws, 1)
	require.Equal(t, uint64(3), ws[0].ID)
	require.Equal(t, from, ws[0].From)
	require.Equal(t, to, ws[0].L1Recipient)
	require.Equal(t, int64(500), ws[0].Amount.Int64())

	bad := *good
	bad.Data = []byte{1}
	_, err = ParseWithdrawals([]*types.Log{&bad})
	require.ErrorContains(t, err, "32")
	huge := *good
	huge.Topics = append([]common.Hash{}, good.Topics...)
	huge.Topics[1] = common.HexToHash("0x010000000000000000")
	_, err = ParseWithdrawals([]*types.Log{&huge})
	require.ErrorContains(t, err, "64 bits")
}

func header(n, time, gas uint64) *types.Header {
	return &types.Header{Number: new(big.Int).SetUint64(n), Time: time, GasUsed: gas,
		Root: common.BigToHash(new(big.Int).SetUint64(1000 + n)), Difficulty: big.NewInt(0)}
}

func TestSealerLimits(t *testing.T) {
	genesis := Batch{StateRoot: common.HexToHash("0x99")}
	limits := SealLimits{MaxBlocks: 3, MaxGas: 100, MaxSeconds: 10, MaxDeposits: 2, MaxDABytes: 1 << 20}
	to := common.HexToAddress("0xbeef")
	cases := []struct {
		name   string
		blocks []FinalBlock
		sealAt int // index of the block that seals, -1 none
	}{
		{"max blocks", []FinalBlock{{Header: header(1, 1, 0)}, {Header: header(2, 2, 0)}, {Header: header(3, 3, 0)}}, 2},
		{"max gas", []FinalBlock{{Header: header(1, 1, 60)}, {Header: header(2, 2, 40)}}, 1},
		{"max seconds", []FinalBlock{{Header: header(1, 1, 0)}, {Header: header(2, 11, 0)}}, 1},
		{"max deposits", []FinalBlock{{Header: header(1, 1, 0), Deposits: []*types.Withdrawal{
			{Index: 1, Address: to, Amount: 1}, {Index: 2, Address: to, Amount: 1}}}}, 0},
		{"under every limit", []FinalBlock{{Header: header(1, 1, 99)}, {Header: header(2, 10, 0)}}, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSealer(7, limits, sizePublisher{}, genesis)
			for i, b := range tc.blocks {
				sealed, err := s.Add(b)
				require.NoError(t, err)
				if i != tc.sealAt {
					require.Empty(t, sealed)
					continue
				}
				require.Len(t, sealed, 1)
				batch := sealed[0].Batch
				require.Equal(t, uint64(1), batch.Number)
				require.Equal(t, uint64(1), batch.FirstBlock)
				require.Equal(t, uint64(i+1), batch.LastBlock)
				require.Equal(t, genesis.StateRoot, batch.PrevStateRoot)
				require.Equal(t, b.Header.Root, batch.StateRoot)
				require.Equal(t, b.Header.Hash(), batch.LastBlockHash)
			}
		})
	}
}

func TestSealerIsDeterministicAndContiguous(t *testing.T) {
	limits := SealLimits{MaxBlocks: 2, MaxGas: 1 << 40, MaxSeconds: 100, MaxDeposits: 100, MaxDABytes: 1 << 20}
	run := func() []Batch {
		s := NewSealer(7, limits, sizePublisher{}, Batch{})
		var out []Batch
		for n := uint64(1); n <= 9; n++ {
			sealed, err := s.Add(FinalBlock{Header: header(n, n, 21000)})
			require.NoError(t, err)
			for _, b := range sealed {
				out = append(out, *b.Batch)
			}
		}
		return out
	}
	a, b := run(), run()
	require.Equal(t, a, b)
	require.Len(t, a, 4)
	for i := 1; i < len(a); i++ {
		require.Equal(t, a[i-1].Number+1, a[i].Number)
		require.Equal(t, a[i-1].LastBlock+1, a[i].FirstBlock)
		require.Equal(t, a[i-1].StateRoot, a[i].PrevStateRoot)
	}
	s := NewSealer(7, limits, sizePublisher{}, Batch{})
	_, err := s.Add(FinalBlock{Header: header(2, 2, 0)})
	require.ErrorContains(t, err, "expects block 1")
}

// sizePublisher stands in for rollup/batchdata: a block's data is 100
// bytes plus its gas used, and one byte of its number, the commitment is
// the keccak of the data; Grow is exact and Bound adds slack bytes.
// encodes counts the Encode calls.
type sizePublisher struct {
	slack   int
	encodes *int
}

func (p sizePublisher) Grow(_ *FinalBlock, b FinalBlock) (int, error) {
	return 101 + int(b.Header.GasUsed), nil
}

func (p sizePublisher) Bound(payload int) (int, error) { return payload + p.slack, nil }

func (p sizePublisher) Encode(blocks []FinalBlock) ([]byte, error) {
	if p.encodes != nil {
		*p.encodes++
	}
	var out []byte
	for _, b := range blocks {
		out = append(out, make([]byte, 100+b.Header.GasUsed)...)
		out = append(out, byte(b.Header.Number.Uint64()))
	}
	return out, nil
}

func (p sizePublisher) Commit(data []byte) (common.Hash, error) {
	return crypto.Keccak256Hash(data), nil
}

// A batch closes before the block whose data would take it over
// max_da_bytes; that block opens the next batch (and may close it at once);
// a block whose data alone is over the limit stops the sealer.
func TestSealerClosesAtMaxDABytes(t *testing.T) {
	for _, slack := range []int{0, 60} {
		t.Run(fmt.Sprint("slack ", slack), func(t *testing.T) { sealAtMaxDABytes(t, slack) })
	}
}

// sealAtMaxDABytes runs TestSealerClosesAtMaxDABytes with a Bound slack
// bytes over the exact size: the batches are the same, and the sealer
// encodes only where the bound does not settle it (and to seal).
func sealAtMaxDABytes(t *testing.T, slack int) {
	limits := SealLimits{MaxBlocks: 10, MaxGas: 1 << 40, MaxSeconds: 100, MaxDeposits: 1, MaxDABytes: 350}
	encodes := 0
	s := NewSealer(7, limits, sizePublisher{slack: slack, encodes: &encodes}, Batch{})
	for n := uint64(1); n <= 3; n++ {
		sealed, err := s.Add(FinalBlock{Header: header(n, n, 0)})
		require.NoError(t, err)
		require.Empty(t, sealed, "block %d: three 101-byte blocks fit in 350", n)
	}
	// Blocks 1 and 2 fit by the bound; 303 bytes (+ slack) leave it to
	// an encoding when the slack is over 47.
	require.Equal(t, map[int]int{0: 0, 60: 1}[slack], encodes, "encodings to decide")
	sealed, err := s.Add(FinalBlock{Header: header(4, 4, 0)})
	require.NoError(t, err)
	require.Len(t, sealed, 1)
	b := sealed[0]
	require.Equal(t, uint64(1), b.Batch.FirstBlock)
	require.Equal(t, uint64(3), b.Batch.LastBlock, "block 4 goes to the next batch")
	require.Len(t, b.Data, 303)
	require.Equal(t, crypto.Keccak256Hash(b.Data), b.Batch.DataCommitment)
	require.Equal(t, uint64(5), s.Next())

	// Block 5 overflows the open batch (block 4) and closes its own by
	// its deposit: two batches from one block.
	to := common.HexToAddress("0xbeef")
	sealed, err = s.Add(FinalBlock{Header: header(5, 5, 200), Deposits: []*types.Withdrawal{{Index: 1, Address: to, Amount: 1}}})
	require.NoError(t, err)
	require.Len(t, sealed, 2)
	require.Equal(t, [2]uint64{4, 4}, [2]uint64{sealed[0].Batch.FirstBlock, sealed[0].Batch.LastBlock})
	require.Equal(t, uint64(0), sealed[0].Batch.LastDepositID, "the deposit is block 5's")
	require.Equal(t, [2]uint64{5, 5}, [2]uint64{sealed[1].Batch.FirstBlock, sealed[1].Batch.LastBlock})
	require.Equal(t, uint64(1), sealed[1].Batch.LastDepositID)
	require.Equal(t, sealed[0].Batch.StateRoot, sealed[1].Batch.PrevStateRoot)

	_, err = s.Add(FinalBlock{Header: header(6, 6, 1000)})
	require.ErrorContains(t, err, "block 6 alone has more batch data than max_da_bytes 350")
	require.Equal(t, uint64(6), s.Next(), "the refused block is not taken")
}

func TestProverInputRoundTripAndRefusals(t *testing.T) {
	in := &ProverInput{L2ChainID: 7, Batch: Batch{Number: 1, FirstBlock: 1, LastBlock: 2},
		Blocks: [][]byte{{1}, {2}}, Witnesses: [][]byte{{3}, {4}}, ChainConfig: []byte("{}")}
	enc, err := in.Encode()
	require.NoError(t, err)
	out, err := DecodeProverInput(enc)
	require.NoError(t, err)
	require.Equal(t, in.Blocks, out.Blocks)
	require.Equal(t, in.Batch, out.Batch)

	_, err = DecodeProverInput(append(enc, 0))
	require.Error(t, err, "trailing bytes")

	bad := *in
	bad.Witnesses = bad.Witnesses[:1]
	enc, _ = bad.Encode()
	_, err = DecodeProverInput(enc)
	require.ErrorContains(t, err, "witnesses")

	other := *in
	other.Version = proverInputVersion + 1
	enc, _ = rlp.EncodeToBytes(&other)
	_, err = DecodeProverInput(enc)
	require.ErrorContains(t, err, fmt.Sprintf("version %d", proverInputVersion+1))
}

func FuzzDecodeProverInput(f *testing.F) {
	in := &ProverInput{L2ChainID: 7, Batch: Batch{Number: 1, FirstBlock: 1, LastBlock: 1},
		Blocks: [][]byte{{1}}, Witnesses: [][]byte{{3}}}
	enc, _ := in.Encode()
	f.Add(enc)
	f.Add([]byte{0xc0})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodeProverInput(b)
		if err != nil {
			return
		}
		re, err := p.Encode()
		require.NoError(t, err)
		require.Equal(t, b, re)
	})
}

package bench

import (
	"crypto/ecdsa"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"

	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/klauspost/compress/zstd"
)

// The da workload's fixed parts: Cairn's devnet chain id, the senders and
// a wallet's gas settings.
const (
	daChainID  = 22476
	daAccounts = 128
	daTip      = 1_000_000    // wei: 0.001 gwei, an L2 wallet's priority fee
	daBaseFee  = 10_000_000   // wei: the first block's base fee (0.01 gwei)
	daGasLimit = 100_000_000  // the blocks' gas limit (execution.DefaultGasLimit)
	daERC20Gas = 65_000       // a wallet's gas limit for transfer(address,uint256)
	blobGas    = 1 << 17      // blob gas per blob (EIP-4844)
	txBaseGas  = params.TxGas // an L1 transaction's intrinsic gas
	floorPerTk = 10           // EIP-7623 floor gas per calldata token
	stdPerTk   = 4            // standard gas per calldata token (16 per non-zero byte)
	erc20Sel   = "a9059cbb"   // transfer(address,uint256)
	daToken    = "0x00000000000000000000000000000000c0ffee20"
	daSeed     = 0x6ba7c0ffee01 // the workloads are the same on every run
)

// DAWorkloads are the da workload's transaction mixes, in table order.
var DAWorkloads = []string{"eth-fresh", "eth-128", "erc20"}

// DAConfig sizes the da workload.
type DAConfig struct {
	Txs         int // transactions per batch
	TxsPerBlock int // transactions per L2 block
}

// Validate refuses a config the workload cannot run, in one line.
func (c DAConfig) Validate() error {
	if c.Txs < 1 {
		return fmt.Errorf("--txs %d: need at least one transaction", c.Txs)
	}
	if c.TxsPerBlock < 1 {
		return fmt.Errorf("--txs-per-block %d: need at least one transaction per block", c.TxsPerBlock)
	}
	return nil
}

// DARow is one workload's batch measured in each encoding.
type DARow struct {
	Workload  string
	Txs       int
	Blocks    int
	RLP       int // bytes: the RLP of the blocks' fields and transactions
	RLPZstd   int // bytes: that RLP compressed with zstd at batchdata.Level
	BatchData int // bytes: batchdata.Encode
	Blobs     int // blobs the batch data takes
	// CalldataGas is the L1 gas of the batch data as calldata: 21000 + 10 ×
	// tokens (EIP-7623's floor, over the standard 4 × tokens, tokens = zero
	// bytes + 4 × non-zero bytes), without the contract's execution.
	CalldataGas uint64
}

// BlobGas is the blob gas of the row's blobs.
func (r DARow) BlobGas() uint64 { return uint64(r.Blobs) * blobGas }

// DAResult is the da workload's table.
type DAResult struct{ Rows []DARow }

// DA builds a batch of cfg.Txs signed transactions for each workload,
// measures its encodings and checks that batchdata decodes it back.
func DA(cfg DAConfig) (*DAResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(batchdata.Level), zstd.WithEncoderConcurrency(1),
		zstd.WithEncoderCRC(false))
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	defer enc.Close()
	res := &DAResult{}
	for _, w := range DAWorkloads {
		blocks, err := DABlocks(w, cfg)
		if err != nil {
			return nil, err
		}
		row, err := measureDA(w, blocks, enc)
		if err != nil {
			return nil, fmt.Errorf("workload %s: %w", w, err)
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// daSender is one of the workload's accounts.
type daSender struct {
	key   *ecdsa.PrivateKey
	addr  common.Address
	nonce uint64
}

// DABlocks is the workload's batch: cfg.Txs EIP-1559 transfers signed as a
// wallet signs them (chain id 22476, a nonce per sender, max fee = 2 ×
// base fee + tip), cfg.TxsPerBlock a block, a block a second.
func DABlocks(workload string, cfg DAConfig) ([]batchdata.Block, error) {
	rng := rand.New(rand.NewPCG(daSeed, uint64(len(workload))))
	senders := make([]*daSender, daAccounts)
	for i := range senders {
		key, err := crypto.ToECDSA(crypto.Keccak256([]byte("cairn bench da"), []byte{byte(i)}))
		if err != nil {
			return nil, fmt.Errorf("sender key %d: %w", i, err)
		}
		senders[i] = &daSender{key: key, addr: crypto.PubkeyToAddress(key.PublicKey), nonce: rng.Uint64N(3000)}
	}
	signer := types.LatestSignerForChainID(big.NewInt(daChainID))
	var blocks []batchdata.Block
	baseFee := int64(daBaseFee)
	for n := 0; n < cfg.Txs; n += cfg.TxsPerBlock {
		b := batchdata.Block{Timestamp: 1_765_000_000 + uint64(len(blocks)), FeeRecipient: common.HexToAddress("0xfee"),
			GasLimit: daGasLimit}
		baseFee += baseFee * (rng.Int64N(201) - 100) / 800 // EIP-1559 moves it at most 12.5% a block
		for i := n; i < min(n+cfg.TxsPerBlock, cfg.Txs); i++ {
			s := senders[rng.IntN(len(senders))]
			data, err := daTx(workload, rng, senders, baseFee)
			if err != nil {
				return nil, err
			}
			data.Nonce = s.nonce
			s.nonce++
			tx, err := types.SignNewTx(s.key, signer, data)
			if err != nil {
				return nil, fmt.Errorf("sign: %w", err)
			}
			b.Txs = append(b.Txs, tx)
		}
		blocks = append(blocks, b)
	}
	return blocks, nil
}

// daTx is one unsigned transaction of the workload, without its nonce.
func daTx(workload string, rng *rand.Rand, senders []*daSender, baseFee int64) (*types.DynamicFeeTx, error) {
	tx := &types.DynamicFeeTx{ChainID: big.NewInt(daChainID), GasTipCap: big.NewInt(daTip),
		GasFeeCap: big.NewInt(2*baseFee + daTip), Gas: params.TxGas}
	// An amount as people type them: 0.0001 to 1 ether in steps of 0.0001.
	amount := new(big.Int).Mul(big.NewInt(rng.Int64N(10_000)+1), big.NewInt(1e14))
	switch workload {
	case "eth-fresh":
		to := randomAddress(rng)
		tx.To, tx.Value = &to, amount
	case "eth-128":
		to := senders[rng.IntN(len(senders))].addr
		tx.To, tx.Value = &to, amount
	case "erc20":
		token, to := common.HexToAddress(daToken), randomAddress(rng)
		tx.To, tx.Gas, tx.Value = &token, daERC20Gas, new(big.Int)
		tx.Data = append(common.FromHex(erc20Sel), common.LeftPadBytes(to[:], 32)...)
		tx.Data = append(tx.Data, common.LeftPadBytes(new(big.Int).Mul(amount, big.NewInt(100)).Bytes(), 32)...)
	default:
		return nil, fmt.Errorf("unknown da workload %q (want one of %v)", workload, DAWorkloads)
	}
	return tx, nil
}

func randomAddress(rng *rand.Rand) common.Address {
	var a common.Address
	for i := range a {
		a[i] = byte(rng.Uint32())
	}
	return a
}

// rlpBlock is the plain RLP baseline: a block's stored fields and its
// transactions as in a block body.
type rlpBlock struct {
	Timestamp    uint64
	FeeRecipient common.Address
	Extra        []byte
	GasLimit     uint64
	Deposits     uint64
	Txs          []*types.Transaction
}

// measureDA encodes blocks three ways and checks the batch data decodes
// to them.
func measureDA(workload string, blocks []batchdata.Block, enc *zstd.Encoder) (DARow, error) {
	row := DARow{Workload: workload, Blocks: len(blocks)}
	plain := make([]rlpBlock, len(blocks))
	for i, b := range blocks {
		plain[i] = rlpBlock{b.Timestamp, b.FeeRecipient, b.ExtraData, b.GasLimit, b.Deposits, b.Txs}
		row.Txs += len(b.Txs)
	}
	raw, err := rlp.EncodeToBytes(plain)
	if err != nil {
		return row, fmt.Errorf("rlp: %w", err)
	}
	data, err := batchdata.Encode(blocks)
	if err != nil {
		return row, err
	}
	if err := sameBlocks(blocks, data); err != nil {
		return row, err
	}
	row.RLP, row.RLPZstd, row.BatchData = len(raw), len(enc.EncodeAll(raw, nil)), len(data)
	row.Blobs, row.CalldataGas = batchdata.BlobsFor(len(data)), CalldataGas(data)
	return row, nil
}

// sameBlocks checks that data decodes to blocks, every transaction hash
// the same.
func sameBlocks(blocks []batchdata.Block, data []byte) error {
	got, err := batchdata.Decode(data)
	if err != nil {
		return err
	}
	if len(got) != len(blocks) {
		return fmt.Errorf("batch data decodes to %d blocks, want %d", len(got), len(blocks))
	}
	for i := range blocks {
		if len(got[i].Txs) != len(blocks[i].Txs) || got[i].Timestamp != blocks[i].Timestamp {
			return fmt.Errorf("block %d does not decode back", i)
		}
		for j, tx := range blocks[i].Txs {
			if got[i].Txs[j].Hash() != tx.Hash() {
				return fmt.Errorf("block %d tx %d decodes to another transaction", i, j)
			}
		}
	}
	return nil
}

// CalldataGas is the L1 gas data costs as a transaction's calldata after
// EIP-7623: 21000 + max(4, 10) × tokens, tokens = zero bytes + 4 ×
// non-zero bytes (the contract's execution gas, which would count towards
// the standard cost, is left out).
func CalldataGas(data []byte) uint64 {
	tokens := uint64(0)
	for _, b := range data {
		if b == 0 {
			tokens++
		} else {
			tokens += 4
		}
	}
	return txBaseGas + max(stdPerTk, floorPerTk)*tokens
}

// Print writes the table and the targets.
func (r *DAResult) Print(w io.Writer) {
	fmt.Fprintf(w, "bytes per tx of one batch, signatures included; zstd level %s for both compressed columns;\n", batchdata.Level)
	fmt.Fprintln(w, "calldata gas = 21000 + 10 × (zero bytes + 4 × non-zero bytes) per batch (EIP-7623 floor); blob gas = 131072 per blob")
	fmt.Fprintf(w, "%-10s %6s %6s %8s %9s %10s %7s %6s %10s %8s %12s %9s\n", "workload", "txs", "blocks", "rlp B/tx",
		"rlp+zstd", "batchdata", "ratio", "blobs", "blob gas", "/tx", "calldata gas", "/tx")
	for _, row := range r.Rows {
		per := func(n int) float64 { return float64(n) / float64(row.Txs) }
		fmt.Fprintf(w, "%-10s %6d %6d %8.1f %9.1f %10.1f %7.3f %6d %10d %8.0f %12d %9.0f\n", row.Workload, row.Txs, row.Blocks,
			per(row.RLP), per(row.RLPZstd), per(row.BatchData), float64(row.BatchData)/float64(row.RLPZstd), row.Blobs,
			row.BlobGas(), float64(row.BlobGas())/float64(row.Txs), row.CalldataGas, float64(row.CalldataGas)/float64(row.Txs))
	}
	for _, line := range r.Targets() {
		fmt.Fprintln(w, line)
	}
}

// The da targets: batch data bytes per ETH transfer to a fresh recipient,
// and batch data against RLP + zstd of the same transactions.
const (
	TargetFreshBytes = 92
	TargetRatio      = 0.95
)

// Targets says, per target, whether the table meets it and by how much.
func (r *DAResult) Targets() []string {
	var out []string
	for _, row := range r.Rows {
		per := float64(row.BatchData) / float64(row.Txs)
		if row.Workload == "eth-fresh" {
			out = append(out, targetLine(fmt.Sprintf("eth-fresh batchdata ≤ %d B/tx", TargetFreshBytes), per, TargetFreshBytes, "%.1f B/tx"))
		}
		ratio := float64(row.BatchData) / float64(row.RLPZstd)
		out = append(out, targetLine(fmt.Sprintf("%s batchdata ≤ %.2f × rlp+zstd", row.Workload, TargetRatio), ratio, TargetRatio, "%.3f"))
	}
	return out
}

func targetLine(name string, got, limit float64, format string) string {
	verdict := "met"
	if got > limit {
		verdict = fmt.Sprintf("MISSED by "+format, got-limit)
	}
	return fmt.Sprintf("target %s: "+format+", %s", name, got, verdict)
}

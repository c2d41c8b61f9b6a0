package bench

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
)

// TransferResult is what the transfers workload measured on one chain.
type TransferResult struct {
	Sent, Included int
	Elapsed        time.Duration
	TxPerSec       float64
	P50, P99       time.Duration // submit → included in a block (final on L2)
}

// Transfers sends ETH transfers from each key, keeping up to inflight
// unconfirmed transactions per sender, for d; then waits for the last ones.
// Every transaction is checked to succeed.
func Transfers(ctx context.Context, cl *ethclient.Client, keys []*ecdsa.PrivateKey, d time.Duration, inflight int) (*TransferResult, error) {
	chainID, err := cl.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	head, err := cl.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	feeCap := new(big.Int).Add(big.NewInt(params.GWei), new(big.Int).Mul(head.BaseFee, big.NewInt(4)))
	signer := types.LatestSignerForChainID(chainID)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		sent      int
		firstErr  error
	)
	start := time.Now()
	stopAt := start.Add(d)
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := crypto.PubkeyToAddress(key.PublicKey)
			to := common.BigToAddress(big.NewInt(int64(0x10000 + i)))
			nonce, err := cl.PendingNonceAt(ctx, from)
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
				return
			}
			type pending struct {
				hash common.Hash
				at   time.Time
			}
			var queue []pending
			for time.Now().Before(stopAt) || len(queue) > 0 {
				for len(queue) < inflight && time.Now().Before(stopAt) {
					tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
						GasTipCap: big.NewInt(params.GWei), GasFeeCap: feeCap, Gas: 21000, To: &to, Value: big.NewInt(1)})
					if err := cl.SendTransaction(ctx, tx); err != nil {
						mu.Lock()
						firstErr = fmt.Errorf("send: %w", err)
						mu.Unlock()
						return
					}
					nonce++
					queue = append(queue, pending{tx.Hash(), time.Now()})
					mu.Lock()
					sent++
					mu.Unlock()
				}
				r, err := cl.TransactionReceipt(ctx, queue[0].hash)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
					continue
				}
				if r.Status != types.ReceiptStatusSuccessful {
					mu.Lock()
					firstErr = fmt.Errorf("transfer %s failed", r.TxHash)
					mu.Unlock()
					return
				}
				mu.Lock()
				latencies = append(latencies, time.Since(queue[0].at))
				mu.Unlock()
				queue = queue[1:]
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	elapsed := time.Since(start)
	res := &TransferResult{Sent: sent, Included: len(latencies), Elapsed: elapsed,
		TxPerSec: float64(len(latencies)) / elapsed.Seconds()}
	res.P50, res.P99 = percentile(latencies, 50), percentile(latencies, 99)
	return res, nil
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)*p/100]
}

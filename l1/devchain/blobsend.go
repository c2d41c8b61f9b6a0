package devchain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/holiman/uint256"
)

// SendBlobTx sends a blob transaction carrying sidecar from key's account
// to itself (no calldata), with fees that the dev L1 always takes.
func SendBlobTx(ctx context.Context, cl *ethclient.Client, key *ecdsa.PrivateKey, sidecar *types.BlobTxSidecar) (*types.Transaction, error) {
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := cl.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("dev L1 blob tx: nonce: %w", err)
	}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(ChainID)), &types.BlobTx{
		ChainID:    uint256.NewInt(ChainID),
		Nonce:      nonce,
		GasTipCap:  uint256.NewInt(1e9),
		GasFeeCap:  uint256.NewInt(100e9),
		Gas:        21_000,
		To:         from,
		BlobFeeCap: uint256.NewInt(100e9),
		BlobHashes: sidecar.BlobHashes(),
		Sidecar:    sidecar,
	})
	if err != nil {
		return nil, fmt.Errorf("dev L1 blob tx: sign: %w", err)
	}
	if err := cl.SendTransaction(ctx, tx); err != nil {
		return nil, fmt.Errorf("dev L1 blob tx: send: %w", err)
	}
	return tx, nil
}

// WaitReceipt polls for the receipt of hash until ctx ends.
func WaitReceipt(ctx context.Context, cl *ethclient.Client, hash common.Hash) (*types.Receipt, error) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if r, err := cl.TransactionReceipt(ctx, hash); err == nil {
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("dev L1: receipt of %s: %w", hash, ctx.Err())
		case <-tick.C:
		}
	}
}
